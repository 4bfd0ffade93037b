"""`mnist-course check` and `pytest lessons` on a learner's copy: one verdict with check()."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jupytext
import pytest

from mnist_course.cli import main
from mnist_course.exercises import EXERCISES, check_source, exercises_of_lesson
from mnist_course.exercises.answers import check_lesson, learner_functions
from mnist_course.lesson_files import find_lessons
from tests.exercise_answers import RIGHT, setup_source
from tests.exercise_answers.lesson_04 import THROUGH_CENTRAL_DIFFERENCE

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
HANG = "def relu(z):\n    i = 0\n    while i < 10:\n        z = z + 0\n    return z\n"


def answered_copy(folder: Path, answers: dict[str, str]) -> Path:
    """The lessons with the exercise cells of ``answers`` replaced by those sources."""
    shutil.copytree(LESSONS, folder)
    for path in folder.glob("0*.py"):
        notebook = jupytext.read(path)
        for cell in notebook.cells:
            if "exercise" in cell.metadata.get("tags", []):
                name = re.search(r"def (\w+)\(", cell.source).group(1)
                cell.source = answers.get(name, cell.source).rstrip("\n")
        jupytext.write(notebook, path, fmt="py:percent")
    return folder


def test_lessons_answered_as_a_learner_would_pass_the_command_and_pytest(tmp_path, capsys):
    folder = answered_copy(tmp_path / "lessons", {name: RIGHT[name][0] for name in EXERCISES})
    assert main(["check", "--lessons", str(folder)]) == 0
    total = len(EXERCISES)
    assert f"{total} of {total} exercises done, 0 to do, 0 failing." in capsys.readouterr().out
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        encoding="utf-8",
    )
    assert run.returncode == 0 and f"{total} passed" in run.stdout, run.stdout[-2000:]


def test_an_answer_calling_an_unwritten_exercise_gets_the_notebooks_verdict(tmp_path):
    """In the notebook, `use` has put the course's central_difference in place of the stub."""
    folder = answered_copy(
        tmp_path / "lessons", {"numerical_gradient_at": THROUGH_CENTRAL_DIFFERENCE}
    )
    results = {result.name: result for result in check_lesson(find_lessons(folder, ["4"])[0])}
    assert results["numerical_gradient_at"].passed, results["numerical_gradient_at"].message
    assert results["central_difference"].todo
    functions = learner_functions(folder)  # the learner's own, stub included
    assert functions["central_difference"] is not EXERCISES["central_difference"].reference


def test_learner_functions_are_the_answers_of_the_lessons(tmp_path):
    folder = answered_copy(tmp_path / "lessons", {"relu": RIGHT["relu"][1]})
    functions = learner_functions(folder)
    assert set(functions) == set(EXERCISES)  # the stubs are included
    assert functions["relu"](__import__("numpy").array([-1.0, 2.0])).tolist() == [0.0, 2.0]
    with pytest.raises(NotImplementedError):
        functions["softmax"](None)


def test_no_solution_calls_a_course_function_of_its_own_name():
    for name, exercise in EXERCISES.items():
        tree = ast.parse(exercise.solution)
        assert [node.name for node in tree.body if isinstance(node, ast.FunctionDef)] == [name]
        called = {
            getattr(node.func, "id", getattr(node.func, "attr", None))
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
        }
        assert name not in called, f"solution({name!r}) calls {name}"


def test_every_solution_pasted_into_its_cell_passes_check_and_the_command(tmp_path, capsys):
    solutions = {name: exercise.solution for name, exercise in EXERCISES.items()}
    for name, source in solutions.items():
        result = check_source(name, source, setup=setup_source(EXERCISES[name].lesson))
        assert result.passed, result.message
    folder = answered_copy(tmp_path / "lessons", solutions)
    assert main(["check", "--lessons", str(folder)]) == 0
    total = len(EXERCISES)
    assert f"{total} of {total} exercises done" in capsys.readouterr().out


