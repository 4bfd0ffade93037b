"""Names an answer takes from lesson cells that ``mnist-course check`` does not run.

In the notebook an answer sees every name the cells above it defined; the command, pytest
and the page run only the cells tagged ``setup`` and ``exercise``. An answer that uses a
name from another cell (a lesson's own ``from sklearn.metrics import ...``) would pass in
one and raise NameError in the other: both fail it instead, naming the cell.
"""

from __future__ import annotations

import builtins
import dis
from collections.abc import Callable, Container
from pathlib import Path

from ..lesson_files import EXERCISE, SETUP, Lesson, find_lessons, top_level_bindings


def global_names(function: Callable) -> list[str]:
    """The global names ``function`` reads (nested functions and comprehensions too)."""
    code = getattr(function, "__code__", None)
    codes, names = ([code] if code is not None else []), []
    while codes:
        current = codes.pop()
        for instruction in dis.get_instructions(current):
            loads_global = instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME")
            if loads_global and instruction.argval not in names:
                names.append(instruction.argval)
        codes += [const for const in current.co_consts if hasattr(const, "co_code")]
    return names


def checked_names(lesson: Lesson) -> set[str]:
    """The names the cells that ``check`` runs bind: what an answer may use."""
    return {
        name for cell in lesson.tagged(SETUP, EXERCISE) for name in top_level_bindings(cell.source)
    }


def unrun_names_problem(answer: Callable, lesson: Lesson, available: Container[str]) -> str | None:
    """Why ``answer`` depends on a cell the check does not run, or None."""
    for name in global_names(answer):
        if name in available or hasattr(builtins, name):
            continue
        found = lesson.unrun_definition(name)
        if found is None:
            continue
        cell, statement = found
        line = f", line {cell.line}" if cell.line is not None else ""
        return (
            f"`{name}` is defined in cell {cell.index} of {lesson.path.name}{line}, which the "
            "check does not run (the terminal, pytest and the page run only the lesson's "
            "setup and exercise cells)\n"
            f"  there:    {statement}\n"
            f"  cure:     write that line inside your function, or do without `{name}`"
        )
    return None


def notebook_problem(answer: Callable, lesson_number: int) -> str | None:
    """In a notebook (an answer of ``__main__``) run from the lessons folder: the problem of
    a name from a cell the check does not run. Elsewhere, None: there is no lesson to read."""
    if getattr(answer, "__module__", None) != "__main__":
        return None
    try:
        (lesson,) = find_lessons(Path.cwd(), [str(lesson_number)])
    except (OSError, ValueError):
        return None
    return unrun_names_problem(answer, lesson, checked_names(lesson))
