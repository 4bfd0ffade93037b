"""Diagrams drawn by code: the computational graph (lessons 3, 4), descent paths (lesson 5).

Like every figure, each function returns a Figure and never shows it. The shapes printed
in the boxes come from ``config``, so a change of layer sizes redraws the graph; the
colours come from the scheme drawn in (``style.Scheme``: value, parameter, gradient).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .. import config
from .figure import CourseFigure, new_figure
from .style import current_scheme

_HALF = 0.35  # half a box's width, in units of the distance between two boxes
# The graph in rows of 5 boxes, 6 inches wide (600 px at the 100 dpi figures are saved at):
# a lesson's output area on the site is about 540 px wide, where 9 pt text is 11 px tall.
_ROW_LENGTH = 5
_WIDTH = 6.0


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
    local rule each arrow applies. The chain is cut into rows of ``_ROW_LENGTH`` boxes so
    that its text stays readable in the site's column; a row starts with the array the
    row above ends with, drawn dashed where it is computed in the other row.
    """
    nodes = graph_nodes(batch)
    scheme = current_scheme()
    step = _ROW_LENGTH - 1
    rows = [
        range(start, min(start + _ROW_LENGTH, len(nodes)))
        for start in range(0, len(nodes) - 1, step)
    ]
    row_height = 3.0 if show_gradients else 1.45
    figure = new_figure(_WIDTH, 0.5 + row_height * len(rows))
    title = "The computational graph: each array and its shape"
    figure.suptitle(title + (", its gradient below" if show_gradients else ""), fontsize=11)
    axes = np.atleast_1d(figure.subplots(len(rows), 1))
    for axis, row in zip(axes, rows):
        axis.set_xlim(-0.5, _ROW_LENGTH - 0.5)
        axis.set_ylim(-2.0 if show_gradients else -0.45, 1.4)
        axis.set_axis_off()
        for column, index in enumerate(row):
            name, shape = nodes[index]
            repeated = column == 0 and index > 0  # computed at the end of the row above
            _box(axis, column, 0, f"{name}\n{shape}", scheme.value, dashed=repeated)
            if show_gradients:
                from_below = column == len(row) - 1 and index < len(nodes) - 1
                label = "∂L/∂L = 1" if index == len(nodes) - 1 else f"∂L/∂{name}"
                _box(axis, column, -1.4, label, scheme.gradient, dashed=from_below)
            if column > 0:
                _connect(axis, column, nodes, index, show_gradients)
    notes = ["dashed box: the same array as in the other row, computed there"]
    if show_gradients:
        notes.insert(0, "backward: each arrow multiplies by its local derivative (the chain rule)")
    figure.supxlabel("\n".join(notes), fontsize=9, color=scheme.note)
    figure.get_layout_engine().set(hspace=0.12)
    return figure


def _connect(axis, column: int, nodes: list[tuple[str, str]], index: int, gradients: bool):
    """The arrow into node ``index`` (its parameters above it), and the one back below it."""
    scheme = current_scheme()
    label = _operation(nodes[index - 1][0], nodes[index][0])
    _arrow(axis, column - 1 + _HALF, column - _HALF, 0, label, scheme.value, above=True)
    if label == "Dense":
        number = sum(_operation("", later) == "Dense" for later, _ in nodes[1 : index + 1])
        fan_in, fan_out = config.LAYER_SIZES[number - 1 : number + 1]
        parameters = f"W{number} ({fan_in}, {fan_out})\nb{number} ({fan_out},)"
        axis.text(
            column - 0.5,
            1.05,
            parameters,
            ha="center",
            va="center",
            fontsize=9,
            color=scheme.parameter,
        )
    if gradients:
        rule = {"Dense": "@ Wᵀ", "ReLU": "× [z > 0]"}.get(label, "p − onehot(y)\n÷ B")
        _arrow(axis, column - _HALF, column - 1 + _HALF, -1.4, rule, scheme.gradient, above=False)


