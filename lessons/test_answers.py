"""Your answers, under pytest: ``pytest lessons`` checks every exercise of every lesson.

The same checks as ``mnist-course check``; each exercise is one test, so pytest's
``-k`` picks some: ``pytest lessons -k softmax``.
"""

import functools
from pathlib import Path

import pytest

from mnist_course.exercises import exercises_of_lesson
from mnist_course.exercises.answers import check_lesson
from mnist_course.lesson_files import find_lessons

FOLDER = Path(__file__).resolve().parent
CASES = [
    (lesson, exercise.name)
    for lesson in find_lessons(FOLDER)
    for exercise in exercises_of_lesson(lesson.number)
]


@functools.cache
def results_of(path: Path) -> dict:
    """Each lesson's exercise cells run once, however many of its tests are selected."""
    lesson = next(lesson for lesson in find_lessons(FOLDER) if lesson.path == path)
    return {result.name: result for result in check_lesson(lesson)}


@pytest.mark.parametrize(("lesson", "name"), CASES, ids=[name for _, name in CASES])
def test_exercise(lesson, name):
    result = results_of(lesson.path)[name]
    assert result.passed, result.message
