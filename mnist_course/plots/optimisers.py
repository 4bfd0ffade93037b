"""Figures of lesson 5: optimisers compared, a learning-rate sweep, Keras's step size."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

from .figure import new_figure

# One colour per optimiser, in the order the lesson introduces them (Okabe-Ito).
COLOURS = ("#0072B2", "#56B4E9", "#E69F00", "#009E73", "#D55E00", "#CC79A7")
UNIFORM_LOSS = math.log(10)  # the loss of a network that gives every digit 1/10


def loss_curves(curves: dict[str, np.ndarray], *, steps_per_point: int) -> Figure:
    """Training loss against steps: per optimiser, every seed (thin) and their mean (thick).

    ``curves[name]`` has shape (seeds, points): the mean batch loss over each stretch of
    ``steps_per_point`` steps.
    """
    figure = new_figure(7.5, 4.0)
    axis = figure.subplots()
    for (name, losses), colour in zip(curves.items(), COLOURS):
        losses = np.atleast_2d(losses)
        steps = steps_per_point * np.arange(1, losses.shape[1] + 1)
        for seed_losses in losses:
            axis.plot(steps, seed_losses, color=colour, linewidth=0.6, alpha=0.5)
        label = f"{name} (mean of {len(losses)} seeds)"
        axis.plot(steps, np.nanmean(losses, axis=0), color=colour, linewidth=2, label=label)
    axis.axhline(UNIFORM_LOSS, color="0.5", linestyle=":", linewidth=1)
    axis.text(0, UNIFORM_LOSS, " ln 10: every digit 1/10", va="bottom", fontsize=8, color="0.4")
    axis.set_xlabel("training step (one batch each)")
    axis.set_ylabel("training loss (cross-entropy)")
    axis.set_ylim(0, UNIFORM_LOSS * 1.15)
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8)
    return figure


def learning_rate_sweep(
    learning_rates: dict[str, np.ndarray], final_losses: dict[str, np.ndarray]
) -> Figure:
    """Final training loss against learning rate (log axis): each seed a dot, the mean a line.

    ``final_losses[name]`` has shape (seeds, len(learning_rates[name])). Runs that
    diverged (a loss that is not finite) or ended above the top of the axis (1.15 ln 10)
    are drawn as crosses at the top; the mean line skips the rates where any did.
    """
    ceiling = UNIFORM_LOSS * 1.15
    figure = new_figure(7.5, 4.0)
    axis = figure.subplots()
    for (name, rates), colour in zip(learning_rates.items(), COLOURS[::2]):
        losses = np.atleast_2d(final_losses[name])
        off_scale = ~np.isfinite(losses) | (losses > ceiling)
        for seed_losses, seed_off in zip(losses, off_scale):
            axis.scatter(rates[~seed_off], seed_losses[~seed_off], color=colour, s=12)
            axis.scatter(
                rates[seed_off], np.full(seed_off.sum(), ceiling), marker="x", color=colour, s=30
            )
        means = np.where(off_scale.any(axis=0), np.nan, np.where(off_scale, 0, losses).mean(axis=0))
        axis.plot(rates, means, color=colour, linewidth=2, label=f"{name}, mean of {len(losses)}")
        best = np.nanargmin(means)
        axis.annotate(
            f"best {rates[best]:.2g}",
            (rates[best], means[best]),
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color=colour,
        )
    axis.axhline(UNIFORM_LOSS, color="0.5", linestyle=":", linewidth=1)
    axis.text(
        1.0,
        UNIFORM_LOSS,
        "ln 10 ",
        transform=axis.get_yaxis_transform(),
        ha="right",
        va="bottom",
        fontsize=8,
        color="0.4",
    )
    axis.text(
        0.01,
        0.99,
        "x: diverged, or a loss above the axis",
        transform=axis.transAxes,
        va="top",
        fontsize=8,
        color="0.4",
    )
    axis.set_xscale("log")
    axis.set_xlabel("learning rate (log scale)")
    axis.set_ylabel("training loss at the end")
    axis.set_ylim(0, ceiling * 1.05)
    axis.grid(alpha=0.3, which="both")
    axis.legend(fontsize=8, loc="center right")
    return figure


def step_shortening(
    steps: np.ndarray,
    shortening: np.ndarray,
    *,
    measured_steps: np.ndarray | None = None,
    measured: np.ndarray | None = None,
    marks: dict[str, int] | None = None,
) -> Figure:
    """How much shorter Keras's Adam step is than the exact formula's, against the step t.

    ``shortening`` is relative (1 - keras / exact), computed; ``measured`` (optional) the
    same read from Keras's own steps; ``marks`` labels some steps (say, one epoch). Both
    axes are logarithmic; values below 1e-16 (float64's resolution), computed or measured,
    are not drawn.
    """
    figure = new_figure(7.5, 3.8)
    axis = figure.subplots()
    shown = shortening > 1e-16
    axis.plot(steps[shown], shortening[shown], color=COLOURS[0], label="from the formula")
    if measured is not None:
        resolved = measured > 1e-16
        measured_steps, measured = measured_steps[resolved], measured[resolved]
        axis.scatter(
            measured_steps,
            measured,
            color=COLOURS[4],
            zorder=3,
            s=25,
            label="measured: one keras.optimizers.Adam step",
        )
    for label, step in (marks or {}).items():
        axis.axvline(step, color="0.6", linestyle="--", linewidth=0.8)
        axis.text(step, 1.5e-16, f" {label}", rotation=90, va="bottom", fontsize=8, color="0.35")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_ylim(1e-16, 1e-4)
    axis.set_xlabel("step t (log scale)")
    axis.set_ylabel("Keras's step shorter by (relative)")
    axis.grid(alpha=0.3, which="major")
    axis.legend(fontsize=8, loc="lower left")
    return figure
