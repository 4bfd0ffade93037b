"""Comparing an answer's result with the expected one, and describing values briefly."""

from __future__ import annotations

import numbers

import numpy as np

from .dtype_policy import tolerances


def compare(got, expected, *, rtol: float, atol: float, exact_dtype: bool) -> str | None:
    """None when ``got`` matches ``expected``; otherwise what is wrong, in one line or two."""
    if got is None:
        return "returned None: did you forget `return`?"
    if isinstance(expected, tuple):
        if not isinstance(got, tuple | list) or len(got) != len(expected):
            return f"expected a tuple of {len(expected)} values, got {_kind(got)}"
        options = dict(rtol=rtol, atol=atol, exact_dtype=exact_dtype)
        problems = [compare(one_got, one, **options) for one_got, one in zip(got, expected)]
        wrong = [position for position, problem in enumerate(problems) if problem]
        if not wrong:
            return None
        first = wrong[0]
        said = f"value {first + 1} of {len(expected)}: {problems[first]}"
        if 1 < len(wrong) < len(expected):  # which agree says where the mistake sits
            right = [
                str(position + 1) for position in range(len(expected)) if position not in wrong
            ]
            said += f" (values {' and '.join(str(position + 1) for position in wrong)} differ, " + (
                "value " + right[0] + " agrees)"
                if len(right) == 1
                else f"values {' and '.join(right)} agree)"
            )
        return _reordered(got, expected, options) or said
    if isinstance(expected, np.ndarray):
        if not isinstance(got, np.ndarray):
            return f"expected a NumPy array, got {_kind(got)}: build it with NumPy operations"
        if got.shape != expected.shape:
            return f"wrong shape: expected {expected.shape}, got {got.shape}"
        if exact_dtype and got.dtype != expected.dtype:
            return f"wrong dtype: expected {expected.dtype}, got {got.dtype}"
        if expected.dtype.kind in "iu" and got.dtype.kind not in "iub":
            return (
                f"counts are whole numbers: expected an integer array, got {got.dtype} "
                "(np.zeros(shape) is float64; np.zeros(shape, dtype=int) counts in integers)"
            )
    elif not isinstance(got, numbers.Number | np.generic) and not (
        isinstance(got, np.ndarray) and got.shape == ()
    ):
        return f"expected a number, got {_kind(got)}"
    try:
        got_values = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return f"expected numbers, got {_kind(got)}"
    expected_values = np.asarray(expected, dtype=np.float64)
    if np.isnan(got_values).any() and not np.isnan(expected_values).any():
        return "returned NaN (not a number): an overflow, or 0/0, along the way?"
    if np.allclose(got_values, expected_values, rtol=rtol, atol=atol, equal_nan=True):
        return None
    if np.asarray(expected).dtype == bool and got_values.shape == expected_values.shape:
        differ = np.argwhere(got_values != expected_values)
        first = tuple(int(i) for i in differ[0])
        return (
            f"wrong values: {len(differ)} of {expected_values.size} entries differ, the "
            f"first at index {first} (expected {bool(expected_values[first])}, got "
            f"{np.asarray(got)[first].item()!r})"
        )
    return "wrong values: " + _where_and_how_much(got_values, expected_values)


def _where_and_how_much(got: np.ndarray, expected: np.ndarray) -> str:
    """The largest absolute and relative difference, and the index of the worst element."""
    with np.errstate(all="ignore"):
        absolute = np.abs(got - expected)
        relative = absolute / np.abs(expected)
    absolute = np.where(np.isnan(absolute), np.inf, absolute)
    worst = np.unravel_index(np.argmax(absolute), absolute.shape) if absolute.ndim else ()
    at = f" at index {tuple(int(i) for i in worst)}" if worst else ""
    relative = relative[~np.isnan(relative)]  # 0/0 where both are 0: no relative difference
    shown_expected, shown_got = _distinct(float(expected[worst]), float(got[worst]))
    return (
        f"largest difference {float(absolute[worst]):.3g}{at} (expected "
        f"{shown_expected}, got {shown_got})"
        + (f"; largest relative difference {float(relative.max()):.3g}" if relative.size else "")
    )


def _distinct(expected: float, got: float) -> tuple[str, str]:
    """Both numbers with 6 significant digits, or as many more as it takes to tell them apart."""
    for digits in range(6, 18):
        shown = f"{expected:.{digits}g}", f"{got:.{digits}g}"
        if shown[0] != shown[1]:
            return shown
    return shown


def relative_distance(got, target) -> float:
    """The largest relative difference between two results (tuples and lists element-wise)."""
    if isinstance(target, tuple | list):
        return max((relative_distance(a, b) for a, b in zip(got, target)), default=0.0)
    with np.errstate(all="ignore"):
        got_values = np.asarray(got, dtype=np.float64)
        target_values = np.asarray(target, dtype=np.float64)
        scale = np.maximum(np.abs(target_values), np.finfo(np.float64).tiny)
        return float(np.nanmax(np.abs(got_values - target_values) / scale, initial=0.0))


