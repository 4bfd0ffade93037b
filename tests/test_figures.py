"""Results computed once, then written: the one results table, and what ``figures`` writes.

Runs here are made by hand from a seeded NumPy network (no training, no TensorFlow), so
these tests check the writing, not the learning; test_training checks that both learn.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from mnist_course import config
from mnist_course.data import MnistData
from mnist_course.history import TrainingHistory
from mnist_course.numpy_mlp import MLP
from mnist_course.parity import ParityReport, compare
from mnist_course.runs import IMPLEMENTATIONS, RESULT_ROWS, RunResult, RunSettings, format_results
from mnist_course.site.build_figures import CourseResults, write_results


def made_up_data(n_test: int = 50) -> MnistData:
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8)
    labels = np.arange(n_test, dtype=np.uint8) % 10
    return MnistData(images, labels, images, labels, "file", "made up", official=False)


def made_up_run(impl: str, data: MnistData, seed: int) -> RunResult:
    history = TrainingHistory()
    history.record({"loss": 1.0, "accuracy": 0.5, "val_loss": 1.1, "val_accuracy": 0.4}, 2.0)
    history.record({"loss": 0.5, "accuracy": 0.8, "val_loss": 0.6, "val_accuracy": 0.75}, 1.0)
    weights = MLP(seed=seed).get_weights()
    return RunResult(RunSettings(impl, epochs=2), history, 0.62, 0.125, weights, data)


def made_up_results() -> CourseResults:
    """Both runs and both parity reports, made by hand in well under a second
    (``python -m benchmarks.figure_times`` draws from these too)."""
    data = made_up_data()
    runs = {impl: made_up_run(impl, data, seed) for seed, impl in enumerate(IMPLEMENTATIONS)}
    reports = {
        dtype: ParityReport(
            dtype, {"seed": 0}, [compare(1, "logits", [1.0, 2.0], [1.0, 2.0], 1e-6)]
        )
        for dtype in config.DTYPES
    }
    return CourseResults(data, epochs=2, seed=0, runs=runs, reports=reports)


@pytest.fixture
def results() -> CourseResults:
    return made_up_results()


def test_summary_counts_the_misclassified_test_digits(results):
    run = results.runs["numpy"]
    predicted = run.numpy_model().predict(run.data.x_test.astype(np.float32) / 255)
    expected = int((predicted != run.data.y_test).sum())
    assert run.summary() == {
        "test_accuracy": 0.125,
        "test_loss": 0.62,
        "val_accuracy": 0.75,
        "median_seconds_per_epoch": 1.5,
        "misclassified": expected,
    }


def test_one_table_in_plain_text_and_in_markdown(results):
    runs = list(results.runs.values())
    plain, markdown = format_results(runs), format_results(runs, markdown=True)
    assert markdown.splitlines()[:2] == ["| | Keras | NumPy |", "|---|---:|---:|"]
    for label, key, fmt in RESULT_ROWS:
        values = [fmt.format(run.summary()[key]) for run in runs]
        assert f"| {label} | {values[0]} | {values[1]} |" in markdown
        assert any(
            line.startswith(label) and line.split()[-2:] == values for line in plain.splitlines()
        )


def test_write_results_writes_every_figure_and_table(results, tmp_path):
    metrics = write_results(results, tmp_path)
    assert json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8")) == metrics
    assert len(metrics["figures"]) == 2 * 7  # each figure light and dark
    assert sorted(path.name for path in tmp_path.glob("*.png")) == metrics["figures"]
    assert metrics["results"]["numpy"] == results.runs["numpy"].summary()
    table = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert table.startswith(format_results(list(results.runs.values()), markdown=True))
    assert "2 epochs, seed 0" in table
    for dtype, report in results.reports.items():
        assert (tmp_path / f"parity_{dtype}.md").read_text(
            encoding="utf-8"
        ) == report.to_markdown() + "\n"
        assert json.loads((tmp_path / f"parity_{dtype}.json").read_text(encoding="utf-8"))["passed"]
    assert (tmp_path / "weights.json").is_file() and (tmp_path / "weights.js").is_file()
