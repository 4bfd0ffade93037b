"""From the shape of an error to its likely cause.

Each known mistake leaves a fingerprint on the numbers: a transposed kernel has the
reversed shape; a mean where a sum belongs is off by exactly the batch size; Adam
without bias correction takes steps (1 - beta_1^t) / sqrt(1 - beta_2^t) times Keras's;
a different epsilon matters most where gradients are smallest; softmax without the max
subtracted overflows to inf; a ReLU mask on the wrong side of zero corrupts the gradient
right where it crosses a ReLU. ``diagnose`` tests for each in turn.
"""

from __future__ import annotations

import re

import numpy as np

from .. import config


def diagnose(name: str, ours: np.ndarray, theirs: np.ndarray, context: dict) -> str:
    """A one-sentence likely cause for ``ours`` differing from ``theirs``."""
    for check in (_shape, _overflow, _batch_factor, _adam, _relu_or_dense):
        finding = check(name, ours, theirs, context)
        if finding:
            return finding
    return "no known pattern: compare the two values above, and the rows before this one"


def _shape(name, ours, theirs, context):
    if ours.shape == theirs.shape:
        return None
    if ours.shape == theirs.shape[::-1]:
        return (
            f"shape {ours.shape} where Keras has {theirs.shape}: a transposed kernel. "
            "Keras stores kernels as (inputs, outputs) and computes x @ kernel"
        )
    return f"shape {ours.shape} where Keras has {theirs.shape}"


def _overflow(name, ours, theirs, context):
    if np.isfinite(ours).all() or not np.isfinite(theirs).all():
        return None
    if context.get("kind") in ("forward", "loss", "softmax"):
        return (
            "inf or NaN where Keras is finite: softmax without subtracting the row maximum "
            "overflows (exp(1000) is inf); use exp(z - max(z))"
        )
    return "inf or NaN where Keras is finite: an overflow or a division by zero upstream"


def _batch_factor(name, ours, theirs, context):
    batch_size = context.get("batch_size")
    ratio = _common_ratio(ours, theirs)
    if not batch_size or ratio is None:
        return None
    if np.isclose(ratio, batch_size, rtol=1e-3):
        return (
            f"exactly {batch_size} (the batch size) times Keras's: a sum where a mean belongs; "
            "the loss is the batch mean, so its gradient carries 1 / batch_size"
        )
    if np.isclose(ratio, 1 / batch_size, rtol=1e-3):
        return (
            f"exactly 1/{batch_size} of Keras's: a mean where a sum belongs (the bias "
            "gradient sums over the batch; 1 / batch_size is applied once, at the loss)"
        )
    return None


def _adam(name, ours, theirs, context):
    if context.get("kind") != "adam":
        return None
    before, step = context["before"], context.get("step", 1)
    ours_delta, theirs_delta = ours - before, theirs - before
    ratio = _common_ratio(ours_delta, theirs_delta)
    no_correction = (1 - config.BETA_1**step) / np.sqrt(1 - config.BETA_2**step)
    if ratio is not None and np.isclose(ratio, no_correction, rtol=1e-2):
        return (
            f"every update is {ratio:.3f} times Keras's, (1 - beta_1^t) / sqrt(1 - beta_2^t) "
            "at t = 1: Adam without bias correction; Keras scales the step by "
            "sqrt(1 - beta_2^t) / (1 - beta_1^t)"
        )
    grad = np.abs(context["grad"])
    mask = (np.abs(theirs_delta) > 0) & (grad > 0)
    if mask.sum() > 10:
        relative = np.abs(ours_delta - theirs_delta)[mask] / np.abs(theirs_delta)[mask]
        # An epsilon changes each update by about d_epsilon / sqrt(v): relative error
        # inversely proportional to |gradient|, a straight line of slope -1 in log-log.
        if _correlation(np.log(relative + 1e-300), np.log(grad[mask])) < -0.9:
            return (
                "updates differ most where gradients are smallest: epsilon differs from "
                "Keras's (1e-7, added outside the square root of the uncorrected v; the Adam "
                "paper uses 1e-8 on the corrected v)"
            )
    return None


def _relu_or_dense(name, ours, theirs, context):
    via = context.get("upstream_passed_via")
    if via == "relu":
        return (
            "the gradient above this ReLU matched but the one below does not: ReLU backward "
            "must pass the gradient only where its input z > 0 (TensorFlow passes none at "
            "z == 0); check the mask's side of zero, and that it tests z, not something else"
        )
    if via == "dense":
        return (
            "the gradient above this dense layer matched but the one below does not: "
            "dense backward gives grad_x = grad_y @ kernel.T"
        )
    return None


def _common_ratio(ours: np.ndarray, theirs: np.ndarray) -> float | None:
    """ours / theirs when it is the same for every sizeable element, else None."""
    if ours.shape != theirs.shape or not np.isfinite(ours).all():
        return None
    big = np.abs(theirs) > 1e-3 * np.abs(theirs).max(initial=0)
    if not big.any():
        return None
    ratios = ours[big] / theirs[big]
    median = float(np.median(ratios))
    return median if np.allclose(ratios, median, rtol=1e-3) else None


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def diagnose_exception(error: Exception) -> str:
    """A likely cause for an exception raised by the reference under test."""
    message = f"{type(error).__name__}: {error}"
    shapes = [
        tuple(int(n) for n in found.split(",") if n.strip())
        for found in re.findall(r"\((\d+(?:,\s*\d+)+)\)", str(error))
    ]
    for first in shapes:
        if len(first) == 2 and first[::-1] in shapes and first[0] != first[1]:
            return (
                f"{message}. Shapes {first} and {first[::-1]}: a transposed kernel or "
                "gradient; Keras's layout is (inputs, outputs), so grad_kernel = x.T @ grad_y"
            )
    return f"{message}. The reference raised before it could be compared"
