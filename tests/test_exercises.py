"""Every exercise check is real: it passes the reference, fails the stub, names the mistakes."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import confusion_matrix as sklearn_confusion_matrix

from mnist_course.exercises import EXERCISES, check, get_exercise, hint, solution
from mnist_course.exercises.answers import check_lesson
from mnist_course.lesson_files import find_lessons
from mnist_course.numpy_mlp.metrics import confusion_matrix

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def test_there_are_at_least_15_exercises_across_the_lessons():
    assert len(EXERCISES) >= 15
    assert len({exercise.lesson for exercise in EXERCISES.values()}) >= 6


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_reference_solution_passes(name):
    result = check(name, get_exercise(name).reference, quiet=True)
    assert result.passed, result.message


@pytest.mark.parametrize(
    ("name", "mistake"),
    [
        (name, mistake)
        for name, exercise in sorted(EXERCISES.items())
        for mistake in exercise.mistakes
    ],
)
def test_each_typical_mistake_fails_and_is_named(name, mistake):
    result = check(name, get_exercise(name).mistakes[mistake], quiet=True)
    assert not result.passed and not result.todo
    assert f"likely:   {mistake}" in result.message, result.message


def test_every_exercise_has_at_least_one_named_mistake():
    assert all(exercise.mistakes for exercise in EXERCISES.values())


def test_untouched_stubs_fail_as_to_do():
    results = [r for lesson in find_lessons(LESSONS) for r in check_lesson(lesson)]
    assert sorted(r.name for r in results) == sorted(EXERCISES), "lessons and catalogue disagree"
    assert all(r.todo and not r.passed for r in results)


# --- what a learner's function can do wrong ---------------------------------------------


def raises(z):
    return z.nonexistent_method()


def forgets_return(z):
    np.maximum(z, 0)


def in_place(z):
    z[z < 0] = 0
    return z


def wrong_shape(z):
    return np.maximum(z, 0).ravel()


def wrong_dtype(z):
    return np.maximum(z, 0).astype(np.float16)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            raises,
            r"raised AttributeError: .*nonexistent_method.*\n.*case:.*\n.*input:.*\n"
            r".*where:    test_exercises.py, line \d+: return z.nonexistent_method\(\)",
        ),
        (forgets_return, "returned None: did you forget `return`?"),
        (in_place, "changed its input in place"),
        (wrong_shape, r"wrong shape: expected \(1, 3\), got \(3,\)"),
        (wrong_dtype, "changed float64 to float16: a result keeps its inputs. floating dtype"),
        (lambda z: np.maximum(z, 0).tolist(), "expected a NumPy array, got a Python list"),
        (lambda z: z * np.nan, "returned NaN"),
        (42, "expected a function, got int"),
    ],
)
def test_a_broken_answer_gets_a_clear_message(answer, message):
    result = check("relu", answer, quiet=True)
    assert not result.passed and re.search(message, result.message), result.message


def test_wrong_values_show_input_expected_and_got():
    result = check("relu", lambda z: z, quiet=True)
    assert (
        "wrong values: largest difference 2 at index (0, 0) (expected 0, got -2); "
        "largest relative difference inf"
    ) in result.message
    for field in ("case:", "input:", "expected:", "got:"):
        assert field in result.message


def test_hints_come_in_tiers_and_solution_shows_source(capsys):
    first, second, third = (hint("softmax") for _ in range(3))
    assert "Hint 1 of 3" in first and "Hint 2 of 3" in second and "Hint 3 of 3" in third
    assert "Hint 3 of 3" in hint("softmax")  # stays at the last tier
    assert "Hint 1 of 3" in hint("softmax", 1)
    assert "logits.max(axis=1, keepdims=True)" in solution("softmax")
    assert "Hint 3 of 3" in capsys.readouterr().out
    with pytest.raises(KeyError, match="no exercise called 'sofmax'"):
        hint("sofmax")


def test_confusion_matrix_reference_agrees_with_scikit_learn():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 10, 500), rng.integers(0, 10, 500)
    np.testing.assert_array_equal(
        confusion_matrix(y_true, y_pred), sklearn_confusion_matrix(y_true, y_pred, labels=range(10))
    )
