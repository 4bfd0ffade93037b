# ruff: noqa: E501  (answers are written on one line each, as learners write them)

RIGHT = {
    "backward": [
        "def backward(grad_logits, cache, params, relu_backward, dense_backward):\n"
        "    grads = []\n"
        "    grad = grad_logits\n"
        "    for i in reversed(range(len(cache))):\n"
        "        x_in, z = cache[i]\n"
        "        grad, dW, db = dense_backward(grad, x_in, params[2 * i])\n"
        "        grads = [dW, db] + grads\n"
        "        if i > 0:\n"
        "            grad = relu_backward(grad, cache[i - 1][1])\n"
        "    return grads\n",
        "def backward(grad_logits, cache, params, relu_backward, dense_backward):\n"
        "    n = len(params) // 2\n"
        "    grads = [None] * len(params)\n"
        "    g = grad_logits\n"
        "    for layer in range(n, 0, -1):\n"
        "        inp, _ = cache[layer - 1]\n"
        "        g_in, grads[2 * layer - 2], grads[2 * layer - 1] = dense_backward(g, inp, params[2 * layer - 2])\n"
        "        if layer > 1:\n"
        "            g = relu_backward(g_in, cache[layer - 2][1])\n"
        "    return grads\n",
        # masked with the ReLU's output a (a > 0 exactly where z > 0): right too
        "def backward(grad_logits, cache, params, relu_backward, dense_backward):\n"
        "    out = {}\n"
        "    g = grad_logits\n"
        "    for k in range(len(cache) - 1, -1, -1):\n"
        "        a_below = cache[k][0]\n"
        "        g, out[2 * k], out[2 * k + 1] = dense_backward(g, a_below, params[2 * k])\n"
        "        if k:\n"
        "            g = g * (a_below > 0)\n"
        "    return [out[i] for i in range(len(params))]\n",
    ],
    "cross_entropy": [
        "def cross_entropy(logits, labels):\n"
        "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
        "    return -log_probs[np.arange(len(labels)), labels].mean()\n",
        "def cross_entropy(logits, labels):\n"
        "    from scipy.special import logsumexp\n"
        "    true_logits = np.take_along_axis(logits, labels[:, None], axis=1)[:, 0]\n"
        "    return float(np.mean(logsumexp(logits, axis=1) - true_logits))\n",
        "def cross_entropy(logits, labels):\n"
        "    total = 0.0\n"
        "    for row, label in zip(logits, labels):\n"
        "        m = max(row)\n"
        "        total += m + math.log(sum(math.exp(v - m) for v in row)) - row[label]\n"
        "    return total / len(labels)\n",
        "def cross_entropy(logits, labels):\n"
        "    top = logits.max(axis=1, keepdims=True)\n"
        "    log_sum = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))\n"
        "    return float(np.mean(log_sum - logits[np.arange(len(labels)), labels]))\n",
    ],
    "cross_entropy_backward": [
        "def cross_entropy_backward(logits, labels):\n"
        "    grad = softmax(logits)\n"
        "    grad[np.arange(len(labels)), labels] -= 1\n"
        "    return grad / len(labels)\n",
        "def cross_entropy_backward(logits, labels):\n"
        "    one_hot = np.eye(logits.shape[1])[labels].astype(logits.dtype)\n"
        "    return (softmax(logits) - one_hot) / len(labels)\n",
        "def cross_entropy_backward(logits, labels):\n"
        "    e = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
        "    p = e / e.sum(axis=1, keepdims=True)\n"
        "    p[range(len(labels)), labels] -= 1.0\n"
        "    return p / logits.shape[0]\n",
        # A one-hot matrix in the logits' dtype, so float32 stays float32.
        "def cross_entropy_backward(logits, labels):\n"
        "    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
        "    probs = shifted / shifted.sum(axis=1, keepdims=True)\n"
        "    one_hot = np.eye(logits.shape[1], dtype=logits.dtype)[labels]\n"
        "    return (probs - one_hot) / len(labels)\n",
    ],
    "relu_backward": [
        "def relu_backward(grad_a, z):\n    return grad_a * (z > 0)\n",
        "def relu_backward(grad_a, z):\n    return np.where(z > 0, grad_a, 0)\n",
        "def relu_backward(grad_a, z):\n"
        "    out = grad_a.copy()\n"
        "    out[z <= 0] = 0\n"
        "    return out\n",
    ],
    "dense_backward": [
        "def dense_backward(grad_y, x, kernel):\n"
        "    return grad_y @ kernel.T, x.T @ grad_y, grad_y.sum(axis=0)\n",
        "def dense_backward(grad_y, x, kernel):\n"
        "    grad_x = np.einsum('bo,io->bi', grad_y, kernel)\n"
        "    grad_kernel = np.einsum('bi,bo->io', x, grad_y)\n"
        "    return grad_x, grad_kernel, np.einsum('bo->o', grad_y)\n",
        "def dense_backward(grad_y, x, kernel):\n"
        "    return np.dot(grad_y, kernel.T), np.dot(x.T, grad_y), np.sum(grad_y, axis=0)\n",
    ],
    "central_difference": [
        "def central_difference(f, x, h=1e-5):\n    return (f(x + h) - f(x - h)) / (2 * h)\n",
        "def central_difference(f, x, h=1e-5):\n    return (f(x + h) - f(x - h)) / h / 2\n",
        "def central_difference(f, x, h=1e-5):\n"
        "    right = f(x + h)\n    left = f(x - h)\n    return (right - left) / (2.0 * h)\n",
    ],
    "numerical_gradient_at": [
        "def numerical_gradient_at(f, w, indices, h=1e-6):\n"
        "    slopes = np.zeros(len(indices))\n"
        "    for i, index in enumerate(indices):\n"
        "        plus, minus = w.copy(), w.copy()\n"
        "        plus[index] += h\n"
        "        minus[index] -= h\n"
        "        slopes[i] = (f(plus) - f(minus)) / (2 * h)\n"
        "    return slopes\n",
        "def numerical_gradient_at(f, w, indices, h=1e-6):\n"
        "    def central_difference(g, x, h):\n"
        "        return (g(x + h) - g(x - h)) / (2 * h)\n"
        "    def along(index):\n"
        "        def g(value):\n"
        "            copy = w.copy()\n"
        "            copy[index] = value\n"
        "            return f(copy)\n"
        "        return g\n"
        "    return np.array([central_difference(along(i), w[i], h) for i in indices])\n",
        "def numerical_gradient_at(f, w, indices, h=1e-6):\n"
        "    w = w.copy()\n"
        "    out = []\n"
        "    for index in indices:\n"
        "        old = w[index]\n"
        "        w[index] = old + h\n"
        "        up = f(w)\n"
        "        w[index] = old - h\n"
        "        down = f(w)\n"
        "        w[index] = old\n"
        "        out.append((up - down) / (2 * h))\n"
        "    return np.array(out)\n",
    ],
}

