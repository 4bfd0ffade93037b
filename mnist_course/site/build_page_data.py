"""What the lesson pages' editors start from: ``generated/exercises-data.js``.

Runs on the build machine. The build reads every lesson (cells tagged ``setup`` and
``exercise``) and writes one small script that the site's ``exercises.js`` reads:

- ``runtime``: whether this build serves the in-page Python, and what to do instead;
- ``limits``: the time limits of ``config`` (the one policy below);
- ``wheels``: the course's wheel for the worker; ``setups``: each lesson's setup code;
- ``exercises[name]``: its ``lesson``, ``title``, ``stub``, ``hintLevels`` and ``place``,
  the CSS selector of the lesson cell the editor goes after. The build writes that
  marker itself (``mark_editor_cells`` tags the executed notebook's cell), so the page
  never searches the rendered text.

The browser runs a lesson's setup before the learner's code, as ``mnist-course check`` does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat

from .. import config
from ..exercises import EXERCISES
from . import build_lessons

DEFINED = re.compile(r"^def (\w+)\(", re.MULTILINE)
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


def lesson_parts(path: Path) -> tuple[str, dict[str, str]]:
    """The lesson's setup code, and each exercise's stub by function name."""
    cells = build_lessons.read(path).cells
    setup = [cell.source for cell in cells if cell.cell_type == "code" and _tagged(cell, "setup")]
    stubs = {name: cells[index].source.strip() + "\n" for name, index in exercise_cells(cells)}
    return ("\n\n".join(setup) + "\n" if setup else ""), stubs


def exercise_cells(cells: list) -> list[tuple[str, int]]:
    """(name, cell index) of every function defined in a code cell tagged ``exercise``."""
    return [
        (name, index)
        for index, cell in enumerate(cells)
        if cell.cell_type == "code" and _tagged(cell, "exercise")
        for name in DEFINED.findall(cell.source)
    ]


def mark_editor_cells(notebook: nbformat.NotebookNode) -> None:
    """Tag each exercise's cell with ``EDITOR_TAG``: the place its editor goes."""
    for name, index in exercise_cells(notebook.cells):
        if name in EXERCISES:
            tags = notebook.cells[index].setdefault("metadata", {}).setdefault("tags", [])
            tags.append(EDITOR_TAG.format(name=name))


def page_data(lessons: list[Path], wheels: list[str] | None) -> dict:
    """Everything ``exercises.js`` reads (see the module docstring); ``wheels`` is None
    when the build has no in-page runtime."""
    setups, exercises = {}, {}
    for path in lessons:
        number = int(path.name.split("_")[0])
        setup, stubs = lesson_parts(path)
        setups[number] = setup
        for name, stub in stubs.items():
            if name in EXERCISES:
                exercises[name] = {
                    "lesson": number,
                    "title": EXERCISES[name].title,
                    "stub": stub,
                    "hintLevels": len(EXERCISES[name].hints),
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
        "wheels": wheels or [],
        "setups": setups,
        "exercises": exercises,
    }


def write_page_data(lessons: list[Path], wheels: list[str] | None, dest: Path) -> None:
    data = json.dumps(page_data(lessons, wheels), indent=1, ensure_ascii=False)
    dest.write_text(f"window.mnistCourseData = {data};\n", encoding="utf-8")


def _tagged(cell, tag: str) -> bool:
    return tag in cell.get("metadata", {}).get("tags", [])
