"""Lesson 6's in-page training (site/in_browser_training), run here in CPython: the same
module the page's worker runs in Pyodide (issue 23)."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_course.site import build_page_subset
from mnist_course.site.in_browser_training import (
    TRAINED_NAMES,
    PageTraining,
    learner_answers,
    load_subset,
)
from tests.exercise_answers import RIGHT, setup_source


@pytest.fixture(scope="module")
def page_subset(real_mnist, tmp_path_factory):
    written = build_page_subset.write_subset(real_mnist, tmp_path_factory.mktemp("subset"))
    return load_subset(written.path.read_bytes(), written.sha256)


def training(subset, code: dict[str, str], images: int = 10_000) -> PageTraining:
    answers = learner_answers(code, setup_source(6))
    return PageTraining(subset, answers, images=images, batch_size=32, seed=0)


@pytest.mark.slow
def test_right_answers_train_to_090_in_five_epochs(page_subset):
    run = training(page_subset, {name: RIGHT[name][0] for name in TRAINED_NAMES})
    assert set(run.functions().values()) == {"yours"}
    history = [run.epoch() for _ in range(5)]
    assert [row["epoch"] for row in history] == [1, 2, 3, 4, 5]
    assert history[-1]["loss"] < history[0]["loss"]
    assert run.test_accuracy() >= 0.90


def test_a_stub_is_replaced_by_the_reference_and_said_so(page_subset):
    stub = "def relu(x):\n    raise NotImplementedError\n"
    run = training(page_subset, {"relu": stub, "softmax": RIGHT["softmax"][0]}, images=320)
    functions = run.functions()
    assert functions["relu"] == "reference" and functions["softmax"] == "yours"
    assert functions["train_step"] == "reference"
    assert np.isfinite(run.epoch()["loss"])


def test_a_planted_bug_runs_as_written_and_learns_nothing(page_subset):
    broken = "def relu(x):\n    return x * 0.0\n"  # every hidden unit dead
    run = training(page_subset, {"relu": broken}, images=2_000)
    assert run.functions()["relu"] == "yours"
    run.epoch()
    assert run.test_accuracy() < 0.5


def test_a_changed_file_is_refused_by_its_digest(tmp_path, real_mnist):
    written = build_page_subset.write_subset(real_mnist, tmp_path)
    with pytest.raises(ValueError, match="digest"):
        load_subset(written.path.read_bytes() + b"x", written.sha256)


def test_the_trained_weights_reach_the_draw_page_as_it_reads_them(page_subset):
    """The format of build_figures.export_weights: shape, little-endian float32 in base64."""
    import base64

    code = {name: RIGHT[name][0] for name in TRAINED_NAMES}
    run = training(page_subset, code, images=320)  # the learner's train_step makes the steps
    run.epoch()
    sent = run.weights()
    assert [entry["shape"] for entry in sent] == [list(w.shape) for w in run.model.get_weights()]
    decoded = [
        np.frombuffer(base64.b64decode(entry["data"]), "<f4").reshape(entry["shape"])
        for entry in sent
    ]
    for array, original in zip(decoded, run.params, strict=True):
        np.testing.assert_array_equal(array, np.asarray(original, np.float32))
