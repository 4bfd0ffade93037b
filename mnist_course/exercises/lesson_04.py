"""Exercises of lesson 4: the loss, backpropagation, and checking gradients."""

from __future__ import annotations

import numpy as np

from ..gradcheck import central_difference
from ..numpy_mlp import functional as F
from .core import Case, Exercise, platform_labels, rng
from .dtype_policy import in_float32
from .lesson_03 import with_zeros
from .lesson_04_backward import EXERCISE as BACKWARD
from .lesson_04_gradcheck import EXERCISE as NUMERICAL_GRADIENT_AT
from .lesson_04_mistakes import (
    CROSS_ENTROPY_BACKWARD_MISTAKES,
    CROSS_ENTROPY_MISTAKES,
    DENSE_BACKWARD_MISTAKES,
)


def _loss_cases():
    return [
        Case("3 samples, 4 classes", (rng(3).normal(size=(3, 4)), platform_labels([0, 3, 1]))),
        Case(
            "random batch of 8 x 10",
            (rng(4).normal(size=(8, 10)) * 3, platform_labels(rng(5).integers(0, 10, 8))),
        ),
        Case("one huge logit", (np.array([[1000.0, 0.0], [0.0, 1000.0]]), platform_labels([0, 0]))),
        Case("confident and wrong", (np.array([[500.0, 0.0, -500.0]]), platform_labels([2]))),
        in_float32(
            Case(
                "random batch of 8 x 10",
                (rng(4).normal(size=(8, 10)) * 3, platform_labels(rng(5).integers(0, 10, 8))),
            )
        ),
    ]


EXERCISES = [
    Exercise(
        name="central_difference",
        lesson=4,
        title="The slope of a function at a point, by central differences",
        reference=central_difference,
        cases=lambda: [
            Case("sin at 1.0", (np.sin, 1.0)),
            Case("x cubed at 2.0", (lambda x: x**3, 2.0)),
            Case("x cubed at 2.0 with a step h = 0.001", (lambda x: x**3, 2.0, 1e-3)),
            Case("exp at -1.0 with a step h = 0.01", (np.exp, -1.0, 1e-2)),
            # A step this large tells a fixed step inside (exact here) from a
            # higher-order formula (off by h**4 / 30) and from the lesson's (off by h**2 / 6).
            Case("exp at 0.0 with a large step h = 0.5", (np.exp, 0.0, 0.5)),
        ],
        hints=(
            "Step a little to each side and divide the rise by the run.",
            "f takes and returns a number; so does your function. Use both f(x + h) and f(x - h).",
            "return (f(x + h) - f(x - h)) / (2 * h)",
        ),
        mistakes={
            "a one-sided difference: (f(x + h) - f(x)) / h is only accurate to order h": (
                lambda f, x, h=1e-5: (f(x + h) - f(x)) / h
            ),
            "a higher-order formula (the five-point stencil): a fine estimate, but this "
            "exercise is the lesson's central difference, (f(x + h) - f(x - h)) / (2h), "
            "whose error of order h**2 the lesson measures": (
                lambda f, x, h=1e-5: (
                    (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)
                )
            ),
            "ignored the step h it was given (a fixed step inside the function)": (
                lambda f, x, h=1e-5: central_difference(f, x)
            ),
            "divided by h where 2h belongs: the run from x - h to x + h is 2h, so the "
            "estimate comes out twice the slope": (lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h),
            "stepped h / 2 to each side: the lesson's central difference steps a whole h to "
            "each side, (f(x + h) - f(x - h)) / (2h)": (
                lambda f, x, h=1e-5: (f(x + h / 2) - f(x - h / 2)) / h
            ),
        },
        rtol=1e-8,
        exact_dtype=False,
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
        mistakes=CROSS_ENTROPY_MISTAKES,
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
            "Out: same shape as logits, (batch, classes). The setup cell defines softmax.",
            "grad = softmax(logits); grad[np.arange(len(labels)), labels] -= 1; "
            "return grad / len(labels)",
        ),
        mistakes=CROSS_ENTROPY_BACKWARD_MISTAKES,
    ),
    Exercise(
        name="relu_backward",
        lesson=4,
        title="ReLU's backward pass: let the gradient through where the input was positive",
        reference=F.relu_backward,
        cases=lambda: [
            Case(
                "negatives, zeros and positives",
                (np.array([[0.5, -1.5, 2.0]]), np.array([[-2.0, 0.0, 3.0]])),
            ),
            Case("random 4 x 5 with zeros", (rng(11).normal(size=(4, 5)), with_zeros((4, 5), 12))),
            Case(
                "float32",
                (
                    rng(23).normal(size=(2, 3)).astype(np.float32),
                    rng(24).normal(size=(2, 3)).astype(np.float32),
                ),
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
            "returned the mask (z > 0) without multiplying the incoming gradient by it": (
                lambda grad_a, z: (z > 0).astype(grad_a.dtype)
            ),
            "applied ReLU to the gradient (np.maximum(grad_a, 0)): the mask comes from z": (
                lambda grad_a, z: np.maximum(grad_a, 0)
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
                    rng(13).normal(size=(5, 4)),
                    rng(14).normal(size=(5, 7)),
                    rng(15).normal(size=(7, 4)),
                ),
            ),
            Case(
                "3 samples, 3 -> 3 (a square kernel)",
                (
                    rng(25).normal(size=(3, 3)),
                    rng(26).normal(size=(3, 3)),
                    rng(27).normal(size=(3, 3)),
                ),
            ),
            in_float32(
                Case(
                    "random 5 samples, 7 -> 4",
                    (
                        rng(13).normal(size=(5, 4)),
                        rng(14).normal(size=(5, 7)),
                        rng(15).normal(size=(7, 4)),
                    ),
                )
            ),
        ],
        hints=(
            "y = x @ kernel + bias. Each gradient has the shape of the thing it is the "
            "gradient of; the bias is added to every row, so it collects all rows.",
            "grad_y (batch, fan_out), x (batch, fan_in), kernel (fan_in, fan_out): "
            "grad_x (batch, fan_in), grad_kernel (fan_in, fan_out), grad_bias (fan_out,).",
            "return grad_y @ kernel.T, x.T @ grad_y, grad_y.sum(axis=0)",
        ),
        mistakes=DENSE_BACKWARD_MISTAKES,
    ),
    BACKWARD,
    NUMERICAL_GRADIENT_AT,
]
