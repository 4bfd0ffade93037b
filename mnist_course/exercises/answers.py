"""Checking a learner's own copy of the lessons: ``mnist-course check [LESSON ...]``.

Each exercise lives in a lesson cell tagged ``exercise``. Only those cells are run,
each in a fresh namespace, never the whole lesson (no training), so a check takes
seconds. A lesson is read from its ``.ipynb`` when the learner saved one more recently
than the ``.py``, otherwise from the ``.py``.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from pathlib import Path

from .. import notebooks
from . import exercises_of_lesson
from .core import Result, run_check

LESSON_NAME = re.compile(r"^(\d+)_.*\.(py|ipynb)$")


@dataclass
class LessonFile:
    number: int
    path: Path


def find_lessons(folder: Path, selectors: list[str] | None = None) -> list[LessonFile]:
    """The lessons in ``folder`` (all, or those named by number or path), newest copy each."""
    if not folder.is_dir():
        raise FileNotFoundError(
            f"{folder}: no lessons folder here; run from the course's root or pass --lessons DIR"
        )
    newest: dict[int, Path] = {}
    for path in sorted(folder.iterdir()):
        match = LESSON_NAME.match(path.name)
        if match:
            number = int(match.group(1))
            if number not in newest or path.stat().st_mtime > newest[number].stat().st_mtime:
                newest[number] = path
    lessons = [LessonFile(number, path) for number, path in sorted(newest.items())]
    if not selectors:
        return lessons
    chosen = []
    for selector in selectors:
        as_path = Path(selector)
        if as_path.is_file() and LESSON_NAME.match(as_path.name):
            chosen.append(LessonFile(int(LESSON_NAME.match(as_path.name).group(1)), as_path))
        elif selector.isdigit() and int(selector) in newest:
            chosen.append(LessonFile(int(selector), newest[int(selector)]))
        else:
            known = ", ".join(str(lesson.number) for lesson in lessons)
            raise ValueError(f"no lesson {selector!r} (lessons here: {known}, or a lesson file)")
    return chosen


def check_lesson(lesson: LessonFile) -> list[Result]:
    """Run the lesson's exercise cells and check every exercise of that lesson."""
    namespace: dict = {}
    setup_errors: list[str] = []
    for cell in notebooks.read(lesson.path).cells:
        if cell.cell_type == "code" and "exercise" in cell.get("metadata", {}).get("tags", []):
            try:
                exec(compile(cell.source, str(lesson.path), "exec"), namespace)
            except Exception as error:  # the learner's cell does not even define its function
                line = traceback.extract_tb(error.__traceback__)[-1]
                setup_errors.append(f"{type(error).__name__}: {error} (line {line.lineno})")
    results = []
    for exercise in exercises_of_lesson(lesson.number):
        answer = namespace.get(exercise.name)
        if answer is None:
            why = f"; a cell failed: {setup_errors[0]}" if setup_errors else ""
            results.append(
                Result(
                    exercise.name,
                    False,
                    True,
                    f"… {exercise.name}: no function called {exercise.name}{why}",
                )
            )
        else:
            results.append(run_check(exercise, answer))
    return results


# --- TEMPORARY (wt-parity): a minimal learner_functions for `mnist-course parity --mine`.
# Another branch writes the real one; the lead replaces this block at merge.
def learner_functions(folder: Path) -> dict:
    """The functions a learner defined in the exercise cells of every lesson in ``folder``."""
    functions: dict = {}
    for lesson in find_lessons(folder):
        namespace: dict = {}
        for cell in notebooks.read(lesson.path).cells:
            if cell.cell_type == "code" and "exercise" in cell.get("metadata", {}).get("tags", []):
                try:
                    exec(compile(cell.source, str(lesson.path), "exec"), namespace)
                except Exception:
                    continue
        functions.update(
            (name, value)
            for name, value in namespace.items()
            if callable(value) and not name.startswith("_") and not isinstance(value, type)
        )
    return functions
