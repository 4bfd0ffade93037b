"""Lesson 3's glorot_uniform check: right draws pass whatever the seed; its tests can fail."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mnist_course.exercises import check, get_exercise
from mnist_course.exercises.core import Case
from mnist_course.numpy_mlp.functional import glorot_limit, glorot_uniform

EXERCISE = get_exercise("glorot_uniform")


def _validate(answer, fan_in, fan_out, seed):
    case = Case("test", (fan_in, fan_out, np.random.default_rng(seed)))
    got = answer(fan_in, fan_out, np.random.default_rng(seed))
    return EXERCISE.validate(got, case, answer)


@pytest.mark.parametrize(("fan_in", "fan_out"), [(784, 32), (8, 10), (3, 300), (1, 1)])
def test_right_draws_pass_for_many_seeds(fan_in, fan_out):
    # The spread test rejects a right answer with probability about 1e-6 per case.
    assert all(_validate(glorot_uniform, fan_in, fan_out, seed) is None for seed in range(200))


def test_the_limit_is_glorots():
    assert glorot_limit(784, 32) == math.sqrt(6 / 816)
    values = glorot_uniform(784, 32, np.random.default_rng(0))
    assert np.abs(values).max() <= glorot_limit(784, 32)
    assert values.var() == pytest.approx(glorot_limit(784, 32) ** 2 / 3, rel=0.03)


def test_a_uniform_on_a_slightly_smaller_interval_fails_the_spread_test():
    def too_narrow(fan_in, fan_out, rng):
        limit = 0.9 * glorot_limit(fan_in, fan_out)
        return rng.uniform(-limit, limit, (fan_in, fan_out))

    assert "not spread as U(-limit, limit)" in _validate(too_narrow, 784, 32, 0)


def test_the_check_passes_the_reference_and_reports_a_todo_stub():
    assert check("glorot_uniform", glorot_uniform, quiet=True).passed

    def stub(fan_in, fan_out, rng):
        raise NotImplementedError

    assert check("glorot_uniform", stub, quiet=True).todo
