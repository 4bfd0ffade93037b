"""Figures of the course. Each function returns a matplotlib Figure and never shows it.

Lessons display the returned figure; the site's build saves it. Nothing here draws
on the screen by itself, so the functions work the same on a headless machine.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from . import config
from .history import TrainingHistory


def digits(
    images: np.ndarray,
    labels: np.ndarray,
    predictions: np.ndarray | None = None,
    columns: int = 10,
    title: str = "",
) -> Figure:
    """A grid of digits, each titled with its label (and the prediction, red when wrong)."""
    rows = max(1, int(np.ceil(len(images) / columns)))
    figure = Figure(figsize=(columns * 0.9, rows * 1.05 + 0.4), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False)
    for index, axis in enumerate(axes.flat):
        axis.set_axis_off()
        if index >= len(images):
            continue
        axis.imshow(images[index].reshape(config.IMAGE_SHAPE), cmap="gray_r")
        text, color = f"{labels[index]}", "black"
        if predictions is not None:
            text = f"{labels[index]} → {predictions[index]}"
            color = "black" if predictions[index] == labels[index] else "crimson"
        axis.set_title(text, fontsize=9, color=color)
    if title:
        figure.suptitle(title)
    return figure


def training_curves(histories: dict[str, TrainingHistory]) -> Figure:
    """Accuracy and loss per epoch, training (solid) and validation (dashed), per run."""
    figure = Figure(figsize=(10, 3.8), layout="constrained")
    accuracy_axis, loss_axis = figure.subplots(1, 2)
    for (name, history), color in zip(histories.items(), ("tab:blue", "tab:orange", "tab:green")):
        epochs = np.arange(1, history.epochs + 1)
        for axis, key in ((accuracy_axis, "accuracy"), (loss_axis, "loss")):
            axis.plot(epochs, history.history[key], color=color, label=f"{name}, training")
            axis.plot(
                epochs,
                history.history[f"val_{key}"],
                color=color,
                linestyle="--",
                label=f"{name}, validation",
            )
    for axis, title in ((accuracy_axis, "accuracy"), (loss_axis, "loss (cross-entropy)")):
        axis.set_xlabel("epoch")
        axis.set_title(title)
        axis.grid(alpha=0.3)
    accuracy_axis.legend(fontsize=8)
    return figure


def confusion_matrices(matrices: dict[str, np.ndarray]) -> Figure:
    """Confusion matrices side by side: rows the true digit, columns the prediction."""
    figure = Figure(figsize=(5.2 * len(matrices), 4.6), layout="constrained")
    axes = np.atleast_1d(figure.subplots(1, len(matrices)))
    for axis, (name, matrix) in zip(axes, matrices.items()):
        axis.imshow(np.log1p(matrix), cmap="Blues")
        for (row, column), count in np.ndenumerate(matrix):
            if count:
                shade = "white" if row == column else "black"
                axis.text(
                    column, row, str(count), ha="center", va="center", fontsize=7, color=shade
                )
        axis.set_xticks(range(len(matrix)))
        axis.set_yticks(range(len(matrix)))
        axis.set_xlabel("predicted digit")
        axis.set_ylabel("true digit")
        axis.set_title(f"{name}: {np.trace(matrix) / matrix.sum():.2%} correct")
    return figure


def first_layer_units(kernel: np.ndarray, title: str = "") -> Figure:
    """Each first-layer unit's 784 weights as a 28x28 image (red positive, blue negative)."""
    units = kernel.shape[1]
    columns = 8
    rows = int(np.ceil(units / columns))
    figure = Figure(figsize=(columns * 1.1, rows * 1.15 + 0.4), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False)
    limit = float(np.abs(kernel).max())
    for unit, axis in enumerate(axes.flat):
        axis.set_axis_off()
        if unit < units:
            axis.imshow(
                kernel[:, unit].reshape(config.IMAGE_SHAPE), cmap="RdBu_r", vmin=-limit, vmax=limit
            )
            axis.set_title(f"unit {unit + 1}", fontsize=8)
    if title:
        figure.suptitle(title)
    return figure


def pixel_histogram(images: np.ndarray) -> Figure:
    """How often each raw pixel value 0..255 occurs (log scale: most pixels are 0)."""
    figure = Figure(figsize=(7, 3), layout="constrained")
    axis = figure.subplots()
    counts = np.bincount(images.ravel(), minlength=256)
    axis.bar(np.arange(256), counts, width=1.0, color="tab:gray")
    axis.set_yscale("log")
    axis.set_xlabel("pixel value")
    axis.set_ylabel("count")
    return figure
