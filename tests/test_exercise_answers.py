"""A hidden set of learners' answers, right and wrong, run against every check."""

from __future__ import annotations

import re

import numpy as np
import pytest
import sklearn.metrics  # noqa: F401  (imported ahead: a cold import counts against the time limit)

from mnist_course.exercises import EXERCISES, check_source
from tests.exercise_answers import RIGHT, WRONG, setup_source


def test_every_exercise_has_several_right_and_wrong_answers():
    assert set(RIGHT) == set(EXERCISES) == set(WRONG)
    assert all(len(RIGHT[name]) >= 2 and len(WRONG[name]) >= 3 for name in EXERCISES)


def test_every_exercise_has_at_least_three_cases():
    assert all(len(exercise.cases()) >= 3 for exercise in EXERCISES.values())


@pytest.mark.parametrize(
    ("name", "source"),
    [(name, source) for name, sources in sorted(RIGHT.items()) for source in sources],
)
def test_right_answers_pass(name, source):
    result = check_source(name, source, setup=setup_source(EXERCISES[name].lesson))
    assert result.passed, result.message


@pytest.mark.parametrize(
    ("name", "source", "fragment"),
    [(name, *answer) for name, answers in sorted(WRONG.items()) for answer in answers],
)
def test_wrong_answers_fail_and_say_why(name, source, fragment):
    result = check_source(name, source, setup=setup_source(EXERCISES[name].lesson))
    assert not result.passed and not result.todo, result.message
    assert fragment in result.message, result.message
    if "wrong values" in result.message:  # where, and by how much
        assert re.search(
            r"largest difference \S+( at index \([\d, ]+\))? .*largest relative difference"
            r"|\d+ of \d+ entries differ, the first at index \([\d, ]+\) \(expected",  # bools
            result.message,
        ), result.message


def test_likely_is_said_only_when_the_answer_is_that_mistake():
    # log(softmax) with the maximum subtracted: right on ordinary logits; its failure is
    # log(0) after underflow, not a forgotten maximum.
    source = (
        "def cross_entropy(logits, labels):\n"
        "    s = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
        "    p = s / s.sum(axis=1, keepdims=True)\n"
        "    return -np.log(p[np.arange(len(labels)), labels]).mean()\n"
    )
    message = check_source("cross_entropy", source, setup=setup_source(4)).message
    assert "underflows to 0 and log(0)" in message and "without the maximum" not in message
    # A wrong answer that is no known mistake gets no "likely:".
    message = check_source("relu", "def relu(z):\n    return z * 2\n").message
    assert "wrong values" in message and "likely:" not in message


def test_adam_with_keras_float32_betas_is_accepted_and_a_near_miss_is_told_why():
    float32_betas = RIGHT["adam_step"][2]
    assert check_source("adam_step", float32_betas, setup=setup_source(5)).passed
    near_miss = float32_betas.replace("(np.sqrt(v) + epsilon)", "(np.sqrt(v) + epsilon * 1.001)")
    message = check_source("adam_step", near_miss, setup=setup_source(5)).message
    assert "close to: Keras's float32-rounded betas" in message, message
    # Epsilon in Algorithm 1's place is as near the variant as the reference: no "close to".
    epsilon_misplaced = RIGHT["adam_step"][0].replace(
        "return param - alpha * m / (np.sqrt(v) + epsilon), m, v",
        "return param - learning_rate / (1 - beta_1**t) * m"
        " / (np.sqrt(v / (1 - beta_2**t)) + epsilon), m, v",
    )
    assert epsilon_misplaced != RIGHT["adam_step"][0]
    message = check_source("adam_step", epsilon_misplaced, setup=setup_source(5)).message
    assert "Algorithm 1's place" in message and "close to" not in message, message


def test_a_message_about_a_cache_of_arrays_fits_on_a_screen():
    """backward's inputs hold a cache of arrays: shown as corners, a message stays short."""
    source, _ = WRONG["backward"][0]
    message = check_source("backward", "import numpy as np\n" + source).message
    assert len(message.splitlines()) <= 8, message
    assert "likely:" in message
    # The cache's tuples show dtype and shape only: the whole message is under 10 rows of 88.
    assert "[(float64 (5, 4), float64 (5, 4)), " in message, message
    assert len(message) <= 10 * 88, message


def test_a_nan_in_a_shortened_array_is_located_not_hidden():
    from mnist_course.exercises.compare import show

    values = np.linspace(0, 1, 100)
    values[[3, 50]] = np.nan
    assert show(values).endswith("(NaN at 3, 50)")


def test_a_nan_inside_a_tuple_of_arrays_is_located_too():
    from mnist_course.exercises.compare import show

    precision = np.array([0.5, np.nan, 0.25, 0.1, 0.2, 0.3, 0.4])
    assert "(NaN at 1)" in show((precision, np.zeros(7)))
