# ruff: noqa: E501  (answers are written on one line each, as learners write them)

RIGHT = {
    "train_step": [
        "def train_step(params, state, x_batch, y_batch, learning_rate):\n"
        "    logits, cache = forward(x_batch, params)\n"
        "    loss = cross_entropy(logits, y_batch)\n"
        "    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
        "    state['t'] += 1\n"
        "    for i in range(len(params)):\n"
        "        params[i], state['m'][i], state['v'][i] = adam_step(params[i], grads[i], state['m'][i], state['v'][i], state['t'], learning_rate)\n"
        "    return loss, logits\n",
        "def train_step(params, state, x_batch, y_batch, learning_rate):\n"
        "    out, cache = forward(x_batch, params)\n"
        "    g = backward(cross_entropy_backward(out, y_batch), cache, params, relu_backward, dense_backward)\n"
        "    t = state['t'] + 1\n"
        "    new = [adam_step(p, dp, m, v, t, learning_rate) for p, dp, m, v in zip(params, g, state['m'], state['v'])]\n"
        "    params[:] = [n[0] for n in new]\n"
        "    state['m'] = [n[1] for n in new]\n"
        "    state['v'] = [n[2] for n in new]\n"
        "    state['t'] = t\n"
        "    return cross_entropy(out, y_batch), out\n",
        "def train_step(params, state, x_batch, y_batch, learning_rate):\n"
        "    logits, cache = forward(x_batch, params)\n"
        "    loss = cross_entropy(logits, y_batch)\n"
        "    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
        "    state['t'] = state['t'] + 1\n"
        "    t = state['t']\n"
        "    for i, (p, g) in enumerate(zip(params, grads)):\n"
        "        m, v = state['m'][i], state['v'][i]\n"
        "        p, m, v = adam_step(p, g, m, v, t, learning_rate, 0.9, 0.999, 1e-7)\n"
        "        params[i] = p\n"
        "        state['m'][i], state['v'][i] = m, v\n"
        "    return loss, logits\n",
    ],
    "minibatch_indices": [
        "def minibatch_indices(num_samples, batch_size, rng):\n"
        "    order = rng.permutation(num_samples)\n"
        "    return [order[i : i + batch_size] for i in range(0, num_samples, batch_size)]\n",
        "def minibatch_indices(num_samples, batch_size, rng):\n"
        "    order = np.arange(num_samples)\n"
        "    rng.shuffle(order)\n"
        "    return np.array_split(order, range(batch_size, num_samples, batch_size))\n",
        "def minibatch_indices(num_samples, batch_size, rng):\n"
        "    order = rng.permutation(num_samples)\n"
        "    batches = []\n"
        "    start = 0\n"
        "    while start < num_samples:\n"
        "        batches.append(order[start : start + batch_size])\n"
        "        start += batch_size\n"
        "    return batches\n",
    ],
    "accuracy": [
        "def accuracy(logits, labels):\n    return float((logits.argmax(axis=1) == labels).mean())\n",
        "def accuracy(logits, labels):\n    return np.mean(np.argmax(logits, axis=1) == labels)\n",
        "def accuracy(logits, labels):\n"
        "    right = 0\n"
        "    for row, label in zip(logits, labels):\n"
        "        if np.argmax(row) == label:\n"
        "            right += 1\n"
        "    return right / len(labels)\n",
        # Through the probabilities, with lesson 3's softmax (lesson 6's setup cell gives it).
        "def accuracy(logits, labels):\n"
        "    return (softmax(logits).argmax(axis=1) == labels).mean()\n",
    ],
}

_SHUFFLED_ONCE = (
    "ORDER = None\n"
    "def minibatch_indices(num_samples, batch_size, rng):\n"
    "    global ORDER\n"
    "    if ORDER is None or len(ORDER) != num_samples:\n"
    "        ORDER = rng.permutation(num_samples)\n"
    "    return [ORDER[i : i + batch_size] for i in range(0, num_samples, batch_size)]\n"
)

