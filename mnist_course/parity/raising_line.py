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
    stale = _stale_input(frame) or _input_of_another_layer(frame)
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


def _input_of_another_layer(frame) -> str | None:
    """A dense layer's x whose width is another layer's (the images' 784 reaching a hidden
    layer): the layers were not chained, each taking the one below's output."""
    x, kernel = frame.f_locals.get("x"), frame.f_locals.get("kernel")
    if not (isinstance(x, np.ndarray) and isinstance(kernel, np.ndarray)):
        return None
    if x.ndim != 2 or kernel.ndim != 2 or x.shape[1] == kernel.shape[0]:
        return None
    sizes = config.LAYER_SIZES
    layers = [
        f"dense_{i}" for i in range(1, len(sizes)) if (sizes[i - 1], sizes[i]) == kernel.shape
    ]
    if not layers:
        return None
    if x.shape[1] == sizes[0]:
        what = f"the images' {sizes[0]} pixels"
    else:
        outputs = [f"dense_{i}" for i in range(1, len(sizes)) if sizes[i] == x.shape[1]]
        if not outputs:
            return None
        what = f"{' or '.join(outputs)}'s output width"
    return (
        f"x has {x.shape[1]} columns, {what}, where {layers[0]}'s kernel {kernel.shape} takes "
        f"{kernel.shape[0]}: {layers[0]} was handed another layer's tensor; the forward pass "
        "must chain the layers, each taking the output of the one below (values = "
        "layer(values)), not x"
    )


def stored_gradient(error: BaseException) -> str | None:
    """A gradient written into a parameter's array of another shape: which layer, which
    parameter, and what the extra width says (a kernel gradient x.T @ grad_y whose x has
    the layer's output width: forward remembered its output, not its input)."""
    found = re.search(r"from shape \((\d+),\s*(\d+)\) into shape \((\d+),\s*(\d+)\)", str(error))
    if not found:
        return None
    made, target = (int(found[1]), int(found[2])), (int(found[3]), int(found[4]))
    if made == target or (made[1] != target[1] and made[0] != target[0]):
        return None
    layer, parameter = "this layer", "kernel"
    for frame, _ in traceback.walk_tb(error.__traceback__):
        owner = frame.f_locals.get("self")
        params = getattr(owner, "params", None)
        if isinstance(params, dict):
            named = [key for key, value in params.items() if np.shape(value) == target]
            layer, parameter = getattr(owner, "name", layer), (named or [parameter])[0]
    if made[0] == target[0]:  # the outputs' axis: grad_y is another layer's
        widths = [f"dense_{i}" for i, units in enumerate(config.LAYER_SIZES[1:], 1)
                  if units == made[1]]  # fmt: skip
        return (
            f"{layer}'s {parameter} gradient came out {made} where its {parameter} is "
            f"{target}: x.T @ grad_y was taken with a grad_y of {made[1]} columns, the width "
            f"of {' or '.join(widths) or 'another layer'}'s output, where this layer has "
            f"{target[1]} outputs: the gradients reached the layers in another order "
            "(backward runs from the last layer to the first, reversed(layers))"
        )
    said = (
        f"{layer}'s {parameter} gradient came out {made} where its {parameter} is {target}: "
        f"x.T @ grad_y was taken with an x of {made[0]} columns where this layer has "
        f"{target[0]} inputs"
    )
    if made[0] == target[1]:
        return (
            f"{said}; {made[0]} is this layer's own output width: the forward pass "
            "remembered the layer's output where its input belongs (self.x set to the "
            "result, not to x)"
        )
    return f"{said}: the x remembered in the forward pass is another layer's tensor"
