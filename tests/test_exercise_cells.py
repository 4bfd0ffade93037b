"""One verdict for an answer that uses a name from another cell of its lesson (issue 21).

The notebook gives an answer every name defined above it; the terminal, pytest and the
page run only the cells tagged setup and exercise. A name the lesson offers is in its
setup cell; a name from any other cell fails everywhere, and the message names the cell.
"""

from __future__ import annotations

import os

import jupytext
import numpy as np

from mnist_course.cli import main
from mnist_course.exercises import check, check_source
from mnist_course.exercises.answers import check_lesson
from mnist_course.exercises.api import run_cell
from mnist_course.lesson_files import find_lessons
from tests.exercise_answers import setup_source
from tests.test_exercise_command import answered_copy

THROUGH_SOFTMAX = (
    "def accuracy(logits, labels):\n    return (softmax(logits).argmax(axis=1) == labels).mean()\n"
)
THROUGH_SKLEARN = (
    "def confusion_matrix(y_true, y_pred, num_classes=10):\n"
    "    return sklearn_confusion_matrix(y_true, y_pred, labels=np.arange(num_classes))\n"
)
SKLEARN_IMPORT = "from sklearn.metrics import confusion_matrix as sklearn_confusion_matrix"


def test_accuracy_through_softmax_passes_in_the_terminal_in_process_and_on_the_page(
    tmp_path, capsys
):
    folder = answered_copy(tmp_path / "lessons", {"accuracy": THROUGH_SOFTMAX})
    main(["check", "--lessons", str(folder), "6"])
    assert "✓ accuracy" in capsys.readouterr().out
    assert check_source("accuracy", THROUGH_SOFTMAX, setup=setup_source(6)).passed  # the page
    namespace = {"__name__": "__main__"}  # a notebook: the setup cell, then the answer
    for code in (setup_source(6), THROUGH_SOFTMAX):
        assert run_cell(code, "<cell>", namespace) is None
    assert check("accuracy", namespace["accuracy"], quiet=True).passed


def with_import_cell(folder, lesson_glob: str, before: str, source: str) -> int:
    """Insert a plain cell holding ``source`` before the exercise cell of ``before``;
    the new cell's index (from 1)."""
    path = next(folder.glob(lesson_glob))
    notebook = jupytext.read(path)
    position = next(
        index
        for index, cell in enumerate(notebook.cells)
        if f"def {before}(" in cell.source and "exercise" in cell.metadata.get("tags", [])
    )
    notebook.cells.insert(position, jupytext.reads(source, fmt="py:percent").cells[0])
    jupytext.write(notebook, path, fmt="py:percent")
    return position + 1


def test_a_name_from_a_cell_the_check_does_not_run_fails_everywhere_and_names_the_cell(
    tmp_path, monkeypatch
):
    folder = answered_copy(tmp_path / "lessons", {"confusion_matrix": THROUGH_SKLEARN})
    cell = with_import_cell(folder, "07_*.py", "confusion_matrix", f"# %%\n{SKLEARN_IMPORT}\n")
    (lesson,) = find_lessons(folder, ["7"])
    said = f"`sklearn_confusion_matrix` is defined in cell {cell} of {lesson.path.name}"

    terminal = {result.name: result for result in check_lesson(lesson)}["confusion_matrix"]
    assert not terminal.passed and said in terminal.message, terminal.message
    assert "which the check does not run" in terminal.message
    assert f"there:    {SKLEARN_IMPORT}" in terminal.message

    # In the notebook the import cell has run, so the answer would work: it fails the same way.
    monkeypatch.chdir(folder)
    namespace = {"__name__": "__main__"}
    for code in (lesson.setup_source, SKLEARN_IMPORT, THROUGH_SKLEARN):
        assert run_cell(code, "<cell>", namespace) is None
    answer = namespace["confusion_matrix"]
    assert answer(np.array([0, 1]), np.array([1, 1]), 2).tolist() == [[0, 1], [0, 1]]
    notebook = check("confusion_matrix", answer, quiet=True)
    assert not notebook.passed and notebook.message == terminal.message

    # Outside a lessons folder there is no lesson to read: the answer is checked as it runs.
    monkeypatch.chdir(os.path.dirname(folder))
    assert check("confusion_matrix", answer, quiet=True).passed
