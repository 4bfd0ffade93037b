"""Readings from the line that raised: the arrays it names, as they entered the
operation (``.T`` applied), their shapes and dtypes.

NumPy's message gives shapes; the line gives names. A product whose inner sizes differ
says which operand a transpose would fit; a broadcast of class labels against the
probabilities says the labels were used where their one-hot belongs; an operand
transposed on the line that already had its partner's shape says the ``.T`` is extra.
"""

from __future__ import annotations

import itertools
import linecache
import re
import traceback

import numpy as np

from .. import config


def raising_line(error: BaseException):
    """(frame, source line, {name as written: array as it entered}) of the deepest frame in
    the course's or the learner's code, not the ladder's or NumPy's; None if there is none."""
    frames = [
        (frame, line)
        for frame, line in traceback.walk_tb(error.__traceback__)
        if not any(
            part in frame.f_code.co_filename.replace("\\", "/")
            for part in ("/parity/", "site-packages", "/numpy/", "<")
        )
    ]
    if not frames:
        return None
    frame, line_number = frames[-1]
    source = linecache.getline(frame.f_code.co_filename, line_number).strip()
    arrays = {}
    for name, transposed in re.findall(r"([A-Za-z_]\w*)(\.T\b)?", source.split("=", 1)[-1]):
        value = frame.f_locals.get(name)
        if isinstance(value, np.ndarray):
            arrays[name + transposed] = value.T if transposed else value
    return frame, source, arrays


def broadcast_operands(error: BaseException) -> str | None:
    """Two operands that do not broadcast, read from the line: class labels met the
    (n, classes) probabilities, or a transpose made an operand unlike its partner."""
    if "could not be broadcast" not in str(error):
        return None
    found = raising_line(error)
    if found is None:
        return None
    _, source, arrays = found
    for (left, a), (right, b) in itertools.permutations(arrays.items(), 2):
        if (
            a.ndim == 1
            and np.issubdtype(a.dtype, np.integer)
            and b.shape == (len(a), config.NUM_CLASSES)
        ):
            return (
                f"On `{source}`, {left} ({len(a)} integer class labels) met {right} "
                f"{b.shape}: the labels were used where their one-hot belongs "
                f"(np.eye({config.NUM_CLASSES})[{left}], or subtract 1 at "
                f"[np.arange(n), {left}])"
            )
        square = a.ndim == 2 and a.shape[0] == a.shape[1]
        if left.endswith(".T") and a.ndim == 2 and a.shape[::-1] == b.shape and not square:
            return (
                f"On `{source}`, {left} is {a.shape} but {right} is {b.shape}: {left[:-2]} "
                f"already has {right}'s shape, so the .T is one too many"
            )
    return None


def matmul_operands(error: BaseException) -> str | None:
    """A product whose inner sizes differ, read from the line that raised: the arrays it
    names, their shapes, and which one transposed would fit."""
    if "matmul" not in str(error) and "not aligned" not in str(error):
        return None
    found = raising_line(error)
    if found is None:
        return None
    frame, source, arrays = found
    stale = _stale_input(frame)
    if stale:
        return stale
    shapes = ", ".join(f"{n} {v.shape}" for n, v in arrays.items())
    for (left, a), (right, b) in itertools.pairwise(arrays.items()):
        if a.ndim != 2 or b.ndim != 2 or a.shape[1] == b.shape[0]:
            continue
        said = (
            f"The product on `{source}` multiplies {left} {a.shape} by {right} {b.shape}: "
            f"inner sizes {a.shape[1]} and {b.shape[0]}"
        )
        if a.shape[1] == b.shape[1]:
            return f"{said}; with {_flip(right)} the shapes fit ({a.shape} @ {b.shape[::-1]})"
        if a.shape[0] == b.shape[0]:
            return f"{said}; with {_flip(left)} the shapes fit ({a.shape[::-1]} @ {b.shape})"
    grad_y, kernel = frame.f_locals.get("grad_y"), frame.f_locals.get("kernel")
    if (
        isinstance(grad_y, np.ndarray)
        and isinstance(kernel, np.ndarray)
        and grad_y.ndim == kernel.ndim == 2
        and grad_y.shape[1] != kernel.shape[1]
    ):
        return (
            f"grad_y {grad_y.shape} has {grad_y.shape[1]} columns where this layer's kernel "
            f"{kernel.shape} has {kernel.shape[1]} outputs: it is another layer's gradient; "
            "backward visits the layers from the last to the first, each passing its grad_x "
            "to the layer below"
        )
    return f"The product on `{source}` has inner sizes that differ ({shapes})" if shapes else None


def _flip(name: str) -> str:
    return name[:-2] if name.endswith(".T") else f"{name}.T"


def _stale_input(frame) -> str | None:
    """A layer's backward given an x of another batch than its gradient: the input the
    layer kept is an earlier batch's (stored once, or not on every forward pass)."""
    x, grad_y = frame.f_locals.get("x"), frame.f_locals.get("grad_y")
    if not (isinstance(x, np.ndarray) and isinstance(grad_y, np.ndarray)):
        return None
    if x.ndim != 2 or grad_y.ndim != 2 or len(x) == len(grad_y):
        return None
    return (
        f"x has {len(x)} rows (samples) but grad_y has {len(grad_y)}: the input this layer "
        "kept is not this batch's; it is from an earlier forward pass (stored only once, "
        "or not on every call), so the batch it was computed on has another size"
    )
