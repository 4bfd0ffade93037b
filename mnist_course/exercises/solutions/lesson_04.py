"""Lesson 4's exercises, solved as a learner would write them.

``solution("NAME")`` prints a function of this file, read as text; nothing imports
this module. Each function may use only what the lesson's setup cell gives.
"""

import numpy as np

from mnist_course.numpy_mlp.functional import softmax  # the setup cell gives it


def central_difference(f, x, h=1e-5):
    """The derivative of the scalar function f at the number x, by central differences."""
    rise = f(x + h) - f(x - h)
    run = 2 * h
    return rise / run


def cross_entropy(logits, labels):
    """Mean of -log softmax(logits)[i, labels[i]], stable for huge logits; one number."""
    # log-softmax directly: shifted - log(sum(exp(shifted))) never takes log(0).
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_sums = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    log_probabilities = shifted - log_sums
    rows = np.arange(len(labels))
    return float(-log_probabilities[rows, labels].mean())


def cross_entropy_backward(logits, labels):
    """Gradient of the mean cross-entropy w.r.t. the logits, same shape as logits."""
    grad = softmax(logits)  # softmax comes from the setup cell
    rows = np.arange(len(labels))
    grad[rows, labels] -= 1  # minus the one-hot labels
    return grad / len(labels)  # the loss is a mean over the batch


def relu_backward(grad_a, z):
    """The gradient w.r.t. ReLU's input z, given the gradient w.r.t. its output."""
    slope = z > 0  # 1 where z was positive, 0 elsewhere (also at exactly 0)
    return grad_a * slope


def dense_backward(grad_y, x, kernel):
    """Return (grad_x, grad_kernel, grad_bias) for y = x @ kernel + bias."""
    grad_x = grad_y @ kernel.T  # (batch, fan_in)
    grad_kernel = x.T @ grad_y  # (fan_in, fan_out), the kernel's shape
    grad_bias = grad_y.sum(axis=0)  # the bias was added to every row
    return grad_x, grad_kernel, grad_bias


def numerical_gradient_at(f, w, indices, h=1e-6):
    """d f(w) / d w[index] for each index, by central differences; w itself is not changed."""
    slopes = np.zeros(len(indices))
    for i, index in enumerate(indices):
        nudged = w.copy()  # a copy per entry: every other entry keeps its value
        nudged[index] = w[index] + h
        f_plus = f(nudged)
        nudged[index] = w[index] - h
        f_minus = f(nudged)
        slopes[i] = (f_plus - f_minus) / (2 * h)
    return slopes


def backward(grad_logits, cache, params, relu_backward, dense_backward):
    """Every parameter's gradient, a list in params' order (kernel 1, bias 1, ...)."""
    num_layers = len(params) // 2
    grads = [None] * len(params)
    grad_z = grad_logits  # the last layer's z are the logits: no ReLU there
    for layer in range(num_layers - 1, -1, -1):  # from the top layer down
        layer_input, _ = cache[layer]
        kernel = params[2 * layer]
        grad_input, grad_kernel, grad_bias = dense_backward(grad_z, layer_input, kernel)
        grads[2 * layer] = grad_kernel
        grads[2 * layer + 1] = grad_bias
        if layer > 0:  # below this layer is a ReLU, masked by that layer's z
            z_below = cache[layer - 1][1]
            grad_z = relu_backward(grad_input, z_below)
    return grads
