"""Steps of Keras's own optimizers on NumPy arrays, and how far two sets of steps differ.

Lesson 5's deep dive measures its NumPy optimisers against these: one ``keras.optimizers``
step from given weights, moments at zero and a chosen step number, in a chosen dtype.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from . import config, keras_mlp

keras = keras_mlp.keras  # TensorFlow's settings come first


def keras_adam_step(grad: np.ndarray, t: int, dtype: str = "float64") -> np.ndarray:
    """The weights after keras.optimizers.Adam's step number ``t``, from zero weights and
    moments (its step counter set to ``t - 1``): from zero, the weights are the step."""
    with keras_mlp.floatx(dtype):
        variable = keras.Variable(np.zeros_like(grad), dtype=dtype)
        optimizer = keras_mlp.make_adam()
        optimizer.build([variable])
        optimizer.iterations.assign(t - 1)
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(grad), variable)])
        return np.asarray(variable)


def keras_step(
    make_optimizer: Callable, params: list[np.ndarray], grads: list[np.ndarray], dtype: str
) -> list[np.ndarray]:
    """The weights after one step of a new Keras optimizer, from copies of ``params``."""
    with keras_mlp.floatx(dtype):  # the optimizer keeps its learning rate in floatx
        optimizer = make_optimizer()
        variables = [keras.Variable(p, dtype=dtype) for p in params]
        tensors = [keras.ops.convert_to_tensor(g) for g in grads]
        optimizer.apply_gradients(zip(tensors, variables))
        return [np.asarray(w) for w in variables]


def keras_momentum_weights(
    grads: list[np.ndarray], learning_rate: float, momentum: float, dtype: str = "float64"
) -> list[np.ndarray]:
    """The weights after each of ``len(grads)`` steps of keras.optimizers.SGD, from zero."""
    with keras_mlp.floatx(dtype):
        variable = keras.Variable(np.zeros_like(grads[0]), dtype=dtype)
        optimizer = keras.optimizers.SGD(learning_rate, momentum=momentum)
        weights = []
        for grad in grads:
            optimizer.apply_gradients([(keras.ops.convert_to_tensor(grad), variable)])
            weights.append(np.asarray(variable).copy())
        return weights


def step_difference(ours: list[np.ndarray], theirs: list[np.ndarray]) -> float:
    """The largest difference of two steps, relative to the largest step."""
    worst = max(float(np.abs(a - b).max()) for a, b in zip(ours, theirs))
    return worst / max(float(np.abs(b).max()) for b in theirs)


def weights_difference(ours: list[np.ndarray], theirs: list[np.ndarray]) -> float:
    """The size (norm over all arrays) of the difference of two sets of weights, relative
    to the size of ``theirs``."""

    def size(arrays):
        return math.sqrt(sum(float((a.astype(np.float64) ** 2).sum()) for a in arrays))

    return size([a - b for a, b in zip(ours, theirs)]) / size(theirs)


def keras_adam_shortening(steps: list[int], grad: np.ndarray) -> list[float]:
    """How much shorter keras.optimizers.Adam's step number t is than the exact folded
    formula's (float64 betas), relative, the median over the entries of ``grad``; one
    number per t in ``steps``."""
    m_1, v_1 = (1 - config.BETA_1) * grad, (1 - config.BETA_2) * grad**2  # moments from zero
    shortening = []
    for t in steps:
        alpha = config.LEARNING_RATE * math.sqrt(1 - config.BETA_2**t) / (1 - config.BETA_1**t)
        exact_step = -alpha * m_1 / (np.sqrt(v_1) + config.ADAM_EPSILON)
        shortening.append(float(np.median(1 - keras_adam_step(grad, int(t)) / exact_step)))
    return shortening
