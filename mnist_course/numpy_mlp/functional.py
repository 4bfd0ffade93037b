"""The network's arithmetic as pure functions, each forward beside its backward.

Shapes: ``x`` is (batch, fan_in), ``kernel`` is (fan_in, fan_out) and ``bias`` is
(fan_out,), Keras's layout, so ``y = x @ kernel + bias`` and weights cross between Keras
and NumPy with no transposes. A ``grad_*`` is the gradient of the mean batch loss with
respect to the array of that name.
"""

from __future__ import annotations

import math

import numpy as np

from .. import config

# --- Dense: y = x @ kernel + bias -------------------------------------------------------


def dense_forward(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """(batch, fan_in) @ (fan_in, fan_out) + (fan_out,) -> (batch, fan_out)."""
    return x @ kernel + bias


def dense_backward(
    grad_y: np.ndarray, x: np.ndarray, kernel: np.ndarray, *, need_grad_x: bool = True
) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """Gradients of a dense layer: ``(grad_x, grad_kernel, grad_bias)``.

    Each output y[i, j] = sum_k x[i, k] * kernel[k, j] + bias[j], so
    grad_x = grad_y @ kernel.T, grad_kernel = x.T @ grad_y, and the bias, added to every
    row, collects grad_y summed over the batch (axis 0). The first layer's input is the
    image, which needs no gradient: ``need_grad_x=False`` skips the largest product.
    """
    grad_x = grad_y @ kernel.T if need_grad_x else None
    return grad_x, x.T @ grad_y, grad_y.sum(axis=0)


# --- ReLU: max(z, 0) --------------------------------------------------------------------


def relu_forward(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0)


def relu_backward(grad_a: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Pass the gradient where the *input* was positive; at exactly 0 it is 0, as in TensorFlow."""
    return grad_a * (z > 0)


# --- Softmax and cross-entropy ----------------------------------------------------------


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """log(softmax(logits)) by the log-sum-exp trick: subtract the row maximum first.

    exp(1000) overflows to inf, but softmax(z) == softmax(z - max(z)), and after the
    shift the largest exponent is exp(0) = 1.
    """
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def softmax(logits: np.ndarray) -> np.ndarray:
    """(batch, classes) logits -> probabilities that sum to 1 along each row."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=1, keepdims=True)


def cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    """Mean of -log p(true class) over the batch, computed from logits (no clipping needed)."""
    picked = log_softmax(logits)[np.arange(len(labels)), labels]
    return float(-picked.mean())


def cross_entropy_backward(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient of the mean cross-entropy with respect to the logits: (softmax - one_hot) / batch.

    Softmax and cross-entropy together have this short gradient; each alone does not.
    """
    grad = softmax(logits)
    grad[np.arange(len(labels)), labels] -= 1
    return grad / len(labels)


def cross_entropy_from_probs(
    probs: np.ndarray, labels: np.ndarray, epsilon: float = config.KERAS_EPSILON
) -> float:
    """Keras's loss when it is handed probabilities instead of logits.

    ``log(0)`` is ``-inf``, so Keras clips probabilities to [epsilon, 1 - epsilon] first.
    A confident wrong answer then costs at most -log(1e-7) = 16.1 instead of infinity.
    (Inside ``model.fit`` Keras finds the logits behind its softmax and skips the clip.)
    """
    clipped = np.clip(probs, epsilon, 1 - epsilon)
    return float(-np.log(clipped[np.arange(len(labels)), labels]).mean())


# --- Initialisation ---------------------------------------------------------------------


def glorot_limit(fan_in: int, fan_out: int) -> float:
    """sqrt(6 / (fan_in + fan_out)): keeps the variance, forward and backward, on average."""
    return math.sqrt(6.0 / (fan_in + fan_out))


def glorot_uniform(
    fan_in: int, fan_out: int, rng: np.random.Generator, dtype: np.dtype = np.float64
) -> np.ndarray:
    """Keras's default kernel initialiser: a (fan_in, fan_out) kernel from U(-limit, limit),
    ``limit = glorot_limit(fan_in, fan_out)``, drawn from ``rng`` in float64."""
    limit = glorot_limit(fan_in, fan_out)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out)).astype(dtype)
