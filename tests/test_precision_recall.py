"""Precision and recall per class, from a confusion matrix (lesson 7)."""

from __future__ import annotations

import numpy as np

from mnist_course.numpy_mlp.metrics import confusion_matrix, precision_recall


def test_precision_recall_agrees_with_scikit_learn():
    from sklearn.metrics import precision_score, recall_score

    rng = np.random.default_rng(5)
    y_true, y_pred = rng.integers(0, 6, 200), rng.integers(0, 5, 200)  # class 5 never predicted
    precision, recall = precision_recall(confusion_matrix(y_true, y_pred, 6))
    labels = list(range(6))
    options = {"labels": labels, "average": None, "zero_division": 0}
    assert np.allclose(precision, precision_score(y_true, y_pred, **options))
    assert np.allclose(recall, recall_score(y_true, y_pred, **options))
    assert precision[5] == 0
