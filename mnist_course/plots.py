"""Figures of the course. Each function returns a matplotlib Figure and never shows it.

Lessons display the returned figure; the site's build saves it. Nothing here draws
on the screen by itself, so the functions work the same on a headless machine.
"""

from __future__ import annotations

import base64
import html
import io
import itertools

import numpy as np
from matplotlib.figure import Figure

from . import config
from .history import TrainingHistory


class CourseFigure(Figure):
    """A Figure that Jupyter shows as a PNG, with or without pyplot's inline backend."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()

    def _repr_html_(self) -> str:
        """The PNG with alt text for screen readers (notebooks and the site show this)."""
        png = base64.b64encode(self._repr_png_()).decode("ascii")
        return f'<img src="data:image/png;base64,{png}" alt="{html.escape(self.alt_text())}">'

    def alt_text(self) -> str:
        """What the figure shows, from its titles and axis labels."""
        title = self._suptitle.get_text() if self._suptitle is not None else ""
        panels = [axis.get_title() for axis in self.axes if axis.get_title()]
        labels = {
            f"a chart of {axis.get_ylabel()} against {axis.get_xlabel()}"
            for axis in self.axes
            if axis.get_xlabel() and axis.get_ylabel()
        }
        parts = [title] if title else []
        if panels:
            shown = "; ".join(panels[:6]) + ("; …" if len(panels) > 6 else "")
            parts.append(f"{len(panels)} panel{'s' if len(panels) > 1 else ''}: {shown}")
        parts += sorted(labels)
        return "Figure: " + (". ".join(parts) if parts else "a course figure")


def _figure(width: float, height: float) -> CourseFigure:
    return CourseFigure(figsize=(width, height), layout="constrained")


def digits(
    images: np.ndarray,
    labels: np.ndarray,
    predictions: np.ndarray | None = None,
    columns: int = 10,
    title: str = "",
) -> Figure:
    """A grid of digits, each titled with its label (and the prediction, red when wrong)."""
    rows = max(1, int(np.ceil(len(images) / columns)))
    figure = _figure(columns * 0.9, rows * 1.05 + 0.4)
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
    figure = _figure(10, 3.8)
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
    figure = _figure(5.2 * len(matrices), 4.6)
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
    figure = _figure(columns * 1.1, rows * 1.15 + 0.4)
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
    figure = _figure(7, 3)
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
    figure = _figure(10, 3.6 * len(reports))
    axes = np.atleast_1d(figure.subplots(len(reports), 1))
    for axis, (label, report) in zip(axes, reports.items()):
        rows = report.rows
        floor = 1e-18
        errors = [max(row.max_rel, floor) for row in rows]
        colors = ["tab:green" if row.passed else "crimson" for row in rows]
        positions = np.arange(len(rows))
        axis.bar(positions, [row.tolerance for row in rows], color="0.88", label="tolerance")
        axis.scatter(positions, errors, color=colors, zorder=3, s=14, label="max relative error")
        axis.set_yscale("log")
        axis.set_ylim(floor / 2, 1)
        for rung in sorted({row.rung for row in rows}):
            first = next(i for i, row in enumerate(rows) if row.rung == rung)
            axis.axvline(first - 0.5, color="0.6", linewidth=0.8)
            axis.text(first, 0.2, f"rung {rung}", fontsize=8)
        axis.set_xticks([])
        axis.set_title(f"{label}: {len(rows)} tensors, NumPy against Keras")
        axis.legend(fontsize=8, loc="lower right")
    return figure


def seconds_per_epoch(seconds: dict[str, float]) -> Figure:
    """A bar per implementation: median wall-clock seconds of one training epoch."""
    figure = _figure(5, 2.6)
    axis = figure.subplots()
    names = list(seconds)
    bars = axis.barh(names, [seconds[name] for name in names], color=["tab:blue", "tab:orange"])
    axis.bar_label(bars, fmt="%.2f s", padding=3)
    axis.set_xlabel("seconds per epoch (batch 32, 54,000 images)")
    axis.set_xlim(0, max(seconds.values()) * 1.25)
    return figure


def network_diagram() -> Figure:
    """The 784-32-16-8-10 network: one column of units per layer (784 drawn as 28)."""
    figure = _figure(9, 3.4)
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
                color="0.8",
                linewidth=0.2,
                zorder=1,
            )
    for (x, y), label in zip(columns, labels):
        axis.scatter(x, y, s=18, color="tab:blue", zorder=2)
        axis.text(x[0], -1.28, label, ha="center", va="top", fontsize=9)
    axis.set_ylim(-1.65, 1.1)
    return figure


# --- Lesson 3: the forward pass ---------------------------------------------------------


def batch_matrix(x: np.ndarray, labels: np.ndarray) -> Figure:
    """A batch as the network sees it: one row per image, one column per pixel (darker = inkier)."""
    figure = _figure(10, 0.25 * len(x) + 1.2)
    axis = figure.subplots()
    axis.imshow(x, cmap="gray_r", aspect="auto", interpolation="nearest")
    axis.set_yticks(range(len(x)), [f"row {row}: a {label}" for row, label in enumerate(labels)])
    axis.tick_params(axis="y", labelsize=7)
    axis.set_xlabel(
        f"column = pixel 0 .. {x.shape[1] - 1} (row r of the 28x28 image at 28r .. 28r+27)"
    )
    axis.set_title(f"x: a batch of {len(x)} images, shape {x.shape}")
    return figure


def relu_and_pre_activations(pre_activations: np.ndarray) -> Figure:
    """ReLU's graph beside a histogram of real pre-activations: the negative ones become 0."""
    figure = _figure(10, 3.2)
    curve_axis, histogram_axis = figure.subplots(1, 2)
    z = np.linspace(-3, 3, 601)
    curve_axis.plot(z, np.maximum(z, 0), color="tab:blue", linewidth=2)
    curve_axis.set_xlabel("z")
    curve_axis.set_ylabel("ReLU(z) = max(z, 0)")
    curve_axis.grid(alpha=0.3)
    curve_axis.set_title("ReLU: 0 for z < 0, the identity for z > 0")
    values = np.ravel(pre_activations)
    bins = np.linspace(values.min(), values.max(), 61)
    negative = values[values < 0]
    histogram_axis.hist(negative, bins=bins, color="0.7", label="z < 0: ReLU gives 0")
    histogram_axis.hist(values[values >= 0], bins=bins, color="tab:blue", label="z ≥ 0: kept")
    histogram_axis.set_xlabel("pre-activation z of the first layer")
    histogram_axis.set_ylabel("count")
    histogram_axis.set_title(
        f"{len(negative) / len(values):.0%} of {len(values):,} values set to 0"
    )
    histogram_axis.legend(fontsize=8)
    return figure


