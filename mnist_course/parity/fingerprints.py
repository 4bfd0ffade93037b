"""More fingerprints, each read from the two tensors and what the rung knows of them.

- a layer output equal to its own ReLU: the ReLU wrote over its input;
- a loss off by an additive amount equal to the mean of the rows' largest logits: a
  log-softmax that mixes shifted and unshifted logits (a ratio of one number means nothing);
- a logits gradient off by -1/n in whole columns: the one-hot subtracted by columns;
- Adam's first step recomputed with one known mistake (epsilon inside the square root,
  the bias corrections swapped, t off by one), in the folded form and Algorithm 1's;
- Adam updates whose ratio to Keras's is a step size with the bias corrections swapped,
  or with t off by one.
"""

from __future__ import annotations

import math

import numpy as np

from .. import config
from .adam_mistakes import INSIDE, M_CORRECTIONS, V_CORRECTIONS, first_step_slips
from .ratios import common_ratio


def relu_in_place(ours, theirs, evidence):
    if evidence.kind != "forward" or ours.shape != theirs.shape or not (theirs < 0).any():
        return None
    scale = float(np.abs(theirs).max())  # float32 rounding is relative to the layer's scale
    if np.allclose(ours, np.maximum(theirs, 0), rtol=1e-5, atol=1e-5 * scale) and (ours >= 0).all():
        negative = int((theirs < 0).sum())
        return (
            f"this layer's output z is ReLU(z): its {negative} negative values are 0 here, "
            "the rest agree: the ReLU after it wrote over its input in place "
            "(np.maximum(z, 0, out=z), z[z < 0] = 0, z *= mask); return a new array"
        )
    return None


def loss_offset(ours, theirs, evidence):
    if evidence.kind != "loss" or np.size(ours) != 1 or evidence.logits is None:
        return None
    offset = float(np.asarray(ours, np.float64) - np.asarray(theirs, np.float64))
    logits = np.asarray(evidence.logits, np.float64)
    largest = float(logits.max(axis=1).mean())
    if largest and np.isclose(abs(offset), abs(largest), rtol=1e-4):
        return (
            f"the loss is off by {offset:+.6g}, the mean of each row's largest logit: "
            "log-softmax mixes the shifted logits (z - max z) with a log-sum-exp of the "
            "unshifted ones, or the other way round; subtract the same max in both: "
            "z - max(z) - log(sum(exp(z - max(z))))"
        )
    n = len(logits)
    for value, meaning in ((math.log(config.NUM_CLASSES), f"ln {config.NUM_CLASSES}, the log "
                            "of the class count: a log-mean-exp where log-sum-exp belongs, or "
                            "a sum divided by the classes inside the log"),
                           (math.log(n), f"ln {n}, the log of the batch size: the batch size "
                            "inside a log"),
                           (math.log(2), "ln 2")):  # fmt: skip
        if np.isclose(abs(offset), value, rtol=1e-4):
            return f"the loss is off by {offset:+.6g} = {'-' if offset < 0 else '+'}{meaning}"
    if float(ours) < 0:
        return (
            f"the loss is {float(ours):.6g}, below 0, which no cross-entropy can be: it is "
            "-log of a probability (at most 1), so a sign is flipped or a log taken of "
            "something other than probabilities (the logits, or a sum over the classes)"
        )
    ratio = float(ours) / float(theirs) if float(theirs) else 0.0
    divisors = {config.DEFAULT_BATCH_SIZE: "the default batch size"}
    divisors.update({evidence.batch_size: "the batch size", config.NUM_CLASSES: "the classes"})
    for divisor, meaning in divisors.items():
        if divisor and divisor != n and np.isclose(ratio, n / divisor, rtol=1e-4):
            return (
                f"the loss is {ratio:.6g} times Keras's = {n}/{divisor}: the sum over this "
                f"batch's {n} rows divided by {divisor} ({meaning}) where their count "
                "belongs; divide by len(labels), the rows actually given"
            )
    return (
        f"the loss is off by {offset:+.6g} (Keras's {float(theirs):.6g}); a single number's "
        "ratio says nothing, so compare how it is built from the logits above, which agree"
    )


def one_hot_by_columns(ours, theirs, evidence):
    if evidence.kind != "gradient" or ours.ndim != 2 or not evidence.batch_size:
        return None
    if ours.shape[1] != config.NUM_CLASSES or ours.shape != theirs.shape:
        return None
    scaled = (ours - theirs) * evidence.batch_size
    steps = np.round(scaled)
    if not np.allclose(scaled, steps, atol=1e-4) or not set(np.unique(steps)) <= {-1.0, 0.0}:
        return None
    columns = np.flatnonzero((steps == -1).any(axis=0))
    per_row = (steps == -1).sum(axis=1)
    if len(columns) > 1 and (per_row == len(columns) - 1).all():
        return (
            f"ours - Keras's is -1/{evidence.batch_size} in every row of the columns "
            f"{columns.tolist()} (the labels in this batch), except at each row's own label: "
            "the one-hot was subtracted by whole columns, grad[:, labels] -= 1, where each "
            "row needs its own label: grad[np.arange(n), labels] -= 1"
        )
    return None


