"""How well a classifier does: accuracy, the confusion matrix, precision and recall."""

from __future__ import annotations

import numpy as np

from .. import config


def accuracy(logits: np.ndarray, labels: np.ndarray) -> float:
    """The fraction of samples whose largest logit (or probability) is at the true class."""
    return float((logits.argmax(axis=1) == labels).mean())


def confusion_matrix(
    y_true: np.ndarray, y_pred: np.ndarray, num_classes: int = config.NUM_CLASSES
) -> np.ndarray:
    """counts[i, j]: how many samples of class i were predicted as j (rows are the truth).

    scikit-learn's convention; ``np.add.at`` counts a repeated (i, j) pair every time.
    """
    counts = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


def precision_recall(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per class, from a confusion matrix (rows the truth): (precision, recall), float64.

    precision[k]: of the samples predicted k, the share that are k (column k);
    recall[k]: of the samples of class k, the share predicted k (row k). A class never
    predicted has precision 0, a class absent recall 0 (scikit-learn's zero_division=0).
    """
    correct = np.diag(counts).astype(np.float64)
    predicted, actual = counts.sum(axis=0), counts.sum(axis=1)
    precision = np.divide(correct, predicted, out=np.zeros_like(correct), where=predicted > 0)
    recall = np.divide(correct, actual, out=np.zeros_like(correct), where=actual > 0)
    return precision, recall
