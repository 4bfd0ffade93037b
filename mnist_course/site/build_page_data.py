"""What the lesson pages' editors start from: ``generated/exercises-data.js``.

Runs on the build machine. The build reads every lesson with ``lesson_files`` (cells
tagged ``setup`` and ``exercise``) and writes one small script that ``exercises.js`` reads:

- ``runtime``: whether this build serves the in-page Python, and what to do instead;
- ``limits``: the time limits of ``config`` (the one policy below);
- ``wheels``: the course's wheel for the worker; ``setups``: each lesson's setup code;
- ``hintLevels``: how many hints each exercise has (``exercises.HINT_LEVELS``);
- ``inpageNames``: the functions lesson 6's panel trains with (``TRAINED_NAMES``);
- ``download``: what the first start fetches, stage by stage, in bytes (the runtime,
  NumPy, the course), so that the page can say how much and how far;
- ``exercises[name]``: its ``lesson``, ``title``, ``stub``, ``place`` (the CSS selector
  of the lesson cell the editor goes after), ``anchor`` (the editor's id, which the
  Exercises page links to) and ``recorded`` (the selector of the cells whose outputs the
  build recorded with the course's answer: those that call check or use on it). The build
  writes those markers itself (``mark_editor_cells`` tags the executed notebook's cells),
  so the page never searches the rendered text.

The browser runs a lesson's setup before the learner's code, as ``mnist-course check`` does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat

from .. import config
from ..exercises import EXERCISES, HINT_LEVELS
from ..lesson_files import Lesson, read_lesson
from .in_browser_training import TRAINED_NAMES

EDITOR_TAG = "mc-editor-{name}"  # mkdocs-jupyter renders a cell's tag T as class celltag_T
RECORDED_TAG = "mc-recorded-{name}"  # a cell whose output check or use of NAME recorded
ANCHOR = "mc-try-{name}"  # the id of NAME's editor in its lesson page
# What the page's worker loads on a first start, in order (files of the runtime folder).
DOWNLOAD_STAGES = {
    "the Python runtime": (
        "pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
        "pyodide-lock.json",
    ),
    "NumPy": ("numpy-*.whl",),
    "the course": ("wheels/*.whl",),
}  # fmt: skip

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
    """Tag the cell of each exercise's stub with ``EDITOR_TAG`` (the place its editor goes),
    and each cell that calls ``check`` or ``use`` on it with ``RECORDED_TAG``.

    ``notebook`` is ``lesson`` executed: the same cells in the same order."""
    for name, stub in lesson.stubs.items():
        if name not in EXERCISES:
            continue
        cell = notebook.cells[stub.cell - 1]  # Cell.index counts from 1
        if f"def {name}(" not in cell.source:
            raise ValueError(f"lesson {lesson.number}: cell {stub.cell} does not define {name}")
        cell.setdefault("metadata", {}).setdefault("tags", []).append(EDITOR_TAG.format(name=name))
        calls = re.compile(rf"\b(check|use)\(\s*[\"']{re.escape(name)}[\"']")
        for other in notebook.cells:
            if other.cell_type == "code" and calls.search(other.source):
                other.setdefault("metadata", {}).setdefault("tags", []).append(
                    RECORDED_TAG.format(name=name)
                )


def download_sizes(runtime: Path) -> list[dict]:
    """Each stage of a first start with its bytes, from the runtime folder the build serves."""
    return [
        {
            "stage": stage,
            "bytes": sum(
                path.stat().st_size for pattern in patterns for path in runtime.glob(pattern)
            ),
        }
        for stage, patterns in DOWNLOAD_STAGES.items()
    ]


def page_data(lessons: list[Path], wheels: list[str] | None, runtime: Path | None = None) -> dict:
    """Everything ``exercises.js`` reads (see the module docstring); ``wheels`` is None
    when the build has no in-page runtime, which is in the folder ``runtime``."""
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
                    "anchor": ANCHOR.format(name=name),
                    "recorded": ".celltag_" + RECORDED_TAG.format(name=name),
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
        "download": download_sizes(runtime) if wheels is not None and runtime else [],
        "setups": setups,
        "exercises": exercises,
    }


def write_page_data(
    lessons: list[Path], wheels: list[str] | None, dest: Path, runtime: Path | None = None
) -> None:
    data = json.dumps(page_data(lessons, wheels, runtime), indent=1, ensure_ascii=False)
    dest.write_text(f"window.mnistCourseData = {data};\n", encoding="utf-8")
