"""Lesson 5's figures: what each draws, from made-up numbers; they render as PNG."""

from __future__ import annotations

import numpy as np

from mnist_course import plots


def test_loss_curves_draw_every_seed_and_their_mean():
    curves = {
        "SGD": np.array([[2.0, 1.0, 0.5], [2.2, 1.2, 0.7]]),
        "Adam": np.array([[1.0, 0.5, 0.2]]),
    }
    figure = plots.loss_curves(curves, steps_per_point=10)
    lines = figure.axes[0].get_lines()
    mean = next(line for line in lines if line.get_label().startswith("SGD (mean of 2 seeds)"))
    assert mean.get_xdata().tolist() == [10, 20, 30]
    assert np.allclose(mean.get_ydata(), [2.1, 1.1, 0.6])
    assert len(lines) == 2 + 1 + 1 + 1 + 1  # seeds and means, plus the ln 10 line
    assert figure._repr_png_().startswith(b"\x89PNG")


def test_sweep_marks_diverged_runs_and_leaves_them_out_of_the_mean():
    rates = {"SGD": np.array([0.01, 0.1, 1.0])}
    losses = {"SGD": np.array([[1.5, 0.4, np.inf], [1.7, 0.6, 0.9]])}
    figure = plots.learning_rate_sweep(rates, losses)
    axis = figure.axes[0]
    mean = next(line for line in axis.get_lines() if line.get_label() == "SGD, mean of 2")
    assert np.allclose(mean.get_ydata()[:2], [1.6, 0.5]) and np.isnan(mean.get_ydata()[2])
    at_one = sorted(y for c in axis.collections for x, y in c.get_offsets() if x == 1.0)
    ceiling = plots.UNIFORM_LOSS * 1.15
    assert np.allclose(at_one, [0.9, ceiling])  # a dot, and the diverged run's cross on top
    assert any("best 0.1" == text.get_text() for text in axis.texts)
    assert axis.get_xscale() == "log"


def test_step_shortening_draws_only_what_float64_resolves():
    steps = np.arange(1.0, 101.0)
    shortening = np.where(steps < 50, 1e-6, 0.0)
    figure = plots.step_shortening(
        steps, shortening, measured_steps=np.array([1, 10]), measured=np.array([1e-6, 0.0]),
        marks={"one epoch": 20},
    )  # fmt: skip
    axis = figure.axes[0]
    curve = next(line for line in axis.get_lines() if line.get_label() == "from the formula")
    assert curve.get_xdata().max() == 49
    assert axis.collections[0].get_offsets().tolist() == [[1.0, 1e-6]]  # the 0 is not drawn
    assert axis.get_xscale() == axis.get_yscale() == "log"
    assert any(" one epoch" == text.get_text() for text in axis.texts)
    assert figure._repr_png_().startswith(b"\x89PNG")


def test_bowl_paths_run_each_update_from_the_same_start_one_panel_each():
    from mnist_course.plots.bowl import bowl_gradient, path_on_bowl

    def sgd(w, gradient, state, t):
        return w - 0.1 * gradient, state

    path = path_on_bowl(sgd, steps=3)
    assert path.shape == (4, 2) and path[0].tolist() == [-5.0, -2.0]
    assert np.allclose(path[1], path[0] - 0.1 * bowl_gradient(path[0]))
    assert bowl_gradient(np.array([1.0, 1.0])).tolist() == [0.2, 4.0]  # 20 times steeper across
    figure = plots.bowl_paths({"a": sgd, "b": lambda w, gradient, state, t: (w, state)}, steps=3)
    assert len(figure.axes) == 2
    assert figure.axes[0].get_lines()[0].get_xdata().tolist() == path[:, 0].tolist()
