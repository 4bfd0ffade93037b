"""Functions that write into the arrays they are handed (grade s10).

A function that computes in place in its input (softmax or its gradient in the logits'
own buffer, say) can return the right result while the caller's array changes under it:
every row of rungs 1-3 agrees, and only what is computed later from that array (the loss
and accuracy fit reports) goes wrong, far from the cause. While rungs 1-3 run, every
function the network calls is watched for it; a write is reported as a row of rung 3.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np

from ..numpy_mlp import functional as F
from .report import Comparison


@dataclass
class InputGuard:
    """What the guarded functions wrote into: (function, argument) pairs, first seen first."""

    active: bool = True  # off after rung 3: rung 5 and 6 train without the copies' cost
    written: list[tuple[str, str, float]] = field(default_factory=list)


# The functions the network's layers call (``Ops``), each handed arrays it must not change.
GUARDED = (
    "dense_forward",
    "relu_forward",
    "softmax",
    "cross_entropy",
    "cross_entropy_from_probs",
    "cross_entropy_backward",
    "relu_backward",
    "dense_backward",
)


def guarded(ops, guard: InputGuard) -> SimpleNamespace:
    """``ops`` with the network's functions wrapped to notice writes into their arrays."""
    functions = dict(vars(ops))
    for name in GUARDED:
        if callable(functions.get(name)):
            functions[name] = _guard(name, functions[name], guard)
    return SimpleNamespace(**functions)


def _guard(name: str, function, guard: InputGuard):
    def call(*args, **kwargs):
        if not guard.active:
            return function(*args, **kwargs)
        before = [arg.copy() if isinstance(arg, np.ndarray) else None for arg in args]
        result = function(*args, **kwargs)
        for position, (arg, kept) in enumerate(zip(args, before)):
            if kept is not None and not np.array_equal(arg, kept, equal_nan=True):
                with np.errstate(all="ignore"):
                    change = float(np.nanmax(np.abs(arg.astype(np.float64) - kept)))
                entry = (name, _argument(name, position), change)
                if entry[:2] not in [seen[:2] for seen in guard.written]:
                    guard.written.append(entry)
        return result

    return call


def _argument(name: str, position: int) -> str:
    """The parameter's name in the reference's signature (the one the lessons teach)."""
    names = list(inspect.signature(getattr(F, name)).parameters)
    return names[position] if position < len(names) else f"argument {position + 1}"


def inputs_kept_row(guard: InputGuard) -> Comparison | None:
    """A failing row of rung 3 when a function wrote into an array it was handed."""
    if not guard.written:
        return None
    name, argument, change = guard.written[0]
    title = "every function leaves the arrays it is handed unchanged"
    row = Comparison(3, title, [len(guard.written)], change, float("inf"), 0.0, False)
    others = [f"{other} ({arg})" for other, arg, _ in guard.written[1:]]
    row.diagnosis = (
        f"{name} wrote into its argument {argument} (by up to {change:.3g}): it computes in "
        "place in the array it was handed (an augmented assignment, out=, or a slice "
        "assigned), so the caller's array changes under it and what is computed from it "
        "later goes wrong; compute into a new array"
        + (f". Also written into: {', '.join(others)}" if others else "")
    )
    return row
