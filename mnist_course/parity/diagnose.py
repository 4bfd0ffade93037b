"""From the shape of an error to its likely cause.

Each known mistake leaves a fingerprint on the numbers: a transposed kernel has the
reversed shape; a mean where a sum belongs is off by exactly the batch size; a flipped
sign gives a ratio of -1; log base 2 a ratio of 1 / ln 2; Adam without bias correction
takes steps (1 - beta_1^t) / sqrt(1 - beta_2^t) times Keras's; a different epsilon
matters most where gradients are smallest; softmax without the max subtracted overflows;
over the wrong axis its rows do not sum to 1; float32-sized errors in a float64 run are
a dtype leak. ``diagnose`` tries each in turn; if none fits, ``where`` says which
elements differ.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .constant_ratios import constant_offset, ratio_in_constants
from .diagnose_adam import (
    adam_epsilon,
    adam_not_finite,
    adam_state,
    adam_step_recomputed,
    adam_weight_decay,
    adam_zero_update,
    rounded_betas,
    step_count,
)
from .difference_terms import difference_is_a_term, moved_elements, scaled_lines
from .elements import where_they_differ
from .fingerprints import (
    adam_first_step,
    adam_step_size,
    float32_rounding,
    loss_offset,
    one_hot_by_columns,
    relu_in_place,
)
from .known_ratios import known_ratios
from .ratios import common_ratio
from .recompute import loss_from_logits, probabilities, relu_output, softmax_batch_maximum
from .recompute_gradients import (
    kernel_gradient,
    logits_gradient,
    masked_in_place,
    one_value_everywhere,
    relu_gradient,
)


@dataclass
class Evidence:
    """What a rung knows about a compared tensor, beyond the two values."""

    kind: str = ""  # forward softmax loss gradient adam_m adam_v adam_t adam_update training
    dtype: str = "float64"
    batch_size: int | None = None
    grad: np.ndarray | None = None  # Adam rows: the gradient the step was taken from
    step: int = 1
    upstream_passed_via: str | None = None  # "relu" or "dense": the row above matched
    earlier_rungs_passed: bool = False  # rung 5: every piece alone matched Keras
    logits: np.ndarray | None = None  # loss rows: the logits the loss was taken of
    inputs: dict | None = None  # Keras's tensors this one is computed from (``recompute``)
    second_step_ratio: float | None = None  # Adam rows: a probe's step 2 over the formula's


def diagnose(name: str, ours: np.ndarray, theirs: np.ndarray, evidence: Evidence) -> str:
    """A one-sentence likely cause for ``ours`` differing from ``theirs``."""
    for check in (
        kernel_gradient,  # before _shape: a wrong cached input can change the shape
        _shape,
        one_value_everywhere,
        moved_elements,
        step_count,
        rounded_betas,
        adam_not_finite,
        adam_zero_update,
        softmax_batch_maximum,
        _overflow,
        probabilities,  # before the rows' sums: a recomputed mistake names itself exactly
        scaled_lines,
        _rows_not_summing_to_one,
        adam_state,
        _ratio,
        adam_step_size,
        adam_first_step,
        adam_step_recomputed,
        adam_epsilon,
        adam_weight_decay,
        relu_output,
        loss_from_logits,
        logits_gradient,
        relu_gradient,
        masked_in_place,
        loss_offset,
        relu_in_place,
        one_hot_by_columns,
        float32_rounding,
        constant_offset,
        difference_is_a_term,
        _relu_or_dense,
        _constant_factor,
        _between_steps,
    ):
        try:
            finding = check(ours, theirs, evidence)
        except Exception:
            finding = None  # the ladder's own reading must never pass for the code's error
        if finding:
            return finding
    return "no fingerprint of a known mistake; " + where_they_differ(name, ours, theirs)


def _shape(ours, theirs, evidence):
    if ours.shape == theirs.shape:
        return None
    if ours.ndim == 2 and ours.shape == theirs.shape[::-1] and np.allclose(ours.T, theirs):
        return (
            f"equal to Keras's up to a transpose: shape {ours.shape} where Keras has "
            f"{theirs.shape}, the same numbers; Keras stores kernels as (inputs, outputs), "
            "so grad_kernel = x.T @ grad_y"
        )
    if ours.size == theirs.size and np.allclose(ours.reshape(theirs.shape), theirs):
        return (
            f"equal to Keras's up to a reshape: shape {ours.shape} where Keras has "
            f"{theirs.shape}, the same numbers in the same order"
        )
    if ours.shape == theirs.shape[::-1]:
        return (
            f"shape {ours.shape} where Keras has {theirs.shape}: a transposed kernel. "
            "Keras stores kernels as (inputs, outputs) and computes x @ kernel"
        )
    return f"shape {ours.shape} where Keras has {theirs.shape}"


def _overflow(ours, theirs, evidence):
    if np.isfinite(ours).all() or not np.isfinite(theirs).all():
        return None
    bad = ~np.isfinite(ours)
    if evidence.kind == "loss" and np.all(np.isposinf(ours[bad])):
        return (
            "+inf where Keras's loss is finite: the log of a probability that underflowed "
            "to 0 (softmax first, then log: exp(-1000) is 0 and log(0) is -inf); take the "
            "log of the softmax in one step, z - max(z) - log(sum(exp(z - max(z)))), or "
            "clip the probabilities as Keras does"
        )
    if evidence.kind in ("forward", "loss", "softmax"):
        return (
            "NaN or inf where Keras is finite: softmax without subtracting the row maximum "
            "overflows (exp(1000) is inf, inf / inf is NaN); use exp(z - max(z))"
        )
    return "inf or NaN where Keras is finite: an overflow or a division by zero upstream"


def _rows_not_summing_to_one(ours, theirs, evidence):
    if evidence.kind != "softmax" or ours.ndim != 2 or len(ours) < 2:
        return None
    if np.allclose(ours.sum(axis=1), 1, rtol=1e-4):
        return None
    columns = " (each column sums to 1)" if np.allclose(ours.sum(axis=0), 1, rtol=1e-4) else ""
    return (
        f"the probabilities' rows do not sum to 1{columns}: softmax over the wrong axis; "
        "normalise each row (axis=1, keepdims=True), not each column of the batch"
    )


def _ratio(ours, theirs, evidence):
    ratio = common_ratio(ours, theirs)
    if ratio is None:
        return None
    for value, meaning in known_ratios(evidence):
        if np.isclose(ratio, value, rtol=1e-3):
            return meaning
    return None


def _constant_factor(ours, theirs, evidence):
    if np.size(ours) == 1:  # one number's ratio to another is always "constant"
        return None
    ratio = common_ratio(ours, theirs)
    if ratio == 0 and not np.any(ours):
        return "ours is 0 everywhere: never computed, or written to a copy and not returned"
    if ratio == 0:
        return "ours is 0 wherever Keras's is sizeable, not elsewhere; " + where_they_differ(
            "", ours, theirs
        )
    if ratio is not None and abs(ratio - 1) > 1e-7:  # closer than that is rounding
        spelled = ratio_in_constants(abs(ratio), evidence)
        if spelled:
            sign = "minus " if ratio < 0 else ""
            where = (
                "; in Adam's step the betas enter through the step size, alpha = lr * "
                "sqrt(1 - beta_2^t) / (1 - beta_1^t): compare yours with it"
                if evidence.kind == "adam_update" and "beta" in spelled
                else ""
            )
            return (
                f"ours is a constant {ratio:.6g} times Keras's, element for element: "
                f"{sign}{spelled}, a constant of the network entering once too often or "
                f"too few (a scaling done twice, or left out){where}"
            )
        return (
            f"ours is a constant {ratio:.6g} times Keras's, element for element, a ratio no "
            "known mistake gives; " + where_they_differ("", ours, theirs)
        )
    return None


def _relu_or_dense(ours, theirs, evidence):
    if evidence.upstream_passed_via == "relu":
        return (
            "the gradient above this ReLU matched but the one below does not: ReLU backward "
            "must pass the gradient only where its input z > 0 (TensorFlow passes none at "
            "z == 0); check the mask's side of zero, and that it tests z, not something else"
        )
    if evidence.upstream_passed_via == "dense":
        return (
            "the gradient above this dense layer matched but the one below does not: "
            "dense backward gives grad_x = grad_y @ kernel.T"
        )
    return None


def _between_steps(ours, theirs, evidence):
    if not evidence.earlier_rungs_passed:
        return None
    return (
        "every piece matched Keras on its own (rungs 1-4) and fit took Keras's steps, "
        "batches and orders; the probes of what rungs 1-4 cannot see (a non-zero bias, "
        "two backward passes on one batch, two Adam steps) found none of the faults they "
        "know; yet the parameters part when steps follow each other. "
        + where_they_differ("", ours, theirs)
    )
