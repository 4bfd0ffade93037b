"""The exercises' public face: messages print once, use(), time limits, light imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from IPython.testing.globalipapp import start_ipython

from mnist_course.exercises import EXERCISES, check, check_source, use

HEAVY = ("tensorflow", "keras", "matplotlib", "tqdm", "platformdirs", "jupytext", "nbformat")
# The engine's own modules: the exercises, the library they check against, the lesson
# reader; nothing of training runs, notebooks, plots or the command line.
ENGINE = ("exercises", "numpy_mlp", "data", "config", "gradcheck", "history", "lesson_files")
# Run by the probe: import the engine, check a lesson file's stubs as `mnist-course check`
# does, check a solution as the page does, read the verdict.
ENGINE_AT_WORK = """
import json, sys
from pathlib import Path
import numpy, numpy.random
before = {name.split(".")[0] for name in sys.modules}  # Python's and NumPy's start-up
from mnist_course.exercises import EXERCISES, check_source
from mnist_course.exercises.answers import check_lesson, find_lessons
lesson = find_lessons(Path("lessons"), ["3"])[0]
assert all(result.todo for result in check_lesson(lesson))  # the lesson's stubs, unwritten
verdict = check_source("softmax", EXERCISES["softmax"].solution, setup=lesson.setup_source)
assert verdict.as_dict()["passed"], verdict.message
names = sorted({name.split(".")[0] for name in sys.modules} - before)
stdlib = [name for name in names if name.startswith("_sysconfigdata")]  # sysconfig's own
print(json.dumps([name for name in names if name not in {*sys.stdlib_module_names, *stdlib}]))
print(json.dumps(sorted(name for name in sys.modules if name.startswith("mnist_course."))))
"""


def test_the_exercise_engine_imports_numpy_the_standard_library_and_itself_only():
    """They run in the browser under Pyodide, which has NumPy but none of the rest."""
    run = subprocess.run(
        [sys.executable, "-c", ENGINE_AT_WORK],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
        encoding="utf-8",
    )
    third_party, ours = (json.loads(line) for line in run.stdout.splitlines())
    assert third_party == ["mnist_course"], third_party
    outside = [name for name in ours if name.split(".")[1] not in ENGINE]
    assert not outside, f"the exercise engine imported {outside}"
    assert "mnist_course.lesson_files" in ours  # the probe did read a lesson


def test_the_probe_sees_a_heavy_import():
    """The test above can fail: the same probe sees jupytext once the lessons are read."""
    code = "import sys, mnist_course.site.build_lessons; print('jupytext' in sys.modules)"
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, encoding="utf-8"
    )
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


def test_use_after_a_failed_check_does_not_print_the_reason_again(capsys):
    def mine(z):
        return np.abs(z)

    check("relu", mine)
    assert "wrong values" in capsys.readouterr().out
    assert use("relu", mine) is EXERCISES["relu"].reference
    assert capsys.readouterr().out == (
        "using the course's relu: yours does not pass check yet (see above)\n"
    )
    check("relu", lambda z: np.maximum(z, 0))  # another answer passes: the next use says why
    capsys.readouterr()
    use("relu", mine)
    assert "(wrong values" in capsys.readouterr().out


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


def test_a_code_hint_keeps_its_lines(capsys):
    from mnist_course.exercises import hint

    hint("dropout_forward", 3)
    printed = capsys.readouterr().out
    assert "\n    keep = rng.random(x.shape) >= rate\n" in printed, printed


def test_a_prediction_typed_as_a_string_is_told_so(capsys):
    from mnist_course.exercises.predictions import verdict

    measured = {"agree": False, "differ": True}
    said = verdict("two modes", {"agree": "False", "differ": True}, measured)
    assert said.startswith("✗") and "'False' is a str where the measured value is a bool" in said
    assert "str" not in verdict("one", {"agree": True}, {"agree": False})


def test_a_prediction_given_as_a_numpy_array_is_read_as_its_values():
    from mnist_course.exercises.predictions import verdict

    measured = [320, 4624, 12832, 330]  # lesson 8's counts, as a learner may type them
    assert verdict("counts", np.array(measured), measured).startswith("✓")
    assert "entry 2 of 4 differs" in verdict("counts", np.array([320, 4000, 12832, 330]), measured)
    assert "expected 4 values, got 3" in verdict("counts", [320, 4624, 12832], measured)


def test_a_tuple_result_says_which_of_its_values_agree():
    from mnist_course.exercises.compare import compare

    expected = (np.ones(3), np.zeros(3), np.full(3, 2.0))
    got = (np.ones(3) * 1.5, np.zeros(3), np.full(3, 3.0))  # param and v off, m right
    said = compare(got, expected, rtol=1e-9, atol=0.0, exact_dtype=True)
    assert said.startswith("value 1 of 3: wrong values") and said.endswith(
        "(values 1 and 3 differ, value 2 agrees)"
    ), said
