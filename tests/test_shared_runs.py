"""The run shared by lessons 6 and 7: trained once, read back verified, retrained if not."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import make_arrays

from mnist_course import runs, shared_runs
from mnist_course.data import MnistData
from mnist_course.history import TrainingHistory
from mnist_course.numpy_mlp import MLP


@pytest.fixture
def small_data():
    arrays = make_arrays()
    return MnistData(**arrays, source="file", location="test arrays", official=False)


@pytest.fixture
def trainings(monkeypatch):
    """Replace training by a fake that counts its calls and returns seeded weights."""
    calls = []

    def fake_train_run(settings, data, *, verbose=1):
        calls.append(settings)
        history = TrainingHistory()
        history.record({"loss": 1.0, "accuracy": 0.5, "val_loss": 1.1, "val_accuracy": 0.4}, 2.0)
        weights = MLP(seed=len(calls)).get_weights()
        return runs.RunResult(settings, history, 1.2, 0.45, weights, data)

    monkeypatch.setattr(runs, "train_run", fake_train_run)
    return calls


def test_a_run_is_trained_once_then_read_back_the_same(small_data, trainings, capsys):
    settings = runs.RunSettings("numpy", epochs=2)
    first = shared_runs.shared_run(settings, small_data)
    second = shared_runs.shared_run(settings, small_data)
    assert len(trainings) == 1
    assert "Training the numpy run" in capsys.readouterr().out.splitlines()[0]
    assert second.test_accuracy == first.test_accuracy == 0.45
    assert second.history.to_dict() == first.history.to_dict()
    assert all(np.array_equal(a, b) for a, b in zip(first.weights, second.weights))
    assert shared_runs.runs_dir().is_relative_to(shared_runs.cache_dir())


def test_other_settings_or_data_get_their_own_run(small_data, trainings):
    shared_runs.shared_run(runs.RunSettings("numpy", epochs=2), small_data)
    shared_runs.shared_run(runs.RunSettings("numpy", epochs=3), small_data)
    other = MnistData(**make_arrays(seed=1), source="file", location="other", official=False)
    shared_runs.shared_run(runs.RunSettings("numpy", epochs=2), other)
    assert len(trainings) == 3


def test_a_changed_file_is_not_trusted(small_data, trainings, capsys):
    settings = runs.RunSettings("numpy", epochs=2)
    shared_runs.shared_run(settings, small_data)
    (folder,) = [path for path in shared_runs.runs_dir().iterdir() if path.is_dir()]
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    metrics["test_accuracy"] = 0.99
    (folder / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    capsys.readouterr()
    result = shared_runs.shared_run(settings, small_data)
    assert len(trainings) == 2
    assert "metrics.json has changed" in capsys.readouterr().out
    assert result.test_accuracy == 0.45
    assert shared_runs.shared_run(settings, small_data).test_accuracy == 0.45
    assert len(trainings) == 2  # the retrained run is trusted again


def test_messages_name_the_run_never_a_path_of_the_machine(small_data, trainings, capsys):
    """These lines land on the published lessons 6 and 7: no builder's folder in them."""
    settings = runs.RunSettings("numpy", epochs=2, batch_size=16, seed=3)
    shared_runs.shared_run(settings, small_data)
    (folder,) = [path for path in shared_runs.runs_dir().iterdir() if path.is_dir()]
    shared_runs.shared_run(settings, small_data)
    (folder / "weights.npz").unlink()  # read fails with an OSError, whose text has the path
    shared_runs.shared_run(settings, small_data)
    trained, read, retrained = capsys.readouterr().out.splitlines()
    for line in (trained, read, retrained):
        assert "numpy run " in line and "2 epochs, batch 16, seed 3" in line
        assert str(shared_runs.cache_dir()) not in line
        assert "/" not in line and "\\" not in line  # no path, with either separator
    assert read.startswith("Read the numpy run")
    assert "could not be read: FileNotFoundError on weights.npz" in retrained
