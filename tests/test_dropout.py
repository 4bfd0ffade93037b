"""Inverted Dropout in NumPy, the MLP trained with it, and the checks of values (lesson 8)."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_course.exercises.predictions import check_value
from mnist_course.numpy_mlp.dropout import dropout_backward, dropout_forward
from mnist_course.numpy_mlp.dropout_training import fit_with_dropout


def test_forward_keeps_the_expected_value_and_is_off_at_inference():
    x = np.ones((400, 250))
    out, keep = dropout_forward(x, 0.3, True, np.random.default_rng(0))
    assert keep.dtype == bool and abs(1 - keep.mean() - 0.3) < 0.01
    assert set(np.unique(out)) == {0.0, 1 / 0.7}
    assert abs(out.mean() - 1) < 0.02
    out, keep = dropout_forward(x, 0.3, False, np.random.default_rng(0))
    assert keep.all() and np.array_equal(out, x) and out is not x
    with pytest.raises(ValueError, match="rate"):
        dropout_forward(x, 1.0, True, np.random.default_rng(0))


def test_backward_matches_finite_differences_with_the_mask_held_fixed():
    rng = np.random.default_rng(1)
    x, grad_out = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    _, keep = dropout_forward(x, 0.5, True, np.random.default_rng(2))
    step = 1e-6
    numeric = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        shifted = x.copy()
        shifted[index] += step
        numeric[index] = (grad_out * (shifted * keep / 0.5 - x * keep / 0.5)).sum() / step
    assert np.allclose(dropout_backward(grad_out, keep, 0.5), numeric, atol=1e-6)


def test_training_with_dropout_is_repeatable_and_learns(subset):
    x = subset.x_train[:600].reshape(600, -1).astype("float32") / 255
    y = subset.y_train[:600]
    runs = [fit_with_dropout(x, y, rate=0.1, seed=3, epochs=2) for _ in range(2)]
    assert np.array_equal(runs[0][0].flat_params, runs[1][0].flat_params)
    losses = runs[0][1]
    assert len(losses) == 2 and losses[1] < losses[0] < np.log(10) + 0.5
    without, _ = fit_with_dropout(x, y, rate=0.0, seed=3, epochs=2)
    assert not np.array_equal(without.flat_params, runs[0][0].flat_params)


def test_check_value_says_to_do_right_and_wrong_and_returns_nothing_to_echo(capsys):
    assert check_value("counts", [None, 2], [1, 2]) is None  # Jupyter echoes no Out: False
    assert capsys.readouterr().out.startswith("… counts: fill in")
    check_value("modes", {"a": True, "b": False}, {"a": True, "b": False})
    assert capsys.readouterr().out.startswith("✓ modes")
    check_value("counts", [1, 3], [1, 2])
    assert capsys.readouterr().out.startswith("✗ counts: entry 2 of 2 differs")
    check_value("modes", {"a": "no", "b": False}, {"a": False, "b": False})  # review s10
    assert "'no' is a str where the measured value is True or False" in capsys.readouterr().out


@pytest.mark.slow
def test_lesson_8s_prediction_cells_print_a_verdict_and_echo_no_value(executed_lessons):
    cells = [cell for cell in executed_lessons["08_beyond"].cells if "check_value(" in cell.source]
    assert len(cells) == 3
    for cell in cells:
        streams = [
            (output.output_type, output.get("name"), output.get("text")) for output in cell.outputs
        ]
        assert [kind for kind, _, _ in streams] == ["stream"], (cell.source, streams)