WRONG = {
    "backward": [
        (
            "def backward(grad_logits, cache, params, relu_backward, dense_backward):\n"
            "    grads = []\n"
            "    grad = grad_logits\n"
            "    for i in reversed(range(len(cache))):\n"
            "        grad, dW, db = dense_backward(grad, cache[i][0], params[2 * i])\n"
            "        grads = [dW, db] + grads\n"
            "    return grads\n",
            "no ReLU mask between the layers",
        ),
        (
            "def backward(grad_logits, cache, params, relu_backward, dense_backward):\n"
            "    grads = []\n"
            "    grad = grad_logits\n"
            "    for i in reversed(range(len(cache))):\n"
            "        x_in, z = cache[i]\n"
            "        grad, dW, db = dense_backward(grad, x_in, params[2 * i])\n"
            "        grads = [dW, db] + grads\n"
            "        if i > 0:\n"
            "            grad = relu_backward(grad, z)\n"
            "    return grads\n",
            "the wrong cache entry",
        ),
        (
            "def backward(grad_logits, cache, params, relu_backward, dense_backward):\n"
            "    grads = []\n"
            "    grad = grad_logits\n"
            "    for i in reversed(range(len(cache))):\n"
            "        x_in, z = cache[i]\n"
            "        grad = relu_backward(grad, z)\n"
            "        grad, dW, db = dense_backward(grad, x_in, params[2 * i])\n"
            "        grads = [dW, db] + grads\n"
            "    return grads\n",
            "a ReLU applied to the logits",
        ),
        (
            "def backward(grad_logits, cache, params, relu_backward, dense_backward):\n"
            "    grads = []\n"
            "    grad = grad_logits\n"
            "    for i in reversed(range(len(cache))):\n"
            "        grad, dW, db = dense_backward(grad, cache[i][0], params[2 * i])\n"
            "        grads += [dW, db]\n"
            "        if i > 0:\n"
            "            grad = relu_backward(grad, cache[i - 1][1])\n"
            "    return grads\n",
            "wrong order",
        ),
        (
            "def backward(grad_logits, cache, params, relu_backward, dense_backward):\n"
            "    grads = [None] * 8\n"
            "    grad = grad_logits\n"
            "    for i in (3, 2, 1, 0):\n"
            "        grad, grads[2 * i], grads[2 * i + 1] = dense_backward(grad, cache[i][0], params[2 * i])\n"
            "        if i > 0:\n"
            "            grad = relu_backward(grad, cache[i - 1][1])\n"
            "    return grads\n",
            "IndexError",
        ),
    ],
    "cross_entropy": [
        (  # review s9: a per-row log-sum-exp against an (n, n) block
            "def cross_entropy(logits, labels):\n"
            "    m = logits.max(axis=1, keepdims=True)\n"
            "    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))\n"
            "    return float(np.mean(lse - logits[:, labels]))\n",
            "likely:   indexed p[:, labels]",
        ),
        (
            "def cross_entropy(logits, labels):\n"
            "    return -np.log(softmax(logits)[np.arange(len(labels)), labels]).mean()\n"
            "def softmax(z):\n"
            "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
            "    return e / e.sum(axis=1, keepdims=True)\n",
            "likely:   log(softmax): for confident, wrong logits",
        ),
        (
            "def cross_entropy(logits, labels):\n"
            "    e = np.exp(logits)\n"
            "    p = e / e.sum(axis=1, keepdims=True)\n"
            "    return -np.log(p[np.arange(len(labels)), labels]).mean()\n",
            "likely:   log of a softmax without the maximum subtracted",
        ),
        (
            "def cross_entropy(logits, labels):\n"
            "    s = logits - logits.max(axis=1, keepdims=True)\n"
            "    lp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))\n"
            "    return lp[np.arange(len(labels)), labels].mean()\n",
            "likely:   the sign is flipped",
        ),
        (
            "def cross_entropy(logits, labels):\n"
            "    s = logits - logits.max(axis=1, keepdims=True)\n"
            "    lp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))\n"
            "    return -lp[:, labels].mean()\n",
            "likely:   indexed p[:, labels]",
        ),
        (
            "def cross_entropy(logits, labels):\n"
            "    s = logits - logits.max(axis=1, keepdims=True)\n"
            "    lp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))\n"
            "    return -lp[np.arange(len(labels)), labels].sum()\n",
            "likely:   summed over the batch",
        ),
    ],
    "cross_entropy_backward": [
        # Right values, but the one-hot matrix is float64 (np.eye without a dtype).
        (
            "def cross_entropy_backward(logits, labels):\n"
            "    one_hot = np.eye(logits.shape[1])[labels]\n"
            "    return (softmax(logits) - one_hot) / len(labels)\n",
            "upcast float32 to float64: a result keeps its inputs' floating dtype",
        ),
        (
            "def cross_entropy_backward(logits, labels):\n"
            "    grad = softmax(logits)\n"
            "    grad[np.arange(len(labels)), labels] -= 1\n"
            "    return grad\n",
            "likely:   not divided by the batch size",
        ),
        (
            "def cross_entropy_backward(logits, labels):\n"
            "    grad = softmax(logits)\n"
            "    grad[:, labels] -= 1\n"
            "    return grad / len(labels)\n",
            "likely:   indexed grad[:, labels]",
        ),
        (
            "def cross_entropy_backward(logits, labels):\n"
            "    return (np.eye(logits.shape[1])[labels] - softmax(logits)) / len(labels)\n",
            "likely:   the sign is flipped",
        ),
    ],
    "relu_backward": [
        (
            "def relu_backward(grad_a, z):\n    return (z > 0).astype(grad_a.dtype)\n",
            "likely:   returned the mask (z > 0) without multiplying",
        ),
        (
            "def relu_backward(grad_a, z):\n    return grad_a * (z >= 0)\n",
            "likely:   passes the gradient at z == 0",
        ),
        (
            "def relu_backward(grad_a, z):\n    return np.maximum(grad_a, 0)\n",
            "likely:   applied ReLU to the gradient",
        ),
        (
            "def relu_backward(grad_a, z):\n    grad_a[z <= 0] = 0\n    return grad_a\n",
            "changed its input in place",
        ),
    ],
    "dense_backward": [
        (
            "def dense_backward(grad_y, x, kernel):\n"
            "    return grad_y @ kernel.T, x.T @ grad_y, grad_y.mean(axis=0)\n",
            "likely:   the bias gradient averaged",
        ),
        (
            "def dense_backward(grad_y, x, kernel):\n"
            "    return grad_y @ kernel.T, grad_y.T @ x, grad_y.sum(axis=0)\n",
            "likely:   grad_kernel transposed",
        ),
        (
            "def dense_backward(grad_y, x, kernel):\n"
            "    return grad_y @ kernel.T, x.T @ grad_y, list(grad_y.sum(axis=0))\n",
            "value 3 of 3: expected a NumPy array, got a Python list",
        ),
        (  # the review's answer (session 8): the kernel's gradient first
            "def dense_backward(grad_y, x, kernel):\n"
            "    grad_kernel = x.T @ grad_y\n"
            "    grad_x = grad_y @ kernel.T\n"
            "    return grad_kernel, grad_x, grad_y.sum(axis=0)\n",
            "the right 3 values in another order (your value 1 is value 2, your value 2 is "
            "value 1)",
        ),
    ],
    "central_difference": [
        (
            "def central_difference(f, x, h=1e-5):\n    return (f(x + h) - f(x - h)) / h\n",
            "likely:   divided by h where 2h belongs",
        ),
        (
            "def central_difference(f, x, h=1e-5):\n"
            "    return (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h)\n",
            "likely:   a higher-order formula (the five-point stencil)",
        ),
        (
            "def central_difference(f, x, h=1e-5):\n    return (f(x + h) - f(x)) / h\n",
            "likely:   a one-sided difference",
        ),
        (
            "def central_difference(f, x, h=1e-5):\n"
            "    h = 1e-5\n"
            "    return (f(x + h) - f(x - h)) / (2 * h)\n",
            "likely:   ignored the step h",
        ),
        (
            "def central_difference(f, x, h=1e-5):\n    return (f(x + h) - f(x - h)) / h\n",
            "wrong values",
        ),
        (  # right to 6 digits: the message must show the digits where the two differ
            "def central_difference(f, x, h=1e-5):\n    return (f(x + h / 2) - f(x - h / 2)) / h\n",
            "(expected 12.000001, got 12)",
        ),
        (
            "def central_difference(f, x, h=1e-5):\n    return (f(x + h / 2) - f(x - h / 2)) / h\n",
            "likely:   stepped h / 2 to each side",
        ),
    ],
    "numerical_gradient_at": [
        (  # nudged down and never put back (the second review, session 8)
            "def numerical_gradient_at(f, w, indices, h=1e-6):\n"
            "    out = []\n"
            "    for index in indices:\n"
            "        w[index] += h\n"
            "        up = f(w)\n"
            "        w[index] -= 2 * h\n"
            "        out.append((up - f(w)) / (2 * h))\n"
            "    return np.array(out)\n",
            "a value set during the computation and not put back; restore it after use",
        ),
        (
            "def numerical_gradient_at(f, w, indices, h=1e-6):\n"
            "    out = np.zeros(len(indices))\n"
            "    for i, index in enumerate(indices):\n"
            "        plus = w.copy()\n"
            "        plus[index] += h\n"
            "        out[i] = (f(plus) - f(w)) / h\n"
            "    return out\n",
            "likely:   a one-sided difference",
        ),
        (
            "def numerical_gradient_at(f, w, indices, h=1e-6):\n"
            "    w = w.copy()\n"
            "    out = np.zeros(len(indices))\n"
            "    for i, index in enumerate(indices):\n"
            "        w[index] += h\n"
            "        up = f(w)\n"
            "        w[index] -= 2 * h\n"
            "        out[i] = (up - f(w)) / (2 * h)\n"
            "    return out\n",
            "likely:   an entry was left nudged",
        ),
        (
            "def numerical_gradient_at(f, w, indices, h=1e-6):\n"
            "    out = np.zeros(len(indices))\n"
            "    for i, index in enumerate(indices):\n"
            "        w[index] += h\n"
            "        up = f(w)\n"
            "        w[index] -= 2 * h\n"
            "        out[i] = (up - f(w)) / (2 * h)\n"
            "        w[index] += h\n"
            "    return out\n",
            "left its input `w` changed by rounding",
        ),
        (
            "def numerical_gradient_at(f, w, indices, h=1e-6):\n"
            "    slope = (f(w + h) - f(w - h)) / (2 * h)\n"
            "    return np.array([slope for index in indices])\n",
            "likely:   nudged every entry at once",
        ),
        (
            "def numerical_gradient_at(f, w, indices, h=1e-6):\n"
            "    out = []\n"
            "    for index in indices:\n"
            "        plus, minus = w.copy(), w.copy()\n"
            "        plus[index] += 1e-5\n"
            "        minus[index] -= 1e-5\n"
            "        out.append((f(plus) - f(minus)) / 2e-5)\n"
            "    return np.array(out)\n",
            "likely:   ignored the step h it was given (a fixed step",
        ),
        (
            "def numerical_gradient_at(f, w, indices, h=1e-6):\n"
            "    out = []\n"
            "    for index in indices:\n"
            "        plus, minus = w.copy(), w.copy()\n"
            "        plus[index] += h\n"
            "        minus[index] -= h\n"
            "        out.append((f(plus) - f(minus)) / (2 * h))\n"
            "    return out\n",
            "expected a NumPy array, got a Python list",
        ),
    ],
}

# Written through the learner's own central_difference, which may still be the stub: the
# notebook's `use` then runs the course's, and `mnist-course check` must agree.
THROUGH_CENTRAL_DIFFERENCE = (
    "def numerical_gradient_at(f, w, indices, h=1e-6):\n"
    "    slopes = np.zeros(len(indices))\n"
    "    for i, index in enumerate(indices):\n"
    "        def along(value, index=tuple(index)):\n"
    "            nudged = w.copy()\n"
    "            nudged[index] = value\n"
    "            return f(nudged)\n"
    "        slopes[i] = central_difference(along, w[tuple(index)], h)\n"
    "    return slopes\n"
)
