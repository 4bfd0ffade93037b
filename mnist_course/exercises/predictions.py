"""Checks for answers that are values, not functions: a prediction, a count by hand.

The learner writes the value before running the cell that measures it; ``check_value``
compares the two and says which entries differ (the lesson then explains why).
"""

from __future__ import annotations

import numpy as np


def _unfilled(value) -> bool:
    if isinstance(value, dict):
        return any(_unfilled(entry) for entry in value.values())
    if isinstance(value, list | tuple):
        return any(_unfilled(entry) for entry in value)
    return value is None


def check_value(what: str, yours, measured) -> None:
    """Print whether ``yours`` (a value, list or dict) equals ``measured``.

    Returns nothing, so that a cell ending with the call shows the verdict only (a
    returned ``True`` or ``False`` would be echoed beneath it as ``Out: False``)."""
    print(verdict(what, yours, measured))


def verdict(what: str, yours, measured) -> str:
    """The line ``check_value`` prints: starting ✓ (right), ✗ (wrong) or … (not filled in)."""
    if _unfilled(yours):
        return f"… {what}: fill in every None with your answer, then run the cell again"
    if isinstance(measured, dict):
        if not isinstance(yours, dict) or set(yours) != set(measured):
            return f"✗ {what}: expected a dict with the keys {sorted(measured)}"
        wrong = [key for key in measured if yours[key] != measured[key]]
    elif isinstance(measured, list | tuple):
        if hasattr(yours, "tolist") and not isinstance(yours, list | tuple):
            yours = yours.tolist()  # a NumPy array of the values is as good as a list
        if not isinstance(yours, list | tuple):
            return f"✗ {what}: expected a list of {len(measured)} values, got {yours!r}"
        if len(yours) != len(measured):
            return f"✗ {what}: expected {len(measured)} values, got {len(yours)}"
        wrong = [f"entry {i + 1} of {len(measured)}" for i, value in enumerate(measured)
                 if yours[i] != value]  # fmt: skip
    else:
        wrong = [] if yours == measured else ["the value"]
    if wrong:
        typed = _typed_apart(yours, measured)
        return (
            f"✗ {what}: {', '.join(map(str, wrong))} {'differs' if len(wrong) == 1 else 'differ'}"
            f": measured {measured}, yours {yours}" + (f" ({typed})" if typed else "")
        )
    return f"✓ {what}: yours match what was measured, {measured}"


def _typed_apart(yours, measured) -> str | None:
    """A guess that prints like the measured value but is another type ('False', "3")."""
    pairs = (
        [(yours[key], measured[key]) for key in measured]
        if isinstance(measured, dict)
        else list(zip(yours, measured))
        if isinstance(measured, list | tuple)
        else [(yours, measured)]
    )
    for guess, value in pairs:
        if guess != value and str(guess) == str(value) and type(guess) is not type(value):
            return (
                f"{guess!r} is {_a(type(guess).__name__)} where the measured value is "
                f"{_a(type(value).__name__)}: write it without quotes"
            )
        if isinstance(guess, str) and isinstance(value, bool | np.bool_):  # "no" for False
            return (
                f"{guess!r} is a str where the measured value is True or False: write "
                "True or False, without quotes"
            )
    return None


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
