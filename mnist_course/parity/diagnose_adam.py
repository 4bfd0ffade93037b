"""Fingerprints of mistakes in Adam: its state (m, v, t) and its step's size."""

from __future__ import annotations

import math

import numpy as np

from .. import config
from .adam_moments import gradient_scaled, moments_are_the_gradient, other_moment_wrong, v_from_m
from .ratios import common_ratio, correlation


def step_count(ours, theirs, evidence):
    if evidence.kind != "adam_t":
        return None
    ours, theirs = float(np.asarray(ours).flat[0]), float(np.asarray(theirs).flat[0])
    arrays = len(config.weight_names())
    said = f"Adam's step count t is {ours:g} where Keras's is {theirs:g}"
    if theirs and ours == theirs * arrays:
        return (
            f"{said}: {arrays} times, one increase per parameter array ({arrays} kernels "
            "and biases): t += 1 inside the loop over the parameters, where it belongs "
            "once per step, before the loop"
        )
    if ours == 0:
        return f"{said}: t is never increased; it counts the steps taken, 1 at the first"
    return (
        f"{said}: t counts the steps taken, from 1 at the first, and the bias correction "
        "depends on it"
    )


def adam_state(ours, theirs, evidence):
    if evidence.kind not in ("adam_m", "adam_v") or evidence.grad is None:
        return None
    grad = evidence.grad
    other = (evidence.inputs or {}).get("other moment")
    if other is not None and np.shape(other) == ours.shape and np.any(ours):
        if np.array_equal(ours, np.asarray(other, np.float64)):
            return (
                "ours m and v hold the very same numbers after the step: the two moments "
                "are one array (self.momentums = self.velocities = [...], or m = v where a "
                "copy belongs), so the moment written second overwrites the first"
            )
    ratio = common_ratio(ours, theirs)
    if ratio is not None and abs(ratio - 1) < 1e-6:  # rounding, not a beta: read elsewhere
        return None
    scaled = gradient_scaled(ours, theirs, other, grad, evidence)
    scaled = scaled or moments_are_the_gradient(ours, other, grad, evidence)
    if scaled:
        return scaled
    from_m = v_from_m(ours, other, grad, evidence)
    if from_m:
        return from_m
    swapped = (1 - config.BETA_2) / (1 - config.BETA_1)
    if (
        ratio is not None
        and other_moment_wrong(other, grad, evidence)
        and (np.isclose(ratio, swapped, rtol=1e-3) or np.isclose(ratio, 1 / swapped, rtol=1e-3))
    ):
        return (
            f"the {evidence.kind[-1]} moment is {ratio:.3g} times Keras's, (1 - beta_2) / "
            "(1 - beta_1) or its inverse: beta_1 and beta_2 swapped (m uses beta_1 = 0.9, "
            "v uses beta_2 = 0.999)"
        )
    if ratio is not None and evidence.step == 1:  # from zero state: m = (1 - beta_1) g
        beta = config.BETA_1 if evidence.kind == "adam_m" else config.BETA_2
        moment, other = ("m", "beta_1") if evidence.kind == "adam_m" else ("v", "beta_2")
        for value, meaning in (
            (beta / (1 - beta), f"{moment} moved by {other} where 1 - {other} belongs (the "
             f"two weights swapped: {moment} = (1 - {other}) {moment} + {other} g)"),
            (1 / (1 - beta), f"{moment} set to the new value itself, without the factor 1 - "
             f"{other}: {moment} = {other} {moment} + (1 - {other}) g"),
        ):  # fmt: skip
            if np.isclose(ratio, value, rtol=1e-3):
                return f"the {moment} moment is {ratio:.4g} times Keras's after one step: {meaning}"
    if ratio is not None and evidence.step == 1 and ratio > 0:  # m = (1 - beta) g from 0
        beta = config.BETA_1 if evidence.kind == "adam_m" else config.BETA_2
        implied = 1 - ratio * (1 - beta)
        common = (0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 0.9999)  # betas people type
        if any(np.isclose(implied, value, rtol=0, atol=1e-9) for value in common):
            name, other = (
                ("beta_1", "beta_2") if evidence.kind == "adam_m" else ("beta_2", "beta_1")
            )
            other_value = config.BETA_2 if other == "beta_2" else config.BETA_1
            said = (
                f"the {evidence.kind[-1]} moment is {ratio:.4g} times Keras's after one step "
                f"from 0, as (1 - {name}) g{'' if name == 'beta_1' else '^2'} gives with "
                f"{name} = {implied:.4g}, where Keras's is {beta:g}"
            )
            if np.isclose(implied, other_value, rtol=0, atol=1e-9):  # the other beta's value
                return (
                    f"{said}: {implied:.4g} is {other}'s value, so the {evidence.kind[-1]} "
                    f"update uses {other} where {name} belongs (look at the line that "
                    f"updates {evidence.kind[-1]}, not at the settings)"
                )
            return f"{said}: {name} differs"
    if not np.any(ours):
        return (
            f"Adam's stored {evidence.kind[-1]} is still 0 after the step: the step computed "
            f"a new {evidence.kind[-1]} but did not store it ({evidence.kind[-1]} = beta * "
            f"{evidence.kind[-1]} + ... inside a loop rebinds the loop's name to a new array; "
            f"update it in place: {evidence.kind[-1]}[...] = ... or +=)"
        )
    if evidence.kind == "adam_v" and common_ratio(ours * np.abs(grad), theirs) is not None:
        return "v is updated with |g|, not g squared: v = beta_2 v + (1 - beta_2) g^2"
    if evidence.kind == "adam_v" and common_ratio(ours * grad, theirs) is not None:
        return "v is updated with the gradient, not its square: v = beta_2 v + (1 - beta_2) g^2"
    squared = common_ratio(ours, theirs * grad) if evidence.kind == "adam_m" else None
    if squared is not None and np.isclose(squared, 1, rtol=1e-3):  # (1 - beta_1) g^2
        return "m is updated with the squared gradient: m = beta_1 m + (1 - beta_1) g"
    return None


