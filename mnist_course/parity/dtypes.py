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


def dtype_row(rung: int, tensors: dict, dtype: str) -> Comparison:
    """A row that passes when every traced tensor has the run's dtype."""
    wrong = [(name, np.asarray(value).dtype) for name, value in tensors.items()
             if np.asarray(value).dtype != np.dtype(dtype)]  # fmt: skip
    row = Comparison(rung, f"dtype of every traced tensor ({dtype})", [], 0.0, 0.0, 0.0, not wrong)
    if wrong:
        name, found = wrong[0]
        row.max_abs = row.max_rel = float("inf")
        row.diagnosis = (
            f"{name} is {found} in a {dtype} run ({len(wrong)} of {len(tensors)} traced "
            f"tensors; the first, in the order they are computed): {made_by(name)} made it "
            f"from {dtype} inputs, so it upcasts (a constant or array made without "
            f"a dtype: np.eye(10), np.zeros(n), a NumPy float64 scalar); its values pass "
            f"because storing them casts back to {dtype}; make it in the inputs' dtype"
        )
    return row


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
