"""The learner's weights: none until saved, read back as saved, refused if mis-shaped."""

from __future__ import annotations

import numpy as np

from mnist_course.learner_weights import load_learner_weights, save_learner_weights
from mnist_course.numpy_mlp import MLP
from mnist_course.numpy_mlp.metrics import confusion_matrix, precision_recall


def test_none_until_saved_then_the_same_weights(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_COURSE_CACHE_DIR", str(tmp_path))
    assert load_learner_weights() is None
    weights = MLP(seed=4).get_weights()
    save_learner_weights(weights)
    loaded = load_learner_weights()
    assert len(loaded) == len(weights)
    assert all(np.array_equal(a, b) for a, b in zip(loaded, weights, strict=True))
    save_learner_weights(weights[:2])  # an older, different network: counts as none
    assert load_learner_weights() is None


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
