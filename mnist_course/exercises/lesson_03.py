"""Exercises of lesson 3: the forward pass (Glorot's initialisation in its own module)."""

from __future__ import annotations

import numpy as np

from ..numpy_mlp import functional as F
from .core import Case, Exercise, rng
from .dtype_policy import in_float32
from .lesson_03_glorot import GLOROT_UNIFORM


def with_zeros(shape, seed):
    """Random values with some exact zeros, where ReLU's conventions show."""
    values = rng(seed).normal(size=shape)
    values[0, :2] = 0.0
    return values


def _random_dense_inputs():
    return rng(8).normal(size=(5, 7)), rng(9).normal(size=(7, 4)), rng(10).normal(size=4)


def _softmax_no_max(logits):
    exps = np.exp(logits)
    return exps / exps.sum(axis=1, keepdims=True)


def _softmax_wrong_axis(logits):
    shifted = logits - logits.max(axis=0, keepdims=True)
    return np.exp(shifted) / np.exp(shifted).sum(axis=0, keepdims=True)


def _softmax_column_sums(logits):  # the row's maximum, then the columns' sums
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=0, keepdims=True)


def _softmax_global_max(logits):
    exps = np.exp(logits - logits.max())
    return exps / exps.sum(axis=1, keepdims=True)


def _softmax_batch_sum(logits):  # each row's maximum, then one sum over the whole batch
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exps / exps.sum()


EXERCISES = [
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
            Case("random 5 samples, 7 -> 4", _random_dense_inputs()),
            Case(
                "one sample, 4 -> 4 (a square kernel)",
                (rng(20).normal(size=(1, 4)), rng(21).normal(size=(4, 4)), rng(22).normal(size=4)),
            ),
            in_float32(Case("random 5 samples, 7 -> 4", _random_dense_inputs())),
        ],
        hints=(
            "Each output is a weighted sum of all inputs, plus that output's bias.",
            "x (batch, fan_in) @ kernel (fan_in, fan_out) gives (batch, fan_out); the bias "
            "(fan_out,) is added to every row by broadcasting.",
            "return x @ kernel + bias",
        ),
        mistakes={
            "forgot the bias": lambda x, kernel, bias: x @ kernel,
            "transposed the kernel: it is already (fan_in, fan_out), Keras's layout, so "
            "x @ kernel needs no .T (PyTorch stores (fan_out, fan_in))": (
                lambda x, kernel, bias: x @ kernel.T + bias
            ),
            "the bias as a column (reshape(-1, 1)): it has one entry per output, added to "
            "every row as it is, shape (fan_out,)": (
                lambda x, kernel, bias: x @ kernel + bias.reshape(-1, 1)
            ),
        },
    ),
    Exercise(
        name="relu",
        lesson=3,
        title="ReLU: max(z, 0), elementwise",
        reference=F.relu_forward,
        cases=lambda: [
            Case("negatives, zeros and positives", (np.array([[-2.0, 0.0, 3.0]]),)),
            Case("random 4 x 5", (with_zeros((4, 5), 6),)),
            Case("float32", (rng(7).normal(size=(3, 3)).astype(np.float32),)),
            Case("all negative", (-np.arange(1.0, 7.0).reshape(2, 3),)),
        ],
        hints=(
            "Negative numbers become 0; everything else passes unchanged.",
            "Same shape and dtype out as in. Do not change z itself.",
            "return np.maximum(z, 0)",
        ),
        mistakes={
            "absolute value: negative inputs must become 0, not positive": np.abs,
            "returned the mask (z > 0), not the values where it is true": (
                lambda z: (z > 0).astype(z.dtype)
            ),
        },
    ),
    Exercise(
        name="softmax",
        lesson=3,
        title="A numerically stable softmax, row by row",
        reference=F.softmax,
        cases=lambda: [
            Case("small logits", (np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),)),
            Case("random batch of 5 x 10", (rng(1).normal(size=(5, 10)) * 3,)),
            Case("huge logits", (np.array([[1000.0, 0.0, -1000.0], [-800.0, -801.0, -802.0]]),)),
            Case("float32 logits", (rng(2).normal(size=(4, 10)).astype(np.float32),)),
        ],
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
            "divided by each column's sum (axis=0): divide by each row's, so rows sum to 1": (
                _softmax_column_sums
            ),
            "subtracted the maximum of the whole batch: subtract each row's own maximum": (
                _softmax_global_max
            ),
            "divided by one sum over the whole batch: divide each row by its own sum "
            "(axis=1, keepdims=True), so each row sums to 1": _softmax_batch_sum,
        },
    ),
    GLOROT_UNIFORM,
]
