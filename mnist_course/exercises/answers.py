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

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .api import run_cell
from .catalogue import exercises_of_lesson
from .checking import run_check
from .core import Result

LESSON_NAME = re.compile(r"^(\d+)_.*\.(py|ipynb)$")
RUN_TAGS = ("setup", "exercise")  # the cells the command runs, in the lesson's order


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


def run_lesson_cells(lesson: LessonFile) -> tuple[dict, list[str]]:
    """The namespace after the lesson's setup and exercise cells, and what failed."""
    from ..site import build_lessons  # jupytext: only the command reads lesson files

    cells = build_lessons.read(lesson.path).cells
    first_lines = source_lines(lesson.path, cells)
    namespace: dict = {"__name__": "__main__"}
    errors = []
    for number, cell in enumerate(cells, start=1):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "code" and any(tag in tags for tag in RUN_TAGS):
            if first_lines is not None:  # compiled at its own lines of the .py file
                source = "\n" * (first_lines[number - 1] - 1) + cell.source
                filename = f"<lesson {lesson.number}, {lesson.path.name}, cell {number}>"
            else:
                source, filename = cell.source, f"<lesson {lesson.number}, cell {number}>"
            problem = run_cell(source, filename, namespace)
            if problem:
                errors.append(problem)
    return namespace, errors


def source_lines(path: Path, cells: list) -> list[int] | None:
    """The line of ``path`` where each cell's source starts (from 1), for a percent ``.py``.

    Every cell of a percent-format file starts with a ``# %%`` line and its source follows
    it. None (cells are then named by their position) for an ``.ipynb``, or if the file
    does not split into exactly these cells.
    """
    if path.suffix != ".py":
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    markers = [index for index, line in enumerate(lines) if line.startswith("# %%")]
    if len(markers) != len(cells):
        return None
    starts = []
    for marker, cell in zip(markers, cells, strict=True):
        first = cell.source.splitlines()[0] if cell.source.strip() else None
        following = lines[marker + 1 : marker + 1 + 50]
        offset = following.index(first) if first is not None and first in following else 0
        starts.append(marker + 2 + offset)  # 0-based marker; the source from the next line
    return starts


def check_lesson(lesson: LessonFile) -> list[Result]:
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