def adam_first_step(ours, theirs, evidence):
    """Keras's first step recomputed with known slips (``adam_mistakes``), in both of
    Adam's forms: the fewest that give ours, named."""
    if evidence.kind != "adam_update" or evidence.grad is None or evidence.step != 1:
        return None
    inside = (
        "epsilon inside the square root, sqrt(v + epsilon): the steps shrink where |g| is "
        "small against sqrt(epsilon); Keras adds it outside: alpha * m / (sqrt(v) + epsilon)"
    )
    swapped = (
        "the two bias corrections swapped: m divided by 1 - beta_2^t and v by 1 - beta_1^t "
        "(the folded step size sqrt(1 - beta_1^t) / (1 - beta_2^t)), where Keras has "
        "sqrt(1 - beta_2^t) / (1 - beta_1^t)"
    )
    off_by_one = (
        "the bias corrections of t = 2 at the first step: t off by one (counted from 2, or "
        "increased twice before the step)"
    )
    slips = first_step_slips(ours, theirs, evidence.grad)
    if slips is None:
        return None
    if slips == [M_CORRECTIONS[1][1], V_CORRECTIONS[1][1]]:
        return f"every update is Keras's first step with {swapped}"
    if slips == [M_CORRECTIONS[3][1], V_CORRECTIONS[3][1]]:
        return f"every update is Keras's first step with {off_by_one}"
    if slips == [INSIDE]:
        return f"every update is Keras's first step with {inside}"
    return (
        "every update is Keras's first step with " + " and ".join(slips) + "; Keras's is "
        "m_hat = m / (1 - beta_1^t), v_hat = v / (1 - beta_2^t), m_hat / (sqrt(v_hat) + "
        "epsilon), m and v moved by 1 - beta_1 and 1 - beta_2"
    )


def adam_step_size(ours, theirs, evidence):
    """A constant ratio that is Adam's step size computed another way at this t."""
    if evidence.kind != "adam_update":
        return None
    ratio = common_ratio(ours, theirs)
    if ratio is None:
        return None
    t = evidence.step
    b1, b2 = config.BETA_1, config.BETA_2

    def alpha(step: int) -> float:
        return math.sqrt(1 - b2**step) / (1 - b1**step)

    candidates = [
        (
            math.sqrt(1 - b1**t) / (1 - b2**t) / alpha(t),
            "the two bias corrections swapped: sqrt(1 - beta_1^t) / (1 - beta_2^t) where "
            "Keras has sqrt(1 - beta_2^t) / (1 - beta_1^t) (or m_hat divided by 1 - beta_2^t "
            "and v_hat by 1 - beta_1^t)",
        ),
        (
            alpha(t + 1) / alpha(t),
            f"the step size at t = {t + 1} where t = {t} belongs: t off by one (counted "
            "from 2, or increased twice before the step)",
        ),
    ]
    if t > 1:
        candidates.append((alpha(t - 1) / alpha(t), f"the step size of t = {t - 1}: t lags by one"))
    swapped_at_2 = (math.sqrt(1 - b1**2) / (1 - b2**2)) / alpha(2)
    probe = evidence.second_step_ratio  # the second step tells swapped from lr left out
    if probe is not None and not math.isclose(probe, swapped_at_2, rel_tol=1e-3):  # nan too
        candidates = candidates[1:]
    for value, meaning in candidates:
        if np.isclose(ratio, value, rtol=1e-3):
            return f"every update is {ratio:.6g} times Keras's, {meaning}"
    return None


def float32_rounding(ours, theirs, evidence):
    """Float32-sized differences in a float64 run, scattered both ways: a dtype leak."""
    if evidence.dtype != "float64" or not np.isfinite(ours).all():
        return None
    scale = np.abs(theirs).max(initial=0)
    relative = np.abs(ours - theirs).max(initial=0) / scale if scale else 0
    in_float32 = np.array_equal(ours, ours.astype(np.float32).astype(np.float64)) and not (
        np.array_equal(ours, np.round(ours))  # whole numbers are float32 numbers too
    )
    if in_float32 or (1e-9 < relative < 2e-6 and _both_signs(ours - theirs)):
        what = "are float32 numbers" if in_float32 else f"differ by {relative:.1e} relative"
        return (
            f"in a float64 run, these values {what}, the size of float32 rounding: a dtype "
            "leak; something is computed in float32 (an astype, a float32 constant or array)"
        )
    return None


def _both_signs(difference) -> bool:
    """Rounding scatters both ways; a formula's extra term (an epsilon) leans one way."""
    nonzero = difference[difference != 0]
    return len(nonzero) < 8 or 0.05 < float((nonzero > 0).mean()) < 0.95
