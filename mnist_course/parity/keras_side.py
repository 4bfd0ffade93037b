"""The Keras side of the ladder: the tensors Keras computes, read out layer by layer.

Each function runs with Keras's floatx set to the model's dtype: Keras turns Python
numbers and losses into ``floatx()`` tensors, so a float64 model needs a float64 floatx
for its loss and gradients to be float64 too. The ladder passes its ``dtype`` down; a
caller that does not (a lesson) gets the dtype of the model's weights.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np

# keras and tf as keras_mlp loads them: its TensorFlow settings (oneDNN off) must come first.
from ..keras_mlp import floatx, keras, model_dtype, tf


def forward(model, x: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every layer's output, computed as ``keras.layers.Dense.call`` computes it."""
    trace, probs = _trace(model, x)
    return {name: tensor.numpy() for name, tensor in trace.items()}, probs.numpy()


def losses(model, x: np.ndarray, y: np.ndarray, dtype: str | None = None) -> tuple[float, float]:
    """The loss as ``fit`` computes it, and as it is computed from plain probabilities.

    In ``fit``, the model's output is a softmax tensor that remembers its logits, and
    Keras computes the cross-entropy from those logits: stable, no clipping. Handed
    plain probabilities (say, the output of ``predict``), it clips them to
    [1e-7, 1 - 1e-7] before the log, so a confident mistake costs at most 16.1.
    """
    with floatx(_dtype(model, dtype)):
        loss_fn = keras.losses.SparseCategoricalCrossentropy()
        output = model(x)
        return float(loss_fn(y, output)), float(loss_fn(y, np.asarray(output)))


def loss_from_logits(logits: np.ndarray, y: np.ndarray) -> float:
    """Keras's cross-entropy of logits directly (``from_logits=True``)."""
    with floatx(str(logits.dtype)):
        return float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, logits))


def gradients(model, x: np.ndarray, y: np.ndarray, dtype: str | None = None):
    """d loss / d (every layer output) and d loss / d (every parameter), by tf.GradientTape."""
    with floatx(_dtype(model, dtype)), tf.GradientTape() as tape:
        loss_fn = keras.losses.SparseCategoricalCrossentropy()
        trace, probs = _trace(model, x)
        loss = loss_fn(y, probs)
    outputs = list(trace.values())
    grads = tape.gradient(loss, [*outputs, *model.trainable_variables])
    output_grads = {name: g.numpy() for name, g in zip(trace, grads[: len(outputs)])}
    return output_grads, [g.numpy() for g in grads[len(outputs) :]]


def _dtype(model, dtype: str | None) -> str:
    """The dtype the caller passed, or (a lesson's call) the model's weights'."""
    return dtype if dtype is not None else model_dtype(model)


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


def layer_outputs(model, x: np.ndarray, dtype: str | None = None) -> dict[str, np.ndarray]:
    """Every Dense layer's own output (activation applied), from a ``keras.Model`` over them."""
    with floatx(_dtype(model, dtype)):
        dense = model.layers[1:]
        probe = keras.Model(model.inputs[0], [layer.output for layer in dense])
        return {layer.name: out.numpy() for layer, out in zip(dense, probe(x))}


def model_gradients(
    model, x: np.ndarray, y: np.ndarray, dtype: str | None = None
) -> list[np.ndarray]:
    """d loss / d every parameter, by tf.GradientTape over the real model's call."""
    with floatx(_dtype(model, dtype)), tf.GradientTape() as tape:
        loss = keras.losses.SparseCategoricalCrossentropy()(y, model(x))
    return [g.numpy() for g in tape.gradient(loss, model.trainable_variables)]


def adam_state(optimizer) -> tuple[list[np.ndarray], list[np.ndarray], int]:
    """Keras's Adam state: first moments m, second moments v, and the step count t."""
    momentums = [m.numpy() for m in optimizer._momentums]  # Keras 3 names
    velocities = [v.numpy() for v in optimizer._velocities]
    return momentums, velocities, int(optimizer.iterations.numpy())


def fit_in_order(
    model,
    x: np.ndarray,
    y: np.ndarray,
    orders: list[np.ndarray],
    batch_size: int,
    validation,
    dtype: str,
) -> dict[str, list[float]]:
    """Keras's ``fit``, one epoch per given sample order (no shuffling of its own)."""
    history: dict[str, list[float]] = {}
    with floatx(dtype), _no_retracing_warnings():
        for order in orders:
            result = model.fit(
                x[order],
                y[order],
                batch_size=batch_size,
                epochs=1,
                shuffle=False,
                validation_data=validation,
                verbose=0,
            )
            for key, values in result.history.items():
                history.setdefault(key, []).extend(values)
    return history


@contextmanager
def _no_retracing_warnings():
    """Each ``fit`` on new arrays traces Keras's training step again; after a few such
    short runs TensorFlow warns about "retracing", which is expected here: only noise."""
    logger = tf.get_logger()
    level = logger.level
    logger.setLevel("ERROR")
    try:
        yield
    finally:
        logger.setLevel(level)
