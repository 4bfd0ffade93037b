"""The parity ladder: it passes on the reference, and names each planted bug (the
catalogue is the table in ``planted_bugs``)."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_course import config
from mnist_course.parity import TOLERANCES

pytest.importorskip("mnist_course.keras_mlp")
from mnist_course.parity import run_ladder

pytestmark = pytest.mark.keras


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize(("seed", "batch_size"), [(0, 32), (1, 8), (2, 100)])
def test_ladder_passes_on_the_reference(subset, dtype, seed, batch_size):
    report = run_ladder(dtype=dtype, seed=seed, batch_size=batch_size, steps=20, data=subset)
    assert report.passed, report.table()
    assert {row.rung for row in report.rows} == {1, 2, 3, 4, 5}
    # Every parameter is compared in rungs 3, 4 and 5.
    for rung in (3, 4, 5):
        names = " ".join(row.name for row in report.rows if row.rung == rung)
        assert all(name in names for name in config.weight_names()), rung


def test_one_adam_step_is_bit_identical_to_keras(subset):
    for dtype in ("float64", "float32"):
        report = run_ladder(dtype=dtype, steps=2, data=subset)
        assert all(row.max_abs == 0.0 for row in report.rows if row.rung == 4), dtype


def test_report_prints_and_serialises(subset, tmp_path):
    report = run_ladder(dtype="float32", steps=3, data=subset)
    table = report.table()
    assert table.startswith("Parity ladder, float32: the NumPy reference against Keras")
    assert (
        table.splitlines()[2] == "All rungs pass: the NumPy network computes what Keras computes."
    )
    assert "Rung 3: gradients" in table and "d loss / d dense_1/kernel" in table
    rung_5 = [row.name for row in report.rows if row.rung == 5]
    assert rung_5[:2] == ["optimiser steps taken", "batch sizes, in order"]
    steps = report.training_steps
    from mnist_course.parity.training import training_samples

    digits = training_samples(report.settings["batch_size"], steps)
    assert f"two epochs of the first {digits:,} digits ({steps} steps)" in table
    assert f"after {steps} steps" in table
    assert TOLERANCES["float32"][5].reason[:40] in table
    assert "| 4 | `dense_2/bias update (after minus before)` |" in report._repr_markdown_()
    report.save(tmp_path / "parity.json")
    saved = __import__("json").loads((tmp_path / "parity.json").read_text(encoding="utf-8"))
    assert saved["passed"] is True and len(saved["rows"]) == len(report.rows)


from tests.planted_bugs import PLANTED, PLANTED_FLOAT32, planted_in_fit  # noqa: E402


@pytest.mark.parametrize(("bug", "rung", "tensor", "cause"), PLANTED.values(), ids=PLANTED)
def test_planted_bug_is_found_and_named(subset, bug, rung, tensor, cause):
    report = run_ladder(dtype="float64", steps=2, batch_size=8, data=subset, **bug)
    failure = report.first_failure
    assert failure is not None, "the planted bug went unnoticed"
    assert (failure.rung, failure.name) == (rung, tensor), report.table()
    assert cause in failure.diagnosis, failure.diagnosis
    # The report opens with the first divergence and its cause, before any table.
    opening = report.table().split("\nRung 1:")[0]
    assert f"FIRST DIVERGENCE: rung {rung}, {tensor}" in opening and cause in opening


@pytest.mark.parametrize(
    ("bug", "rung", "tensor", "cause"), PLANTED_FLOAT32.values(), ids=PLANTED_FLOAT32
)
def test_a_float32_only_bug_is_found_and_named(subset, bug, rung, tensor, cause):
    report = run_ladder(dtype="float32", steps=2, batch_size=8, data=subset, **bug)
    failure = report.first_failure
    assert failure is not None, "the planted bug went unnoticed"
    assert (failure.rung, failure.name) == (rung, tensor), report.table()
    assert cause in failure.diagnosis, failure.diagnosis


def test_a_gradient_equal_up_to_a_transpose_or_reshape_is_called_that():
    from mnist_course.parity.diagnose import Evidence, diagnose

    keras = np.arange(12.0).reshape(3, 4)
    assert "up to a transpose" in diagnose("g", keras.T, keras, Evidence("gradient"))
    assert "up to a reshape" in diagnose("g", keras.reshape(4, 3), keras, Evidence("gradient"))


# Bugs whose fingerprint is a constant ratio with a known meaning: named in float32 too.
RATIO_BUGS = ["loss-sum", "log-base-2", "sign-flipped", "adam-no-bias-correction"]
RATIO_BUGS += ["adam-step-square-root", "adam-uphill", "bias-mean", "adam-betas-swapped"]
RATIO_BUGS += ["relu-in-place", "one-hot-by-columns", "adam-epsilon-inside", "adam-counts-from-two"]
RATIO_BUGS += ["adam-v-corrected-with-beta-1", "adam-corrections-swapped"]


@pytest.mark.parametrize("name", RATIO_BUGS)
def test_a_known_ratio_is_named_in_float32_too(subset, name):
    bug, rung, tensor, cause = PLANTED[name]
    report = run_ladder(dtype="float32", steps=2, batch_size=8, data=subset, **bug)
    failure = report.first_failure
    assert (failure.rung, failure.name) == (rung, tensor), report.table()
    assert cause in failure.diagnosis, failure.diagnosis


@pytest.mark.parametrize("bug", list(planted_in_fit()))
def test_a_fault_in_how_fit_walks_the_data_is_named(subset, monkeypatch, bug):
    patches, rung, tensor, cause = planted_in_fit()[bug]
    for target, replacement in patches.items():
        monkeypatch.setattr(target, replacement)
    report = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset)
    failure = report.first_failure
    assert failure is not None, "the planted bug went unnoticed"
    assert (failure.rung, failure.name) == (rung, tensor), report.table()
    assert cause in failure.diagnosis, failure.diagnosis