def adam_epsilon(ours, theirs, evidence):
    if evidence.kind != "adam_update" or evidence.grad is None:
        return None
    grad = np.abs(evidence.grad)
    mask = (np.abs(theirs) > 0) & (grad > 0)
    if mask.sum() <= 10:
        return None
    relative = np.abs(ours - theirs)[mask] / np.abs(theirs)[mask]
    # An epsilon changes each update by about d_epsilon / sqrt(v): relative error
    # inversely proportional to |gradient|, a straight line of slope -1 in log-log.
    if correlation(np.log(relative + 1e-300), np.log(grad[mask])) < -0.9:
        return (
            "updates differ most where gradients are smallest: epsilon enters otherwise "
            "than Keras's, in its value or its place (Keras adds 1e-7 to the square root "
            "of the uncorrected v: m / (sqrt(v) + epsilon); the Adam paper adds 1e-8 to "
            "the corrected v's; a floor, max(sqrt(v), epsilon), is neither)"
        )
    return None


def rounded_betas(ours, theirs, evidence):
    """Updates a constant hair from Keras's: the betas' float32 rounding, one way or other.

    Keras rounds beta_1 and beta_2 to float32, which shortens its step by 6.7e-6 at t = 1
    (lesson 5); the ratio is too close to 1 for the loose ratio checks, so it is matched
    here on its distance from 1.
    """
    if evidence.kind != "adam_update":
        return None
    ratio = common_ratio(ours, theirs)
    if ratio is None or ratio == 1:
        return None
    t = evidence.step
    exact = np.sqrt(1 - config.BETA_2**t) / (1 - config.BETA_1**t)
    b1, b2 = float(np.float32(config.BETA_1)), float(np.float32(config.BETA_2))
    rounded = np.sqrt(1 - b2**t) / (1 - b1**t)
    for value, whose in ((exact / rounded, "exact"), (rounded / exact, "rounded")):
        if abs((ratio - 1) - (value - 1)) < 0.01 * abs(value - 1):
            other = "Keras's rounded ones" if whose == "exact" else "the exact ones"
            return (
                f"every update is {ratio:.9g} times the expected one, the ratio of the "
                f"step sizes with {whose} betas to {other}: beta_1 and beta_2 {whose} "
                "where the other belongs (Keras rounds them to float32: 0.999 becomes "
                "0.99900001, lesson 5)"
            )
    return None


