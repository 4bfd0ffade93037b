"""The figures of the results: digits, curves, confusion matrices, first-layer units,
parity errors, speed and the network diagram (the site and lessons 1, 2, 6, 7)."""

from __future__ import annotations

import itertools

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import config
from ..history import TrainingHistory
from .figure import new_figure
from .style import current_scheme


def digits(
    images: np.ndarray,
    labels: np.ndarray,
    predictions: np.ndarray | None = None,
    columns: int = 10,
    title: str = "",
) -> Figure:
    """A grid of digits, each titled with its label (and the prediction, red when wrong)."""
    scheme = current_scheme()
    rows = max(1, int(np.ceil(len(images) / columns)))
    figure = new_figure(columns * 0.9, rows * 1.05 + 0.4)
    axes = figure.subplots(rows, columns, squeeze=False)
    for index, axis in enumerate(axes.flat):
        axis.set_axis_off()
        if index >= len(images):
            continue
        axis.imshow(images[index].reshape(config.IMAGE_SHAPE), cmap=scheme.ink)
        text, color = f"{labels[index]}", scheme.text
        if predictions is not None:
            text = f"{labels[index]} → {predictions[index]}"
            color = scheme.text if predictions[index] == labels[index] else scheme.failed
        axis.set_title(text, fontsize=9, color=color)
    if title:
        figure.suptitle(title)
    return figure


def training_curves(histories: dict[str, TrainingHistory]) -> Figure:
    """Accuracy and loss per epoch, training (solid) and validation (dashed), per run."""
    figure = new_figure(10, 3.8)
    accuracy_axis, loss_axis = figure.subplots(1, 2)
    for (name, history), color in zip(histories.items(), current_scheme().series):
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
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))  # no epoch 1.5
        axis.set_title(title)
        axis.grid(alpha=0.3)
    accuracy_axis.legend(fontsize=8)
    return figure


def confusion_matrices(matrices: dict[str, np.ndarray]) -> Figure:
    """Confusion matrices side by side: rows the true digit, columns the prediction."""
    scheme = current_scheme()
    figure = new_figure(5.2 * len(matrices), 4.6)
    axes = np.atleast_1d(figure.subplots(1, len(matrices)))
    for axis, (name, matrix) in zip(axes, matrices.items()):
        image = axis.imshow(np.log1p(matrix), cmap=scheme.counts)
        for (row, column), count in np.ndenumerate(matrix):
            if count:
                shade = scheme.text_on(image.cmap(image.norm(np.log1p(count))))
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
    figure = new_figure(columns * 1.1, rows * 1.15 + 0.4)
    axes = figure.subplots(rows, columns, squeeze=False)
    limit = float(np.abs(kernel).max())
    for unit, axis in enumerate(axes.flat):
        axis.set_axis_off()
        if unit < units:
            axis.imshow(
                kernel[:, unit].reshape(config.IMAGE_SHAPE),
                cmap=current_scheme().diverging,
                vmin=-limit,
                vmax=limit,
            )
            axis.set_title(f"unit {unit + 1}", fontsize=8)
    if title:
        figure.suptitle(title)
    return figure


def pixel_histogram(images: np.ndarray) -> Figure:
    """How often each raw pixel value 0..255 occurs (log scale: most pixels are 0)."""
    figure = new_figure(7, 3)
    axis = figure.subplots()
    counts = np.bincount(images.ravel(), minlength=256)
    axis.bar(np.arange(256), counts, width=1.0, color="tab:gray")
    axis.set_yscale("log")
    axis.set_xlabel("pixel value")
    axis.set_ylabel("count")
    return figure


def parity_errors(reports: dict) -> Figure:
    """Each compared tensor's relative error (dots) against its rung's tolerance (bars).

    ``reports`` maps a label (the dtype) to a ``parity.ParityReport``. Log scale: an
    exact match (error 0) is drawn at the bottom of the axis.
    """
    scheme = current_scheme()
    figure = new_figure(10, 3.6 * len(reports))
    axes = np.atleast_1d(figure.subplots(len(reports), 1))
    for axis, (label, report) in zip(axes, reports.items()):
        rows = report.rows
        floor = 1e-18
        errors = [max(row.max_rel, floor) for row in rows]
        colors = [scheme.passed if row.passed else scheme.failed for row in rows]
        positions = np.arange(len(rows))
        axis.bar(positions, [row.tolerance for row in rows], color=scheme.fill, label="tolerance")
        axis.scatter(positions, errors, color=colors, zorder=3, s=14, label="max relative error")
        axis.set_yscale("log")
        axis.set_ylim(floor / 2, 1)
        for rung in sorted({row.rung for row in rows}):
            first = next(i for i, row in enumerate(rows) if row.rung == rung)
            axis.axvline(first - 0.5, color=scheme.rule, linewidth=0.8)
            axis.text(first, 0.2, f"rung {rung}", fontsize=8)
        axis.set_xticks([])
        axis.set_title(f"{label}: {len(rows)} tensors, NumPy against Keras")
        axis.legend(fontsize=8, loc="lower right")
    return figure


def seconds_per_epoch(seconds: dict[str, float]) -> Figure:
    """A bar per implementation: median wall-clock seconds of one training epoch."""
    figure = new_figure(5, 2.6)
    axis = figure.subplots()
    names = list(seconds)
    colors = current_scheme().series[: len(names)]
    bars = axis.barh(names, [seconds[name] for name in names], color=colors)
    axis.bar_label(bars, fmt="%.2f s", padding=3)
    axis.set_xlabel("seconds per epoch (batch 32, 54,000 images)")
    axis.set_xlim(0, max(seconds.values()) * 1.25)
    return figure


def network_diagram() -> Figure:
    """The 784-32-16-8-10 network: one column of units per layer (784 drawn as 28)."""
    scheme = current_scheme()
    figure = new_figure(9, 3.4)
    axis = figure.subplots()
    axis.set_axis_off()
    shown = [28, *config.HIDDEN_UNITS, config.NUM_CLASSES]
    labels = [
        "784 pixels\n(28 drawn)",
        *(f"Dense {u}\nReLU" for u in config.HIDDEN_UNITS),
        "Dense 10\nsoftmax",
    ]
    columns = []
    for index, count in enumerate(shown):
        y = np.linspace(-1, 1, count) * (0.95 if count > 10 else count / 12)
        columns.append((np.full(count, float(index)), y))
    for (x0, y0), (x1, y1) in itertools.pairwise(columns):
        for a in range(len(y0)):
            axis.plot(
                [x0[0], x1[0]] * len(y1),
                np.ravel(np.column_stack([np.full(len(y1), y0[a]), y1])),
                color=scheme.line,
                linewidth=0.2,
                zorder=1,
            )
    for (x, y), label in zip(columns, labels):
        axis.scatter(x, y, s=18, color=scheme.series[0], zorder=2)
        axis.text(x[0], -1.28, label, ha="center", va="top", fontsize=9)
    axis.set_ylim(-1.65, 1.1)
    return figure
