"""Inverted Dropout, forward and backward (lesson 8); NumPy only, as the exercises need.

Keras's ``Dropout(rate)``: in training each unit is zeroed with probability ``rate`` and
the kept ones are divided by ``1 - rate``, so a unit's expected output is unchanged and
nothing changes at inference, where Dropout passes its input through.
"""

from __future__ import annotations

import numpy as np


def dropout_forward(
    x: np.ndarray, rate: float, training: bool, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(output, keep): ``keep`` is the boolean mask of units kept, shaped like ``x``.

    In training a unit is kept when ``rng.random() >= rate``; kept units are divided by
    ``1 - rate``. At inference the output is ``x`` itself (a copy) and every unit is kept.
    """
    if not 0 <= rate < 1:
        raise ValueError(f"rate must be in [0, 1), got {rate}")
    if not training:
        return x.copy(), np.ones(x.shape, dtype=bool)
    keep = rng.random(x.shape) >= rate
    return x * keep / (1 - rate), keep


def dropout_backward(grad_out: np.ndarray, keep: np.ndarray, rate: float) -> np.ndarray:
    """The gradient w.r.t. Dropout's input: the same mask and the same 1 / (1 - rate)."""
    return grad_out * keep / (1 - rate)
