# ruff: noqa: E501  (answers are written on one line each, as learners write them)

RIGHT = {
    "relu": [
        "def relu(z):\n    return np.maximum(z, 0)\n",
        "def relu(z):\n    return np.where(z > 0, z, 0)\n",
        "def relu(z):\n    return z * (z > 0)\n",
        "def relu(z):\n    out = z.copy()\n    out[out < 0] = 0\n    return out\n",
        "def relu(z):\n    return np.clip(z, 0, None)\n",
    ],
    "dense_forward": [
        "def dense_forward(x, kernel, bias):\n    return x @ kernel + bias\n",
        "def dense_forward(x, kernel, bias):\n    return np.dot(x, kernel) + bias\n",
        "def dense_forward(x, kernel, bias):\n"
        "    return np.einsum('bi,io->bo', x, kernel) + bias\n",
        # The loop, with its output made in the inputs' dtype (float32 stays float32).
        "def dense_forward(x, kernel, bias):\n"
        "    out = np.zeros((x.shape[0], kernel.shape[1]), dtype=x.dtype)\n"
        "    for b in range(x.shape[0]):\n"
        "        for o in range(kernel.shape[1]):\n"
        "            out[b, o] = sum(x[b, i] * kernel[i, o] for i in range(x.shape[1])) + bias[o]\n"
        "    return out\n",
        "def dense_forward(x, kernel, bias):\n"
        "    out = np.empty((len(x), kernel.shape[1]), x.dtype)\n"
        "    for b, row in enumerate(x):\n"
        "        out[b] = row @ kernel + bias\n"
        "    return out\n",
        "def dense_forward(x, kernel, bias):\n    return np.matmul(x, kernel) + bias.reshape(1, -1)\n",
    ],
    "softmax": [
        "def softmax(logits):\n"
        "    e = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
        "    return e / e.sum(axis=1, keepdims=True)\n",
        "def softmax(logits):\n"
        "    from scipy.special import softmax as scipy_softmax\n"
        "    return scipy_softmax(logits, axis=1)\n",
        "def softmax(logits):\n"
        "    m = logits.max(axis=1, keepdims=True)\n"
        "    log_sum = m + np.log(np.exp(logits - m).sum(axis=1, keepdims=True))\n"
        "    return np.exp(logits - log_sum)\n",
        "def softmax(logits):\n"
        "    out = np.empty_like(logits)\n"
        "    for i, row in enumerate(logits):\n"
        "        e = np.exp(row - np.max(row))\n"
        "        out[i] = e / np.sum(e)\n"
        "    return out\n",
        "def softmax(logits):\n"
        "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
        "    return np.exp(shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True)))\n",
    ],
    "glorot_uniform": [
        "def glorot_uniform(fan_in, fan_out, rng):\n"
        "    limit = math.sqrt(6 / (fan_in + fan_out))\n"
        "    return rng.uniform(-limit, limit, size=(fan_in, fan_out))\n",
        "def glorot_uniform(fan_in, fan_out, rng):\n"
        "    limit = np.sqrt(6.0 / (fan_in + fan_out))\n"
        "    return (2 * rng.random((fan_in, fan_out)) - 1) * limit\n",
        "def glorot_uniform(fan_in, fan_out, rng):\n"
        "    l = (6 / (fan_in + fan_out)) ** 0.5\n"
        "    return rng.uniform(-l, l, (fan_out, fan_in)).T\n",
        "def glorot_uniform(fan_in, fan_out, rng):\n"
        "    limit = math.sqrt(6 / (fan_in + fan_out))\n"
        "    return rng.uniform(-limit, limit, fan_in * fan_out).reshape(fan_in, fan_out)\n",
    ],
}

