"""Exercises of lessons 3 and 4: the forward pass, the loss, and backpropagation."""

from __future__ import annotations

import numpy as np

from ..numpy_mlp import functional as F
from .core import Case, Exercise


def _rng(seed):
    return np.random.default_rng(seed)


def _with_zeros(shape, seed):
    """Random values with some exact zeros, where ReLU's conventions show."""
    values = _rng(seed).normal(size=shape)
    values[0, :2] = 0.0
    return values


def _logits_cases():
    return [
        Case("small logits", (np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),)),
        Case("random batch of 5 x 10", (_rng(1).normal(size=(5, 10)) * 3,)),
        Case("huge logits", (np.array([[1000.0, 0.0, -1000.0], [-800.0, -801.0, -802.0]]),)),
        Case("float32 logits", (_rng(2).normal(size=(4, 10)).astype(np.float32),)),
    ]


def _loss_cases():
    return [
        Case("3 samples, 4 classes", (_rng(3).normal(size=(3, 4)), np.array([0, 3, 1]))),
        Case(
            "random batch of 8 x 10", (_rng(4).normal(size=(8, 10)) * 3, _rng(5).integers(0, 10, 8))
        ),
        Case("confident and wrong", (np.array([[500.0, 0.0, -500.0]]), np.array([2]))),
    ]


def _softmax_no_max(logits):
    exps = np.exp(logits)
    return exps / exps.sum(axis=1, keepdims=True)


def _softmax_wrong_axis(logits):
    shifted = logits - logits.max(axis=0, keepdims=True)
    return np.exp(shifted) / np.exp(shifted).sum(axis=0, keepdims=True)


def _cross_entropy_naive(logits, labels):
    return float(-np.log(_softmax_no_max(logits)[np.arange(len(labels)), labels]).mean())


def _dense_backward_bias_mean(grad_y, x, kernel):
    grad_x, grad_kernel, _ = F.dense_backward(grad_y, x, kernel)
    return grad_x, grad_kernel, grad_y.mean(axis=0)


def _dense_backward_bias_axis_1(grad_y, x, kernel):
    grad_x, grad_kernel, _ = F.dense_backward(grad_y, x, kernel)
    return grad_x, grad_kernel, grad_y.sum(axis=1)


def _dense_backward_transposed(grad_y, x, kernel):
    grad_x, _, grad_bias = F.dense_backward(grad_y, x, kernel)
    return grad_x, grad_y.T @ x, grad_bias


