"""Numbers in a lesson's prose are filled from the run the page shows (site/prose_values.py)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import nbformat
import pytest

from mnist_course.site import build_lessons, prose_values


def _notebook(*markdown: str, code: str = "") -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_markdown_cell(text) for text in markdown]
    if code:
        cells.insert(0, nbformat.v4.new_code_cell(code))
    return nbformat.v4.new_notebook(cells=cells)


def _run_here(cell: nbformat.NotebookNode, namespace: dict) -> nbformat.NotebookNode:
    """Execute the evaluation cell in ``namespace`` as a kernel would, keeping its output."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(cell.source, namespace)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed.getvalue())]
    return cell


def test_a_quoted_number_is_replaced_by_the_runs_value_and_a_changed_one_is_stale():
    notebook = _notebook(
        'an epoch is <span data-expr="steps" data-format=",">1,688</span> steps '
        'and <span data-expr="accuracy" data-format=".1%">96.0%</span> right',
        'again: <span data-expr="steps" data-format=",">1,688</span>',
    )
    cell = prose_values.evaluation_cell(notebook)
    filled = prose_values.fill(notebook, _run_here(cell, {"steps": 169, "accuracy": 0.8234}))
    assert notebook.cells[0].source == (
        'an epoch is <span data-expr="steps" data-format=",">169</span> steps '
        'and <span data-expr="accuracy" data-format=".1%">82.3%</span> right'
    )
    assert notebook.cells[1].source.endswith(">169</span>")
    assert [(number.cell, number.expr, number.value, number.stale) for number in filled] == [
        (0, "steps", "169", True),
        (0, "accuracy", "82.3%", True),
        (1, "steps", "169", True),
    ]
    unchanged = _notebook('<span data-expr="steps" data-format=",">1,688</span>')
    cell = prose_values.evaluation_cell(unchanged)
    [number] = prose_values.fill(unchanged, _run_here(cell, {"steps": 1688}))
    assert not number.stale


def test_prose_without_numbers_needs_no_evaluation():
    assert prose_values.evaluation_cell(_notebook("plain *markdown*, 10 epochs")) is None


def test_a_name_the_run_does_not_have_is_an_error_naming_it():
    notebook = _notebook('<span data-expr="renamed_variable">3</span>')
    cell = _run_here(prose_values.evaluation_cell(notebook), {})
    with pytest.raises(ValueError, match="'renamed_variable': NameError"):
        prose_values.fill(notebook, cell)


def test_an_expression_that_is_not_python_names_its_cell():
    with pytest.raises(ValueError, match=r"markdown cell 0: data-expr 'len\(x' is not a Python"):
        prose_values.spans(_notebook('<span data-expr="len(x">3</span>'))


def test_a_lesson_run_fills_its_prose_from_its_own_kernel(tmp_path: Path):
    lesson = tmp_path / "lesson.py"
    lesson.write_text(
        "# %% [markdown]\n"
        '# The list has <span data-expr="len(items)">4</span> items,\n'
        '# their mean <span data-expr="sum(items) / len(items)" data-format=".2f">0</span>.\n'
        "\n"
        "# %%\n"
        "items = [1, 2, 4]\n",
        encoding="utf-8",
    )
    notebook = build_lessons.execute(lesson, timeout=120)
    assert notebook.cells[0].source == (
        'The list has <span data-expr="len(items)">3</span> items,\n'
        'their mean <span data-expr="sum(items) / len(items)" data-format=".2f">2.33</span>.'
    )
    assert [cell.cell_type for cell in notebook.cells] == ["markdown", "code"]  # no extra cell
    assert notebook.metadata["mnist_course"]["prose"][0]["typed"] == "4"


def test_a_span_written_another_way_is_an_error_not_a_number_left_unfilled():
    with pytest.raises(ValueError, match="markdown cell 0: a data-expr span is not written"):
        prose_values.spans(_notebook('<span class="x" data-expr="steps">3</span>'))
    across_lines = _notebook('<span\ndata-expr="steps"\ndata-format=",">3</span>')
    assert [expr for _, expr, _, _ in prose_values.spans(across_lines)] == ["steps"]
