"""Lesson 6 hands the learner's trained network to lesson 7 through the course's cache."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from mnist_course import config
from mnist_course.history import TrainingHistory
from mnist_course.learner_run import load_learner_run, save_learner_run


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_COURSE_CACHE_DIR", str(tmp_path))
    return tmp_path


def _params():
    generator = np.random.default_rng(0)
    sizes = config.LAYER_SIZES
    params = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        params += [generator.normal(size=(fan_in, fan_out)).astype(np.float32)]
        params += [generator.normal(size=fan_out).astype(np.float32)]
    return params


def test_a_saved_run_reads_back_the_same(cache):
    history = TrainingHistory()
    history.record({"loss": 0.5, "accuracy": 0.9, "val_loss": 0.4, "val_accuracy": 0.91}, 1.5)
    path = save_learner_run(_params(), history, 0.9512, quick=True)
    assert path.parent.parent == cache
    run = load_learner_run(quick=True)
    assert all(np.array_equal(a, b) and a.dtype == b.dtype for a, b in zip(run.params, _params()))
    assert run.history == history and run.test_accuracy == 0.9512
    assert run.initial_params is None  # none given: lesson 7 says so and uses the reference's


def test_the_initial_weights_read_back_with_the_trained_ones(cache):
    start = [array * 0.5 for array in _params()]
    save_learner_run(_params(), TrainingHistory(), 0.5, quick=True, initial_params=start)
    run = load_learner_run(quick=True)
    assert all(np.array_equal(a, b) for a, b in zip(run.initial_params, start))
    assert all(np.array_equal(a, b) for a, b in zip(run.params, _params()))


def test_quick_and_full_runs_are_kept_apart(cache):
    save_learner_run(_params(), TrainingHistory(), 0.5, quick=True)
    with pytest.raises(FileNotFoundError, match="run lesson 6 first, in the same mode"):
        load_learner_run(quick=False)


def test_a_wrong_number_of_arrays_is_refused(cache):
    with pytest.raises(ValueError, match="expected 8 arrays"):
        save_learner_run(_params()[:6], TrainingHistory(), 0.5, quick=True)
