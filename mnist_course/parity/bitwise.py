"""Rung 4's bit-for-bit row: the reference's claim, and what a near miss is.

The reference's Adam computes Keras's formula in Keras's order with Keras's rounded
betas, so one step from the same gradients is equal bit for bit. A learner's right
answer need not be (exact betas, another order of operations): the row then passes,
saying which; with other rows failing, it only points at them.
"""

from __future__ import annotations

import numpy as np

from .diagnose import Evidence
from .probes import float64_step_size
from .tolerances import BITWISE_REASON


def bitwise_row(rungs, after, theirs_after, exact, before, grads) -> None:
    """Rung 4's last row: every parameter after the step, bit for bit (the reference claims
    it; a learner's right answer need not, and is told which it is)."""
    equal = all(np.array_equal(a, b) for a, b in zip(after, theirs_after))
    row = rungs.add(
        4,
        "every parameter after 1 step, bit for bit",
        flat(after),
        flat(theirs_after),
        Evidence("adam_update"),
        tolerance=0,
    )
    others_failed = any(r.rung == 4 and not r.passed for r in rungs.rows[:-1])
    if rungs.setup.learner and not equal and others_failed:  # a summary: no "fine" here
        row.passed = False
        row.diagnosis = "not bit for bit, and the rows above fail: see the first of them"
    elif rungs.setup.learner and not equal:  # not claimed of a learner: say which it is
        closer_to_exact = exact is not None and _distance(after, exact) < _distance(
            after, theirs_after
        )
        row.passed, row.diagnosis = True, None
        row.note = (
            "not bit for bit: your betas are exact (Keras rounds them to float32); fine"
            if closer_to_exact
            else "not bit for bit: the same step up to rounding (another order of "
            "operations, or exact betas, which float32 rounding hides); fine"
        )
    elif equal:
        row.note = "bit for bit equal to Keras's step"
    else:
        row.diagnosis = float64_step_size(before, grads, after) or (
            "a near miss, where equality is claimed: " + BITWISE_REASON
        )


def flat(arrays) -> np.ndarray:
    return np.concatenate([np.asarray(a, np.float64).ravel() for a in arrays])


def _distance(ours, theirs) -> float:
    return float(np.abs(flat(ours) - flat(theirs)).max())
