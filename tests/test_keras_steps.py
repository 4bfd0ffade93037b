"""Keras's optimizer steps on NumPy arrays (lesson 5's deep dive measures against them)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mnist_course import config, keras_steps


def test_keras_adam_is_shorter_by_its_float32_betas_exactly():
    beta_1, beta_2 = float(np.float32(config.BETA_1)), float(np.float32(config.BETA_2))
    for t, shortening in zip(
        (1, 100), keras_steps.keras_adam_shortening([1, 100], np.full(8, 1e-2))
    ):
        rounded = math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        exact = math.sqrt(1 - config.BETA_2**t) / (1 - config.BETA_1**t)
        assert shortening == pytest.approx(1 - rounded / exact, rel=1e-6)
        assert shortening > 0


def test_step_and_weights_differences_are_relative():
    theirs = [np.array([1.0, -2.0]), np.array([4.0])]
    ours = [np.array([1.0, -2.0]), np.array([3.0])]
    assert keras_steps.step_difference(ours, theirs) == pytest.approx(1 / 4)
    assert keras_steps.weights_difference(ours, theirs) == pytest.approx(1 / math.sqrt(21))
    assert keras_steps.weights_difference(theirs, theirs) == 0


def test_keras_momentum_weights_follow_keras_rule_from_zero():
    grads = [np.array([1.0]), np.array([1.0])]
    first, second = keras_steps.keras_momentum_weights(grads, 0.1, 0.5)
    assert first == pytest.approx([-0.1])
    assert second == pytest.approx([-0.1 - (0.5 * 0.1 + 0.1)], rel=1e-6)  # mu as float32


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_adam_in_keras_order_equals_keras_bit_for_bit(dtype):
    rng = np.random.default_rng(0)
    params, grads = [rng.normal(size=(5, 3))], [rng.normal(size=(5, 3)) * 1e-2]

    def ours(p, g):
        return keras_steps.adam_step_as_keras(p, g, 0 * p, 0 * p, 1)[0]

    step, weights, equal = keras_steps.one_step_against_keras(
        ours, keras_steps.keras_mlp.make_adam, params, grads, dtype
    )
    assert equal and step == 0 and weights == 0


def test_float32_beta_shortening_matches_its_first_order_formula_and_fades():
    t = np.array([1.0, 844.0, 10_000.0])
    shortening = keras_steps.float32_beta_shortening(t)
    for value, step in zip(shortening, (1, 844, 10_000)):
        assert value == pytest.approx(keras_steps.first_order_shortening(step), rel=1e-3)
    assert shortening[0] > shortening[1] > shortening[2] > 0


def _momentum_step(param, grad, velocity, learning_rate, momentum):  # as a learner writes it
    velocity = momentum * velocity - learning_rate * grad
    return param + velocity, velocity


def test_momentum_drift_is_zero_with_keras_float32_momentum_and_grows_without():
    grads = list(np.random.default_rng(0).normal(size=(6, 50)))
    rounded = keras_steps.momentum_drift(_momentum_step, grads, 0.01, 0.9, float(np.float32(0.9)))
    exact = keras_steps.momentum_drift(_momentum_step, grads, 0.01, 0.9, 0.9)
    assert rounded == [0.0] * 6
    assert exact[0] == 0.0  # the first step has no history: mu does not enter
    assert all(later > 0 for later in exact[1:])
