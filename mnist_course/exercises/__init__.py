"""Exercises: check your answer, ask for a hint, or read the solution.

In a lesson notebook::

    from mnist_course.exercises import check, hint, solution
    check("softmax", softmax)     # tests your function, explains what is wrong
    hint("softmax")               # the next hint: the idea, the shapes, near-code
    solution("softmax")           # the reference solution
"""

from __future__ import annotations

import inspect
import textwrap

from . import data_exercises, network_exercises, training_exercises
from .core import Case, Exercise, Result, run_check

EXERCISES: dict[str, Exercise] = {
    exercise.name: exercise
    for module in (data_exercises, network_exercises, training_exercises)
    for exercise in module.EXERCISES
}
_hints_shown: dict[str, int] = {}


def get_exercise(name: str) -> Exercise:
    if name not in EXERCISES:
        known = ", ".join(sorted(EXERCISES))
        raise KeyError(f"no exercise called {name!r}; the exercises are: {known}")
    return EXERCISES[name]


def exercises_of_lesson(lesson: int) -> list[Exercise]:
    return [exercise for exercise in EXERCISES.values() if exercise.lesson == lesson]


def check(name: str, answer, *, quiet: bool = False) -> Result:
    """Check your function ``answer`` for exercise ``name``; prints what it found."""
    result = run_check(get_exercise(name), answer)
    if not quiet:
        print(result.message)
    return result


def hint(name: str, level: int | None = None) -> str:
    """Print the next hint for ``name`` (or hint ``level``: 1 idea, 2 shapes, 3 near-code)."""
    hints = get_exercise(name).hints
    if level is None:
        level = min(_hints_shown.get(name, 0) + 1, len(hints))
    if not 1 <= level <= len(hints):
        raise ValueError(f"hint levels are 1 to {len(hints)}")
    _hints_shown[name] = max(_hints_shown.get(name, 0), level)
    text = f"Hint {level} of {len(hints)} for {name}: {hints[level - 1]}"
    print(textwrap.fill(text, width=88, subsequent_indent="  "))
    return text


def solution(name: str) -> str:
    """Print the reference solution's source code."""
    source = inspect.getsource(get_exercise(name).reference)
    print(source)
    return source


__all__ = [
    "EXERCISES",
    "Case",
    "Exercise",
    "Result",
    "check",
    "exercises_of_lesson",
    "get_exercise",
    "hint",
    "solution",
]
