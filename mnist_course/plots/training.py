"""Figures of lesson 6: the sanity check of overfitting a few digits."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..history import TrainingHistory
from .figure import new_figure


def sanity_check_curves(history: TrainingHistory, title: str = "") -> Figure:
    """Overfitting a few digits: training loss (log scale) and accuracy, epoch by epoch."""
    figure = new_figure(10, 3.4)
    loss_axis, accuracy_axis = figure.subplots(1, 2)
    epochs = np.arange(1, history.epochs + 1)
    loss_axis.semilogy(epochs, history.history["loss"], color="tab:blue")
    loss_axis.set_title("training loss (cross-entropy, log scale)")
    accuracy_axis.plot(epochs, history.history["accuracy"], color="tab:blue")
    accuracy_axis.axhline(1.0, color="0.5", linestyle=":", linewidth=1)
    accuracy_axis.set_ylim(0, 1.05)
    accuracy_axis.set_title("training accuracy")
    for axis in (loss_axis, accuracy_axis):
        axis.set_xlabel("epoch")
        axis.grid(alpha=0.3)
    if title:
        figure.suptitle(title)
    return figure
