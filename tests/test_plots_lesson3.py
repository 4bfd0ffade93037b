"""Lesson 3's figures: they draw what they are given, and render as PNG."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_course import plots


def _is_png(figure) -> bool:
    return figure._repr_png_().startswith(b"\x89PNG")


def test_batch_matrix_shows_one_row_per_image():
    x = np.random.default_rng(0).random((5, 784))
    figure = plots.batch_matrix(x, np.array([3, 1, 4, 1, 5]))
    (axis,) = figure.axes
    assert axis.images[0].get_array().shape == (5, 784)
    assert axis.get_yticklabels()[0].get_text() == "row 0: a 3"
    assert "(5, 784)" in axis.get_title()
    assert _is_png(figure)


def test_relu_figure_counts_the_values_set_to_zero():
    values = np.array([-2.0, -1.0, -0.5, 0.0, 1.0, 2.0, 3.0, 4.0])  # 3 of 8 negative
    figure = plots.relu_and_pre_activations(values)
    curve_axis, histogram_axis = figure.axes
    z, relu = curve_axis.lines[0].get_data()
    np.testing.assert_array_equal(relu, np.maximum(z, 0))
    assert histogram_axis.get_title().startswith("38% of 8 values")
    assert _is_png(figure)


def test_activation_spread_draws_one_line_per_initialisation():
    spreads = {"small": [1.0, 0.1, 0.01], "large": [1.0, 10.0, 100.0]}
    figure = plots.activation_spread(spreads, ["x", "z1", "z2"])
    (axis,) = figure.axes
    assert [line.get_label() for line in axis.lines] == ["small", "large"]
    np.testing.assert_array_equal(axis.lines[1].get_ydata(), [1.0, 10.0, 100.0])
    assert axis.get_yscale() == "log"
    assert [tick.get_text() for tick in axis.get_xticklabels()] == ["x", "z1", "z2"]
    assert _is_png(figure)


@pytest.mark.parametrize("bad", [[1.0, 2.0], [1.0, 2.0, 3.0, 4.0]])
def test_activation_spread_refuses_a_wrong_number_of_values(bad):
    with pytest.raises(ValueError, match="3 layer names"):
        plots.activation_spread({"bad": bad}, ["x", "z1", "z2"])