EXERCISES = [
    Exercise(
        name="relu",
        lesson=3,
        title="ReLU: max(z, 0), elementwise",
        reference=F.relu_forward,
        cases=lambda: [
            Case("negatives, zeros and positives", (np.array([[-2.0, 0.0, 3.0]]),)),
            Case("random 4 x 5", (_with_zeros((4, 5), 6),)),
            Case("float32", (_rng(7).normal(size=(3, 3)).astype(np.float32),)),
        ],
        hints=(
            "Negative numbers become 0; everything else passes unchanged.",
            "Same shape and dtype out as in. Do not change z itself.",
            "return np.maximum(z, 0)",
        ),
        mistakes={
            "absolute value: negative inputs must become 0, not positive": np.abs,
        },
    ),
    Exercise(
        name="dense_forward",
        lesson=3,
        title="A dense layer: y = x @ kernel + bias",
        reference=F.dense_forward,
        cases=lambda: [
            Case(
                "2 samples, 3 -> 2",
                (
                    np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]]),
                    np.arange(6.0).reshape(3, 2),
                    np.array([0.5, -0.5]),
                ),
            ),
            Case(
                "random 5 samples, 7 -> 4",
                (_rng(8).normal(size=(5, 7)), _rng(9).normal(size=(7, 4)), _rng(10).normal(size=4)),
            ),
        ],
        hints=(
            "Each output is a weighted sum of all inputs, plus that output's bias.",
            "x (batch, fan_in) @ kernel (fan_in, fan_out) gives (batch, fan_out); the bias "
            "(fan_out,) is added to every row by broadcasting.",
            "return x @ kernel + bias",
        ),
        mistakes={"forgot the bias": lambda x, kernel, bias: x @ kernel},
    ),
    Exercise(
        name="softmax",
        lesson=3,
        title="A numerically stable softmax, row by row",
        reference=F.softmax,
        cases=_logits_cases,
        hints=(
            "softmax(z) = exp(z) / sum(exp(z)) for each row; subtracting the row's maximum "
            "first changes nothing mathematically and keeps exp from overflowing.",
            "In and out: (batch, classes). Reduce along axis=1 with keepdims=True so the "
            "shapes broadcast.",
            "shifted = logits - logits.max(axis=1, keepdims=True); exps = np.exp(shifted); "
            "return exps / exps.sum(axis=1, keepdims=True)",
        ),
        mistakes={
            "exp overflows: subtract each row's maximum before taking exp": _softmax_no_max,
            "normalised along the wrong axis: each row (axis=1) must sum to 1": _softmax_wrong_axis,
        },
    ),
    Exercise(
        name="cross_entropy",
        lesson=4,
        title="Mean cross-entropy loss from logits and integer labels",
        reference=F.cross_entropy,
        cases=_loss_cases,
        hints=(
            "The loss of one sample is -log(probability of its true class); the batch's "
            "loss is the mean. Compute log-probabilities with the log-sum-exp trick.",
            "logits (batch, classes), labels (batch,) integers; returns one number. "
            "log_softmax = shifted - log(sum(exp(shifted))) with shifted = logits - max.",
            "shifted = logits - logits.max(axis=1, keepdims=True); "
            "log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True)); "
            "return -log_probs[np.arange(len(labels)), labels].mean()",
        ),
        mistakes={
            "summed over the batch: the loss is the mean": (
                lambda logits, labels: F.cross_entropy(logits, labels) * len(labels)
            ),
            "log of a softmax without the maximum subtracted overflows": _cross_entropy_naive,
        },
        exact_dtype=False,
    ),
    Exercise(
        name="cross_entropy_backward",
        lesson=4,
        title="Gradient of the mean cross-entropy w.r.t. the logits",
        reference=F.cross_entropy_backward,
        cases=_loss_cases,
        hints=(
            "For softmax followed by cross-entropy the gradient is short: the probabilities "
            "minus the one-hot labels, divided by the batch size (the loss is a mean).",
            "Out: same shape as logits, (batch, classes).",
            "grad = softmax(logits); grad[np.arange(len(labels)), labels] -= 1; "
            "return grad / len(labels)",
        ),
        mistakes={
            "not divided by the batch size: the loss is the batch *mean*": (
                lambda logits, labels: F.cross_entropy_backward(logits, labels) * len(labels)
            ),
            "forgot to subtract 1 at the true class (the one-hot labels)": (
                lambda logits, labels: F.softmax(logits) / len(labels)
            ),
        },
    ),
    Exercise(
        name="relu_backward",
        lesson=4,
        title="ReLU's backward pass: let the gradient through where the input was positive",
        reference=F.relu_backward,
        cases=lambda: [
            Case("negatives, zeros and positives", (np.ones((1, 3)), np.array([[-2.0, 0.0, 3.0]]))),
            Case(
                "random 4 x 5 with zeros", (_rng(11).normal(size=(4, 5)), _with_zeros((4, 5), 12))
            ),
        ],
        hints=(
            "ReLU's slope is 1 where its input z > 0 and 0 elsewhere; at exactly 0, "
            "TensorFlow uses 0.",
            "grad_a and z have the same shape; so does the result.",
            "return grad_a * (z > 0)",
        ),
        mistakes={
            "passes the gradient at z == 0: use z > 0, not z >= 0": (
                lambda grad_a, z: grad_a * (z >= 0)
            ),
            "the mask is on the wrong side of zero: pass where z > 0": (
                lambda grad_a, z: grad_a * (z < 0)
            ),
        },
    ),
    Exercise(
        name="dense_backward",
        lesson=4,
        title="A dense layer's backward pass: (grad_x, grad_kernel, grad_bias)",
        reference=F.dense_backward,
        cases=lambda: [
            Case(
                "2 samples, 3 -> 2",
                (
                    np.array([[1.0, -1.0], [0.5, 2.0]]),
                    np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]]),
                    np.arange(6.0).reshape(3, 2),
                ),
            ),
            Case(
                "random 5 samples, 7 -> 4",
                (
                    _rng(13).normal(size=(5, 4)),
                    _rng(14).normal(size=(5, 7)),
                    _rng(15).normal(size=(7, 4)),
                ),
            ),
        ],
        hints=(
            "y = x @ kernel + bias. Each gradient has the shape of the thing it is the "
            "gradient of; the bias is added to every row, so it collects all rows.",
            "grad_y (batch, fan_out), x (batch, fan_in), kernel (fan_in, fan_out): "
            "grad_x (batch, fan_in), grad_kernel (fan_in, fan_out), grad_bias (fan_out,).",
            "return grad_y @ kernel.T, x.T @ grad_y, grad_y.sum(axis=0)",
        ),
        mistakes={
            "the bias gradient averaged over the batch: sum it (axis=0)": _dense_backward_bias_mean,
            "the bias gradient summed over the wrong axis: sum over the batch, axis=0": (
                _dense_backward_bias_axis_1
            ),
            "grad_kernel transposed: it must have the kernel's shape, x.T @ grad_y": (
                _dense_backward_transposed
            ),
        },
    ),
]
