"""Exercises: check your answer, ask for a hint, or read a solution.

In a lesson notebook::

    from mnist_course.exercises import check, hint, solution, use
    check("softmax", softmax)     # tests your function, explains what is wrong
    hint("softmax")               # the next hint: the idea, the shapes, near-code
    solution("softmax")           # a written-out solution
    softmax = use("softmax", softmax)  # the lesson runs on yours once it passes

Importing this package needs NumPy only (it also runs in the browser, under Pyodide).
What the page must know comes from here: ``HINT_LEVELS``, and the time limit an answer
has, ``mnist_course.config.EXERCISE_TIMEOUT_SECONDS``.
"""

from __future__ import annotations

from .api import check, check_source, hint, solution, use
from .catalogue import EXERCISES, exercises_of_lesson, get_exercise
from .core import HINT_LEVELS, Case, Exercise, Result

__all__ = [
    "EXERCISES",
    "HINT_LEVELS",
    "Case",
    "Exercise",
    "Result",
    "check",
    "check_source",
    "exercises_of_lesson",
    "get_exercise",
    "hint",
    "solution",
    "use",
]
