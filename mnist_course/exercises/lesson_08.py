"""Exercises of lesson 8: Dropout's forward and backward passes.

A right ``dropout_forward`` may draw its mask in another way than the reference
(``rng.random(shape) < 1 - rate``, ``rng.binomial``), so its check does not compare
values: it checks the mask's shape and share of dropped units, that the output is the
input with the kept units divided by ``1 - rate``, inference, and that the mask comes
from the generator passed in. ``dropout_backward`` is compared with the reference.
"""

from __future__ import annotations

import math

import numpy as np

from ..numpy_mlp.dropout import dropout_backward, dropout_forward
from .core import Case, Exercise, ignores_generator, rng
from .dtype_policy import in_float32, tolerances

# The share of dropped units may stray this many binomial standard deviations from
# ``rate``: a right answer fails with a probability of about 6e-7 per case.
_SPREAD = 5.0


def _inputs(seed: int, shape: tuple[int, int]) -> np.ndarray:
    return rng(seed).normal(size=shape) + 0.5  # no exact zeros: a dropped unit is visible


def _check_forward(got, case, call) -> str | None:
    x, rate, training, _ = case.args
    if not (isinstance(got, tuple) and len(got) == 2):
        return "expected a pair (output, keep): return out, keep"
    out, keep = (np.asarray(part) for part in got)
    if out.shape != x.shape or keep.shape != x.shape:
        return f"wrong shapes: x is {x.shape}, got output {out.shape} and keep {keep.shape}"
    scaled = 1 / (1 - rate) if rate else None
    if keep.dtype != bool:
        if scaled and np.isin(keep, (0.0, scaled)).all() and not np.isin(keep, (0, 1)).all():
            return "keep is the scaled mask: return the boolean mask of kept units (rng... >= rate)"
        if not np.isin(keep, (0, 1)).all():
            return f"keep must be a boolean mask (True where a unit is kept), got {keep.dtype}"
        return (
            f"keep holds 0 and 1 as {keep.dtype}: return it as a boolean mask, as the lesson "
            "asks (a comparison, `rng.random(x.shape) >= rate`, gives one; or `.astype(bool)`): "
            f"~keep on {keep.dtype} is -1 and -2, not the dropped units"
        )
    if not training:
        if not keep.all() or not np.allclose(out, x, rtol=1e-12, atol=0):
            return (
                "at inference (training=False) Dropout does nothing: return x and a mask of "
                "all True (dropping here, or dividing by 1 - rate, changes what the test sees)"
            )
        return None
    shared = _shared_mask(keep) if 0 < rate < 1 else None
    if shared:
        return shared
    dropped = 1 - keep.mean()
    allowed = _SPREAD * math.sqrt(rate * (1 - rate) / x.size)
    if abs(dropped - rate) > allowed:
        flipped = " (kept with probability rate? rate is the share dropped)"
        near = abs((1 - dropped) - rate) <= allowed
        return f"dropped {dropped:.3f} of the units, expected about rate = {rate}" + (
            flipped if near else ""
        )
    expected = np.where(keep, x / (1 - rate), 0.0)
    rtol, atol = tolerances(expected, 1e-9, 1e-12)
    if np.allclose(out, expected, rtol=rtol, atol=atol):
        if rate == 0:  # every unit kept: any generator gives the same mask
            return None
        return ignores_generator(
            lambda *args: np.asarray(call(*args)[1]),
            case.args,
            keep,
            draws="rng.random",
            what="mask",
        )
    for wrong, why in (
        (x * keep, "the kept units were not divided by 1 - rate (inverted dropout scales them)"),
        (x * keep * (1 - rate), "the kept units were multiplied by 1 - rate: divide by it"),
        (x / (1 - rate), "the output ignores the mask: the dropped units must be 0"),
    ):
        if np.allclose(out, wrong, rtol=rtol, atol=atol):
            return why
    return "the output is not x * keep / (1 - rate) for the keep mask returned"


def _shared_mask(keep: np.ndarray) -> str | None:
    """A mask drawn for one row or one column and repeated: not one draw per unit."""
    rows, units = keep.shape
    if rows > 1 and (keep == keep[:1]).all():
        return (
            f"every one of the {rows} examples has the same mask: one draw of "
            f"{units} repeated for every row, where each example draws its own "
            "(rng.random(x.shape), one number per unit of every example)"
        )
    if units > 1 and (keep == keep[:, :1]).all():
        return (
            "each example's units are all kept or all dropped: one draw per example "
            "(whole examples dropped), where each unit draws its own (rng.random(x.shape))"
        )
    return None


def _forward_mistake(keep_of, scale_of):
    def mistake(x, rate, training, rng):
        keep = keep_of(x, rate, rng)
        return x * keep * scale_of(rate), keep

    return mistake


def _drop(x, rate, rng):
    return rng.random(x.shape) >= rate


