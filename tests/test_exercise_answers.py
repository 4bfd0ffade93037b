"""A hidden set of learners' answers, right and wrong, run against every check."""

from __future__ import annotations

import re
import warnings

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


def test_train_step_is_judged_on_the_pieces_it_calls():
    """Review s10: lesson 5's adam_step with Keras's float32 betas passes its check; a right
    train_step calling it was rejected in the notebook (6.7e-06 off the course's own step)
    while the terminal, calling the course's adam_step, accepted it."""
    float32_adam = RIGHT["adam_step"][2]
    setup = setup_source(6) + "\n" + float32_adam
    for source in RIGHT["train_step"]:
        result = check_source("train_step", source, setup=setup)
        assert result.passed, result.message


def test_a_difference_the_previews_leave_out_is_shown():
    """Review s10: 0/0 taken as 1 differs in one entry in the middle, which both
    corner previews leave out; the message shows it."""
    source = (
        "def precision_recall(matrix):\n"
        "    with np.errstate(invalid='ignore'):\n"
        "        p = np.diag(matrix) / matrix.sum(axis=0)\n"
        "        r = np.diag(matrix) / matrix.sum(axis=1)\n"
        "    return np.nan_to_num(p, nan=1.0), np.nan_to_num(r, nan=1.0)\n"
    )
    message = check_source("precision_recall", source, setup=setup_source(7)).message
    lines = dict(line.split(":", 1) for line in message.splitlines()[1:] if ":" in line)
    assert lines["  expected"].strip() == lines["  got"].strip(), message
    assert "differ:   value 1, index (3,): expected 0.0, got 1.0" in message, message


def test_a_check_that_cannot_read_a_result_says_so_instead_of_raising():
    from mnist_course.exercises.checking import _validation_raised

    # Raised in code that is not the learner's (a traceback holds frames from the `try` on).
    code = (
        "def read(result):\n"
        "    try:\n"
        "        np.asarray(result, dtype=float)\n"
        "    except ValueError as error:\n"
        "        return error\n"
    )
    namespace = {"np": np}
    exec(compile(code, "<the check>", "exec"), namespace)
    ragged = [np.zeros(3), np.zeros(2)]
    message = _validation_raised(namespace["read"](ragged), ragged)
    assert message.startswith("the check could not read what it returned (ValueError"), message
    assert "it returned [float64 (3,)" in message, message


def test_a_difference_from_nan_everywhere_warns_nothing():
    from mnist_course.exercises.compare import compare

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # A mistake's step that divides by 0 (t = 0): NaN expected everywhere.
        message = compare(np.zeros(3), np.full(3, np.nan), rtol=1e-6, atol=1e-9, exact_dtype=False)
    assert message.startswith("wrong values: largest difference") and "relative" not in message