def same(got, wrong, inputs=()) -> bool:
    """Whether an answer's result equals a known mistake's (lists of arrays included);
    float32 ``inputs`` widen the tolerance even where the results are Python floats."""
    if isinstance(wrong, list):
        return (
            isinstance(got, list)
            and len(got) == len(wrong)
            and all(np.array_equal(a, b) for a, b in zip(got, wrong))
        )
    rtol, atol = tolerances((got, wrong, inputs), 1e-9, 1e-12)  # float32: a few ulp apart
    return compare(got, wrong, rtol=rtol, atol=atol, exact_dtype=False) is None


def _reordered(got, expected, options) -> str | None:
    """The right values in another order: which of yours is which expected one."""
    places = []
    for one_got in got:
        matches = [i for i, one in enumerate(expected) if compare(one_got, one, **options) is None]
        if not matches:
            return None
        places.append(matches[0])
    if sorted(places) != list(range(len(expected))):
        return None
    said = ", ".join(f"your value {mine + 1} is value {theirs + 1}" for mine, theirs in
                     enumerate(places) if mine != theirs)  # fmt: skip
    return (
        f"the right {len(expected)} values in another order ({said}): return them in the "
        "order the exercise's docstring gives"
    )


def _kind(value) -> str:
    if isinstance(value, list | tuple):
        return f"a Python {type(value).__name__} of {len(value)}"
    return type(value).__name__


def describe_args(args: tuple, names: tuple[str, ...] = ()) -> str:
    """The arguments, each with its parameter's name where three or more are passed."""
    if len(args) < 3 or len(names) < len(args):
        return ", ".join(show(arg) for arg in args)
    return ", ".join(f"{name}={show(arg)}" for name, arg in zip(names, args))


def show(value, *, nested: bool = False, deep: bool = False) -> str:
    """A value in one short line. Inside a list or tuple an array shows its corners; two
    levels down (a cache's tuples) or in a long list, its dtype and shape only: a cache of
    ten arrays in corners would still fill the screen."""
    if isinstance(value, tuple):
        return "(" + ", ".join(show(v, nested=True, deep=nested) for v in value) + ")"
    if isinstance(value, list) and len(value) > 4:
        first, last = (show(v, nested=True, deep=True) for v in (value[0], value[-1]))
        return f"a list of {len(value)}: [{first}, ..., {last}]"
    if isinstance(value, list):
        return "[" + ", ".join(show(v, nested=True, deep=nested) for v in value) + "]"
    if isinstance(value, np.ndarray) and (deep or value.ndim >= 3):  # a stack of images
        span = f", values {value.min()} to {value.max()}" if value.size and not deep else ""
        return f"{value.dtype} {value.shape}{span}"
    if nested and isinstance(value, np.ndarray):  # a glimpse: the corners
        text = np.array2string(value, precision=3, threshold=6, edgeitems=1, separator=", ")
        return f"{value.dtype} {value.shape} {' '.join(text.split())}{_nan_note(value)}"
    if isinstance(value, np.generic):
        return repr(value.item())
    if isinstance(value, np.random.Generator):
        return "a random generator"
    if callable(value):
        return getattr(value, "__name__", "a function")
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=4, threshold=12, edgeitems=2, separator=", ")
        return f"{value.dtype} {value.shape} {' '.join(text.split())}{_nan_note(value)}"
    return repr(value)


def _nan_note(value: np.ndarray) -> str:
    """Where the NaNs are, when the shortened text may hide them."""
    if value.dtype.kind not in "fc" or not np.isnan(value).any():
        return ""
    found = np.argwhere(np.isnan(value))
    where = [str(int(i[0])) if value.ndim == 1 else str(tuple(int(j) for j in i)) for i in found]
    more = ", ..." if len(where) > 3 else ""
    return f" (NaN at {', '.join(where[:3])}{more})"


def largest_difference(got, expected, path: str = "") -> str | None:
    """Where ``got`` and ``expected`` differ most (``value 1, index (3,): expected 0.25,
    got 1.0``), for when their short previews elide it; None where they cannot be read as
    alike."""
    if isinstance(expected, tuple | list):
        if not isinstance(got, tuple | list) or len(got) != len(expected):
            return None
        found = (
            largest_difference(g, e, f"{path}[{i}]") for i, (g, e) in enumerate(zip(got, expected))
        )
        return next((entry for entry in found if entry), None)
    try:
        got_values = np.asarray(got, dtype=np.float64)
        expected_values = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if got_values.shape != expected_values.shape or not got_values.size:
        return None
    with np.errstate(all="ignore"):
        gap = np.abs(got_values - expected_values)
    alike = (got_values == expected_values) | (np.isnan(got_values) & np.isnan(expected_values))
    gap = np.where(alike, 0.0, np.where(np.isnan(gap), np.inf, gap))
    if not gap.any():
        return None
    at = np.unravel_index(np.argmax(gap), gap.shape)
    where = [f"index {tuple(int(i) for i in at)}"] if at else []  # as the headline: (3, 7)
    if path[1:-1].isdigit():  # "[0]": a tuple's value, counted from 1 as the headline does
        where.insert(0, f"value {int(path[1:-1]) + 1}")
    elif path:
        where.insert(0, path)
    values = (show(np.asarray(value)[at]) for value in (expected, got))
    return "{}: expected {}, got {}".format(", ".join(where) or "the value", *values)
