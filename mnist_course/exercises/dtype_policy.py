"""The one dtype policy of every numeric exercise: a result keeps its inputs' floating dtype.

The course's network trains in float32. An answer that quietly turns float32 into float64
gives the right numbers, twice as slowly, and lesson 6 would then train the learner's
network in float64 without a word; so the check says so, on every exercise alike. Only
arrays are held to it: a loss, an accuracy or a count may come back as a Python number,
and integer or boolean arrays (labels, counts, masks) are not floating results.
"""

from __future__ import annotations

import numpy as np

_POLICY = "a result keeps its inputs' floating dtype"
_USUALLY = (
    "a NumPy float64 scalar times a float32 array (np.sqrt(...) or np.float64(...) of "
    "Python floats), an array made without a dtype (np.zeros, np.ones, np.array of Python "
    "floats), or a float64 constant array mixed in"
)
_CURE = (
    "math.sqrt(...) for a scalar (a Python float keeps the array's dtype), "
    "dtype=x.dtype when you make an array, or .astype(x.dtype) on a constant"
)


def inputs_floating_dtype(args) -> np.dtype | None:
    """The floating dtype the inputs' arrays share (NumPy's promotion), or None."""
    dtypes = [dtype for dtype in _array_dtypes(args) if np.issubdtype(dtype, np.floating)]
    return np.result_type(*dtypes) if dtypes else None


def upcast_problem(args, got) -> str | None:
    """What an answer's result does to its inputs' floating dtype, or None if it keeps it."""
    wanted = inputs_floating_dtype(args)
    if wanted is None:
        return None
    for where, array in _arrays_in(got, ""):
        if np.issubdtype(array.dtype, np.floating) and array.dtype != wanted:
            grew = np.dtype(array.dtype).itemsize > wanted.itemsize
            if not grew:
                return f"changed {wanted} to {array.dtype}{where}: {_POLICY}"
            return (
                f"upcast {wanted} to {array.dtype}{where}: {_POLICY} (the course's network "
                f"trains in float32; in float64 it runs slower, without a word)"
                f"\n  usually:  {_USUALLY}\n  cure:     {_CURE}"
            )
    return None


def _array_dtypes(value):
    if isinstance(value, np.ndarray):
        yield value.dtype
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _array_dtypes(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _array_dtypes(item)


def _arrays_in(value, where: str):
    """Every array in a result, with where it sits (" in value 2 of 3") for the message."""
    if isinstance(value, np.ndarray):
        yield where, value
    elif isinstance(value, tuple | list):
        for position, item in enumerate(value):
            yield from _arrays_in(item, where or f" in value {position + 1} of {len(value)}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _arrays_in(item, where or f" in {key!r}")


# A float32 result computed in another order than the reference's differs by a few ulp,
# and a difference of nearly equal numbers (softmax minus one-hot) turns that into more
# relative error near 0: so float32 results are compared within this many ulp of the
# result's scale. float64 cases keep each exercise's own, tighter tolerance.
FLOAT32_ULPS = 64


def tolerances(expected, rtol: float, atol: float) -> tuple[float, float]:
    """``(rtol, atol)`` for comparing with ``expected``, widened where it is float32."""
    narrow = [array for _, array in _arrays_in(expected, "") if array.dtype == np.float32]
    if not narrow:
        return rtol, atol
    epsilon = float(np.finfo(np.float32).eps) * FLOAT32_ULPS
    scale = max((float(np.max(np.abs(array), initial=0.0)) for array in narrow), default=0.0)
    return max(rtol, epsilon), max(atol, epsilon * scale)


def in_float32(case):
    """``case`` with its float64 arrays in float32: where the course's network trains."""
    return type(case)(f"{case.label}, in float32", tuple(_to_float32(arg) for arg in case.args))


def _to_float32(value):
    if isinstance(value, np.ndarray) and value.dtype == np.float64:
        return value.astype(np.float32)
    if isinstance(value, list):
        return [_to_float32(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_to_float32(item) for item in value)
    return value
