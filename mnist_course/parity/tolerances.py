"""How closely each rung of the parity ladder must agree, per dtype, and why.

Errors are *relative to the tensor's scale*: max |ours - keras| / max |keras|. That
keeps entries near zero (a probability of 1e-9) from counting as huge relative errors.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Tolerance:
    value: float
    reason: str


RUNG_TITLES: dict[int, str] = {
    1: "forward pass: every layer's output, the logits, the probabilities",
    2: "loss: cross-entropy against keras.losses.SparseCategoricalCrossentropy",
    3: "gradients: every parameter and every layer output, against tf.GradientTape",
    4: "one Adam step: its state (m, v, t) and every parameter's update, against "
    "keras.optimizers.Adam",
    5: "training through numpy_mlp.fit and Keras's fit: the same sample order, a partial "
    "last batch, two epochs; parameters and the metrics each fit reports",
    6: "whole training runs: test accuracy over several seeds",
}

_FLOAT64_ROUNDING = (
    "float64 rounds at 1.1e-16; sums of hundreds of products in a different order "
    "(NumPy's BLAS against TensorFlow's kernels) differ by a few hundred times that"
)
_FLOAT32_ROUNDING = (
    "float32 rounds at 6e-8; sums of 784 products in a different order differ by "
    "about a hundred times that"
)

TOLERANCES: dict[str, dict[int, Tolerance]] = {
    "float64": {
        1: Tolerance(1e-12, _FLOAT64_ROUNDING),
        2: Tolerance(1e-12, _FLOAT64_ROUNDING),
        3: Tolerance(1e-11, _FLOAT64_ROUNDING + "; backward adds a second pass"),
        4: Tolerance(
            1e-12,
            "relative to the step's size (after minus before): the same formula up to "
            "rounding order; bit-for-bit equality is its own row",
        ),
        5: Tolerance(
            1e-11,
            "rounding differences are fed back into every later step but stay at the "
            "rounding level: 4.5e-14 after two epochs of all 54,000 training digits through "
            "both fits (3,374 steps, measured once); "
            "the per-epoch loss and accuracy are averages of the same numbers",
        ),
    },
    "float32": {
        1: Tolerance(2e-6, _FLOAT32_ROUNDING),
        2: Tolerance(2e-6, _FLOAT32_ROUNDING),
        3: Tolerance(5e-6, _FLOAT32_ROUNDING + "; backward adds a second pass"),
        4: Tolerance(
            1e-4,
            "relative to the step's size (after minus before): the step is rounded into a "
            "float32 weight, whose last bit (3e-8 for a weight of 0.5) is 3e-5 of a 1e-3 "
            "step; bit-for-bit equality is its own row",
        ),
        5: Tolerance(
            1e-4,
            "rounding differences grow with every step they are fed back into: about 1e-6 "
            "after 100 steps. Over longer runs float32 trajectories drift apart (Adam "
            "divides each gradient by its own size, so for a weight whose gradient is "
            "nearly zero, rounding decides the direction of a full step): about 1e-1 after "
            "1,000 steps, where rung 6 takes over",
        ),
    },
}

STATISTICAL_REASON = (
    "independent random initialisations: the 95% interval on the difference of the mean "
    "test accuracies must contain 0"
)

BITWISE_REASON = (
    "the reference's Adam computes Keras's formula in Keras's order, with the betas "
    "rounded to float32 as Keras rounds them, so one step is equal bit for bit; a near "
    "miss is arithmetic in another order or another dtype somewhere in the step"
)
EXACT_BETAS_REASON = (
    "accepted: exact betas. Keras rounds beta_1 and beta_2 to float32 (0.999 becomes "
    "0.99900001) and raises them to t in the model's dtype, so its steps are 6.7e-6 "
    "(relative) shorter at t = 1; yours match the exact formula"
)
EXACT_SOFTMAX_REASON = (
    "accepted: within float32 rounding of the exact softmax (computed in float64); at "
    "logits of +-1000 a log-domain softmax rounds differently from Keras's, by about 3e-5"
)


# Logits far outside float's exp range: softmax must subtract the row maximum first.
# Two rows far apart: exp overflows in the first unless its maximum is subtracted, and the
# second underflows to 0/0 if the batch's maximum is subtracted instead of each row's own.
EXTREME_LOGITS = [
    [1000.0, 0.0, -1000.0, 10.0, 20.0, 30.0, -5.0, 700.0, 999.0, 1.0],
    [-800.0, -801.0, -802.0, -900.0, -1000.0, -850.0, -805.0, -810.0, -820.0, -830.0],
]
EXTREME_LABELS = [2, 1]


def exact_softmax(logits: np.ndarray) -> np.ndarray:
    """Softmax in float64: the value a right answer in any order of rounding is near."""
    wide = logits.astype(np.float64)
    shifted = np.exp(wide - wide.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)
