"""Carrying weights between the Keras model and the NumPy reference, checked on the way.

Both store the same eight arrays in the same order and layout (kernel (in, out), then
bias, layer by layer), so crossing is a copy. The checks catch what goes wrong when it
is not: a wrong count, a transposed kernel, arrays out of order, a different dtype.
"""

from __future__ import annotations

import numpy as np

from .. import config


def check_weights(
    weights: list,
    *,
    dtype,
    source: str = "weights",
    layer_sizes: tuple[int, ...] = config.LAYER_SIZES,
) -> None:
    """Raise ``ValueError`` naming the array and what was expected, unless all fit."""
    layout = config.weight_layout(layer_sizes)
    names, shapes = list(layout), list(layout.values())
    dtype = np.dtype(dtype)
    if len(weights) != len(names):
        raise ValueError(
            f"{source}: expected {len(names)} arrays ({', '.join(names)}), got {len(weights)}"
        )
    for index, (name, shape, array) in enumerate(zip(names, shapes, weights)):
        array = np.asarray(array)
        if array.shape != shape:
            hint = ""
            if len(shape) == 2 and array.shape == shape[::-1]:
                hint = "; it is transposed: Keras's layout is (inputs, outputs)"
            elif array.shape in shapes:
                other = names[shapes.index(array.shape)]
                hint = f"; that is the shape of {other}: are the arrays out of order?"
            raise ValueError(
                f"{source}[{index}] ({name}): expected shape {shape}, got {array.shape}{hint}"
            )
        if array.dtype != dtype:
            raise ValueError(
                f"{source}[{index}] ({name}): expected {dtype}, got {array.dtype}; "
                "build both models with the same dtype"
            )


def keras_to_numpy(keras_model, numpy_model) -> None:
    """Copy a Keras model's weights into a NumPy ``MLP``."""
    weights = keras_model.get_weights()
    check_weights(
        weights,
        dtype=numpy_model.dtype,
        source="Keras weights",
        layer_sizes=numpy_model.layer_sizes,
    )
    numpy_model.set_weights(weights)


def numpy_to_keras(numpy_model, keras_model) -> None:
    """Copy a NumPy ``MLP``'s weights into a Keras model."""
    weights = numpy_model.get_weights()
    check_weights(
        weights,
        dtype=keras_model.get_weights()[0].dtype,
        source="NumPy weights",
        layer_sizes=numpy_model.layer_sizes,
    )
    keras_model.set_weights(weights)
