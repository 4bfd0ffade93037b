"""Figures of lessons 7 and 8: weights that never moved, and accuracies over seeds."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .figure import new_figure


def unchanged_weights(blank: np.ndarray, border: np.ndarray, change: np.ndarray) -> Figure:
    """Left: pixels blank in every training image, border ring outlined. Right: how far
    training moved each pixel's first-layer weights (largest change over the units);
    pixels whose weights did not move at all are marked with a cross."""
    figure = new_figure(9, 4.2)
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
    from ..stats import mean_interval  # scipy: only when this figure is drawn

    figure = new_figure(8, 0.75 * len(accuracies) + 1.2)
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
