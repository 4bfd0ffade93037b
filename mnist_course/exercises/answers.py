"""Checking a learner's own copy of the lessons: ``mnist-course check [LESSON ...]``.

Exercise answers live in lesson cells tagged ``exercise``. The command runs, in order
and in one namespace, the lesson's cells tagged ``setup`` (cheap: NumPy, math, the
exercise helpers) and ``exercise``: the names a learner's answer has in the notebook at
that point, without the lesson's training. Each cell is compiled under the name
``<lesson N, FILE.py, cell K>`` at its own lines of the lesson file, so errors name the file
and the line an editor jumps to (``03_forward_pass.py, line 247``); a lesson read from an
``.ipynb`` has no lines of its own, and its cells are ``<lesson N, cell K>`` (K counts
every cell from the top, from 1). A lesson is read from its ``.ipynb`` when the learner
saved one more recently than the ``.py``, otherwise from the ``.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..lesson_files import EXERCISE, SETUP, Lesson, find_lessons
from .api import run_cell
from .catalogue import exercises_of_lesson
from .checking import run_check
from .core import Result

__all__ = ["check_lesson", "find_lessons", "learner_functions", "run_lesson_cells"]


def run_lesson_cells(lesson: Lesson) -> tuple[dict, list[str]]:
    """The namespace after the lesson's setup and exercise cells, and what failed."""
    namespace: dict = {"__name__": "__main__"}
    errors = []
    for cell in lesson.tagged(SETUP, EXERCISE):
        if cell.line is not None:  # compiled at its own lines of the .py file
            source = "\n" * (cell.line - 1) + cell.source
            filename = f"<lesson {lesson.number}, {lesson.path.name}, cell {cell.index}>"
        else:
            source, filename = cell.source, f"<lesson {lesson.number}, cell {cell.index}>"
        problem = run_cell(source, filename, namespace)
        if problem:
            errors.append(problem)
    return namespace, errors


def check_lesson(lesson: Lesson) -> list[Result]:
    """Run the lesson's setup and exercise cells; check every exercise of that lesson."""
    namespace, errors = run_lesson_cells(lesson)
    results = []
    for exercise in exercises_of_lesson(lesson.number):
        answer = namespace.get(exercise.name)
        if answer is None:
            why = f"; a cell failed: {errors[0]}" if errors else ""
            message = f"… {exercise.name}: no function called {exercise.name}{why}"
            results.append(Result(exercise.name, False, not errors, message))
        else:
            results.append(run_check(exercise, answer))
    return results


def learner_functions(folder: Path) -> dict[str, Callable]:
    """The learner's functions, by exercise name, from every lesson in ``folder``.

    Defined by running each lesson's setup and exercise cells as the command does;
    unwritten stubs (raising NotImplementedError) are included: the caller decides.
    """
    functions = {}
    for lesson in find_lessons(folder):
        namespace, _ = run_lesson_cells(lesson)
        for exercise in exercises_of_lesson(lesson.number):
            if callable(namespace.get(exercise.name)):
                functions[exercise.name] = namespace[exercise.name]
    return functions