def _backward_cases() -> list[Case]:
    generator = rng(81)
    keep_5 = generator.random((6, 5)) >= 0.2
    keep_5[2] = False  # a whole example dropped: its gradient is all 0
    keep_half = generator.random((32, 16)) >= 0.5
    return [
        Case("(6, 5), rate 0.2, one row all dropped", (_inputs(82, (6, 5)), keep_5, 0.2)),
        Case("(32, 16), rate 0.5", (_inputs(83, (32, 16)), generator.random((32, 16)) >= 0.5, 0.5)),
        Case("(4, 8), rate 0.75", (_inputs(84, (4, 8)), generator.random((4, 8)) >= 0.75, 0.75)),
        Case("(3, 4), rate 0 (all kept)", (_inputs(85, (3, 4)), np.ones((3, 4), bool), 0.0)),
        in_float32(Case("(32, 16), rate 0.5", (_inputs(86, (32, 16)), keep_half, 0.5))),
    ]


def _explain_backward(got, case) -> str | None:
    """A gradient that is 0 at kept units, or passes through dropped ones, used another
    mask than the one forward drew (a mask drawn again in backward is a fresh draw)."""
    grad_out, keep, _ = case.args
    got = np.asarray(got)
    if got.shape != grad_out.shape or keep.all():
        return None
    through_dropped = (got != 0) & ~keep
    blocked_kept = (got == 0) & keep & (grad_out != 0)
    if through_dropped.any() and blocked_kept.any():
        return (
            f"another mask than keep: the gradient passes {through_dropped.sum()} dropped "
            f"units and stops {blocked_kept.sum()} kept ones; use the keep that forward "
            "returned (a mask drawn again in backward is a fresh draw)"
        )
    return None


EXERCISES = [
    Exercise(
        name="dropout_forward",
        lesson=8,
        title="Inverted Dropout, forward: drop with probability rate, scale the rest",
        reference=dropout_forward,
        cases=lambda: [
            Case("(100, 100), rate 0.2, training", (_inputs(80, (100, 100)), 0.2, True, rng(1))),
            Case("(64, 50), rate 0.75, training", (_inputs(81, (64, 50)), 0.75, True, rng(2))),
            Case("(10, 8), rate 0.5, inference", (_inputs(82, (10, 8)), 0.5, False, rng(3))),
            Case("(20, 30), rate 0, training", (_inputs(83, (20, 30)), 0.0, True, rng(4))),
            in_float32(
                Case("(64, 50), rate 0.75, training", (_inputs(81, (64, 50)), 0.75, True, rng(2)))
            ),
        ],
        hints=(
            "In training, each unit is dropped (set to 0) with probability rate and the kept "
            "ones are divided by 1 - rate, so the expected output equals x; at inference "
            "Dropout returns x unchanged. Draw from the rng passed in.",
            "keep: a boolean array shaped like x, True where rng.random(x.shape) >= rate; "
            "return (x * keep / (1 - rate), keep), or (x.copy(), all-True) at inference.",
            "if not training:\n    return x.copy(), np.ones(x.shape, dtype=bool)\n"
            "keep = rng.random(x.shape) >= rate\nreturn x * keep / (1 - rate), keep",
        ),
        mistakes={
            "no inverted scaling: the kept units must be divided by 1 - rate": _forward_mistake(
                _drop, lambda rate: 1.0
            ),
            "multiplied by 1 - rate instead of dividing by it": _forward_mistake(
                _drop, lambda rate: 1 - rate
            ),
            "one mask for every example: each example draws its own": _forward_mistake(
                lambda x, rate, rng: np.broadcast_to(rng.random(x.shape[1]) >= rate, x.shape),
                lambda rate: 1 / (1 - rate),
            ),
            "one draw per example: whole examples dropped, not units": _forward_mistake(
                lambda x, rate, rng: np.broadcast_to(rng.random((len(x), 1)) >= rate, x.shape),
                lambda rate: 1 / (1 - rate),
            ),
            "kept with probability rate: rate is the share dropped": _forward_mistake(
                lambda x, rate, rng: rng.random(x.shape) < rate, lambda rate: 1 / (1 - rate)
            ),
        },
        validate=_check_forward,
    ),
    Exercise(
        name="dropout_backward",
        lesson=8,
        title="Inverted Dropout, backward: the same mask, the same 1 / (1 - rate)",
        reference=dropout_backward,
        cases=_backward_cases,
        hints=(
            "Dropout's output is x * keep / (1 - rate), elementwise: each input's gradient is "
            "the output's gradient times the same factor, 0 for a dropped unit.",
            "grad_out and keep are shaped alike; return an array of that shape.",
            "return grad_out * keep / (1 - rate)",
        ),
        mistakes={
            "ignored the mask: a dropped unit passed nothing on, so its gradient is 0": (
                lambda grad, keep, rate: grad / (1 - rate)
            ),
            "forgot the 1 / (1 - rate): the forward pass scaled the kept units by it": (
                lambda grad, keep, rate: grad * keep
            ),
            "multiplied by 1 - rate instead of dividing by it": (
                lambda grad, keep, rate: grad * keep * (1 - rate)
            ),
            "the mask inverted (~keep): the gradient flows through the kept units": (
                lambda grad, keep, rate: grad * ~keep / (1 - rate)
            ),
        },
        explain=_explain_backward,
    ),
]
