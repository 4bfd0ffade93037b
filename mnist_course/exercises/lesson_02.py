"""Exercises of lesson 2: the Keras model."""

from __future__ import annotations

import itertools
import math

import numpy as np

from .. import config
from .core import Case, Exercise, rng


def steps_per_epoch(num_samples, batch_size):
    """Keras's steps in one epoch: every full batch, then the partial rest (if any)."""
    return math.ceil(num_samples / batch_size)


def lowest_epoch(val_losses):
    """The epoch (counted from 1) of the lowest validation loss; the first if tied."""
    return int(np.argmin(val_losses)) + 1


def most_confused(counts):
    """(true digit, predicted digit) of the largest off-diagonal cell of a confusion
    matrix; the first in reading order if several tie."""
    counts = np.asarray(counts)
    mistakes = counts - np.diag(np.diag(counts))
    row, column = np.unravel_index(int(mistakes.argmax()), mistakes.shape)
    return int(row), int(column)


def _confusions(seed, classes=10, diagonal=900):
    counts = rng(seed).integers(0, 30, (classes, classes))
    np.fill_diagonal(counts, diagonal)
    return counts


EXERCISES = [
    Exercise(
        name="count_parameters",
        lesson=2,
        title="Count the weights and biases of a chain of dense layers",
        reference=config.count_parameters,
        cases=lambda: [
            Case("the course's network 784-32-16-8-10", (config.LAYER_SIZES,)),
            Case("a single layer 3 -> 2", ((3, 2),)),
            Case("a wider network 784-128-10", ((784, 128, 10),)),
            Case("sizes given as a list, 2-3-4", ([2, 3, 4],)),
            Case("just an input layer: no dense layers at all", ((784,),)),
        ],
        hints=(
            "A dense layer from n inputs to m outputs has an n x m kernel and m biases.",
            "For sizes (784, 32, 16, 8, 10) there are four layers: 784->32, 32->16, ...",
            "sum((n + 1) * m for n, m in zip(layer_sizes, layer_sizes[1:]))",
        ),
        mistakes={
            "forgot the biases: each layer also has one bias per output": (
                lambda sizes: sum(n * m for n, m in itertools.pairwise(sizes))
            ),
            "one bias per input instead of per output": (
                lambda sizes: sum((n * m) + n for n, m in itertools.pairwise(sizes))
            ),
        },
        exact_dtype=False,
    ),
    Exercise(
        name="steps_per_epoch",
        lesson=2,
        title="How many steps one epoch takes, the partial last batch included",
        reference=steps_per_epoch,
        cases=lambda: [
            Case("54,000 images in batches of 32 (the course's epoch)", (54_000, 32)),
            Case("64 images in batches of 32: two full batches", (64, 32)),
            Case("65 images in batches of 32: one image over", (65, 32)),
            Case("10 images in batches of 32: fewer than one batch", (10, 32)),
            Case("54,000 images in batches of 128", (54_000, 128)),
        ],
        hints=(
            "Every batch holds batch_size images except perhaps the last, which holds the "
            "rest; Keras trains on that partial batch too.",
            "Two whole numbers in, one whole number out: 54,000 images in batches of 32 "
            "make 1,687 full batches and one of 16.",
            "math.ceil(num_samples / batch_size), or -(-num_samples // batch_size)",
        ),
        mistakes={
            "num_samples // batch_size leaves out the partial last batch; Keras trains on "
            "it (one more step)": lambda n, b: n // b,
            "num_samples / batch_size is not a whole number of steps: round up": (
                lambda n, b: n / b
            ),
            "n // batch_size + 1 counts a step too many when the batches come out even": (
                lambda n, b: n // b + 1
            ),
        },
        exact_dtype=False,
    ),
    Exercise(
        name="lowest_epoch",
        lesson=2,
        title="The epoch of the lowest validation loss, counted from 1",
        reference=lowest_epoch,
        cases=lambda: [
            Case("falling, then rising", ([0.5, 0.3, 0.25, 0.27, 0.31],)),
            Case("still falling at the end", ([0.9, 0.6, 0.4, 0.35],)),
            Case("lowest at the first epoch", ([0.2, 0.3, 0.4],)),
            Case("a tie: the first epoch that reaches it", ([0.4, 0.3, 0.35, 0.3],)),
            Case(
                "a NumPy array of 10 epochs",
                (np.array([0.3, 0.2, 0.15, 0.14, 0.13, 0.125, 0.128, 0.124, 0.126, 0.13]),),
            ),
        ],
        hints=(
            "Find where the list is smallest; epochs are numbered from 1, list positions from 0.",
            "A list (or array) of floats in, one whole number from 1 to len(val_losses) out.",
            "int(np.argmin(val_losses)) + 1",
        ),
        mistakes={
            "counted from 0: epochs count from 1 (add 1 to the position)": (
                lambda losses: int(np.argmin(losses))
            ),
            "the highest loss: argmax where argmin belongs": (
                lambda losses: int(np.argmax(losses)) + 1
            ),
            "the last of tied epochs (<= where < belongs): the first to reach it counts": (
                lambda losses: len(losses) - int(np.argmin(np.asarray(losses)[::-1]))
            ),
        },
        exact_dtype=False,
    ),
    Exercise(
        name="most_confused",
        lesson=2,
        title="The most frequent mistake in a confusion matrix: (true digit, predicted)",
        reference=most_confused,
        cases=lambda: [
            Case("3 classes, by hand", (np.array([[50, 2, 7], [1, 40, 0], [3, 9, 45]]),)),
            Case("10 classes, random mistakes", (_confusions(31),)),
            Case("10 classes, other random mistakes", (_confusions(32),)),
            Case(
                "a weak class: its diagonal is below some mistakes",
                (np.array([[5, 9, 1], [2, 60, 3], [4, 8, 70]]),),
            ),
        ],
        hints=(
            "The diagonal counts right answers; a mistake is any other cell. Row i is the "
            "true digit i, column j what the network called it.",
            "A (classes, classes) array of counts in; a pair of ints (row, column) out.",
            "mistakes = counts - np.diag(np.diag(counts)); then np.unravel_index of its "
            "argmax, as two ints",
        ),
        mistakes={
            "the diagonal counted as a mistake: zero it first (it holds right answers)": (
                lambda counts: _largest(np.asarray(counts))
            ),
            "(predicted, true) swapped: row i is the true digit, column j the prediction": (
                lambda counts: most_confused(counts)[::-1]
            ),
            "a position in the flattened matrix: np.unravel_index turns it into (row, column)": (
                lambda counts: int((np.asarray(counts) - np.diag(np.diag(counts))).argmax())
            ),
        },
        exact_dtype=False,
    ),
]


def _largest(counts):
    row, column = np.unravel_index(int(counts.argmax()), counts.shape)
    return int(row), int(column)
