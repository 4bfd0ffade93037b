"""What an epoch metric's own numbers say, read against Keras's other metrics.

Before any averaging is examined: a metric equal to another key of Keras's history (the
two swapped), one epoch behind Keras's (measured before the epoch trained), or a constant
multiple that is a count of samples (a count where a fraction belongs).
"""

from __future__ import annotations

import numpy as np


def across_metrics(key: str, ours, their_metrics: dict, counts: dict[str, int]) -> str | None:
    ours = np.asarray(ours, np.float64)
    theirs = np.asarray(their_metrics.get(key, []), np.float64)
    if ours.shape != theirs.shape or not ours.size:
        return None
    for other, values in their_metrics.items():
        values = np.asarray(values, np.float64)
        if other != key and values.shape == ours.shape and np.allclose(ours, values, rtol=1e-6):
            return (
                f"fit's {key} is Keras's {other}, epoch for epoch: the two values swapped "
                f"(a pair unpacked in the other order, as {other}, {key} = ...)"
            )
    if len(ours) > 1 and np.allclose(ours[1:], theirs[:-1], rtol=1e-6):
        return (
            f"each epoch's {key} is Keras's of the epoch before (epoch 2 reports epoch 1's): "
            "it is measured before the epoch trains; measure it after the epoch's last step"
        )
    if (theirs != 0).all():
        ratio = ours / theirs
        if np.allclose(ratio, ratio[0], rtol=1e-9):
            for what, count in counts.items():
                if np.isclose(ratio[0], count, rtol=1e-9):
                    return (
                        f"every epoch's {key} is Keras's times {count:,}, the number of "
                        f"{what}: a count or a sum where their mean belongs (divide by "
                        f"{count:,})"
                    )
    return None
