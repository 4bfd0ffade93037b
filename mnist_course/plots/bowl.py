"""Lesson 5's long, narrow bowl: optimisers' paths over L(w) = 0.1 w1^2 + 2 w2^2."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .diagrams import descent_paths
from .figure import CourseFigure

# update(w, gradient, state, t) -> (new w, new state); state starts as None, t from 1.
Update = Callable[[np.ndarray, np.ndarray, object, int], tuple[np.ndarray, object]]


def bowl(w1: np.ndarray, w2: np.ndarray) -> np.ndarray:
    """20 times steeper across (w2) than along (w1): curvatures 0.2 and 4."""
    return 0.1 * w1**2 + 2 * w2**2


def bowl_gradient(w: np.ndarray) -> np.ndarray:
    return np.array([0.2 * w[0], 4 * w[1]])


def path_on_bowl(update: Update, steps: int = 25, start=(-5.0, -2.0)) -> np.ndarray:
    """The weights before each step and after the last, (steps + 1, 2)."""
    w, state, path = np.array(start), None, [np.array(start)]
    for t in range(1, steps + 1):
        w, state = update(w, bowl_gradient(w), state, t)
        path.append(w)
    return np.array(path)


def bowl_paths(updates: dict[str, Update], steps: int = 25) -> CourseFigure:
    """Each update's path from the same start, over the bowl's contours, one panel each."""
    return descent_paths(
        bowl, {label: path_on_bowl(update, steps) for label, update in updates.items()}
    )
