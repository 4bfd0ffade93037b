"""What the lesson pages' editors start from: each lesson's setup cells and exercise stubs.

The build reads every lesson (cells tagged ``setup`` and ``exercise``) and writes one
small script, ``generated/exercises-data.js``, that the site's ``exercises.js`` reads.
The browser runs a lesson's setup before the learner's code, as ``mnist-course check`` does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..exercises import EXERCISES
from . import build_lessons

DEFINED = re.compile(r"^def (\w+)\(", re.MULTILINE)


def lesson_parts(path: Path) -> tuple[str, dict[str, str]]:
    """The lesson's setup code, and each exercise's stub by function name."""
    setup, stubs = [], {}
    for cell in build_lessons.read(path).cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type != "code":
            continue
        if "setup" in tags:
            setup.append(cell.source)
        if "exercise" in tags:
            for name in DEFINED.findall(cell.source):
                stubs[name] = cell.source.strip() + "\n"
    return ("\n\n".join(setup) + "\n" if setup else ""), stubs


def page_data(lessons: list[Path], wheels: list[str]) -> dict:
    """Every exercise's lesson, title and stub; every lesson's setup; the wheels to load."""
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
                }
    missing = sorted(set(EXERCISES) - set(exercises))
    if missing:
        raise ValueError(f"exercises with no cell tagged `exercise` in the lessons: {missing}")
    return {"wheels": wheels, "setups": setups, "exercises": exercises}


def write_page_data(lessons: list[Path], wheels: list[str], dest: Path) -> None:
    data = json.dumps(page_data(lessons, wheels), indent=1, ensure_ascii=False)
    dest.write_text(f"window.mnistCourseData = {data};\n")
