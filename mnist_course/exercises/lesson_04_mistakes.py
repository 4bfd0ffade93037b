"""Lesson 4's fingerprints of typical mistakes in the loss and the backward passes."""

from __future__ import annotations

import numpy as np

from ..numpy_mlp import functional as F


def _rows(labels):
    return np.arange(len(labels))


def _log_of_softmax(logits, labels):
    """log(softmax) with the maximum subtracted: exact until a probability underflows to 0."""
    probabilities = F.softmax(logits)
    return float(-np.log(probabilities[_rows(labels), labels]).mean())


def _naive(logits, labels):
    exps = np.exp(logits)
    return float(-np.log((exps / exps.sum(axis=1, keepdims=True))[_rows(labels), labels]).mean())


def _column_indexing(logits, labels):
    return float(-F.log_softmax(logits)[:, labels].mean())


CROSS_ENTROPY_MISTAKES = {
    "summed over the batch: the loss is the mean": (
        lambda logits, labels: F.cross_entropy(logits, labels) * len(labels)
    ),
    "log of a softmax without the maximum subtracted: exp overflows": _naive,
    "log(softmax): for confident, wrong logits the true class's probability underflows "
    "to 0 and log(0) is -inf; use log-softmax = shifted - log(sum(exp(shifted)))": (
        _log_of_softmax
    ),
    "the sign is flipped: the loss is MINUS the mean log-probability": (
        lambda logits, labels: -F.cross_entropy(logits, labels)
    ),
    "indexed p[:, labels] (every row at every label): use p[np.arange(n), labels]": (
        _column_indexing
    ),
}


def _backward_columns(logits, labels):
    grad = F.softmax(logits)
    grad[:, labels] -= 1
    return grad / len(labels)


CROSS_ENTROPY_BACKWARD_MISTAKES = {
    "not divided by the batch size: the loss is the batch *mean*": (
        lambda logits, labels: F.cross_entropy_backward(logits, labels) * len(labels)
    ),
    "forgot to subtract 1 at the true class (the one-hot labels)": (
        lambda logits, labels: F.softmax(logits) / len(labels)
    ),
    "the sign is flipped: the gradient is probabilities MINUS one-hot labels": (
        lambda logits, labels: -F.cross_entropy_backward(logits, labels)
    ),
    "indexed grad[:, labels] (whole columns): use grad[np.arange(n), labels]": _backward_columns,
}


def _bias_mean(grad_y, x, kernel):
    grad_x, grad_kernel, _ = F.dense_backward(grad_y, x, kernel)
    return grad_x, grad_kernel, grad_y.mean(axis=0)


def _bias_axis_1(grad_y, x, kernel):
    grad_x, grad_kernel, _ = F.dense_backward(grad_y, x, kernel)
    return grad_x, grad_kernel, grad_y.sum(axis=1)


def _kernel_transposed(grad_y, x, kernel):
    grad_x, _, grad_bias = F.dense_backward(grad_y, x, kernel)
    return grad_x, grad_y.T @ x, grad_bias


DENSE_BACKWARD_MISTAKES = {
    "the bias gradient averaged over the batch: sum it (axis=0)": _bias_mean,
    "the bias gradient summed over the wrong axis: sum over the batch, axis=0": _bias_axis_1,
    "grad_kernel transposed: it must have the kernel's shape, x.T @ grad_y": _kernel_transposed,
}
