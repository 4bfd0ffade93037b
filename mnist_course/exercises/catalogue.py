"""All exercises, by name; each lesson's are defined in its own module ``lesson_NN``.

Adding an exercise to a lesson touches that lesson's module only.
"""

from __future__ import annotations

from . import lesson_01, lesson_02, lesson_03, lesson_04, lesson_05, lesson_06, lesson_07, lesson_08
from .core import Exercise

LESSON_MODULES = (
    lesson_01,
    lesson_02,
    lesson_03,
    lesson_04,
    lesson_05,
    lesson_06,
    lesson_07,
    lesson_08,
)

EXERCISES: dict[str, Exercise] = {
    exercise.name: exercise for module in LESSON_MODULES for exercise in module.EXERCISES
}


def get_exercise(name: str) -> Exercise:
    """The exercise called ``name``; a KeyError listing the known names otherwise."""
    if name not in EXERCISES:
        known = ", ".join(sorted(EXERCISES))
        raise KeyError(f"no exercise called {name!r}; the exercises are: {known}")
    return EXERCISES[name]


def exercises_of_lesson(lesson: int) -> list[Exercise]:
    return [exercise for exercise in EXERCISES.values() if exercise.lesson == lesson]
