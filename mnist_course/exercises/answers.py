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
from .unrun_cells import unrun_names_problem

__all__ = ["check_lesson", "find_lessons", "learner_functions", "run_lesson_cells"]


def run_lesson_cells(lesson: Lesson) -> tuple[dict[str, Callable], dict[str, Result], list[str]]:
    """Run the lesson's setup and exercise cells: the learner's functions, their verdicts,
    and what failed.

    As in the notebook, where each exercise's ``use`` cell follows its check, the cells
    after an exercise see the course's reference in its place until it passes: an answer
    that calls an earlier exercise gets the same verdict here as in the notebook.
    """
    exercises = {exercise.name: exercise for exercise in exercises_of_lesson(lesson.number)}
    namespace: dict = {"__name__": "__main__"}
    answers: dict[str, Callable] = {}
    verdicts: dict[str, Result] = {}
    errors = []
    for cell in lesson.tagged(SETUP, EXERCISE):
        if cell.line is not None:  # compiled at its own lines of the .py file
            source = "\n" * (cell.line - 1) + cell.source
            filename = f"<lesson {lesson.number}, {lesson.path.name}, cell {cell.index}>"
        else:
            source, filename = cell.source, f"<lesson {lesson.number}, cell {cell.index}>"
        before = {name: namespace.get(name) for name in exercises}
        problem = run_cell(source, filename, namespace)
        if problem:
            errors.append(problem)
        for name, exercise in exercises.items():
            # Checked once its own cell defines it: a setup cell may import the course's
            # function of that name for the page, where only the setup runs beside it.
            defined_here = EXERCISE in cell.tags and namespace.get(name) is not before[name]
            if name not in verdicts and callable(namespace.get(name)) and defined_here:
                answers[name] = namespace[name]
                problem = unrun_names_problem(answers[name], lesson, namespace)
                verdicts[name] = (
                    Result(name, False, False, f"✗ {name}: {problem}")
                    if problem
                    else run_check(exercise, answers[name])
                )
                if not verdicts[name].passed:  # what the notebook's `use` cell does
                    namespace[name] = exercise.reference
    return answers, verdicts, errors


def check_lesson(lesson: Lesson) -> list[Result]:
    """Run the lesson's setup and exercise cells; check every exercise of that lesson."""
    _, verdicts, errors = run_lesson_cells(lesson)
    results = []
    for exercise in exercises_of_lesson(lesson.number):
        if exercise.name in verdicts:
            results.append(verdicts[exercise.name])
        else:
            why = f"; a cell failed: {errors[0]}" if errors else ""
            message = f"… {exercise.name}: no function called {exercise.name}{why}"
            results.append(Result(exercise.name, False, not errors, message))
    return results


def learner_functions(folder: Path) -> dict[str, Callable]:
    """The learner's functions, by exercise name, from every lesson in ``folder``.

    Defined by running each lesson's setup and exercise cells as the command does;
    unwritten stubs (raising NotImplementedError) are included: the caller decides.
    """
    functions = {}
    for lesson in find_lessons(folder):
        answers, _, _ = run_lesson_cells(lesson)
        functions.update(answers)
    return functions
