"""Adam's moments after one step from zero, read against each other: a gradient
rescaled before Adam (m r times Keras's, v r squared), v built from m, and the check
that swapped betas spoil both moments (a cause the other row contradicts is not named).
"""

from __future__ import annotations

import numpy as np

from .. import config
from .ratios import common_ratio


def gradient_scaled(ours, theirs, other, grad, evidence):
    """m r times Keras's and v r^2 times (after one step): Adam was handed r g."""
    if evidence.kind != "adam_m" or evidence.step != 1 or other is None:
        return None
    ratio = common_ratio(ours, theirs)
    if ratio is None or abs(ratio - 1) < 1e-3 or ratio <= 0:
        return None
    fresh_v = (1 - config.BETA_2) * np.asarray(grad, np.float64) ** 2
    v_ratio = common_ratio(np.asarray(other, np.float64), fresh_v)
    if v_ratio is None or not np.isclose(v_ratio, ratio**2, rtol=1e-3):
        return None
    return (
        f"m is {ratio:.4g} times Keras's and v {v_ratio:.4g} times, its square: Adam was "
        f"handed the gradient times {ratio:.4g} (a gradient clipped by its norm, rescaled, "
        "or averaged once more); it must get the gradient as the backward pass left it"
    )


def fresh(kind: str, grad) -> np.ndarray:
    """A moment after one step from zero, as Keras computes it."""
    grad = np.asarray(grad, np.float64)
    return (1 - config.BETA_1) * grad if kind == "adam_m" else (1 - config.BETA_2) * grad**2


def other_moment_wrong(other, grad, evidence) -> bool:
    """Swapped betas spoil both moments: the other one must be off too (unknown: assume)."""
    if other is None or evidence.step != 1:
        return True
    kind = "adam_v" if evidence.kind == "adam_m" else "adam_m"
    return not np.allclose(np.asarray(other, np.float64), fresh(kind, grad), rtol=1e-6)


def v_from_m(ours, other, grad, evidence):
    """v built from m where the gradient belongs, m itself right (after one step)."""
    if evidence.kind != "adam_v" or evidence.step != 1 or other is None:
        return None
    m = np.asarray(other, np.float64)
    if not np.allclose(m, fresh("adam_m", grad), rtol=1e-6):
        return None
    g = np.asarray(grad, np.float64)
    for candidate, how in (((1 - config.BETA_2) * m * m, "m squared"),
                           ((1 - config.BETA_2) * m * g, "m times g")):  # fmt: skip
        if np.allclose(ours, candidate, rtol=1e-6) and not np.allclose(ours, fresh("adam_v", g)):
            return (
                f"m agrees with Keras's, v does not: v is updated with {how} where g squared "
                "belongs, v = beta_2 v + (1 - beta_2) g^2 (the new m used in place of g)"
            )
    return None


def moments_are_the_gradient(ours, other, grad, evidence):
    """After one step from zero, m = g and v = g^2 exactly (Keras: (1 - beta) of each):
    both moments miss their (1 - beta) factor, or both started at the first gradient."""
    if evidence.kind not in ("adam_m", "adam_v") or evidence.step != 1 or other is None:
        return None
    g = np.asarray(grad, np.float64)
    m, v = (ours, other) if evidence.kind == "adam_m" else (other, ours)
    if not (np.allclose(m, g, rtol=1e-6) and np.allclose(v, g * g, rtol=1e-6)) or not g.any():
        return None
    return (
        f"after one step m is g and v is g^2 exactly, {1 / (1 - config.BETA_1):.4g} and "
        f"{1 / (1 - config.BETA_2):.4g} times Keras's (1 - beta_1) g and (1 - beta_2) g^2: "
        "the moments started at the first gradient (m = g, v = g^2 where zeros belong), or "
        "both updates lack their (1 - beta) factor; Adam's moments start at 0 and each step "
        "mixes in (1 - beta) of the new value"
    )
