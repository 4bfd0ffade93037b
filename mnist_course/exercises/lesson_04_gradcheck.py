"""Lesson 4's gradient-check exercise: central differences at chosen entries of an array.

The lesson samples entries of every parameter of the network and compares the
backward pass with this estimate; the exercise is the estimate itself.
"""

from __future__ import annotations

import numpy as np

from ..gradcheck import numerical_gradient_at
from .core import Case, Exercise, rng


def _one_sided(f, w, indices, h=1e-6):
    slopes = np.zeros(len(indices))
    for position, index in enumerate(indices):
        nudged = w.copy()
        nudged[tuple(index)] += h
        slopes[position] = (f(nudged) - f(w)) / h
    return slopes


def _all_entries_at_once(f, w, indices, h=1e-6):
    slope = (f(w + h) - f(w - h)) / (2 * h)
    return np.full(len(indices), slope)


def _never_restored(f, w, indices, h=1e-6):
    nudged = w.copy()  # copied once: each entry is left at w - h for the next ones
    slopes = np.zeros(len(indices))
    for position, index in enumerate(indices):
        index = tuple(index)
        nudged[index] += h
        f_plus = f(nudged)
        nudged[index] -= 2 * h
        slopes[position] = (f_plus - f(nudged)) / (2 * h)
    return slopes


def _quadratic(scale: np.ndarray):
    def quadratic(w):
        return float(0.5 * np.sum(scale * w**2))  # gradient: scale * w

    return quadratic


def _cubic(w):
    return float(np.sum(w**3))  # gradient 3 w**2; central differences add exactly h**2


def _coupled(w):
    return float(w[0, 0] * w[1, 1] + np.sum(np.sin(w)))  # entries depend on each other


def _cases():
    return [
        Case(
            "0.5 * sum(c * w**2) on a 3 x 4 array, three entries",
            (
                _quadratic(rng(41).uniform(1, 2, (3, 4))),
                rng(42).normal(size=(3, 4)),
                [(0, 1), (2, 3), (1, 0)],
            ),
        ),
        Case(
            "sum(w**3) on a vector, with a step h = 0.1",
            (_cubic, np.array([1.0, -2.0, 0.5, 3.0]), [(0,), (3,), (1,)], 0.1),
        ),
        Case(
            "w[0, 0] * w[1, 1] + sum(sin(w)), both coupled entries, h = 0.01",
            (_coupled, rng(43).normal(size=(2, 2)), [(0, 0), (1, 1), (0, 1)], 1e-2),
        ),
    ]


EXERCISE = Exercise(
    name="numerical_gradient_at",
    lesson=4,
    title="Central differences at chosen entries of an array (a sampled gradient check)",
    reference=numerical_gradient_at,
    cases=_cases,
    hints=(
        "For each index, change only that entry of a copy of w, by +h and then by -h, and "
        "take (f(plus) - f(minus)) / (2h), as central_difference does for a number.",
        "f takes an array shaped like w and returns a number; indices is a list of index "
        "tuples such as (2, 3); return an array with one slope per index, (len(indices),).",
        "for each index: nudged = w.copy(); nudged[index] = w[index] + h; f_plus = f(nudged); "
        "nudged[index] = w[index] - h; slopes[i] = (f_plus - f(nudged)) / (2 * h)",
    ),
    mistakes={
        "a one-sided difference (f(w + h) - f(w)) / h: use both sides, / (2h)": _one_sided,
        "nudged every entry at once (f(w + h)): nudge one entry of a copy at a time": (
            _all_entries_at_once
        ),
        "an entry was left nudged for the next ones: restore it, or copy w for each entry": (
            _never_restored
        ),
        # Any tiny fixed step (1e-5, 1e-6) gives the same results at these tolerances.
        "ignored the step h it was given (a fixed step inside): pass h on": (
            lambda f, w, indices, h=1e-6: numerical_gradient_at(f, w, indices, 1e-5)
        ),
        "divided by h instead of 2h (the two points are 2h apart)": (
            lambda f, w, indices, h=1e-6: 2 * numerical_gradient_at(f, w, indices, h)
        ),
    },
    exact_dtype=False,
)
