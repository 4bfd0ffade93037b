"""The one reader of lesson files: their number, cells, tags, setup code and exercise stubs.

A lesson is a jupytext percent ``.py`` (``# %%`` starts a cell, ``tags=["exercise"]`` tags
it) or the ``.ipynb`` a learner saved from it. Only the standard library is used, so the
checker, the site build, the page data and the tests all read lessons the same way, even
in the browser. Cells of a ``.py`` know the line of the file where their source starts,
and each exercise stub the line of its ``def``: errors name that line, and the page data
says where each editor goes.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

LESSON_NAME = re.compile(r"^(\d+)_.*\.(py|ipynb)$")
CELL_MARKER = re.compile(r"^# %%(?P<rest>.*)$")
CELL_TAGS = re.compile(r"\btags=(\[[^\]]*\])")
DEFINED = re.compile(r"^def (\w+)\(", re.MULTILINE)
SETUP, EXERCISE = "setup", "exercise"  # the tags of the cells that ``check`` runs, in order


@dataclass(frozen=True)
class Cell:
    """One cell: ``index`` counts every cell from 1; ``line`` is where its source starts
    in a ``.py`` lesson (from 1), None in an ``.ipynb``."""

    index: int
    kind: str  # "code" or "markdown"
    source: str
    tags: tuple[str, ...]
    line: int | None


@dataclass(frozen=True)
class Stub:
    """An exercise's starting code: its whole ``exercise`` cell, and where it is."""

    name: str
    source: str
    cell: int  # the cell's index
    line: int | None  # the line of ``def NAME(`` in a ``.py`` lesson


@dataclass(frozen=True)
class Lesson:
    number: int
    path: Path
    cells: tuple[Cell, ...]

    def tagged(self, *tags: str) -> list[Cell]:
        """The code cells carrying any of ``tags``, in the lesson's order."""
        return [cell for cell in self.cells if cell.kind == "code" and set(tags) & set(cell.tags)]

    @property
    def setup_source(self) -> str:
        """The code of the cells tagged ``setup``, as one block ("" if there are none)."""
        sources = [cell.source for cell in self.tagged(SETUP)]
        return "\n\n".join(sources) + "\n" if sources else ""

    def unrun_definition(self, name: str) -> tuple[Cell, str] | None:
        """The first code cell ``check`` does not run that binds ``name`` at its top level,
        with the statement that binds it (``from x import y as name``), or None."""
        for cell in self.cells:
            if cell.kind == "code" and not {SETUP, EXERCISE} & set(cell.tags):
                statement = top_level_bindings(cell.source).get(name)
                if statement is not None:
                    return cell, statement
        return None

    @property
    def stubs(self) -> dict[str, Stub]:
        """Each exercise's stub by function name (every ``def`` of an exercise cell)."""
        stubs = {}
        for cell in self.tagged(EXERCISE):
            for match in DEFINED.finditer(cell.source):
                line = None
                if cell.line is not None:
                    line = cell.line + cell.source.count("\n", 0, match.start())
                stubs[match.group(1)] = Stub(
                    match.group(1), cell.source.strip() + "\n", cell.index, line
                )
        return stubs


def top_level_bindings(source: str) -> dict[str, str]:
    """The names a cell's code binds outside functions (imports, defs, assignments), each
    with its statement's first line; {} for code that does not parse (an IPython magic)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    bindings: dict[str, str] = {}
    statements = list(tree.body)
    while statements:
        statement = statements.pop(0)
        text = (ast.get_source_segment(source, statement) or "").splitlines()[:1]
        names: list[str] = []
        if isinstance(statement, ast.Import | ast.ImportFrom):
            names = [alias.asname or alias.name.split(".")[0] for alias in statement.names]
        elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names = [statement.name]
        elif isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.For):
            targets = getattr(statement, "targets", None) or [statement.target]
            names = [
                node.id
                for target in targets
                for node in ast.walk(target)
                if isinstance(node, ast.Name)
            ]
        for name in names:
            bindings.setdefault(name, text[0] if text else name)
        for block in ("body", "orelse", "finalbody"):  # if, for, while, with, try
            if not isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                statements += getattr(statement, block, [])
        for handler in getattr(statement, "handlers", []):
            statements += handler.body
    return bindings


def lesson_number(path: Path) -> int | None:
    """The number a lesson file's name starts with (``03_forward_pass.py`` is 3), or None."""
    match = LESSON_NAME.match(Path(path).name)
    return int(match.group(1)) if match else None


def read_lesson(path: Path) -> Lesson:
    """The lesson at ``path``, a percent ``.py`` or an ``.ipynb``."""
    path = Path(path)
    number = lesson_number(path)
    if number is None:
        raise ValueError(f"{path.name}: not a lesson (its name must be like 03_forward_pass.py)")
    text = path.read_text(encoding="utf-8")
    cells = read_notebook(text) if path.suffix == ".ipynb" else read_percent(text)
    return Lesson(number, path, tuple(cells))


def read_percent(text: str) -> list[Cell]:
    """The cells of a percent-format file, as jupytext reads them."""
    lines = text.splitlines()
    markers = [index for index, line in enumerate(lines) if CELL_MARKER.match(line)]
    cells = []
    for number, marker in enumerate(markers, start=1):
        rest = CELL_MARKER.match(lines[marker]).group("rest")
        end = markers[number] if number < len(markers) else len(lines)
        body = lines[marker + 1 : end]
        while body and not body[-1].strip():
            body.pop()
        kind = "markdown" if "[markdown]" in rest else "code"
        if kind == "markdown":
            body = [line[2:] if line.startswith("# ") else line.lstrip("#") for line in body]
        tags = CELL_TAGS.search(rest)
        cells.append(
            Cell(
                index=number,
                kind=kind,
                source="\n".join(body),
                tags=tuple(json.loads(tags.group(1))) if tags else (),
                line=marker + 2,  # 0-based marker; the source from the next line
            )
        )
    return cells


def read_notebook(text: str) -> list[Cell]:
    """The cells of an ``.ipynb``: no lines of their own, only positions."""
    cells = []
    for number, cell in enumerate(json.loads(text).get("cells", []), start=1):
        source = cell.get("source", "")
        cells.append(
            Cell(
                index=number,
                kind="code" if cell.get("cell_type") == "code" else "markdown",
                source="".join(source) if isinstance(source, list) else source,
                tags=tuple(cell.get("metadata", {}).get("tags", [])),
                line=None,
            )
        )
    return cells


def find_lessons(folder: Path, selectors: list[str] | None = None) -> list[Lesson]:
    """The lessons in ``folder`` (all, or those named by number or path), newest copy each.

    A lesson is read from its ``.ipynb`` when the learner saved one more recently than
    the ``.py``, otherwise from the ``.py``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(
            f"{folder}: no lessons folder here; run from the course's root or pass --lessons DIR"
        )
    newest: dict[int, Path] = {}
    for path in sorted(folder.iterdir()):
        number = lesson_number(path)
        if number is not None and (
            number not in newest or path.stat().st_mtime > newest[number].stat().st_mtime
        ):
            newest[number] = path
    if not selectors:
        return [read_lesson(path) for _, path in sorted(newest.items())]
    chosen = []
    for selector in selectors:
        if Path(selector).is_file() and lesson_number(Path(selector)) is not None:
            chosen.append(read_lesson(Path(selector)))
        elif selector.isdigit() and int(selector) in newest:
            chosen.append(read_lesson(newest[int(selector)]))
        else:
            known = ", ".join(str(number) for number in sorted(newest))
            raise ValueError(f"no lesson {selector!r} (lessons here: {known}, or a lesson file)")
    return chosen
