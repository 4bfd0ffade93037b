"""Adam's first step recomputed with each combination of known slips, to name the one
that gives ours.

Each slip is one part of the step taken another way: m or v divided by another bias
correction (the other beta's, none, or t = 2's), epsilon inside the square root, the
betas swapped in the moments. Both forms of Adam are tried (the folded step size
alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t), and Algorithm 1's m_hat / v_hat),
fewest slips first: the simplest explanation that reproduces every element is named.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from .. import config

B1, B2 = config.BETA_1, config.BETA_2

# (divisor, what it means) for m's and v's bias correction at t = 1; the first is right.
M_CORRECTIONS = [
    (1 - B1, ""),
    (1 - B2, "m divided by 1 - beta_2^t where 1 - beta_1^t belongs"),
    (1.0, "m not bias-corrected"),
    (1 - B1**2, "m corrected with t = 2 (t off by one)"),
]
V_CORRECTIONS = [
    (1 - B2, ""),
    (1 - B1, "v divided by 1 - beta_1^t where 1 - beta_2^t belongs"),
    (1.0, "v not bias-corrected"),
    (1 - B2**2, "v corrected with t = 2 (t off by one)"),
]
INSIDE = "epsilon inside the square root, sqrt(v + epsilon)"
BETAS_SWAPPED = "the betas swapped in the moments (m with beta_2, v with beta_1)"


def first_step_slips(ours, theirs, grad) -> list[str] | None:
    """The fewest slips whose first Adam step gives ``ours`` from ``grad``, else None.

    Adam's first step is about lr * sign(g) whatever the corrections, so some slips give
    almost Keras's step: a candidate must also give ours' difference from Keras's."""
    ours, theirs = np.asarray(ours, np.float64), np.asarray(theirs, np.float64)
    grad = np.asarray(grad, np.float64).reshape(ours.shape)
    lr, eps = config.LEARNING_RATE, config.ADAM_EPSILON
    found = []
    for (c_1, m_slip), (c_2, v_slip), inside, swapped in itertools.product(
        M_CORRECTIONS, V_CORRECTIONS, (False, True), (False, True)
    ):
        slips = [s for s in (m_slip, v_slip) if s] + [INSIDE] * inside
        slips += [BETAS_SWAPPED] * swapped
        beta_m, beta_v = (B2, B1) if swapped else (B1, B2)
        # Where |g| >> epsilon the step is lr * sign(g) times this factor; a factor of 1
        # without epsilon inside is only another epsilon (``adam_epsilon`` names that).
        factor = math.sqrt(c_2) / c_1 * (1 - beta_m) / math.sqrt(1 - beta_v)
        if not slips or len(slips) > 2 or (math.isclose(factor, 1, rel_tol=1e-3) and not inside):
            continue
        m, v = (1 - beta_m) * grad, (1 - beta_v) * grad**2
        root = (lambda x: np.sqrt(x + eps)) if inside else (lambda x: np.sqrt(x) + eps)
        folded = -lr * math.sqrt(c_2) / c_1 * m / root(v)
        textbook = -lr * (m / c_1) / root(v / c_2)
        for update in (folded, textbook):
            # float32 weights store each update to within their spacing: tolerance by scale
            scale, change = float(np.abs(update).max()), update - theirs
            explains = np.allclose(
                ours - theirs, change, rtol=0.1, atol=0.1 * float(np.abs(change).max())
            )
            if np.allclose(ours, update, rtol=1e-3, atol=1e-3 * scale) and explains:
                found.append(slips)
                break
    return min(found, key=len) if found else None
