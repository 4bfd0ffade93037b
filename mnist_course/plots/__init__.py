"""Figures of the course. Each function returns a matplotlib Figure and never shows it.

Lessons display the returned figure; the site's build saves it. Nothing here draws on
the screen by itself, so the functions work the same on a headless machine. One module
per part of the course; every figure is importable from here, ``plots.training_curves``.
"""

from .bowl import bowl_paths
from .diagrams import descent_paths, graph_nodes, network_graph, relu_and_its_derivative
from .evaluation import seed_intervals, unchanged_weights
from .figure import CourseFigure, new_figure
from .forward import activation_spread, batch_matrix, relu_and_pre_activations
from .gradients import gradient_check_errors, gradient_magnitudes
from .optimisers import UNIFORM_LOSS, learning_rate_sweep, loss_curves, step_shortening
from .results import (
    confusion_matrices,
    digits,
    first_layer_units,
    network_diagram,
    parity_errors,
    pixel_histogram,
    seconds_per_epoch,
    training_curves,
)
from .style import DARK, LIGHT, SCHEMES, Scheme, current_scheme, drawn_in
from .training import sanity_check_curves

__all__ = [
    "DARK",
    "LIGHT",
    "SCHEMES",
    "UNIFORM_LOSS",
    "CourseFigure",
    "Scheme",
    "activation_spread",
    "batch_matrix",
    "bowl_paths",
    "confusion_matrices",
    "current_scheme",
    "descent_paths",
    "digits",
    "drawn_in",
    "first_layer_units",
    "gradient_check_errors",
    "gradient_magnitudes",
    "graph_nodes",
    "learning_rate_sweep",
    "loss_curves",
    "network_diagram",
    "network_graph",
    "new_figure",
    "parity_errors",
    "pixel_histogram",
    "relu_and_its_derivative",
    "relu_and_pre_activations",
    "sanity_check_curves",
    "seconds_per_epoch",
    "seed_intervals",
    "step_shortening",
    "training_curves",
    "unchanged_weights",
]
