"""Written-out solutions of lesson 4's exercises, as a learner would write them."""

SOLUTIONS = {
    "cross_entropy": '''def cross_entropy(logits, labels):
    """Mean of -log softmax(logits)[i, labels[i]], stable for huge logits; one number."""
    # log-softmax directly: shifted - log(sum(exp(shifted))) never takes log(0).
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_sums = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    log_probabilities = shifted - log_sums
    rows = np.arange(len(labels))
    return float(-log_probabilities[rows, labels].mean())
''',
    "cross_entropy_backward": '''def cross_entropy_backward(logits, labels):
    """Gradient of the mean cross-entropy w.r.t. the logits, same shape as logits."""
    grad = softmax(logits)  # softmax comes from the setup cell
    rows = np.arange(len(labels))
    grad[rows, labels] -= 1  # minus the one-hot labels
    return grad / len(labels)  # the loss is a mean over the batch
''',
    "relu_backward": '''def relu_backward(grad_a, z):
    """The gradient w.r.t. ReLU's input z, given the gradient w.r.t. its output."""
    slope = z > 0  # 1 where z was positive, 0 elsewhere (also at exactly 0)
    return grad_a * slope
''',
    "dense_backward": '''def dense_backward(grad_y, x, kernel):
    """Return (grad_x, grad_kernel, grad_bias) for y = x @ kernel + bias."""
    grad_x = grad_y @ kernel.T  # (batch, fan_in)
    grad_kernel = x.T @ grad_y  # (fan_in, fan_out), the kernel's shape
    grad_bias = grad_y.sum(axis=0)  # the bias was added to every row
    return grad_x, grad_kernel, grad_bias
''',
    "central_difference": '''def central_difference(f, x, h=1e-5):
    """The derivative of the scalar function f at the number x, by central differences."""
    rise = f(x + h) - f(x - h)
    run = 2 * h
    return rise / run
''',
}
