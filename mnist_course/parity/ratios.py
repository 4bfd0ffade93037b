"""Numbers that relate two tensors: a ratio common to every element, a correlation.

A constant ratio is a fingerprint (``diagnose`` names the ones with a known meaning);
a correlation tells, for instance, an epsilon's effect from rounding.
"""

from __future__ import annotations

import numpy as np


def common_ratio(ours: np.ndarray, theirs: np.ndarray) -> float | None:
    """ours / theirs when it is the same for every sizeable element, else None."""
    if ours.shape != theirs.shape or not np.isfinite(ours).all():
        return None
    big = np.abs(theirs) > 1e-3 * np.abs(theirs).max(initial=0)
    if not big.any():
        return None
    ratios = ours[big] / theirs[big]
    median = float(np.median(ratios))
    return median if np.allclose(ratios, median, rtol=1e-3) else None


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])
