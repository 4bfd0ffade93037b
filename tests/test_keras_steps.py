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
