RIGHT = {
    "steps_per_epoch": [
        "def steps_per_epoch(num_samples, batch_size):\n"
        "    return math.ceil(num_samples / batch_size)\n",
        "def steps_per_epoch(num_samples, batch_size):\n"
        "    return (num_samples + batch_size - 1) // batch_size\n",
        "def steps_per_epoch(num_samples, batch_size):\n"
        "    return len(range(0, num_samples, batch_size))\n",
        "def steps_per_epoch(num_samples, batch_size):\n"
        "    return int(np.ceil(num_samples / batch_size))\n",
    ],
    "lowest_epoch": [
        "def lowest_epoch(val_losses):\n    return int(np.argmin(val_losses)) + 1\n",
        "def lowest_epoch(val_losses):\n    return list(val_losses).index(min(val_losses)) + 1\n",
        "def lowest_epoch(val_losses):\n"
        "    best, best_loss = 1, val_losses[0]\n"
        "    for epoch, loss in enumerate(val_losses, start=1):\n"
        "        if loss < best_loss:\n"
        "            best, best_loss = epoch, loss\n"
        "    return best\n",
    ],
    "most_confused": [
        "def most_confused(counts):\n"
        "    off = counts * (1 - np.eye(len(counts), dtype=int))\n"
        "    i, j = np.unravel_index(off.argmax(), off.shape)\n"
        "    return i, j\n",
        "def most_confused(counts):\n"
        "    best = (0, 1)\n"
        "    for i in range(len(counts)):\n"
        "        for j in range(len(counts)):\n"
        "            if i != j and counts[i][j] > counts[best]:\n"
        "                best = (i, j)\n"
        "    return best\n",
        "def most_confused(counts):\n"
        "    mistakes = np.where(np.eye(counts.shape[0], dtype=bool), -1, counts)\n"
        "    return tuple(int(k) for k in np.unravel_index(np.argmax(mistakes), counts.shape))\n",
    ],
    "count_parameters": [
        "def count_parameters(layer_sizes):\n"
        "    return sum((n + 1) * m for n, m in zip(layer_sizes, layer_sizes[1:]))\n",
        "def count_parameters(layer_sizes):\n"
        "    total = 0\n"
        "    for i in range(len(layer_sizes) - 1):\n"
        "        total += layer_sizes[i] * layer_sizes[i + 1] + layer_sizes[i + 1]\n"
        "    return total\n",
        "def count_parameters(layer_sizes):\n"
        "    sizes = np.array(layer_sizes)\n"
        "    return int(np.sum((sizes[:-1] + 1) * sizes[1:]))\n",
    ],
}

WRONG = {
    "steps_per_epoch": [
        (
            "def steps_per_epoch(num_samples, batch_size):\n    return num_samples // batch_size\n",
            "leaves out the partial last batch",
        ),
        (
            "def steps_per_epoch(num_samples, batch_size):\n    return num_samples / batch_size\n",
            "not a whole number of steps",
        ),
        (
            "def steps_per_epoch(num_samples, batch_size):\n"
            "    return num_samples // batch_size + 1\n",
            "a step too many",
        ),
        (
            "def steps_per_epoch(num_samples, batch_size):\n"
            "    return round(num_samples / batch_size)\n",
            "wrong values",
        ),
    ],
    "lowest_epoch": [
        (
            "def lowest_epoch(val_losses):\n    return int(np.argmin(val_losses))\n",
            "counted from 0",
        ),
        (
            "def lowest_epoch(val_losses):\n    return int(np.argmax(val_losses)) + 1\n",
            "argmax where argmin belongs",
        ),
        (
            "def lowest_epoch(val_losses):\n"
            "    best = 0\n"
            "    for i, loss in enumerate(val_losses):\n"
            "        if loss <= val_losses[best]:\n"
            "            best = i\n"
            "    return best + 1\n",
            "the last of tied epochs",
        ),
        ("def lowest_epoch(val_losses):\n    return min(val_losses)\n", "wrong values"),
    ],
    "most_confused": [
        (
            "def most_confused(counts):\n"
            "    return np.unravel_index(np.argmax(counts), counts.shape)\n",
            "the diagonal counted as a mistake",
        ),
        (
            "def most_confused(counts):\n"
            "    off = counts - np.diag(np.diag(counts))\n"
            "    i, j = np.unravel_index(off.argmax(), off.shape)\n"
            "    return j, i\n",
            "(predicted, true) swapped",
        ),
        (
            "def most_confused(counts):\n"
            "    off = counts - np.diag(np.diag(counts))\n"
            "    return off.argmax()\n",
            "a position in the flattened matrix",
        ),
    ],
    "count_parameters": [
        (
            "def count_parameters(layer_sizes):\n"
            "    return sum(n * m for n, m in zip(layer_sizes, layer_sizes[1:]))\n",
            "forgot the biases",
        ),
        ("def count_parameters(layer_sizes):\n    return 25874\n", "wrong values"),
        (
            "def count_parameters(layer_sizes):\n"
            "    return sum(n * m + n for n, m in zip(layer_sizes, layer_sizes[1:]))\n",
            "one bias per input",
        ),
    ],
}