WRONG = {
    "train_step": [
        (
            "def train_step(params, state, x_batch, y_batch, learning_rate):\n    logits, cache = forward(x_batch, params)\n    loss = cross_entropy(logits, y_batch)\n    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
            "    state['t'] += 1\n"
            "    for p, g, m, v in zip(params, grads, state['m'], state['v']):\n"
            "        p, m, v = adam_step(p, g, m, v, state['t'], learning_rate)\n"
            "    return loss, logits\n",
            "computed but not stored",
        ),
        (
            "def train_step(params, state, x_batch, y_batch, learning_rate):\n    logits, cache = forward(x_batch, params)\n    loss = cross_entropy(logits, y_batch)\n    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
            "    for i in range(len(params)):\n"
            "        state['t'] += 1\n"
            "        params[i], state['m'][i], state['v'][i] = adam_step(params[i], grads[i], state['m'][i], state['v'][i], state['t'], learning_rate)\n"
            "    return loss, logits\n",
            "once per parameter",
        ),
        (
            "def train_step(params, state, x_batch, y_batch, learning_rate):\n    logits, cache = forward(x_batch, params)\n    loss = cross_entropy(logits, y_batch)\n    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
            "    for i in range(len(params)):\n"
            "        params[i], state['m'][i], state['v'][i] = adam_step(params[i], grads[i], state['m'][i], state['v'][i], state['t'], learning_rate)\n"
            "    state['t'] += 1\n"
            "    return loss, logits\n",
            "Adam counts from 1",
        ),
        (
            "def train_step(params, state, x_batch, y_batch, learning_rate):\n    logits, cache = forward(x_batch, params)\n    loss = cross_entropy(logits, y_batch)\n    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
            "    state['t'] += 1\n"
            "    for i in range(len(params)):\n"
            "        params[i], state['m'][i], state['v'][i] = adam_step(params[i], grads[i], state['m'][i], state['v'][i], state['t'])\n"
            "    return loss, logits\n",
            "ignored the learning rate",
        ),
        (
            "def train_step(params, state, x_batch, y_batch, learning_rate):\n    logits, cache = forward(x_batch, params)\n    loss = cross_entropy(logits, y_batch)\n    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
            "    state['t'] += 1\n"
            "    for i in range(len(params)):\n"
            "        params[i] = params[i] - learning_rate * grads[i]\n"
            "    return loss, logits\n",
            "params[0] after the step",
        ),
        (
            "def train_step(params, state, x_batch, y_batch, learning_rate):\n    logits, cache = forward(x_batch, params)\n    loss = cross_entropy(logits, y_batch)\n    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
            "    state['t'] += 1\n"
            "    for i in range(len(params)):\n"
            "        params[i], state['m'][i], state['v'][i] = adam_step(params[i], grads[i], state['m'][i], state['v'][i], state['t'], learning_rate)\n"
            "    return loss\n",
            "expected it to return (loss, logits)",
        ),
    ],
    "minibatch_indices": [
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    order = np.random.permutation(num_samples)\n"
            "    return [order[i : i + batch_size] for i in range(0, num_samples, batch_size)]\n",
            "ignores the generator passed in",
        ),
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    order = np.random.default_rng(0).permutation(num_samples)\n"
            "    return [order[i : i + batch_size] for i in range(0, num_samples, batch_size)]\n",
            "ignores the generator passed in",
        ),
        (_SHUFFLED_ONCE, "ignores the generator passed in"),
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    # a copy of rng's seed: the same order again on every call\n"
            "    order = np.random.default_rng(rng.bit_generator.seed_seq).permutation(num_samples)\n"
            "    return [order[i : i + batch_size] for i in range(0, num_samples, batch_size)]\n",
            "the same order on every call",
        ),
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    batches = [np.arange(i, min(i + batch_size, num_samples))\n"
            "               for i in range(0, num_samples, batch_size)]\n"
            "    rng.shuffle(batches)\n"
            "    return batches\n",
            "the batches hold the same samples every epoch",
        ),
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    order = rng.permutation(num_samples)\n"
            "    return [order[i : i + batch_size] for i in range(0, num_samples + 1, batch_size)]\n",
            "an empty batch",
        ),
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    order = rng.permutation(num_samples)\n"
            "    n = num_samples // batch_size\n"
            "    return [order[i * batch_size : (i + 1) * batch_size] for i in range(n)]\n",
            "some indices repeat or are missing",
        ),
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    order = list(rng.permutation(num_samples))\n"
            "    return [order[i : i + batch_size] for i in range(0, num_samples, batch_size)]\n",
            "expected a list of 1-D NumPy arrays",
        ),
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    order = rng.permutation(num_samples)\n"
            "    return [order[i : i + batch_size] for i in range(0, num_samples - batch_size + 1, batch_size)]\n",
            "likely:   dropped the last, smaller batch",
        ),
    ],
    "accuracy": [
        (
            "def accuracy(logits, labels):\n    best = logits.max(axis=1)\n    return float((logits[np.arange(len(labels)), labels] == best).mean())\n",
            "likely:   counted a tie for the largest logit as right",
        ),
        (
            "def accuracy(logits, labels):\n    order = np.arange(len(labels))\n    return np.mean(logits[order, labels] >= logits.max(axis=1))\n",
            "case:     all logits equal (ties)",
        ),
        (
            "def accuracy(logits, labels):\n    return (logits.argmax(axis=1) == labels).sum()\n",
            "likely:   returned the count",
        ),
        (
            "def accuracy(logits, labels):\n    return (logits.argmax(axis=1) == labels)\n",
            "expected a number",
        ),
        (
            "def accuracy(logits, labels):\n    return (logits.argmax(axis=1) == labels).mean() * 100\n",
            "wrong values",
        ),
        (
            "def accuracy(logits, labels):\n    return float((logits.argmax(axis=0) == labels).mean())\n",
            "raised ValueError: operands could not be broadcast",
        ),
        (
            "def accuracy(logits, labels):\n    return float((logits.max(axis=1) == labels).mean())\n",
            "wrong values",
        ),
    ],
}
