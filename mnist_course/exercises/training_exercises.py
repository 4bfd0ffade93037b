"""Exercises of lessons 4 to 7: checking gradients, optimisers, batches and evaluation."""

from __future__ import annotations

import math

import numpy as np

from .. import config
from .core import Case, Exercise


def central_difference(f, x, h=1e-5):
    """The slope of f at x from one step each side: error of order h**2."""
    return (f(x + h) - f(x - h)) / (2 * h)


def sgd_step(param, grad, learning_rate):
    """One step downhill: a new array, the inputs untouched."""
    return param - learning_rate * grad


def adam_step(
    param,
    grad,
    m,
    v,
    t,
    learning_rate=config.LEARNING_RATE,
    beta_1=config.BETA_1,
    beta_2=config.BETA_2,
    epsilon=config.ADAM_EPSILON,
):
    """Adam's step t (from 1) as Keras writes it; returns new (param, m, v).

    (Keras on TensorFlow also rounds beta_1 and beta_2 to float32 inside the bias
    correction; the library's Adam does that too. This exercise uses the formula.)
    """
    m = m + (grad - m) * (1 - beta_1)
    v = v + (grad * grad - v) * (1 - beta_2)
    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    return param - alpha * m / (np.sqrt(v) + epsilon), m, v


def minibatch_indices(num_samples, batch_size, rng):
    """A new random order of 0..num_samples-1, cut into batches; the last may be smaller."""
    order = rng.permutation(num_samples)
    return [order[start : start + batch_size] for start in range(0, num_samples, batch_size)]


def accuracy(logits, labels):
    """The fraction of samples whose largest logit is at the true class."""
    return float((logits.argmax(axis=1) == labels).mean())


def confusion_matrix(y_true, y_pred, num_classes=config.NUM_CLASSES):
    """counts[i, j]: how many digits of class i were predicted as j (rows are the truth)."""
    counts = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


def _check_batches(got, case):
    num_samples, batch_size, _ = case.args
    if not isinstance(got, list | tuple) or not all(isinstance(b, np.ndarray) for b in got):
        return "expected a list of index arrays"
    total = sum(len(batch) for batch in got)
    if total != num_samples:
        return f"the batches hold {total} indices; expected each of {num_samples} exactly once"
    everything = np.concatenate(got)
    if not np.array_equal(np.sort(everything), np.arange(num_samples)):
        return "some indices repeat or are missing: every sample must appear exactly once"
    sizes = [len(batch) for batch in got]
    if any(size != batch_size for size in sizes[:-1]) or not 0 < sizes[-1] <= batch_size:
        return f"batch sizes {sizes[:3]}...{sizes[-1:]}: all {batch_size} except a smaller last one"
    if np.array_equal(everything, np.arange(num_samples)):
        return "the order is not shuffled: draw a new order with rng.permutation"
    return None


def _step_cases():
    rng = np.random.default_rng(16)
    param, grad = rng.normal(size=(4, 3)), rng.normal(size=(4, 3)) * 1e-3
    m, v = rng.normal(size=(4, 3)) * 1e-4, rng.random((4, 3)) * 1e-7
    return [
        Case(
            "the first step (t = 1) from zero moments",
            (param, grad, np.zeros_like(param), np.zeros_like(param), 1),
        ),
        Case("step t = 50, with moments already built up", (param, grad, m, v, 50)),
    ]


def _adam_no_correction(param, grad, m, v, t, *rest):
    m = m + (grad - m) * (1 - config.BETA_1)
    v = v + (grad * grad - v) * (1 - config.BETA_2)
    return param - config.LEARNING_RATE * m / (np.sqrt(v) + config.ADAM_EPSILON), m, v


def _adam_paper(param, grad, m, v, t, *rest):
    m = config.BETA_1 * m + (1 - config.BETA_1) * grad
    v = config.BETA_2 * v + (1 - config.BETA_2) * grad * grad
    m_hat, v_hat = m / (1 - config.BETA_1**t), v / (1 - config.BETA_2**t)
    return param - config.LEARNING_RATE * m_hat / (np.sqrt(v_hat) + 1e-8), m, v


def _labels(seed, count=200):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 10, count), rng.integers(0, 10, count)


