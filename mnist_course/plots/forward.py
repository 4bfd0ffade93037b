"""Figures of lesson 3: a batch as a matrix, ReLU, and activations across layers."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .figure import new_figure


def batch_matrix(x: np.ndarray, labels: np.ndarray) -> Figure:
    """A batch as the network sees it: one row per image, one column per pixel (darker = inkier)."""
    figure = new_figure(10, 0.25 * len(x) + 1.2)
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
    figure = new_figure(10, 3.2)
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
    figure = new_figure(7, 3.6)
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
