"""Central finite differences: an independent check of hand-written gradients.

The derivative of a scalar function f at x is about (f(x + h) - f(x - h)) / (2h), with
an error of order h^2. In float64 with h = 1e-6 that agrees with a correct analytic
gradient to about 1e-8 relative or better; a wrong gradient is off by order 1.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Gradient of ``f()`` with respect to the array ``x``, which ``f`` reads (changed in place).

    Each element of ``x`` is nudged by ±h in turn and restored afterwards.
    """
    if x.dtype != np.float64:
        raise ValueError(f"finite differences need float64 (float32 rounds away h); got {x.dtype}")
    grad = np.zeros_like(x)
    flat_x, flat_grad = x.reshape(-1), grad.reshape(-1)  # views: writing them writes x and grad
    for i in range(flat_x.size):
        original = flat_x[i]
        flat_x[i] = original + h
        f_plus = f()
        flat_x[i] = original - h
        f_minus = f()
        flat_x[i] = original
        flat_grad[i] = (f_plus - f_minus) / (2 * h)
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
