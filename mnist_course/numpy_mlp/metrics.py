"""How well a classifier does: accuracy and the confusion matrix."""

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
