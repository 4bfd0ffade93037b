"""Figures of lesson 4: gradients layer by layer, and a gradient check."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .figure import new_figure


def gradient_magnitudes(
    panels: dict[str, dict[float, np.ndarray]], layer_names: list[str]
) -> Figure:
    """Gradient sizes per layer (log scale): one panel per quantity, one line per init scale.

    ``panels`` maps a panel's title to {scale: one number per layer, first layer first},
    the scale being a multiple of Glorot's limit.
    """
    figure = new_figure(4.6 * len(panels), 3.6)
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
    figure = new_figure(8.5, 3.6)
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
