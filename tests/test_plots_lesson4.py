"""Lesson 4's measurement figures: they render, with what they were given."""

import numpy as np

from mnist_course import plots


def test_gradient_magnitudes_draws_one_line_per_scale_in_each_panel():
    layers = ["dense_1", "dense_2", "dense_3", "dense_4"]
    panels = {
        "signal": {0.1: np.array([1e-6, 1e-5, 1e-4, 1e-3]), 1.0: np.ones(4)},
        "kernels": {0.1: np.full(4, 1e-5), 1.0: np.full(4, 1e-2)},
    }
    figure = plots.gradient_magnitudes(panels, layers)
    assert len(figure.axes) == 2
    for axis in figure.axes:
        assert len(axis.get_lines()) == 2 and axis.get_yscale() == "log"
    assert figure._repr_png_().startswith(b"\x89PNG")


def test_gradient_check_errors_puts_every_entry_on_the_axis_even_an_exact_zero():
    errors = {"dense_1/kernel": np.array([0.0, 1e-9, 3e-8]), "dense_4/bias": np.array([2e-10])}
    figure = plots.gradient_check_errors(errors, floor=1e-16)
    axis = figure.axes[0]
    points = np.vstack([collection.get_offsets() for collection in axis.collections])
    assert len(points) == 4
    assert points[:, 1].min() == 1e-16  # the exact 0, drawn at the floor
    assert [tick.get_text() for tick in axis.get_xticklabels()] == list(errors)
    assert figure._repr_png_().startswith(b"\x89PNG")
