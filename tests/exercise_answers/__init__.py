"""A hidden set of answers written as learners write them, right and wrong, per lesson.

Each module has RIGHT (name -> sources that must pass) and WRONG (name -> (source, a
fragment the message must contain)). The first right answer of each exercise also
solves the lessons in the end-to-end test. Answers may use only what a lesson's setup
cell gives them: np, math, check/hint/solution/use, and the lesson's helpers.
"""

from collections.abc import Callable
from pathlib import Path

from mnist_course.exercises import EXERCISES
from mnist_course.exercises.api import run_cell
from mnist_course.lesson_files import read_lesson

from . import lesson_01, lesson_02, lesson_03, lesson_04, lesson_05, lesson_06, lesson_07, lesson_08

MODULES = (lesson_01, lesson_02, lesson_03, lesson_04, lesson_05, lesson_06, lesson_07, lesson_08)
RIGHT = {name: sources for module in MODULES for name, sources in module.RIGHT.items()}
WRONG = {name: answers for module in MODULES for name, answers in module.WRONG.items()}
LESSONS = Path(__file__).resolve().parent.parent.parent / "lessons"


def setup_source(lesson: int) -> str:
    """The code of a lesson's cells tagged `setup`, as the command runs them."""
    return read_lesson(next(LESSONS.glob(f"{lesson:02d}_*.py"))).setup_source


def right_function(name: str, containing: str = "") -> Callable:
    """The function of ``name``'s first right answer whose source holds ``containing``,
    run after its lesson's setup cell as ``mnist-course check`` runs it."""
    source = next(source for source in RIGHT[name] if containing in source)
    namespace: dict = {}
    for filename, code in (("<setup>", setup_source(EXERCISES[name].lesson)), ("<answer>", source)):
        problem = run_cell(code, filename, namespace)
        if problem:
            raise RuntimeError(f"the right answer of {name} did not run: {problem}")
    return namespace[name]
