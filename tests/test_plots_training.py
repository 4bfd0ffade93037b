"""The lesson 6 figure of the overfitting sanity check."""

from __future__ import annotations

import numpy as np

from mnist_course import plots
from mnist_course.history import TrainingHistory


def test_sanity_check_curves_draws_the_loss_on_a_log_scale_and_the_accuracy():
    history = TrainingHistory()
    for epoch in range(1, 6):
        history.record({"loss": 2.3 / epoch**3, "accuracy": min(1.0, 0.2 * epoch)}, 0.01)
    figure = plots.sanity_check_curves(history, "5 digits")
    loss_axis, accuracy_axis = figure.axes
    assert loss_axis.get_yscale() == "log"
    assert np.allclose(loss_axis.lines[0].get_ydata(), history.history["loss"])
    assert np.allclose(accuracy_axis.lines[0].get_ydata(), history.history["accuracy"])
    assert figure._suptitle.get_text() == "5 digits"
    assert figure._repr_png_().startswith(b"\x89PNG")
