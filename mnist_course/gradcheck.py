"""Central finite differences: an independent check of hand-written gradients.

The derivative of a scalar function f at x is about (f(x + h) - f(x - h)) / (2h), with
an error of order h^2. In float64 with h = 1e-6 that agrees with a correct analytic
gradient to about 1e-8 relative or better; a wrong gradient is off by order 1.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def central_difference(f: Callable[[float], float], x: float, h: float = 1e-5) -> float:
    """The slope of f at x from one step each side: error of order h**2 (lesson 4)."""
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient_at(
    f: Callable[[np.ndarray], float], w: np.ndarray, indices, h: float = 1e-6
) -> np.ndarray:
    """d f(w) / d w[index] for each index, by central differences; ``w`` is not changed.

    A sampled gradient check (lesson 4): each entry is nudged in a copy of ``w`` of its
    own, so every other entry keeps its value. Returns one slope per index.
    """
    slopes = np.zeros(len(indices))
    for position, index in enumerate(indices):
        index = tuple(index)
        nudged = w.copy()

        def f_at(value, index=index, nudged=nudged):
            nudged[index] = value
            return f(nudged)

        slopes[position] = central_difference(f_at, w[index], h)
    return slopes


def sampled_indices(shape, num_samples: int, rng: np.random.Generator, rows=None) -> list:
    """Distinct entries of an array of ``shape`` to check, as index tuples (lesson 4).

    ``num_samples`` of them (every entry if there are fewer); with ``rows``, one entry in
    each of ``num_samples`` rows drawn from ``rows`` (a first kernel's lit pixels: a blank
    pixel's weights have gradient 0 both ways, which checks nothing).
    """
    if rows is not None:
        chosen = rng.choice(rows, num_samples, replace=False)
        return [(int(row), int(rng.integers(shape[1]))) for row in chosen]
    size = int(np.prod(shape))
    flat = rng.choice(size, min(num_samples, size), replace=False)
    return [tuple(int(i) for i in np.unravel_index(f, shape)) for f in flat]


def entry_errors(analytic: np.ndarray, numeric: np.ndarray) -> np.ndarray:
    """CS231n's |a - n| / max(|a|, |n|), entry by entry; 0 where both are 0."""
    analytic, numeric = np.asarray(analytic, np.float64), np.asarray(numeric, np.float64)
    scale = np.maximum(np.abs(analytic), np.abs(numeric))
    return np.divide(np.abs(analytic - numeric), scale, out=np.zeros_like(scale), where=scale > 0)


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Gradient of ``f()`` with respect to the array ``x``, which ``f`` reads (changed in place).

    Every element of ``x`` in turn is nudged by ±h and restored afterwards: for the
    parameters of a model, which its loss reads where they are.
    """
    if x.dtype != np.float64:
        raise ValueError(f"finite differences need float64 (float32 rounds away h); got {x.dtype}")
    grad = np.zeros_like(x)
    flat_x, flat_grad = x.reshape(-1), grad.reshape(-1)  # views: writing them writes x and grad
    for i in range(flat_x.size):
        original = flat_x[i]

        def f_at(value, i=i):
            flat_x[i] = value
            return f()

        flat_grad[i] = central_difference(f_at, original, h)
        flat_x[i] = original
    return grad


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """||a - n|| / max(||a||, ||n||) over the whole array (Euclidean norms).

    Below 1e-7 the gradient is right; around 1e-4 and above it is probably wrong (a
    ReLU kink within h of an input can also cause that). Norms rather than element by
    element: a tiny gradient entry such as 2e-6 carries finite-difference noise of about
    1e-10 (float64 rounding of f divided by 2h), which is large *relative to that entry*
    although the gradient as a whole is right to 1e-9.
    """
    analytic, numeric = np.asarray(analytic, np.float64), np.asarray(numeric, np.float64)
    scale = max(np.linalg.norm(analytic), np.linalg.norm(numeric))
    return 0.0 if scale == 0 else float(np.linalg.norm(analytic - numeric) / scale)