def adam_not_finite(ours, theirs, evidence):
    """NaN or inf updates while m, v and t matched: the step itself divides by zero."""
    if evidence.kind != "adam_update" or np.isfinite(ours).all() or not np.isfinite(theirs).all():
        return None
    bad = ~np.isfinite(ours)
    if bad.all():
        return (
            "every update is NaN or inf while m, v and t agree with Keras's: the step size "
            "lr * sqrt(1 - beta_2^t) / (1 - beta_1^t) is 0/0, as it is at t = 0: the step "
            "count is used before it is increased (t is 1 at the first step)"
        )
    if evidence.grad is not None and np.array_equal(bad, np.asarray(evidence.grad) == 0):
        return (
            f"NaN or inf exactly where the gradient is 0 ({int(bad.sum())} entries, where m "
            "and v are 0): m / sqrt(v) is 0/0 there; epsilon belongs in the denominator, "
            "m / (sqrt(v) + epsilon)"
        )
    return None


def adam_step_recomputed(ours, theirs, evidence):
    """Keras's first step from zero state, recomputed with a slip in its last line."""
    from .recompute import first_match

    if evidence.kind != "adam_update" or evidence.grad is None or evidence.step != 1:
        return None
    g = np.asarray(evidence.grad, np.float64).reshape(ours.shape)
    b1, b2, lr, eps = config.BETA_1, config.BETA_2, config.LEARNING_RATE, config.ADAM_EPSILON
    m, v, alpha = (1 - b1) * g, (1 - b2) * g * g, lr * np.sqrt(1 - b2) / (1 - b1)
    named = first_match(
        ours,
        theirs,
        [
            (lambda: -alpha * m / (v + eps), "m divided by v, not by its square root: "
             "alpha * m / (sqrt(v) + epsilon)"),
            (lambda: -alpha * m * m / (np.sqrt(v) + eps), "m squared in the step"),
            (lambda: -alpha * m / (np.sqrt(v) + eps) ** 2, "the denominator squared"),
            (lambda: -alpha * np.sqrt(m * m) / (np.sqrt(v) + eps), "|m| in the step: the "
             "sign of m lost"),
        ],
    )  # fmt: skip
    return f"every update is Keras's first step with {named}" if named else None


def adam_weight_decay(ours, theirs, evidence):
    """An update that differs from Keras's by a multiple of the parameter itself: a weight
    decay (L2) term Keras's Adam here does not apply."""
    param = (evidence.inputs or {}).get("param before")
    if evidence.kind not in ("adam_update", "adam_m", "gradient") or param is None:
        return None
    param = np.asarray(param, np.float64).reshape(ours.shape)
    if not np.any(param) or np.allclose(ours, theirs, rtol=1e-6, atol=0):
        return None
    decay = common_ratio(ours - np.asarray(theirs, np.float64), param)
    if decay is None or decay == 0:
        return None
    where = {"adam_update": "each update", "adam_m": "m (the gradient it averages)"}.get(
        evidence.kind, "the gradient"
    )
    return (
        f"{where} differs from Keras's by {decay:.4g} times the parameter itself, element "
        "for element: a weight decay (L2) term (param * decay added to the step or the "
        "gradient) that neither Keras's loss nor its Adam here has (weight_decay=None)"
    )


def adam_zero_update(ours, theirs, evidence):
    """Every update exactly 0 while Keras's move: never stored, or a step size of 0."""
    if evidence.kind != "adam_update" or np.any(ours) or not np.any(theirs):
        return None
    probe = evidence.second_step_ratio
    if probe is not None and np.isfinite(probe) and probe != 0:
        return (
            "every update is exactly 0 at the first step, and a probe's second step is "
            f"{probe:.4g} times the formula's: the step size is 0 at t = 1, as a bias "
            "correction with t - 1 where t belongs gives (sqrt(1 - beta_2**0) = 0)"
        )
    if probe is not None and math.isnan(probe):  # the second step moved, unlike the formula
        return (
            "every update is exactly 0 at the first step, yet a probe's second step moves "
            "(though not as the formula's does): the step uses m and v from before this "
            "step's update (they start at 0, so the first step is 0); update the moments "
            "first, then step with the new ones"
        )
    return (
        "every update is exactly 0 while Keras's move: the new parameters are computed but "
        "never stored (param = param - step inside a loop rebinds the loop's name; update "
        "in place: param -= step, or param[...] = ...), or the step is multiplied by 0"
    )
