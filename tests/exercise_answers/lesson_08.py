RIGHT = {
    "dropout_forward": [
        "def dropout_forward(x, rate, training, rng):\n"
        "    if not training:\n"
        "        return x.copy(), np.ones_like(x, dtype=bool)\n"
        "    keep = rng.random(x.shape) >= rate\n"
        "    return x * keep / (1 - rate), keep\n",
        "def dropout_forward(x, rate, training, rng):\n"
        "    if training:\n"
        "        mask = rng.binomial(1, 1 - rate, size=x.shape).astype(bool)\n"
        "        out = np.where(mask, x / (1 - rate), 0)\n"
        "        return out, mask\n"
        "    return x, np.full(x.shape, True)\n",
        "def dropout_forward(x, rate, training, rng):\n"
        "    keep = np.ones(x.shape, dtype=bool)\n"
        "    out = x.copy()\n"
        "    if training:\n"
        "        keep = rng.uniform(size=x.shape) < 1 - rate\n"
        "        out = out * keep\n"
        "        out /= 1 - rate\n"
        "    return out, keep\n",
    ],
    "dropout_backward": [
        "def dropout_backward(grad_out, keep, rate):\n    return grad_out * keep / (1 - rate)\n",
        "def dropout_backward(grad_out, keep, rate):\n"
        "    return np.where(keep, grad_out, 0.0) * (1.0 / (1.0 - rate))\n",
        "def dropout_backward(grad_out, keep, rate):\n"
        "    return grad_out * keep.astype(grad_out.dtype) / (1 - rate)\n",
    ],
}

WRONG = {
    "dropout_forward": [
        # Returning x itself at inference is fine (the lesson says so); scaling x in place is not.
        (
            "def dropout_forward(x, rate, training, rng):\n"
            "    keep = np.ones(x.shape, dtype=bool)\n"
            "    if training:\n"
            "        keep = rng.random(x.shape) >= rate\n"
            "        x *= keep\n"
            "        x /= 1 - rate\n"
            "    return x, keep\n",
            "changed its input in place (`x`; case: (100, 100), rate 0.2, training)",
        ),
        (
            "def dropout_forward(x, rate, training, rng):\n"
            "    if not training:\n"
            "        return x, np.ones(x.shape, dtype=bool)\n"
            "    keep = rng.binomial(1, 1 - rate, size=x.shape)\n"
            "    return x * keep / (1 - rate), keep\n",
            "keep holds 0 and 1 as int64: return it as a boolean mask",
        ),
        (
            "def dropout_forward(x, rate, training, rng):\n"
            "    keep = (rng.random(x.shape) >= rate) if training else np.ones(x.shape, bool)\n"
            "    return x * keep / (1 - rate if training else 1), keep.astype(int)\n",
            "~keep on int64 is -1 and -2",
        ),
        # Right values, but keep / (1 - rate) is a float64 array: float32 x becomes float64.
        (
            "def dropout_forward(x, rate, training, rng):\n"
            "    if not training:\n"
            "        return x.copy(), np.ones(x.shape, dtype=bool)\n"
            "    keep = rng.random(x.shape) >= rate\n"
            "    return x * (keep / (1 - rate)), keep\n",
            "upcast float32 to float64 in value 1 of 2",
        ),
        (
            "def dropout_forward(x, rate, training, rng):\n"
            "    keep = rng.random(x.shape) >= rate\n"
            "    return x * keep, keep\n",
            "not divided by 1 - rate",
        ),
        (
            "def dropout_forward(x, rate, training, rng):\n"
            "    if not training:\n"
            "        return x, np.ones(x.shape, dtype=bool)\n"
            "    keep = rng.random(x.shape) < rate\n"
            "    return x * keep / (1 - rate), keep\n",
            "rate is the share dropped",
        ),
        (
            "def dropout_forward(x, rate, training, rng):\n"
            "    if not training:\n"
            "        return x, np.ones(x.shape, dtype=bool)\n"
            "    keep = np.random.random(x.shape) >= rate\n"
            "    return x * keep / (1 - rate), keep\n",
            "ignores the generator passed in",
        ),
        (
            "def dropout_forward(x, rate, training, rng):\n"
            "    keep = rng.random(x.shape) >= rate\n"
            "    return x * keep / (1 - rate), keep\n",
            "at inference (training=False) Dropout does nothing",
        ),
        (
            "def dropout_forward(x, rate, training, rng):\n"
            "    if not training:\n"
            "        return x, np.ones(x.shape, dtype=bool)\n"
            "    mask = (rng.random(x.shape) >= rate) / (1 - rate)\n"
            "    return x * mask, mask\n",
            "keep is the scaled mask",
        ),
        (  # one draw per example: whole examples dropped (the review's answer, session 8)
            "def dropout_forward(x, rate, training, rng):\n"
            "    if not training:\n"
            "        return x, np.ones(x.shape, dtype=bool)\n"
            "    keep = np.broadcast_to(rng.random((x.shape[0], 1)) >= rate, x.shape)\n"
            "    return x * keep / (1 - rate), keep\n",
            "one draw per example (whole examples dropped)",
        ),
        (  # one mask drawn once and repeated for every example
            "def dropout_forward(x, rate, training, rng):\n"
            "    if not training:\n"
            "        return x, np.ones(x.shape, dtype=bool)\n"
            "    row = rng.random(x.shape[1]) >= rate\n"
            "    keep = np.tile(row, (len(x), 1))\n"
            "    return x * keep / (1 - rate), keep\n",
            "examples has the same mask",
        ),
        (
            "def dropout_forward(x, rate, training, rng):\n"
            "    if not training:\n"
            "        return x, np.ones(x.shape, dtype=bool)\n"
            "    keep = rng.random(x.shape) >= rate\n"
            "    return x * keep * (1 - rate), keep\n",
            "multiplied by 1 - rate",
        ),
    ],
    "dropout_backward": [
        (
            "def dropout_backward(grad_out, keep, rate):\n"
            "    return grad_out * keep.astype(float) / (1 - rate)\n",
            "upcast float32 to float64: a result keeps its inputs' floating dtype",
        ),
        (
            "def dropout_backward(grad_out, keep, rate):\n    return grad_out * keep\n",
            "likely:   forgot the 1 / (1 - rate)",
        ),
        (  # a mask drawn again in backward
            "def dropout_backward(grad_out, keep, rate):\n"
            "    mask = np.random.rand(*grad_out.shape) > rate\n"
            "    return grad_out * mask / (1 - rate)\n",
            "likely:   another mask than keep",
        ),
        (
            "def dropout_backward(grad_out, keep, rate):\n    return grad_out / (1 - rate)\n",
            "likely:   ignored the mask",
        ),
        (
            "def dropout_backward(grad_out, keep, rate):\n"
            "    return grad_out * keep * (1 - rate)\n",
            "likely:   multiplied by 1 - rate",
        ),
        (
            "def dropout_backward(grad_out, keep, rate):\n"
            "    grad = grad_out.copy()\n"
            "    grad[~keep] = 0\n"
            "    return grad\n",
            "likely:   forgot the 1 / (1 - rate)",
        ),
        (
            "def dropout_backward(grad_out, keep, rate):\n"
            "    return grad_out * ~keep / (1 - rate)\n",
            "likely:   the mask inverted",
        ),
    ],
}
