"""Exercises of lesson 7: evaluation."""

from __future__ import annotations

import numpy as np

from ..numpy_mlp.metrics import confusion_matrix
from .core import Case, Exercise, platform_labels, rng


def _labels(seed, count=200, classes=10):
    generator = rng(seed)
    return (
        platform_labels(generator.integers(0, classes, count)),
        platform_labels(generator.integers(0, classes, count)),
    )


def _sized_from_labels(y_true, y_pred, num_classes=10):
    size = int(max(y_true.max(), y_pred.max())) + 1
    return confusion_matrix(y_true, y_pred, size)


EXERCISES = [
    Exercise(
        name="confusion_matrix",
        lesson=7,
        title="A confusion matrix: rows are the true digits, columns the predictions",
        reference=confusion_matrix,
        cases=lambda: [
            Case(
                "4 samples, num_classes=3",
                (platform_labels([0, 1, 2, 2]), platform_labels([0, 2, 2, 1]), 3),
            ),
            Case("200 random labels, num_classes=10", (*_labels(19), 10)),
            Case("labels 0 to 6 only, num_classes=10 (rows 7-9 stay 0)", (*_labels(20, 30, 7), 10)),
            Case("default num_classes, no 8s or 9s", _labels(21, 40, 8)),
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
            "sized from the labels (labels.max() + 1): use num_classes; a class may be missing": (
                _sized_from_labels
            ),
            "counts[y_true, y_pred] += 1 counts a repeated pair once: use np.add.at or a loop": (
                lambda t, p, n=10: _fancy_increment(t, p, n)
            ),
        },
        exact_dtype=False,
    ),
]


def _fancy_increment(y_true, y_pred, num_classes):
    counts = np.zeros((num_classes, num_classes), dtype=np.int64)
    counts[y_true, y_pred] += 1
    return counts
