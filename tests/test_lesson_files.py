"""The lesson reader: cells, tags, setup and stubs as jupytext reads them, with their lines."""

import json
from pathlib import Path

import jupytext
import pytest

from mnist_course.lesson_files import find_lessons, lesson_number, read_lesson

LESSONS = Path(__file__).resolve().parent.parent / "lessons"
PATHS = sorted(LESSONS.glob("[0-9]*.py"))


@pytest.mark.parametrize("path", PATHS, ids=[path.stem for path in PATHS])
def test_cells_are_jupytexts_cells_at_their_lines(path):
    lesson = read_lesson(path)
    expected = jupytext.read(path).cells
    assert lesson.number == int(path.name[:2])
    assert len(lesson.cells) == len(expected)
    lines = path.read_text(encoding="utf-8").splitlines()
    for cell, theirs in zip(lesson.cells, expected, strict=True):
        assert (cell.kind, cell.tags) == (theirs.cell_type, tuple(theirs.metadata.get("tags", [])))
        if cell.kind == "code":
            assert cell.source == theirs.source, cell.index
            assert lines[cell.line - 1 : cell.line - 1 + len(cell.source.splitlines())] == (
                cell.source.splitlines()
            )


@pytest.mark.parametrize("path", PATHS, ids=[path.stem for path in PATHS])
def test_stubs_say_the_line_of_their_def_and_an_ipynb_reads_alike(path, tmp_path):
    lesson = read_lesson(path)
    assert lesson.stubs  # every lesson has exercises
    lines = path.read_text(encoding="utf-8").splitlines()
    for stub in lesson.stubs.values():
        assert lines[stub.line - 1].startswith(f"def {stub.name}(")
        assert f"def {stub.name}(" in stub.source
    saved = tmp_path / (path.stem + ".ipynb")
    jupytext.write(jupytext.read(path), saved)
    notebook = read_lesson(saved)
    assert notebook.setup_source == lesson.setup_source
    assert {name: stub.source for name, stub in notebook.stubs.items()} == {
        name: stub.source for name, stub in lesson.stubs.items()
    }
    assert all(stub.line is None for stub in notebook.stubs.values())


def test_find_lessons_takes_the_newest_copy_and_refuses_unknown_names(tmp_path):
    (tmp_path / "01_data.py").write_text('# %% tags=["setup"]\nx = 1\n', encoding="utf-8")
    notebook = {"cells": [{"cell_type": "code", "source": ["x = 2"], "metadata": {}}]}
    (tmp_path / "01_data.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    (tmp_path / "notes.py").write_text("", encoding="utf-8")
    [lesson] = find_lessons(tmp_path)
    assert lesson.path.suffix == ".ipynb" and lesson.cells[0].source == "x = 2"
    assert lesson_number(Path("notes.py")) is None
    with pytest.raises(ValueError, match="no lesson '9'"):
        find_lessons(tmp_path, ["9"])
    with pytest.raises(FileNotFoundError, match="no lessons folder"):
        find_lessons(tmp_path / "missing")
