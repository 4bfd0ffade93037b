"""Lesson 8's variants: their sizes, and a re-initialised model trains like a fresh one."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_course import config
from mnist_course.data import load_subset, scale_pixels

variants = pytest.importorskip("mnist_course.variants")
keras_mlp = pytest.importorskip("mnist_course.keras_mlp")

pytestmark = pytest.mark.keras


def test_parameter_counts_are_those_derived_in_lesson_8():
    counts = {name: variants.build_variant(name).count_params() for name in variants.VARIANTS}
    batch_norm = 4 * sum(config.HIDDEN_UNITS)  # gamma, beta and two running averages per unit
    cnn = 8 * 10 + 16 * (9 * 8 + 1) + (5 * 5 * 16 + 1) * 32 + 33 * 10
    assert counts == {
        "original MLP": config.NUM_PARAMETERS,
        "MLP + Dropout": config.NUM_PARAMETERS,
        "MLP + BatchNormalization": config.NUM_PARAMETERS + batch_norm,
        "small CNN": cnn,
    }
    with pytest.raises(ValueError, match="unknown variant"):
        variants.build_variant("MLP + magic")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["MLP + Dropout", "MLP + BatchNormalization"])
def test_a_reinitialised_model_trains_bit_for_bit_like_a_fresh_one(name):
    data = load_subset()
    x, y = scale_pixels(data.x_train[:640]), data.y_train[:640]
    fresh = variants.build_variant(name, seed=1)
    keras_mlp.train(fresh, x, y, epochs=1, seed=1, verbose=0)
    reused = variants.build_variant(name, seed=0)
    keras_mlp.train(reused, x, y, epochs=1, seed=0, verbose=0)
    variants.reinitialise(reused, variants.build_variant(name, seed=1))
    keras_mlp.train(reused, x, y, epochs=1, seed=1, verbose=0)
    for a, b in zip(fresh.get_weights(), reused.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_accuracies_are_grouped_by_model_in_seed_order():
    rows = [
        {"model": "a", "seed": 0, "test accuracy": 0.9},
        {"model": "b", "seed": 0, "test accuracy": 0.8},
        {"model": "a", "seed": 1, "test accuracy": 0.7},
    ]
    assert variants.accuracies_by_model(rows) == {"a": [0.9, 0.7], "b": [0.8]}