EXERCISES = [
    Exercise(
        name="central_difference",
        lesson=4,
        title="The slope of a function at a point, by central differences",
        reference=central_difference,
        cases=lambda: [
            Case("sin at 1.0", (np.sin, 1.0)),
            Case("x cubed at 2.0", (lambda x: x**3, 2.0)),
        ],
        hints=(
            "Step a little to each side and divide the rise by the run.",
            "f takes and returns a number; so does your function. Use both f(x + h) and f(x - h).",
            "return (f(x + h) - f(x - h)) / (2 * h)",
        ),
        mistakes={
            "a one-sided difference: (f(x + h) - f(x)) / h is only accurate to order h": (
                lambda f, x, h=1e-5: (f(x + h) - f(x)) / h
            )
        },
        rtol=1e-8,
        exact_dtype=False,
    ),
    Exercise(
        name="sgd_step",
        lesson=5,
        title="One step of plain gradient descent",
        reference=sgd_step,
        cases=lambda: [
            Case(
                "a 2 x 2 parameter",
                (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.5, -0.5], [1.0, 0.0]]), 0.1),
            )
        ],
        hints=(
            "The gradient points uphill; step the other way, scaled by the learning rate.",
            "param and grad have the same shape; return a new array of that shape.",
            "return param - learning_rate * grad",
        ),
        mistakes={"stepped uphill: subtract the gradient": lambda p, g, lr: p + lr * g},
    ),
    Exercise(
        name="adam_step",
        lesson=5,
        title="One Adam step, Keras's way: (param, m, v) after step t",
        reference=adam_step,
        cases=_step_cases,
        hints=(
            "Update the running means m (of gradients) and v (of squared gradients), then "
            "step by m / (sqrt(v) + epsilon), scaled by a step size that corrects both "
            "means for starting at zero.",
            "Keras: alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t), epsilon added to "
            "sqrt(v) outside the square root. Return (param, m, v), all new arrays.",
            "m = m + (grad - m) * (1 - beta_1); v = v + (grad * grad - v) * (1 - beta_2); "
            "alpha = ...; return param - alpha * m / (np.sqrt(v) + epsilon), m, v",
        ),
        mistakes={
            "Adam without bias correction: scale by sqrt(1 - beta_2**t) / (1 - beta_1**t)": (
                _adam_no_correction
            ),
            "the paper's epsilon (1e-8, on the corrected v); Keras adds 1e-7 to sqrt(v) itself": (
                _adam_paper
            ),
        },
        rtol=1e-10,
    ),
    Exercise(
        name="minibatch_indices",
        lesson=6,
        title="Shuffle the samples and cut them into mini-batches",
        reference=minibatch_indices,
        cases=lambda: [
            Case("10 samples in batches of 3", (10, 3, np.random.default_rng(0))),
            Case("MNIST's 54,000 in batches of 32", (54_000, 32, np.random.default_rng(1))),
        ],
        hints=(
            "Draw a random order of all sample indices, then take consecutive slices.",
            "Return a list of 1-D integer arrays: batch_size each, the last one possibly "
            "smaller; together every index exactly once.",
            "order = rng.permutation(num_samples); "
            "return [order[i : i + batch_size] for i in range(0, num_samples, batch_size)]",
        ),
        mistakes={
            "not shuffled: a network fed the same order every epoch learns worse": (
                lambda n, b, rng: [np.arange(n)[i : i + b] for i in range(0, n, b)]
            ),
            "dropped the last, smaller batch: those samples are never trained on": (
                lambda n, b, rng: [rng.permutation(n)[i : i + b] for i in range(0, n - b + 1, b)]
            ),
        },
        validate=_check_batches,
    ),
    Exercise(
        name="accuracy",
        lesson=6,
        title="Accuracy: the fraction of samples classified correctly",
        reference=accuracy,
        cases=lambda: [
            Case(
                "3 samples, 2 right",
                (np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 0.0]]), np.array([0, 1, 1])),
            ),
            Case(
                "random batch of 50",
                (
                    np.random.default_rng(17).normal(size=(50, 10)),
                    np.random.default_rng(18).integers(0, 10, 50),
                ),
            ),
        ],
        hints=(
            "The predicted class is the one with the largest logit (or probability).",
            "logits (batch, classes) -> predictions (batch,) with argmax over axis=1; "
            "compare with labels and average.",
            "return float((logits.argmax(axis=1) == labels).mean())",
        ),
        mistakes={
            "returned the count of correct samples, not the fraction": (
                lambda logits, labels: float((logits.argmax(axis=1) == labels).sum())
            ),
        },
        exact_dtype=False,
    ),
    Exercise(
        name="confusion_matrix",
        lesson=7,
        title="A confusion matrix: rows are the true digits, columns the predictions",
        reference=confusion_matrix,
        cases=lambda: [
            Case("4 samples", (np.array([0, 1, 2, 2]), np.array([0, 2, 2, 1]), 3)),
            Case("200 random labels", (*_labels(19), 10)),
        ],
        hints=(
            "Count how often each (true, predicted) pair occurs.",
            "A (num_classes, num_classes) integer array; counts[true, predicted] += 1 per "
            "sample. scikit-learn's confusion_matrix uses the same convention.",
            "counts = np.zeros((num_classes, num_classes), int); "
            "np.add.at(counts, (y_true, y_pred), 1); return counts",
        ),
        mistakes={
            "transposed: rows must be the true classes, columns the predictions": (
                lambda t, p, n=10: confusion_matrix(p, t, n)
            ),
        },
        exact_dtype=False,
    ),
]