def test_a_hanging_answer_is_stopped_and_the_others_are_still_checked(tmp_path, capsys):
    answers = {"relu": HANG, "softmax": RIGHT["softmax"][0]}
    folder = answered_copy(tmp_path / "lessons", answers)
    started = time.perf_counter()
    assert main(["check", "--lessons", str(folder), "3", "--verbose"]) == 1
    print(f"hang reported after {time.perf_counter() - started:.1f} s")  # measured, not asserted
    out = capsys.readouterr().out
    assert "✗ relu: did not return within 5 s and was stopped" in out
    assert re.search(r"stopped:  03_forward_pass\.py, line \d+: ", out), out
    total = len(exercises_of_lesson(3))  # the others are still to do
    assert (
        "✓ softmax" in out and f"1 of {total} exercises done, {total - 2} to do, 1 failing." in out
    )


def file_line(path: Path, text: str) -> int:
    """The line of ``path`` (from 1) that is exactly ``text``: what an editor shows."""
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_the_command_names_the_file_and_line_of_an_error_inside_numpy(tmp_path, capsys):
    source = "def relu(z):\n    zero = 0\n    return np.dot(z, np.ones(7))\n"
    folder = answered_copy(tmp_path / "lessons", {"relu": source})
    assert main(["check", "--lessons", str(folder), "3", "-v"]) == 1
    out = capsys.readouterr().out
    line = file_line(folder / "03_forward_pass.py", "    return np.dot(z, np.ones(7))")
    assert f"where:    03_forward_pass.py, line {line}: return np.dot(z, np.ones(7))" in out, out


def test_in_a_notebook_copy_the_command_names_the_cell_by_position(tmp_path, capsys):
    folder = tmp_path / "lessons"
    shutil.copytree(LESSONS, folder)
    notebook = jupytext.read(folder / "03_forward_pass.py")
    for position, cell in enumerate(notebook.cells, 1):
        if "def relu(" in cell.source:
            cell.source = "def relu(z):\n    zero = 0\n    return np.dot(z, np.ones(7))"
            relu_cell = position
    jupytext.write(notebook, folder / "03_forward_pass.ipynb")
    assert main(["check", "--lessons", str(folder), "3", "-v"]) == 1
    out = capsys.readouterr().out
    assert f"where:    cell {relu_cell}, line 3: return np.dot(z, np.ones(7))" in out, out


def test_check_command_reads_a_newer_notebook_copy(tmp_path, capsys):
    folder = tmp_path / "lessons"
    shutil.copytree(LESSONS, folder)
    notebook = jupytext.read(folder / "03_forward_pass.py")
    for cell in notebook.cells:
        if "def relu(" in cell.source:
            cell.source = "def relu(z):\n    return np.abs(z)\n"
    jupytext.write(notebook, folder / "03_forward_pass.ipynb")
    assert main(["check", "--lessons", str(folder), "3"]) == 1
    out = capsys.readouterr().out
    assert "03_forward_pass.ipynb" in out and "✗ relu: wrong values" in out
    assert "absolute value" not in out  # one line per exercise unless --verbose
    assert main(["check", "--lessons", str(folder), "3", "--verbose"]) == 1
    assert "likely:   absolute value" in capsys.readouterr().out


def test_check_command_explains_a_broken_cell(tmp_path, capsys):
    folder = answered_copy(tmp_path / "lessons", {"relu": "def relu(z):\n    return z +\n"})
    assert main(["check", "--lessons", str(folder), "3", "-v"]) == 1
    out = capsys.readouterr().out
    line = file_line(folder / "03_forward_pass.py", "    return z +")
    assert re.search(
        rf"no function called relu; a cell failed: SyntaxError: .*03_forward_pass\.py, line {line}",
        out,
    ), out


def test_check_command_fails_untouched_lessons_and_reports_progress(capsys):
    assert main(["check", "--lessons", str(LESSONS), "3"]) == 1
    total = len(exercises_of_lesson(3))
    assert f"0 of {total} exercises done, {total} to do, 0 failing." in capsys.readouterr().out


def test_check_command_says_when_a_lesson_has_no_checked_exercise(capsys, monkeypatch):
    # Every lesson has checked exercises now: a lesson whose checks give nothing stands in.
    monkeypatch.setattr("mnist_course.exercises.answers.check_lesson", lambda lesson: [])
    main(["check", "--lessons", str(LESSONS), "8"])
    assert "Lesson 8 (" in (out := capsys.readouterr().out) and "no checked exercises" in out


def test_check_command_refuses_an_unknown_lesson(capsys):
    assert main(["check", "--lessons", str(LESSONS), "42"]) == 2
    assert "no lesson '42'" in capsys.readouterr().err
