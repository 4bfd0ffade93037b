RIGHT = {
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