def activation_spread(spreads: dict[str, list[float]], layer_names: list[str]) -> Figure:
    """The spread (root mean square) of each layer's values, one line per initialisation.

    ``spreads`` maps a label to one number per entry of ``layer_names``; log scale.
    """
    for label, values in spreads.items():
        if len(values) != len(layer_names):
            raise ValueError(
                f"{label}: {len(values)} values for {len(layer_names)} layer names; give one each"
            )
    figure = _figure(7, 3.6)
    axis = figure.subplots()
    positions = np.arange(len(layer_names))
    for label, values in spreads.items():
        axis.plot(positions, values, marker="o", label=label)
    axis.set_yscale("log")
    axis.set_xticks(positions, layer_names)
    axis.set_xlabel("layer (input, then each Dense layer's output before ReLU)")
    axis.set_ylabel("root mean square of the values")
    axis.grid(alpha=0.3, which="both")
    axis.legend(fontsize=8)
    return figure


def unchanged_weights(blank: np.ndarray, border: np.ndarray, change: np.ndarray) -> Figure:
    """Left: pixels blank in every training image, border ring outlined. Right: how far
    training moved each pixel's first-layer weights (largest change over the units);
    pixels whose weights did not move at all are marked with a cross."""
    figure = _figure(9, 4.2)
    mask_axis, change_axis = figure.subplots(1, 2)
    mask_axis.imshow(blank, cmap="Greys", vmin=0, vmax=1.6)
    rows, columns = np.nonzero(border)
    mask_axis.scatter(columns, rows, s=6, color="tab:orange", label="border pixel")
    mask_axis.set_title(f"blank in every training image: {int(blank.sum())} pixels (grey)")
    mask_axis.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, 0.0))
    shown = change_axis.imshow(change, cmap="viridis")
    still = np.nonzero(change == 0)
    change_axis.scatter(still[1], still[0], marker="x", s=14, color="white", label="unchanged")
    change_axis.set_title("largest |trained - initial| weight per pixel")
    change_axis.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, 0.0))
    figure.colorbar(shown, ax=change_axis, shrink=0.8)
    for axis in (mask_axis, change_axis):
        axis.set_xticks([])
        axis.set_yticks([])
    return figure


