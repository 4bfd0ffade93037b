"""The weight bridge: weights cross between Keras and NumPy, and bad ones are refused."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_course.numpy_mlp import MLP
from mnist_course.parity import check_weights, numpy_to_keras


def reference_weights(dtype="float64"):
    return MLP(dtype=dtype, seed=1).get_weights()


def test_bridge_accepts_matching_weights():
    check_weights(reference_weights(), dtype="float64")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda w: w[:-1], "expected 8 arrays"),
        (
            lambda w: [w[0].T, *w[1:]],
            r"\[0\] \(dense_1/kernel\): expected shape \(784, 32\), "
            r"got \(32, 784\); it is transposed",
        ),
        (
            lambda w: [w[0], w[1], w[4], w[5], w[2], w[3], *w[6:]],
            r"\[2\] \(dense_2/kernel\): expected shape \(32, 16\), got \(16, 8\); that is the "
            r"shape of dense_3/kernel: are the arrays out of order\?",
        ),
        (
            lambda w: [w[0].astype(np.float32), *w[1:]],
            r"\[0\] \(dense_1/kernel\): expected float64, got float32",
        ),
    ],
    ids=["count", "transposed", "order", "dtype"],
)
def test_bridge_refuses_bad_weights_naming_the_array(change, message):
    with pytest.raises(ValueError, match=message):
        check_weights(change(reference_weights()), dtype="float64")


@pytest.mark.keras
def test_weights_cross_back_to_keras():
    pytest.importorskip("mnist_course.keras_mlp")
    from mnist_course import keras_mlp

    numpy_model, keras_model = MLP(dtype="float32", seed=9), keras_mlp.build_model(seed=0)
    numpy_to_keras(numpy_model, keras_model)
    for ours, theirs in zip(numpy_model.get_weights(), keras_model.get_weights()):
        np.testing.assert_array_equal(ours, theirs)
    with pytest.raises(ValueError, match="expected float32, got float64"):
        numpy_to_keras(MLP(dtype="float64"), keras_model)
