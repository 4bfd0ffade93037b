"""The Keras side of the ladder: the tensors Keras computes, read out layer by layer.

Each function runs with Keras's floatx set to the model's dtype: Keras turns Python
numbers and losses into ``floatx()`` tensors, so a float64 model needs a float64 floatx
for its loss and gradients to be float64 too.
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf

from ..keras_mlp import floatx, model_dtype


def forward(model, x: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every layer's output, computed as ``keras.layers.Dense.call`` computes it."""
    trace, probs = _trace(model, x)
    return {name: tensor.numpy() for name, tensor in trace.items()}, probs.numpy()


def losses(model, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The loss as ``fit`` computes it, and as it is computed from plain probabilities.

    In ``fit``, the model's output is a softmax tensor that remembers its logits, and
    Keras computes the cross-entropy from those logits: stable, no clipping. Handed
    plain probabilities (say, the output of ``predict``), it clips them to
    [1e-7, 1 - 1e-7] before the log, so a confident mistake costs at most 16.1.
    """
    with floatx(model_dtype(model)):
        loss_fn = keras.losses.SparseCategoricalCrossentropy()
        output = model(x)
        return float(loss_fn(y, output)), float(loss_fn(y, np.asarray(output)))


def gradients(model, x: np.ndarray, y: np.ndarray):
    """d loss / d (every layer output) and d loss / d (every parameter), by tf.GradientTape."""
    with floatx(model_dtype(model)), tf.GradientTape() as tape:
        loss_fn = keras.losses.SparseCategoricalCrossentropy()
        trace, probs = _trace(model, x)
        loss = loss_fn(y, probs)
    outputs = list(trace.values())
    grads = tape.gradient(loss, [*outputs, *model.trainable_variables])
    output_grads = {name: g.numpy() for name, g in zip(trace, grads[: len(outputs)])}
    return output_grads, [g.numpy() for g in grads[len(outputs) :]]


def softmax(logits: np.ndarray) -> np.ndarray:
    return keras.ops.softmax(logits).numpy()


def _trace(model, x):
    trace, h = {}, model.layers[0](x)  # Flatten
    dense_layers = model.layers[1:]
    for number, layer in enumerate(dense_layers, start=1):
        z = keras.ops.add(keras.ops.matmul(h, layer.kernel), layer.bias)  # as Dense.call does
        trace[f"dense_{number}"] = z
        h = layer.activation(z)
        if number < len(dense_layers):
            trace[f"relu_{number}"] = h
    return trace, h
