"""One row per rung for the tensors' dtypes: a float64 tensor in a float32 run.

A float64 value inside a float32 network is cast back to float32 when it is stored in
a parameter or its gradient, so its numbers pass every tolerance; only its dtype shows
the upcast, which doubles the time of every step it passes through.
"""

from __future__ import annotations

import numpy as np

from .. import config
from .report import Comparison


def made_by(name: str) -> str:
    """The function of the network that computes the traced tensor ``name``."""
    if name.endswith("'s result)"):  # the function is named in the tensor's name
        return name.rsplit("(", 1)[1].split("'s result")[0]
    layer = name.split("/ d ")[-1].split(" ")[0]
    if name.startswith("d loss"):
        if "logits" in name or layer == f"dense_{len(config.LAYER_SIZES) - 1}":
            return "cross_entropy_backward"
        number = int(layer.split("_")[1])
        if layer.startswith("dense"):
            return f"relu_backward (relu_{number}'s)"
        return f"dense_backward (dense_{number + 1}'s grad_x)"
    if name == "probabilities":
        return "softmax"
    return f"dense_forward ({layer})" if layer.startswith("dense") else f"relu_forward ({layer})"


def dtype_row(rung: int, tensors: dict, dtype: str, alone=None) -> Comparison:
    """A row that passes when every traced tensor has the run's dtype. ``alone(name)``:
    the dtype the tensor's function returns when called by itself on inputs of the run's
    dtype (None when it cannot be tried), which tells an upcast inside the function from
    one in what it was given."""
    wrong = [(name, np.asarray(value).dtype) for name, value in tensors.items()
             if np.asarray(value).dtype != np.dtype(dtype)]  # fmt: skip
    row = Comparison(rung, f"dtype of every traced tensor ({dtype})", [], 0.0, 0.0, 0.0, not wrong)
    if not wrong:
        return row
    name, found = wrong[0]
    row.max_abs = row.max_rel = float("inf")
    if name.startswith(("the model's parameter", "the model's gradient", "Adam's")):
        whose = "Adam's state" if name.startswith("Adam's") else "the model's own arrays"
        row.diagnosis = (
            f"{name} is {found} in a {dtype} run ({len(wrong)} of {len(tensors)} traced "
            f"arrays): {whose} were made without the run's dtype (np.zeros(n) is float64, "
            f"np.float32 is float32; np.zeros_like(param), or dtype=param.dtype), so every "
            f"step computes or stores in {found}"
        )
        return row
    said = (
        f"{name} is {found} in a {dtype} run ({len(wrong)} of {len(tensors)} traced "
        f"tensors; the first, in the order they are computed): {made_by(name)} "
    )
    by_itself = _try(alone, name)
    if by_itself == np.dtype(dtype):
        where = (
            f"the images reached the first layer as {found}"
            if name == "dense_1 output"
            else f"what it was handed was already {found}, or its result was converted after"
        )
        row.diagnosis = said + (
            f"returns {dtype} when called by itself on {dtype} inputs (tried on Keras's "
            f"tensors), so the upcast is in the code around it: {where}, by the code that "
            "calls it (np.asarray(x, dtype=float), x.astype(float), np.array(x, float)); "
            f"keep the run's dtype"
        )
        return row
    row.diagnosis = said + (
        f"made it from {dtype} inputs, so it upcasts (a constant or array made without "
        f"a dtype: np.eye(10), np.zeros(n), a NumPy float64 scalar); its values pass "
        f"because storing them casts back to {dtype}; make it in the inputs' dtype"
    )
    return row


def _try(alone, name):
    try:
        return None if alone is None else alone(name)
    except Exception:  # the function raises on its own: the rows above say so
        return None


def called_alone(setup, numpy_model, images, outputs, output_gradients=None, labels=None):
    """``alone`` for ``dtype_row``: the traced tensor's function called by itself on
    Keras's tensors (which are in the run's dtype); returns its result's dtype."""
    ops, dtype, params = setup.ops, setup.dtype, numpy_model.named_parameters()
    names, last = list(outputs), list(outputs)[-1]

    def keras(tensors, key):
        return np.asarray(tensors[key], dtype)

    def alone(name: str):
        if name == "probabilities":
            return np.asarray(ops.softmax(keras(outputs, last))).dtype
        if name.endswith("'s result)") and "cross_entropy" not in name:
            return None  # dense_backward's results: already computed by itself
        if name.startswith("d loss") and ("logits" in name or f"d {last} " in name):
            return np.asarray(ops.cross_entropy_backward(keras(outputs, last), labels)).dtype
        layer = name.split("/ d ")[-1].split(" ")[0]
        number = int(layer.split("_")[1])
        if name.startswith("d loss") and layer.startswith("dense"):
            relu = keras(output_gradients, f"relu_{number}")
            return np.asarray(ops.relu_backward(relu, keras(outputs, layer))).dtype
        if name.startswith("d loss"):
            above = f"dense_{number + 1}"
            results = ops.dense_backward(
                keras(output_gradients, above), keras(outputs, layer), params[f"{above}/kernel"]
            )
            return np.asarray(results[0]).dtype
        if layer.startswith("relu"):
            return np.asarray(ops.relu_forward(keras(outputs, f"dense_{number}"))).dtype
        below = (
            np.asarray(images, dtype)
            if number == 1
            else keras(outputs, names[names.index(layer) - 1])
        )
        kernel, bias = params[f"{layer}/kernel"], params[f"{layer}/bias"]
        return np.asarray(ops.dense_forward(below, kernel, bias)).dtype

    return alone


def dense_backward_results(setup, numpy_model, images, outputs, output_gradients) -> dict:
    """Each layer's dense_backward results, from Keras's tensors in the run's dtype: stored
    gradients are cast back on assignment, so only here does an upcast show."""
    dtype, found, layer_input = setup.dtype, {}, images
    params = numpy_model.named_parameters()
    for name, output in outputs.items():
        if name.startswith("dense"):
            grad_y = np.asarray(output_gradients[name], dtype)
            results = setup.ops.dense_backward(grad_y, layer_input, params[f"{name}/kernel"])
            for what, value in zip(("grad_x", "grad_kernel", "grad_bias"), results):
                if value is not None:
                    found[f"{name}'s {what} (dense_backward's result)"] = value
        else:
            layer_input = np.asarray(output, dtype)
    return found


def model_arrays(numpy_model, which: str) -> dict:
    """The model's own parameter or gradient arrays, named for a dtype row."""
    parameters = which == "parameter"
    named = numpy_model.named_parameters() if parameters else numpy_model.named_gradients()
    arrays = {f"the model's {which} {name}": value for name, value in named.items()}
    attribute = "flat_params" if parameters else "flat_grads"
    if getattr(numpy_model, attribute, None) is not None:
        arrays[f"the model's {which} vector ({attribute})"] = getattr(numpy_model, attribute)
    return arrays


def optimizer_arrays(optimizer) -> dict:
    """Adam's stored moments after a step, named for a dtype row (none for an optimiser
    that keeps them elsewhere)."""
    arrays = {}
    for label, stored in (("m", "momentums"), ("v", "velocities")):
        for index, value in enumerate(getattr(optimizer, stored, None) or []):
            if isinstance(value, np.ndarray):
                arrays[f"Adam's {label} ({stored}[{index}])"] = value
    return arrays