def _box(axis, x: float, y: float, text: str, colour: str, *, dashed: bool = False) -> None:
    axis.add_patch(
        FancyBboxPatch(
            (x - _HALF, y - 0.32),
            2 * _HALF,
            0.64,
            boxstyle="round,pad=0.02",
            facecolor=current_scheme().background,
            edgecolor=colour,
            linewidth=1.4,
            linestyle="--" if dashed else "-",
        )
    )
    axis.text(x, y, text, ha="center", va="center", fontsize=10)


def _arrow(axis, start: float, end: float, y: float, label: str, colour: str, above: bool):
    axis.add_patch(
        FancyArrowPatch((start, y), (end, y), arrowstyle="-|>", mutation_scale=12, color=colour)
    )
    lines = label.count("\n")  # a two-line label sits further from its arrow
    axis.text(
        (start + end) / 2,
        y + (0.45 + 0.12 * lines if above else -0.5 - 0.12 * lines),
        label,
        ha="center",
        va="center",
        fontsize=9,
        color=colour,
    )


def relu_and_its_derivative(*, at_zero: float = 0.0) -> CourseFigure:
    """ReLU max(z, 0) beside its derivative: 0 left of 0, 1 right of 0, ``at_zero`` at 0.

    The derivative does not exist at 0 (the slopes from the two sides differ); a program
    must still return a number there. TensorFlow returns 0, drawn as the filled dot.
    """
    scheme = current_scheme()
    figure = new_figure(8, 2.8)
    value_axis, slope_axis = figure.subplots(1, 2)
    left, right = [-2.0, 0.0], [0.0, 2.0]
    value_axis.plot(left, [0, 0], color=scheme.value)
    value_axis.plot(right, right, color=scheme.value)
    value_axis.set_title("ReLU(z) = max(z, 0)", fontsize=10)
    slope_axis.plot(left, [0, 0], color=scheme.gradient)
    slope_axis.plot(right, [1, 1], color=scheme.gradient)
    for level in (0.0, 1.0):  # the two one-sided limits at 0: open circles
        slope_axis.scatter(
            [0], [level], s=40, facecolors=scheme.background, edgecolors=scheme.gradient, zorder=3
        )
    slope_axis.scatter([0], [at_zero], s=40, color=scheme.gradient, zorder=4)
    slope_axis.annotate(
        f"at z = 0 a choice: {at_zero:g}\n(TensorFlow's)",
        xy=(0, at_zero),
        xytext=(0.3, 0.35),
        fontsize=8,
        arrowprops={"arrowstyle": "->", "color": scheme.note},
    )
    slope_axis.set_title("its derivative d ReLU / dz = [z > 0]", fontsize=10)
    for axis in (value_axis, slope_axis):
        axis.axhline(0, color=scheme.fill, linewidth=0.8, zorder=0)
        axis.axvline(0, color=scheme.fill, linewidth=0.8, zorder=0)
        axis.set_xlabel("z")
        axis.set_ylim(-0.3, 2.1 if axis is value_axis else 1.3)
    return figure


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
    scheme = current_scheme()
    figure = new_figure(3.3 * len(paths), 2.9)
    axes = np.atleast_1d(figure.subplots(1, len(paths), sharey=True))
    for axis, (name, path) in zip(axes, paths.items()):
        axis.contour(w1, w2, surface, levels=12, colors=scheme.line, linewidths=0.8)
        axis.plot(path[:, 0], path[:, 1], "-o", color=scheme.value, markersize=3, linewidth=1)
        axis.plot(w1[lowest], w2[lowest], "*", color=scheme.gradient, markersize=10)
        axis.set_title(f"{name}\n{len(path) - 1} steps", fontsize=9)
        axis.set_xlabel("$w_1$")
        axis.set_xlim(*extent[:2])
        axis.set_ylim(*extent[2:])
    axes[0].set_ylabel("$w_2$")
    return figure
