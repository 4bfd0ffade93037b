"""Which elements of two tensors differ, when no known fingerprint explains why.

Which elements differ is itself a clue: whole rows of a batch (some samples), one
column of the probabilities (one class), only the biases, or everything.
"""

from __future__ import annotations

import numpy as np


def where_they_differ(name: str, ours: np.ndarray, theirs: np.ndarray) -> str:
    """'which elements differ' in a few words: every one, whole rows, one column..."""
    if ours.shape != theirs.shape or ours.ndim == 0:
        return "compare the two values above, and the rows before this one"
    with np.errstate(invalid="ignore"):
        difference = np.abs(ours - theirs)
    difference[~np.isfinite(difference)] = np.inf
    worst = difference.max(initial=0)
    differs = difference > 1e-3 * worst if np.isfinite(worst) else ~np.isfinite(difference)
    count, total = int(differs.sum()), differs.size
    if count == total:
        return f"every element of this tensor differs ({total})"
    if ours.ndim == 2:
        rows, columns = np.flatnonzero(differs.any(axis=1)), np.flatnonzero(differs.any(axis=0))
        if len(columns) < differs.shape[1] and differs[:, columns].all():
            what = "class" if differs.shape[1] == 10 and "kernel" not in name else "column"
            return f"only whole columns differ: {what} {_few(columns)} (the rest agree)"
        if len(rows) < differs.shape[0] and differs[rows].all():
            what = "input" if "kernel" in name else "sample"
            return f"only whole rows differ: {what} {_few(rows)} (the rest agree)"
    first = tuple(int(i) for i in np.argwhere(differs)[0])
    return f"{count} of {total} elements differ, the first at index {first}"


def _few(indices: np.ndarray) -> str:
    shown = ", ".join(str(int(i)) for i in indices[:5])
    return shown + (f" and {len(indices) - 5} more" if len(indices) > 5 else "")
