"""The mnist-course command: output a learner reads, errors in one line, files never clobbered."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from conftest import make_arrays, write_npz

from mnist_course import config
from mnist_course.cli import main


def run_cli(*args, env_data=None):
    """Run the real console entry point in a subprocess, as a learner does."""
    env = None if env_data is None else {**os.environ, "MNIST_COURSE_DATA": str(env_data)}
    return subprocess.run(
        [sys.executable, "-m", "mnist_course.cli", *map(str, args)],
        capture_output=True, text=True, env=env, timeout=300, encoding="utf-8",
    )  # fmt: skip


def test_data_command_prints_source_counts_and_verification(tmp_path, capsys):
    path = write_npz(tmp_path / "small.npz", make_arrays(60, 20))
    assert main(["data", "--data", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"source:   file ({path})" in out
    assert "not the full 60,000 + 10,000 set" in out
    rows = [line.split() for line in out.splitlines()]
    assert ["split", "total", *map(str, range(10))] in rows
    assert ["train", "60", *["6"] * 10] in rows
    assert ["test", "20", *["2"] * 10] in rows


def test_data_command_on_real_mnist(real_mnist_path, capsys):
    assert main(["data", "--data", str(real_mnist_path)]) == 0
    out = capsys.readouterr().out
    assert "official SHA-256 digests" in out
    assert "train 60000 5923 6742 5958 6131 5842 5421 5918 6265 5851 5949" in " ".join(out.split())


def test_bad_data_is_one_line_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"garbage")
    result = run_cli("data", "--data", bad)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {bad}: not an .npz file (it does not start with a zip header)"
    ]
    assert "Traceback" not in result.stderr


def test_environment_variable_is_read_by_the_command(tmp_path):
    result = run_cli("data", env_data=tmp_path / "missing.npz")
    assert result.returncode == 2 and "no such file or folder" in result.stderr


def test_train_writes_history_metrics_and_weights(tmp_path, capsys):
    data = write_npz(tmp_path / "small.npz", make_arrays(200, 50))
    out = tmp_path / "run"
    args = ["train", "--impl", "numpy", "--epochs", "2", "--data", str(data), "--out", str(out)]
    assert main([*args, "--quiet"]) == 0
    assert "numpy: test accuracy" in capsys.readouterr().out
    history = json.loads((out / "history.json").read_text(encoding="utf-8"))
    assert [len(v) for v in history["history"].values()] == [2, 2, 2, 2]
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert {"test_accuracy", "test_loss", "seconds_per_epoch", "data", "versions"} <= set(metrics)
    assert len(metrics["seconds_per_epoch"]) == 2 and metrics["data"]["official"] is False
    with np.load(out / "weights.npz") as weights:
        assert weights.files == config.weight_names()
        assert weights["dense_1/kernel"].shape == (784, 32)


def test_train_refuses_to_overwrite_without_asking(tmp_path, capsys):
    data = write_npz(tmp_path / "small.npz", make_arrays(100, 20))
    out = tmp_path / "run"
    args = ["train", "--impl", "numpy", "--epochs", "1", "--quiet", "--data", str(data)]
    assert main([*args, "--out", str(out)]) == 0
    before = (out / "metrics.json").read_text(encoding="utf-8")
    assert main([*args, "--out", str(out), "--seed", "1"]) == 2
    assert "pass --overwrite" in capsys.readouterr().err
    assert (out / "metrics.json").read_text(encoding="utf-8") == before
    assert main([*args, "--out", str(out), "--seed", "1", "--overwrite"]) == 0
    assert json.loads((out / "metrics.json").read_text(encoding="utf-8"))["settings"]["seed"] == 1


@pytest.mark.parametrize(
    "args",
    [["train", "--impl", "torch"], ["train", "--impl", "numpy", "--dtype", "float16"], ["fly"]],
)
def test_bad_arguments_exit_with_usage(args):
    result = run_cli(*args)
    assert result.returncode == 2 and "usage: mnist-course" in result.stderr


def test_nonpositive_epochs_are_refused(tmp_path, capsys):
    data = write_npz(tmp_path / "small.npz", make_arrays())
    assert main(["train", "--impl", "numpy", "--epochs", "0", "--data", str(data)]) == 2
    assert "epochs and batch_size must be positive" in capsys.readouterr().err
