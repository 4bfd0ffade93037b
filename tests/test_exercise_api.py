"""The exercises' public face: messages print once, use(), time limits, light imports."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from IPython.testing.globalipapp import start_ipython

from mnist_course.exercises import EXERCISES, check, check_source, use

HEAVY = ("tensorflow", "keras", "matplotlib", "tqdm", "platformdirs", "jupytext", "nbformat")


def test_importing_the_exercises_needs_numpy_only():
    """They run in the browser under Pyodide, which has NumPy but none of these."""
    code = (
        "import sys, mnist_course.exercises\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]", run.stdout


def test_the_probe_sees_a_heavy_import():
    """The test above can fail: the same probe sees jupytext once the lessons are read."""
    code = "import sys, mnist_course.site.build_lessons; print('jupytext' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "True"


@pytest.fixture(scope="module")
def shell():
    ipython = start_ipython()
    ipython.run_cell("import numpy as np\nfrom mnist_course.exercises import check", True)
    return ipython


def test_in_jupyter_check_prints_its_message_once(shell, capsys):
    shell.run_cell('check("relu", lambda z: np.maximum(z, 0))', store_history=True)
    assert capsys.readouterr().out.count("✓ relu: correct") == 1
    shell.run_cell('check("relu", lambda z: np.maximum(z, 0), quiet=True)', store_history=True)
    assert capsys.readouterr().out.count("✓ relu: correct") == 1  # shown as the cell's value


def test_in_jupyter_an_error_names_the_cell_and_line(shell, capsys):
    shell.run_cell("def relu(z):\n    zero = 0\n    return np.dot(z, np.ones(7))", True)
    cell = shell.execution_count - 1
    shell.run_cell('check("relu", relu)', store_history=True)
    out = capsys.readouterr().out
    assert f"where:    cell {cell}, line 3: return np.dot(z, np.ones(7))" in out, out


def test_a_result_is_short_in_a_plain_prompt_and_true_when_passed(capsys):
    result = check("relu", lambda z: np.maximum(z, 0))
    assert repr(result) == "<Result relu: passed>" and result and str(result) == result.message


def test_use_returns_a_passing_answer_and_otherwise_the_reference(capsys):
    mine = lambda z: np.maximum(z, 0)  # noqa: E731
    assert use("relu", mine) is mine
    assert capsys.readouterr().out == "using your relu\n"
    assert use("relu", np.abs) is EXERCISES["relu"].reference
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert out.startswith("using the course's relu: yours does not pass check yet (wrong values")

    def stub(z):
        raise NotImplementedError("your code here")

    assert use("relu", stub) is EXERCISES["relu"].reference
    assert capsys.readouterr().out == "using the course's relu until you write yours\n"


def test_check_stops_an_answer_that_never_returns():
    source = "def softmax(logits):\n    while True:\n        pass\n"
    result = check_source("softmax", source)
    assert "did not return within 5 s and was stopped" in result.message
    assert "stopped:  line 2: while True:" in result.message


def test_a_hanging_cell_is_stopped_too():
    result = check_source("relu", "while True:\n    pass\n")
    assert "your code did not run: the cell did not return within 5 s" in result.message


def test_integer_labels_in_cases_are_platform_integers():
    """np.bincount refuses int64 on 32-bit platforms (the browser): cases use np.intp."""
    for exercise in EXERCISES.values():
        for case in exercise.cases():
            for arg in case.args:
                if isinstance(arg, np.ndarray) and arg.dtype.kind == "i" and arg.ndim == 1:
                    assert arg.dtype == np.intp or exercise.name == "split_validation"
