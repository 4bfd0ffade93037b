"""Diagrams drawn by code: the computational graph (lessons 3, 4), descent paths (lesson 5).

Like ``plots``, each function returns a Figure and never shows it. The shapes printed in
the boxes come from ``config``, so a change of layer sizes redraws the graph.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from . import config
from .plots import CourseFigure

# Colours chosen for contrast on white and for colour-blind readers (Okabe-Ito).
_VALUE_COLOUR = "#0072B2"  # arrays the forward pass computes
_PARAM_COLOUR = "#E69F00"  # parameters: kernels and biases
_GRAD_COLOUR = "#D55E00"  # gradients flowing back
_HALF = 0.31  # half a box's width, in units of the distance between two boxes


def graph_nodes(batch: str = "B") -> list[tuple[str, str]]:
    """The forward chain as (name, shape) pairs: x, z1, a1, ..., logits, loss."""
    nodes = [("x", f"({batch}, {config.NUM_PIXELS})")]
    num_layers = len(config.LAYER_SIZES) - 1
    for number, fan_out in enumerate(config.LAYER_SIZES[1:], start=1):
        if number < num_layers:
            nodes.append((f"z{number}", f"({batch}, {fan_out})"))
            nodes.append((f"a{number}", f"({batch}, {fan_out})"))
        else:
            nodes.append(("logits", f"({batch}, {fan_out})"))
    nodes.append(("loss", "()"))
    return nodes


def _operation(source: str, target: str) -> str:
    """The label on the arrow from one node to the next."""
    if target == "loss":
        return "softmax +\ncross-entropy"
    if target.startswith("a"):
        return "ReLU"
    return "Dense"


def network_graph(*, show_gradients: bool = False, batch: str = "B") -> CourseFigure:
    """The computational graph x → z1 → a1 → … → logits → loss, with every shape.

    Each Dense arrow takes a kernel ``W`` (fan_in, fan_out) and a bias ``b`` (fan_out,),
    drawn above it. With ``show_gradients`` the backward pass is drawn underneath: the
    gradient of the loss with respect to each array, flowing right to left, with the
    local rule each arrow applies.
    """
    nodes = graph_nodes(batch)
    figure = CourseFigure(figsize=(1.25 * len(nodes), 3.6 if show_gradients else 2.6))
    axis = figure.add_axes((0, 0, 1, 1))
    axis.set_xlim(-0.6, len(nodes) - 0.4)
    axis.set_ylim(-2.5 if show_gradients else -0.6, 1.4)
    axis.set_axis_off()
    dense_number = 0
    for index, (name, shape) in enumerate(nodes):
        _box(axis, index, 0, f"{name}\n{shape}", _VALUE_COLOUR)
        if index == 0:
            continue
        label = _operation(nodes[index - 1][0], name)
        _arrow(axis, index - 1 + _HALF, index - _HALF, 0, label, _VALUE_COLOUR, above=True)
        if label == "Dense":
            dense_number += 1
            fan_in, fan_out = config.LAYER_SIZES[dense_number - 1 : dense_number + 1]
            axis.text(
                index - 0.5,
                1.0,
                f"W{dense_number} ({fan_in}, {fan_out})\nb{dense_number} ({fan_out},)",
                ha="center",
                va="center",
                fontsize=7,
                color=_PARAM_COLOUR,
            )
        if show_gradients:
            _box(axis, index - 1, -1.45, f"∂L/∂{nodes[index - 1][0]}", _GRAD_COLOUR)
            rule = {"Dense": "@ Wᵀ", "ReLU": "× [z > 0]"}.get(label, "p − onehot(y)\n÷ B")
            _arrow(axis, index - _HALF, index - 1 + _HALF, -1.45, rule, _GRAD_COLOUR, above=False)
    if show_gradients:
        _box(axis, len(nodes) - 1, -1.45, "∂L/∂L = 1", _GRAD_COLOUR)
        axis.text(
            -0.5,
            -2.35,
            "backward: each arrow multiplies by its local derivative (the chain rule)",
            fontsize=8,
            color=_GRAD_COLOUR,
        )
    return figure


def _box(axis, x: float, y: float, text: str, colour: str) -> None:
    axis.add_patch(
        FancyBboxPatch(
            (x - _HALF, y - 0.32),
            2 * _HALF,
            0.64,
            boxstyle="round,pad=0.02",
            facecolor="white",
            edgecolor=colour,
            linewidth=1.4,
        )
    )
    axis.text(x, y, text, ha="center", va="center", fontsize=8)


def _arrow(axis, start: float, end: float, y: float, label: str, colour: str, above: bool):
    axis.add_patch(
        FancyArrowPatch((start, y), (end, y), arrowstyle="-|>", mutation_scale=10, color=colour)
    )
    axis.text(
        (start + end) / 2,
        y + (0.45 if above else -0.55),
        label,
        ha="center",
        va="center",
        fontsize=7,
        color=colour,
    )


def relu_and_its_derivative(*, at_zero: float = 0.0) -> CourseFigure:
    """ReLU max(z, 0) beside its derivative: 0 left of 0, 1 right of 0, ``at_zero`` at 0.

    The derivative does not exist at 0 (the slopes from the two sides differ); a program
    must still return a number there. TensorFlow returns 0, drawn as the filled dot.
    """
    figure = CourseFigure(figsize=(8, 2.8), layout="constrained")
    value_axis, slope_axis = figure.subplots(1, 2)
    left, right = [-2.0, 0.0], [0.0, 2.0]
    value_axis.plot(left, [0, 0], color=_VALUE_COLOUR)
    value_axis.plot(right, right, color=_VALUE_COLOUR)
    value_axis.set_title("ReLU(z) = max(z, 0)", fontsize=10)
    slope_axis.plot(left, [0, 0], color=_GRAD_COLOUR)
    slope_axis.plot(right, [1, 1], color=_GRAD_COLOUR)
    for level in (0.0, 1.0):  # the two one-sided limits at 0: open circles
        slope_axis.scatter(
            [0], [level], s=40, facecolors="white", edgecolors=_GRAD_COLOUR, zorder=3
        )
    slope_axis.scatter([0], [at_zero], s=40, color=_GRAD_COLOUR, zorder=4)
    slope_axis.annotate(
        f"at z = 0 a choice: {at_zero:g}\n(TensorFlow's)",
        xy=(0, at_zero),
        xytext=(0.3, 0.35),
        fontsize=8,
        arrowprops={"arrowstyle": "->", "color": "0.4"},
    )
    slope_axis.set_title("its derivative d ReLU / dz = [z > 0]", fontsize=10)
    for axis in (value_axis, slope_axis):
        axis.axhline(0, color="0.85", linewidth=0.8, zorder=0)
        axis.axvline(0, color="0.85", linewidth=0.8, zorder=0)
        axis.set_xlabel("z")
        axis.set_ylim(-0.3, 2.1 if axis is value_axis else 1.3)


def descent_paths(
    loss: Callable[[np.ndarray, np.ndarray], np.ndarray],
    paths: dict[str, np.ndarray],
    *,
    extent: tuple[float, float, float, float] = (-5.5, 1.5, -3.0, 3.0),
) -> CourseFigure:
    """Optimisers' paths over the contours of a loss of two weights, one panel each.

    ``loss(w1, w2)`` takes grids of the two weights; ``paths[name]`` is an array of shape
    (steps + 1, 2), the weights before each step and after the last. The minimum is
    marked where the loss is lowest on the grid.
    """
    w1, w2 = np.meshgrid(np.linspace(*extent[:2], 200), np.linspace(*extent[2:], 200))
    surface = loss(w1, w2)
    lowest = np.unravel_index(np.argmin(surface), surface.shape)
    figure = CourseFigure(figsize=(3.3 * len(paths), 2.9), layout="constrained")
    axes = np.atleast_1d(figure.subplots(1, len(paths), sharey=True))
    for axis, (name, path) in zip(axes, paths.items()):
        axis.contour(w1, w2, surface, levels=12, colors="0.75", linewidths=0.8)
        axis.plot(path[:, 0], path[:, 1], "-o", color=_VALUE_COLOUR, markersize=3, linewidth=1)
        axis.plot(w1[lowest], w2[lowest], "*", color=_GRAD_COLOUR, markersize=10)
        axis.set_title(f"{name}\n{len(path) - 1} steps", fontsize=9)
        axis.set_xlabel("$w_1$")
        axis.set_xlim(*extent[:2])
        axis.set_ylim(*extent[2:])
    axes[0].set_ylabel("$w_2$")
    return figure