def seed_intervals(
    accuracies: dict[str, list[float]], *, reference: str | None = None, title: str = ""
) -> Figure:
    """One row per model: each seed's test accuracy (dots), the mean and its 95% interval.

    With ``reference``, a dashed line marks that model's mean, to compare the others with.
    """
    from .stats import mean_interval

    figure = _figure(8, 0.75 * len(accuracies) + 1.2)
    axis = figure.subplots()
    names = list(accuracies)
    intervals = {name: mean_interval(accuracies[name]) for name in names}
    for row, name in enumerate(names):
        mean, low, high = intervals[name]
        values = accuracies[name]
        axis.scatter(values, np.full(len(values), row), color="0.55", s=16, zorder=2)
        axis.errorbar(
            mean,
            row,
            xerr=[[mean - low], [high - mean]],
            fmt="o",
            color="tab:blue",
            capsize=5,
            zorder=3,
        )
        axis.text(high, row + 0.22, f" {mean:.4f} [{low:.4f}, {high:.4f}]", fontsize=8)
    lowest = min(min(intervals[name][1], *accuracies[name]) for name in names)
    highest = max(max(intervals[name][2], *accuracies[name]) for name in names)
    span = highest - lowest
    axis.set_xlim(lowest - 0.05 * span, highest + 0.3 * span)  # room for the labels
    if reference is not None:
        axis.axvline(
            np.mean(accuracies[reference]), color="tab:blue", linestyle="--", linewidth=0.8
        )
    axis.set_yticks(range(len(names)), names)
    axis.set_ylim(len(names) - 0.5, -0.7)
    axis.set_xlabel("test accuracy (grey: one seed each; blue: mean and 95% interval)")
    axis.grid(axis="x", alpha=0.3)
    if title:
        axis.set_title(title)
    return figure


# --- Lesson 4: backpropagation ---------------------------------------------------------


def gradient_magnitudes(
    panels: dict[str, dict[float, np.ndarray]], layer_names: list[str]
) -> Figure:
    """Gradient sizes per layer (log scale): one panel per quantity, one line per init scale.

    ``panels`` maps a panel's title to {scale: one number per layer, first layer first},
    the scale being a multiple of Glorot's limit.
    """
    figure = _figure(4.6 * len(panels), 3.6)
    axes = np.atleast_1d(figure.subplots(1, len(panels)))
    for axis, (title, magnitudes) in zip(axes, panels.items()):
        colours = iter(("#0072B2", "#56B4E9", "black", "#E69F00", "#D55E00", "#CC79A7"))
        for scale, values in magnitudes.items():
            axis.plot(layer_names, values, marker="o", color=next(colours), label=f"s = {scale:g}")
        axis.set_yscale("log")
        axis.set_title(title, fontsize=10)
        axis.set_xlabel("layer (the input's side on the left)")
        axis.grid(alpha=0.3, which="both")
    axes[0].legend(fontsize=8, title="s x Glorot's limit", title_fontsize=8)
    return figure


def gradient_check_errors(errors: dict[str, np.ndarray], *, floor: float = 1e-16) -> Figure:
    """Relative error of every sampled gradient entry, one column per parameter (log scale).

    The shaded bands are CS231n's reading of a relative error. An error of exactly 0 is
    drawn at ``floor``, the bottom of the axis.
    """
    figure = _figure(8.5, 3.6)
    axis = figure.subplots()
    names = list(errors)
    bands = (
        ("right (below 1e-7)", "#009E73", floor / 3, 1e-7),
        ("fine if a kink is near (1e-7 to 1e-4)", "#56B4E9", 1e-7, 1e-4),
        ("uncomfortable (1e-4 to 1e-2)", "#F0E442", 1e-4, 1e-2),
        ("probably wrong (above 1e-2)", "#D55E00", 1e-2, 10),
    )
    for label, colour, low, high in bands:
        axis.axhspan(low, high, color=colour, alpha=0.18, zorder=0, label=label)
    for position, name in enumerate(names):
        values = np.maximum(np.asarray(errors[name], dtype=float), floor)
        jitter = np.linspace(-0.15, 0.15, len(values)) if len(values) > 1 else np.zeros(1)
        axis.scatter(position + jitter, values, s=12, color="black", zorder=3)
    axis.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=8)
    axis.set_yscale("log")
    axis.set_ylim(floor / 3, 10)
    axis.set_ylabel("relative error of an entry")
    axis.set_title(
        f"sampled entries, analytic against central differences (exactly 0 drawn at {floor:g})",
        fontsize=10,
    )
    axis.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return figure


# --- Lesson 6: the training loop --------------------------------------------------------


def sanity_check_curves(history: TrainingHistory, title: str = "") -> Figure:
    """Overfitting a few digits: training loss (log scale) and accuracy, epoch by epoch."""
    figure = _figure(10, 3.4)
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
