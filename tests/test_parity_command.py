"""The parity command, its --mine and rule for unwritten functions, and rung 6."""

from __future__ import annotations

import pytest

from mnist_course.numpy_mlp import functional as F

pytest.importorskip("mnist_course.keras_mlp")
from tests.planted_bugs import softmax_without_max

pytestmark = pytest.mark.keras


def test_parity_command_prints_saves_and_exits_by_result(subset, monkeypatch, tmp_path, capsys):
    from mnist_course import cli, commands

    monkeypatch.setattr(commands, "load_mnist", lambda path=None: subset)
    args = ["parity", "--dtype", "float32", "--steps", "4", "--json", str(tmp_path / "p.json")]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "All rungs pass" in out and (tmp_path / "p.json").is_file()

    monkeypatch.setattr(F, "softmax", softmax_without_max)  # plant a bug in the reference
    assert cli.main(args) == 1
    assert "FIRST DIVERGENCE: rung 1, softmax of extreme logits" in capsys.readouterr().out


LESSON = """
# %% tags=["exercise"]
import numpy as np


def relu(z):
    return np.maximum(z, 0)


# %% tags=["exercise"]
def softmax(logits):
    raise NotImplementedError("your code here")
"""


def test_parity_mine_runs_the_ladder_on_the_lessons_functions(
    subset, monkeypatch, tmp_path, capsys
):
    from mnist_course import cli, commands

    monkeypatch.setattr(commands, "load_mnist", lambda path=None: subset)
    (tmp_path / "03_forward_pass.py").write_text(LESSON, encoding="utf-8")
    assert cli.main(["parity", "--mine", str(tmp_path), "--steps", "2"]) == 0
    out = capsys.readouterr().out
    assert "yours: relu\n" in out and "the reference stands in: dense_forward, softmax" in out
    (tmp_path / "03_forward_pass.py").write_text(
        LESSON.replace("np.maximum(z, 0)", "np.abs(z)"), encoding="utf-8"
    )
    assert cli.main(["parity", "--mine", str(tmp_path), "--steps", "2"]) == 1
    assert "FIRST DIVERGENCE: rung 1, relu_1 output" in capsys.readouterr().out


def test_notebook_and_terminal_give_the_same_verdict_on_the_same_files(
    subset, monkeypatch, tmp_path, capsys
):
    """One rule for both: a failing function runs, a stub falls back to the reference."""
    from mnist_course import cli, commands
    from mnist_course.exercises.answers import learner_functions
    from mnist_course.parity import FALLBACK_RULE, parity_of

    monkeypatch.setattr(commands, "load_mnist", lambda path=None: subset)
    (tmp_path / "03_forward_pass.py").write_text(
        LESSON.replace("np.maximum(z, 0)", "np.abs(z)"), encoding="utf-8"
    )
    assert cli.main(["parity", "--mine", str(tmp_path), "--steps", "2"]) == 1
    terminal = capsys.readouterr().out
    notebook = parity_of(learner_functions(tmp_path), steps=2, data=subset)
    assert notebook.table() == terminal.rstrip("\n")
    assert "yours: relu\n" in terminal and FALLBACK_RULE in terminal
    help_text = cli.build_parser()._subparsers._group_actions[0].choices["parity"].format_help()
    assert " ".join(FALLBACK_RULE.split()[:6]) in " ".join(help_text.split())


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_notebook_and_terminal_agree_on_compositions_and_say_whose_ran(
    subset, monkeypatch, tmp_path, capsys, dtype
):
    """Lesson 6's parity_of(yours, dtype=...) and the command, on files with a backward
    that fails its check: both run it, fail at rung 3, and say it ran though it fails."""
    from mnist_course import cli, commands
    from mnist_course.exercises.answers import learner_functions
    from mnist_course.parity import parity_of
    from tests.exercise_answers import WRONG
    from tests.ladder_lessons import LADDER_CODE, write_lessons

    relu_on_logits = next(code for code, said in WRONG["backward"] if "ReLU applied" in said)
    write_lessons(tmp_path, {**LADDER_CODE, "backward": relu_on_logits})
    monkeypatch.setattr(commands, "load_mnist", lambda path=None: subset)
    assert cli.main(["parity", "--mine", str(tmp_path), "--dtype", dtype, "--steps", "2"]) == 1
    terminal = capsys.readouterr().out
    notebook = parity_of(learner_functions(tmp_path), dtype=dtype, steps=2, data=subset)
    assert notebook.table() == terminal.rstrip("\n")
    assert "FIRST DIVERGENCE: rung 3, d loss / d dense_1/kernel, your backward" in terminal
    assert "failing its exercise check, ran anyway" in terminal and ": backward (" in terminal
    assert "dense_backward, adam_step, backward, train_step\n" in terminal  # yours: line


@pytest.mark.slow
def test_compare_and_rung_6_share_one_seed_study(subset, monkeypatch, tmp_path, capsys):
    import json

    from mnist_course import cli, commands
    from mnist_course.parity import run_statistical

    monkeypatch.setattr(commands, "load_mnist", lambda path=None: subset)
    args = ["compare", "--seed", "3", "--seeds", "2", "--epochs", "1", "--quiet"]
    assert cli.main([*args, "--out", str(tmp_path)]) == 0
    compared = json.loads((tmp_path / "seeds.json").read_text(encoding="utf-8"))
    rung_6 = run_statistical(seeds=2, first_seed=3, epochs=1, data=subset)
    assert compared["seeds"] == rung_6.seeds == [3, 4]
    assert compared["test_accuracy"] == rung_6.test_accuracy
    assert set(compared) == set(rung_6.to_dict()) - {
        "dtype",
        "batch_size",
        "epochs",
        "passed",
        "reason",
    }


@pytest.mark.slow
def test_rung_6_compares_seed_distributions(subset):
    from mnist_course.parity import run_statistical

    result = run_statistical(seeds=2, epochs=2, data=subset)
    assert set(result.test_accuracy) == {"keras", "numpy"}
    assert all(len(values) == 2 for values in result.test_accuracy.values())
    low, high = result.interval_95
    assert low <= result.difference <= high
    assert result.passed == (low <= 0 <= high)


def test_rung_6_refuses_a_single_seed(subset):
    from mnist_course.parity import run_statistical

    with pytest.raises(ValueError, match="at least 2"):
        run_statistical(seeds=1, data=subset)
