"""What the lesson pages' editors start from: ``generated/exercises-data.js``.

Runs on the build machine. The build reads every lesson with ``lesson_files`` (cells
tagged ``setup`` and ``exercise``) and writes one small script that ``exercises.js`` reads:

- ``runtime``: whether this build serves the in-page Python, and what to do instead;
- ``limits``: the time limits of ``config`` (the one policy below);
- ``wheels``: the course's wheel for the worker; ``setups``: each lesson's setup code;
- ``hintLevels``: how many hints each exercise has (``exercises.HINT_LEVELS``);
- ``inpageNames``: the functions lesson 6's panel trains with (``TRAINED_NAMES``);
- ``exercises[name]``: its ``lesson``, ``title``, ``stub`` and ``place``,
  the CSS selector of the lesson cell the editor goes after. The build writes that
  marker itself (``mark_editor_cells`` tags the executed notebook's cell), so the page
  never searches the rendered text.

The browser runs a lesson's setup before the learner's code, as ``mnist-course check`` does.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from .. import config
from ..exercises import EXERCISES, HINT_LEVELS
from ..lesson_files import Lesson, read_lesson
from .in_browser_training import TRAINED_NAMES

EDITOR_TAG = "mc-editor-{name}"  # mkdocs-jupyter renders a cell's tag T as class celltag_T

# The time limit, one policy for the page and the terminal: an answer gets
# config.EXERCISE_TIMEOUT_SECONDS to return. In a notebook or the terminal a timer stops
# that one call. Python in the page has no threads to stop one call with, so the page
# gives the whole check (the lesson's setup code, then every case) CHECK_FACTOR times the
# limit, then ends its Python worker; Python restarts on the next run.
CHECK_FACTOR = 2
START_SECONDS = 120  # loading Python in the page: about 17 MB the first time
INSTEAD = (  # shown as plain text under each editor of a build without the runtime
    "Running your code in this page is not part of this build of the site (it was built "
    "without the in-page Python runtime). Check your answer in a terminal with: "
    "mnist-course check (or with check() in the lesson notebook). Or build the site with "
    "the runtime: mnist-course site --pyodide DIR, or once with a network. Hints and "
    "solutions are on the Exercises page."
)


def mark_editor_cells(notebook: nbformat.NotebookNode, lesson: Lesson) -> None:
    """Tag the cell of each exercise's stub with ``EDITOR_TAG``: the place its editor goes.

    ``notebook`` is ``lesson`` executed: the same cells in the same order."""
    for name, stub in lesson.stubs.items():
        if name not in EXERCISES:
            continue
        cell = notebook.cells[stub.cell - 1]  # Cell.index counts from 1
        if f"def {name}(" not in cell.source:
            raise ValueError(f"lesson {lesson.number}: cell {stub.cell} does not define {name}")
        cell.setdefault("metadata", {}).setdefault("tags", []).append(EDITOR_TAG.format(name=name))


def page_data(lessons: list[Path], wheels: list[str] | None) -> dict:
    """Everything ``exercises.js`` reads (see the module docstring); ``wheels`` is None
    when the build has no in-page runtime."""
    setups, exercises = {}, {}
    for lesson in map(read_lesson, lessons):
        setups[lesson.number] = lesson.setup_source
        for name, stub in lesson.stubs.items():
            if name in EXERCISES:
                exercises[name] = {
                    "lesson": lesson.number,
                    "title": EXERCISES[name].title,
                    "stub": stub.source,
                    "place": ".celltag_" + EDITOR_TAG.format(name=name),
                }
    missing = sorted(set(EXERCISES) - set(exercises))
    if missing:
        raise ValueError(f"exercises with no cell tagged `exercise` in the lessons: {missing}")
    return {
        "runtime": {"available": wheels is not None, "instead": INSTEAD},
        "limits": {
            "answerSeconds": config.EXERCISE_TIMEOUT_SECONDS,
            "checkSeconds": CHECK_FACTOR * config.EXERCISE_TIMEOUT_SECONDS,
            "startSeconds": START_SECONDS,
        },
        "hintLevels": HINT_LEVELS,
        "inpageNames": list(TRAINED_NAMES),
        "wheels": wheels or [],
        "setups": setups,
        "exercises": exercises,
    }


def write_page_data(lessons: list[Path], wheels: list[str] | None, dest: Path) -> None:
    data = json.dumps(page_data(lessons, wheels), indent=1, ensure_ascii=False)
    dest.write_text(f"window.mnistCourseData = {data};\n", encoding="utf-8")
