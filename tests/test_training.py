"""Short trainings on real digits: both implementations must actually learn MNIST."""

from __future__ import annotations

import pytest

from mnist_course.runs import RunSettings, train_run

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("impl", ["numpy", "keras"])
def test_short_training_beats_85_percent_on_held_out_digits(subset, impl):
    result = train_run(RunSettings(impl=impl, epochs=8, seed=0), subset, verbose=0)
    assert result.test_accuracy > 0.85, f"{impl}: {result.test_accuracy:.3f} on 1,000 held-out"
    history = result.history.history
    assert history["loss"][-1] < history["loss"][0], "the training loss should fall"
    assert len(result.weights) == 8


def test_float64_numpy_training_learns_too(subset):
    result = train_run(RunSettings(impl="numpy", epochs=8, dtype="float64"), subset, verbose=0)
    assert result.test_accuracy > 0.85
    assert all(w.dtype == "float64" for w in result.weights)
