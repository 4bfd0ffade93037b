"""Exercises of lesson 6: the training loop."""

from __future__ import annotations

import copy

import numpy as np

from ..numpy_mlp.batches import batches_of, minibatch_indices
from ..numpy_mlp.metrics import accuracy
from .core import Case, Exercise, ignores_generator, platform_labels, rng
from .lesson_06_fit import EXERCISE as FIT
from .lesson_06_train_step_check import EXERCISE as TRAIN_STEP


def _layout_problem(got, num_samples, batch_size):
    if not isinstance(got, list | tuple) or not all(
        isinstance(batch, np.ndarray) and batch.ndim == 1 for batch in got
    ):
        return "expected a list of 1-D NumPy arrays of indices"
    if any(batch.dtype.kind not in "iu" for batch in got):
        return "the batches must hold integer indices (rng.permutation gives them)"
    sizes = [len(batch) for batch in got]
    if 0 in sizes:
        return f"an empty batch (batch sizes {_sizes(sizes)}): stop at num_samples"
    everything = np.concatenate(got)
    if len(everything) != num_samples or not np.array_equal(
        np.sort(everything), np.arange(num_samples)
    ):
        return "some indices repeat or are missing: every sample must appear exactly once"
    if any(size != batch_size for size in sizes[:-1]) or sizes[-1] > batch_size:
        full, rest = divmod(num_samples, batch_size)
        expected = [batch_size] * full + ([rest] if rest else [])
        near_equal = [len(part) for part in np.array_split(np.arange(num_samples), len(sizes))]
        return (
            f"batch sizes {_sizes(sizes)}, expected {_sizes(expected)}: every batch holds "
            f"batch_size = {batch_size} samples except the last, which holds what is left"
        ) + (
            "\n  likely:   near-equal batches (np.array_split): slice order[i:i + batch_size]"
            if sizes == near_equal
            else ""
        )
    return None


def _sizes(sizes: list[int]) -> str:
    """A list of batch sizes, whole when short, else its ends."""
    if len(sizes) <= 8:
        return str(sizes)
    return (
        f"[{', '.join(map(str, sizes[:3]))}, ..., {', '.join(map(str, sizes[-2:]))}] ({len(sizes)})"
    )


def _check_batches(got, case, call):
    num_samples, batch_size, generator = case.args
    problem = _layout_problem(got, num_samples, batch_size)
    if problem or num_samples < 10:  # too few samples for the randomness checks below
        return problem
    order = np.concatenate(got)
    if np.array_equal(order, np.arange(num_samples)):
        return "the order is not shuffled: draw a new order with rng.permutation"
    problem = ignores_generator(
        lambda *args: np.concatenate(call(*args)),
        case.args,
        order,
        draws="rng.permutation",
        what="order",
    )
    if problem:
        return problem
    shared = copy.deepcopy(generator)
    first, second = (call(num_samples, batch_size, shared) for _ in range(2))
    if np.array_equal(np.concatenate(first), np.concatenate(second)):
        return "the same order on every call (every epoch): draw a new one from rng each time"
    if {frozenset(b.tolist()) for b in first} == {frozenset(b.tolist()) for b in second}:
        return "the batches hold the same samples every epoch: shuffle the samples, not the batches"
    return None


def _accuracy_cases():
    logits = rng(17).normal(size=(50, 10))
    return [
        Case(
            "3 samples, 2 right",
            (np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 0.0]]), platform_labels([0, 1, 1])),
        ),
        Case("random batch of 50", (logits, platform_labels(rng(18).integers(0, 10, 50)))),
        Case("all 50 right", (logits, platform_labels(logits.argmax(axis=1)))),
        Case("one sample, wrong", (np.array([[0.1, 0.9, 0.0]]), platform_labels([2]))),
        # A network initialised at zero gives every class the same logit: argmax predicts
        # the first class, so only the samples of class 0 are right.
        Case("all logits equal (ties)", (np.zeros((4, 3)), platform_labels([0, 1, 2, 1]))),
    ]


EXERCISES = [
    Exercise(
        name="minibatch_indices",
        lesson=6,
        title="Shuffle the samples and cut them into mini-batches",
        reference=minibatch_indices,
        cases=lambda: [
            Case("10 samples in batches of 3", (10, 3, rng(0))),
            Case("MNIST's 54,000 in batches of 32", (54_000, 32, rng(1))),
            Case("12 samples in batches of 3 (no smaller last batch)", (12, 3, rng(2))),
            Case("5 samples in batches of 8 (one batch)", (5, 8, rng(3))),
        ],
        hints=(
            "Draw a random order of all sample indices, then take consecutive slices.",
            "Return a list of 1-D integer arrays: batch_size each, the last one possibly "
            "smaller; together every index exactly once.",
            "order = rng.permutation(num_samples); "
            "return [order[i : i + batch_size] for i in range(0, num_samples, batch_size)]",
        ),
        mistakes={
            "not shuffled: Keras's fit(shuffle=True), and this exercise, draw a new random "
            "order every epoch": (lambda n, b, rng: batches_of(np.arange(n), b)),
            "dropped the last, smaller batch: those samples are never trained on": (
                lambda n, b, rng: batches_of(rng.permutation(n), b)[: n // b]
            ),
        },
        validate=_check_batches,
    ),
    Exercise(
        name="accuracy",
        lesson=6,
        title="Accuracy: the fraction of samples classified correctly",
        reference=accuracy,
        cases=_accuracy_cases,
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
            "counted a tie for the largest logit as right: the prediction is one class, "
            "argmax (the first of equal largest logits)": (
                lambda logits, labels: float(
                    (logits[np.arange(len(labels)), labels] == logits.max(axis=1)).mean()
                )
            ),
            "a percentage (0 to 100): accuracy is the fraction right, 0 to 1, as Keras "
            "reports it": (
                lambda logits, labels: 100 * float((logits.argmax(axis=1) == labels).mean())
            ),
            "rounded or truncated the fraction to a whole number": (
                lambda logits, labels: float(round((logits.argmax(axis=1) == labels).mean()))
            ),
            "argmax over axis 0, the batch: one prediction per class; the classes are axis 1": (
                lambda logits, labels: float((logits.argmax(axis=0) == labels).mean())
            ),
        },
        exact_dtype=False,
    ),
    TRAIN_STEP,
    FIT,
]
