"""Exercises of lesson 7: evaluation."""

from __future__ import annotations

import numpy as np

from ..numpy_mlp.metrics import confusion_matrix, precision_recall
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


def _counts(seed, classes=10, missing_prediction=None, missing_class=None):
    """A confusion matrix of random labels, optionally with a class never predicted/absent."""
    y_true, y_pred = _labels(seed, 300, classes)
    if missing_prediction is not None:
        y_pred = np.where(y_pred == missing_prediction, (missing_prediction + 1) % classes, y_pred)
    if missing_class is not None:
        y_true = np.where(y_true == missing_class, (missing_class + 2) % classes, y_true)
    return confusion_matrix(y_true, y_pred, classes)


def _divided(counts, axis_of_precision, floor=False, zero=False):
    correct = np.diag(counts)
    predicted, actual = counts.sum(axis=axis_of_precision), counts.sum(axis=1 - axis_of_precision)
    if floor:
        return correct // np.maximum(predicted, 1), correct // np.maximum(actual, 1)
    if zero:  # 0 / 0 as 0, as the exercise asks
        return correct / np.maximum(predicted, 1), correct / np.maximum(actual, 1)
    with np.errstate(all="ignore"):
        return correct / predicted, correct / actual


EXERCISES.append(
    Exercise(
        name="precision_recall",
        lesson=7,
        title="Precision and recall of every class, from a confusion matrix",
        reference=precision_recall,
        cases=lambda: [
            Case("3 classes, by hand", (np.array([[5, 1, 0], [2, 3, 1], [0, 0, 4]]),)),
            Case("10 classes, 300 random labels", (_counts(22),)),
            Case("10 classes, digit 3 never predicted (precision 0)", (_counts(23, 10, 3),)),
            Case("4 classes, class 1 absent (recall 0)", (_counts(24, 4, None, 1),)),
        ],
        hints=(
            "Precision of k: of everything predicted k (column k), the share that was k. "
            "Recall of k: of every real k (row k), the share predicted k. Both use the "
            "diagonal counts[k, k].",
            "Return two float arrays of length num_classes: (precision, recall). Where a "
            "column or row sums to 0, the share is 0 (nothing predicted, nothing to find).",
            "correct = np.diag(counts); predicted = counts.sum(axis=0); actual = "
            "counts.sum(axis=1); precision = np.where(predicted > 0, correct / "
            "np.maximum(predicted, 1), 0.0); the same for recall with actual",
        ),
        mistakes={
            "precision and recall swapped: precision divides by the column (what was "
            "predicted), recall by the row (what was true)": lambda counts: _divided(
                counts, 1, zero=True
            ),
            "precision and recall swapped (precision divides by the column sum, recall by "
            "the row sum); and where a sum is 0 the share is 0, not NaN": lambda counts: _divided(
                counts, 1
            ),
            "0 / 0 left as NaN: a class never predicted (or absent) gets 0": lambda counts: (
                _divided(counts, 0)
            ),
            "recall's 0 / 0 left as NaN: a class absent from the labels gets recall 0, as "
            "precision's 0 / 0 already does": lambda counts: (
                _divided(counts, 0, zero=True)[0],
                _divided(counts, 0)[1],
            ),
            "precision's 0 / 0 left as NaN: a class never predicted gets precision 0, as "
            "recall's 0 / 0 already does": lambda counts: (
                _divided(counts, 0)[0],
                _divided(counts, 0, zero=True)[1],
            ),
            "integer division (//) floors every share to 0 or 1: divide with /": lambda counts: (
                _divided(counts, 0, floor=True)
            ),
        },
    )
)


def never_inked(images):
    """(28, 28) booleans: True where the pixel is 0 in every image."""
    return (np.asarray(images) == 0).all(axis=0)


def _sparse_images(seed, count=20, dtype=np.uint8):
    """Digits-like images: ink in a random blob, so some pixels are never inked."""
    generator = rng(seed)
    images = np.zeros((count, 28, 28), dtype)
    for image in images:
        top, left = generator.integers(2, 14, 2)
        image[top : top + 12, left : left + 10] = generator.integers(0, 256, (12, 10))
    return images


def _faint(seed):
    images = _sparse_images(seed, 10)
    images[3, 0, 0] = 1  # one faint pixel in a corner: still ink
    return images


EXERCISES.append(
    Exercise(
        name="never_inked",
        lesson=7,
        title="The pixels that are 0 in every image: their weights never learn",
        reference=never_inked,
        cases=lambda: [
            Case("20 uint8 digits with ink in a blob each", (_sparse_images(41),)),
            Case("10 digits, one faint pixel (value 1) in a corner", (_faint(42),)),
            Case("scaled float32 digits", (_sparse_images(43, 15).astype(np.float32) / 255,)),
            Case("a single blank image: every pixel blank", (np.zeros((1, 28, 28), np.uint8),)),
        ],
        hints=(
            "A pixel never learns when it is 0 in every image: check each pixel across the "
            "images (axis 0), not each image across its pixels.",
            "In: (N, 28, 28) images. Out: a (28, 28) boolean array, True where the pixel is "
            "0 in all N images.",
            "(images == 0).all(axis=0)",
        ),
        mistakes={
            "True where the pixel is 0 in some image (.any(axis=0), or min == 0), not in "
            "every one: .all, or max == 0": (lambda images: (np.asarray(images) == 0).any(axis=0)),
            "one answer per image, not per pixel: reduce over the images (axis 0)": (
                lambda images: (np.asarray(images) == 0).all(axis=(1, 2))
            ),
            "the mean over the images counts how often, not whether: compare it with 0": (
                lambda images: np.asarray(images, np.float64).mean(axis=0)
            ),
        },
    )
)


def _fancy_increment(y_true, y_pred, num_classes):
    counts = np.zeros((num_classes, num_classes), dtype=np.int64)
    counts[y_true, y_pred] += 1
    return counts
