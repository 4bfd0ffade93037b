"""The line of an answer where float32 became float64: the answer rerun under a tracer.

The dtype policy (``dtype_policy``) sees only the result. To say which operation brought
float64 in, the answer runs once more on the same case with ``sys.settrace`` watching its
own frame: after each line, its local variables are looked at, and the first line that
leaves a float64 array (or a NumPy float64 scalar, which turns any float32 array it
meets into float64) is the one named. Only the answer's own frame is watched; an upcast
inside a helper it calls is named at the line that called the helper.
"""

from __future__ import annotations

import copy
import linecache
import sys

import numpy as np

from .running import line_place


def upcast_line(answer, args, wanted: np.dtype) -> str | None:
    """'cell 3, line 4: alpha = ... (alpha, a NumPy float64 scalar)', or None."""
    code = getattr(answer, "__code__", None)
    if code is None:
        return None
    seen: dict = {"previous": None, "scalar": None, "array": None}

    def in_answer(frame, event, arg):
        if event in ("line", "return") and seen["previous"] is not None:
            _look(frame.f_locals, seen, wanted)
        if event == "return" and seen["array"] is None and _wide_array(arg, wanted):
            seen["array"] = (frame.f_lineno, "the value it returns")
        seen["previous"] = frame.f_lineno
        return in_answer

    def calls(frame, event, arg):
        return in_answer if frame.f_code is code else None

    before = sys.gettrace()  # a coverage tool or debugger keeps its own tracer
    sys.settrace(calls)
    try:
        with np.errstate(all="ignore"):
            answer(*copy.deepcopy(args))
    except Exception:  # the check has already run it; a second run that raises says nothing
        return None
    finally:
        sys.settrace(before)
    found = seen["array"] or seen["scalar"]
    if found is None:
        return None
    line, what = found
    source = linecache.getline(code.co_filename, line).strip()
    said = f"{line_place(code.co_filename)}line {line}: {source}  ({what})"
    scalar = seen["scalar"]
    if seen["array"] and scalar and scalar[0] != line:
        said += f"; before it, line {scalar[0]}: {scalar[1]}"
    return said


def _look(names: dict, seen: dict, wanted: np.dtype) -> None:
    for name, value in names.items():
        if seen["array"] is None and _wide_array(value, wanted):
            seen["array"] = (seen["previous"], f"made {name} {value.dtype}")
        elif (
            seen["scalar"] is None
            and isinstance(value, np.floating)
            and (value.dtype.itemsize > wanted.itemsize)
        ):
            seen["scalar"] = (seen["previous"], f"{name} is a NumPy {value.dtype} scalar")


def _wide_array(value, wanted: np.dtype) -> bool:
    return (
        isinstance(value, np.ndarray)
        and np.issubdtype(value.dtype, np.floating)
        and value.dtype.itemsize > wanted.itemsize
    )