WRONG = {
    "relu": [
        ("def relu(z):\n    return np.abs(z)\n", "likely:   absolute value"),
        ("def relu(z):\n    z[z < 0] = 0\n    return z\n", "changed its input in place"),
        ("def relu(z):\n    return (z > 0) * 1.0\n", "wrong values"),
        ("def relu(z):\n    return [max(v, 0) for v in z.ravel()]\n", "expected a NumPy array"),
        (
            "def relu(z):\n    return np.maximum(z, 0).astype(np.float64)\n",
            "upcast float32 to float64",
        ),
    ],
    "dense_forward": [
        (  # PyTorch's habit: its Linear stores (out, in)
            "def dense_forward(x, kernel, bias):\n    return np.matmul(x, kernel.T) + bias\n",
            "likely:   transposed the kernel: it is already (fan_in, fan_out)",
        ),
        (
            "def dense_forward(x, kernel, bias):\n"
            "    b = bias.reshape(-1, 1)\n"
            "    return x @ kernel + b\n",
            "likely:   the bias as a column",
        ),
        # Right values, but np.zeros without a dtype makes the float32 case float64.
        (
            "def dense_forward(x, kernel, bias):\n"
            "    out = np.zeros((x.shape[0], kernel.shape[1]))\n"
            "    for b in range(x.shape[0]):\n"
            "        for o in range(kernel.shape[1]):\n"
            "            out[b, o] = sum(x[b, i] * kernel[i, o] for i in range(x.shape[1])) + bias[o]\n"
            "    return out\n",
            "upcast float32 to float64: a result keeps its inputs' floating dtype",
        ),
        (
            "def dense_forward(x, kernel, bias):\n    return x @ kernel + np.array(bias, dtype=np.float64)\n",
            "cure:     math.sqrt(...) for a scalar",
        ),
        (
            "def dense_forward(x, kernel, bias):\n    return x @ kernel\n",
            "likely:   forgot the bias",
        ),
        (
            "def dense_forward(x, kernel, bias):\n    return kernel.T @ x.T + bias\n",
            "wrong values",
        ),
        (
            "def dense_forward(x, kernel, bias):\n    return x @ kernel + bias.sum()\n",
            "wrong values",
        ),
    ],
    "softmax": [
        (
            "def softmax(logits):\n    e = np.exp(logits)\n    return e / e.sum(axis=1, keepdims=True)\n",
            "likely:   exp overflows",
        ),
        (  # one sum for the whole batch (review s10: its twin, the batch's maximum, was named)
            "def softmax(logits):\n"
            "    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))\n"
            "    return e / np.sum(e)\n",
            "likely:   divided by one sum over the whole batch",
        ),
        (
            "def softmax(logits):\n"
            "    e = np.exp(logits - logits.max(axis=0, keepdims=True))\n"
            "    return e / e.sum(axis=0, keepdims=True)\n",
            "likely:   normalised along the wrong axis",
        ),
        (
            "def softmax(logits):\n"
            "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
            "    e = np.exp(shifted)\n"
            "    return e / e.sum(axis=0, keepdims=True)  # normalise\n",
            "likely:   divided by each column's sum",
        ),
        (
            "def softmax(logits):\n"
            "    e = np.exp(logits - logits.max())\n"
            "    return e / e.sum(axis=1, keepdims=True)\n",
            "likely:   subtracted the maximum of the whole batch",
        ),
        (
            "def softmax(logits):\n    e = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
            "    return e / e.sum()\n",
            "wrong values",
        ),
    ],
    "glorot_uniform": [
        (
            "def glorot_uniform(fan_in, fan_out, rng):\n    limit = math.sqrt(6 / (fan_in + fan_out + 1))\n    return rng.uniform(-limit, limit, (fan_in, fan_out))\n",
            "the weights never come near ±limit",
        ),
        (
            "def glorot_uniform(fan_in, fan_out, rng):\n    limit = math.sqrt(6 / fan_in)\n    return rng.uniform(-limit, limit, (fan_in, fan_out))\n",
            "likely:   the limit from fan_in alone",
        ),
        (
            "def glorot_uniform(fan_in, fan_out, rng):\n    limit = math.sqrt(6 / fan_out)\n    return rng.uniform(-limit, limit, (fan_in, fan_out))\n",
            "likely:   the limit from fan_out alone",
        ),
        (
            "def glorot_uniform(fan_in, fan_out, rng):\n    return rng.normal(0, math.sqrt(2 / (fan_in + fan_out)), (fan_in, fan_out))\n",
            "likely:   a normal distribution with Glorot's variance",
        ),
        (
            "def glorot_uniform(fan_in, fan_out, rng):\n    limit = math.sqrt(6 / (fan_in + fan_out))\n    return rng.normal(0, limit, (fan_in, fan_out))\n",
            "lie outside",
        ),
        (
            "def glorot_uniform(fan_in, fan_out, rng):\n    limit = math.sqrt(2 / (fan_in + fan_out))\n    return rng.uniform(-limit, limit, (fan_in, fan_out))\n",
            "likely:   the standard deviation sqrt(2 / (fan_in + fan_out)) used as the limit",
        ),
        (
            "def glorot_uniform(fan_in, fan_out, rng):\n    limit = 6 / (fan_in + fan_out)\n    return rng.uniform(-limit, limit, (fan_in, fan_out))\n",
            "likely:   forgot the square root",
        ),
        (
            "def glorot_uniform(fan_in, fan_out, rng):\n    return rng.random((fan_in, fan_out)) * math.sqrt(6 / (fan_in + fan_out))\n",
            "not spread as U(-limit, limit)",
        ),
        (
            "def glorot_uniform(fan_in, fan_out, rng):\n    limit = math.sqrt(6 / (fan_in + fan_out))\n    return np.random.uniform(-limit, limit, (fan_in, fan_out))\n",
            "ignores the generator passed in: two generators in the same state",
        ),
        (
            "def glorot_uniform(fan_in, fan_out, rng):\n    rng = np.random.default_rng(0)\n    limit = math.sqrt(6 / (fan_in + fan_out))\n    return rng.uniform(-limit, limit, (fan_in, fan_out))\n",
            "ignores the generator passed in: another generator gave the same kernel",
        ),
        (
            "def glorot_uniform(fan_in, fan_out, rng):\n    limit = math.sqrt(6 / (fan_in + fan_out))\n    return rng.uniform(-limit, limit, (fan_out, fan_in))\n",
            "transposed",
        ),
        (
            "def glorot_uniform(fan_in, fan_out, rng):\n    limit = math.sqrt(6 / (fan_in + fan_out))\n    return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32)\n",
            "wrong dtype: expected float64",
        ),
        (
            "def glorot_uniform(fan_in, fan_out, rng):\n    limit = math.sqrt(6 / (fan_in + fan_out))\n    return rng.uniform(-limit, limit, (fan_in, fan_out)).tolist()\n",
            "expected a NumPy array",
        ),
    ],
}
