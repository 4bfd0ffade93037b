"""Steps of Keras's own optimizers on NumPy arrays, and how far two sets of steps differ.

Lesson 5's deep dive measures its NumPy optimisers against these: one ``keras.optimizers``
step from given weights, moments at zero and a chosen step number, in a chosen dtype.
"""

from __future__ import annotations

import math
import time
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


def momentum_drift(
    momentum_step: Callable,
    grads: list[np.ndarray],
    learning_rate: float,
    keras_momentum: float,
    our_momentum: float,
) -> list[float]:
    """After each step from zero, how far ``momentum_step`` is from Keras's SGD (float64).

    Keras gets ``keras_momentum`` (it rounds it to float32 itself), ours ``our_momentum``.
    Each difference is the largest, relative to Keras's largest weight after that step.
    """
    theirs = keras_momentum_weights(grads, learning_rate, keras_momentum)
    w, velocity, differences = np.zeros_like(grads[0]), np.zeros_like(grads[0]), []
    for grad, their_w in zip(grads, theirs):
        w, velocity = momentum_step(w, grad, velocity, learning_rate, our_momentum)
        differences.append(float(np.abs(w - their_w).max() / np.abs(their_w).max()))
    return differences


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


def adam_step_as_keras(
    param, grad, m, v, t, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, eps=1e-7
):
    """Adam's folded step in Keras's order of operations, the betas cast to float32 and
    then to param's dtype (lesson 5's deep dive): equal to Keras's step bit for bit."""
    real = param.dtype.type
    beta_1_power = real(np.float32(beta_1)) ** real(t)
    beta_2_power = real(np.float32(beta_2)) ** real(t)
    alpha = real(learning_rate) * np.sqrt(1 - beta_2_power) / (1 - beta_1_power)
    m = m + (grad - m) * (1 - beta_1)
    v = v + (grad * grad - v) * (1 - beta_2)
    return param - alpha * m / (np.sqrt(v) + eps), m, v


def one_step_against_keras(ours: Callable, make_optimizer: Callable, params, grads, dtype: str):
    """One step of ``ours(param, grad)`` against a new Keras optimizer's, in ``dtype``: the
    step's difference (from zero weights, where the weights after it are the step), the
    weights' difference (from ``params``), and whether the weights are equal bit for bit."""
    params, grads = [p.astype(dtype) for p in params], [g.astype(dtype) for g in grads]
    zeros = [np.zeros_like(p) for p in params]
    our_step = [ours(z, g) for z, g in zip(zeros, grads)]
    our_weights = [ours(p, g) for p, g in zip(params, grads)]
    their_weights = keras_step(make_optimizer, params, grads, dtype)
    equal = all(np.array_equal(a, b) for a, b in zip(our_weights, their_weights))
    step = step_difference(our_step, keras_step(make_optimizer, zeros, grads, dtype))
    return step, weights_difference(our_weights, their_weights), equal


def float32_beta_shortening(t: np.ndarray) -> np.ndarray:
    """How much shorter the folded step size is with the betas rounded to float32, relative."""

    def step_size(beta_1, beta_2):
        return np.sqrt(1 - beta_2**t) / (1 - beta_1**t)

    rounded = step_size(float(np.float32(config.BETA_1)), float(np.float32(config.BETA_2)))
    return 1 - rounded / step_size(config.BETA_1, config.BETA_2)


def first_order_shortening(t: int) -> float:
    """The shortening to first order in the betas' relative rounding delta_1, delta_2."""
    delta_1 = float(np.float32(config.BETA_1)) / config.BETA_1 - 1
    delta_2 = float(np.float32(config.BETA_2)) / config.BETA_2 - 1
    b1, b2 = config.BETA_1**t, config.BETA_2**t
    return t * (delta_2 / 2 * b2 / (1 - b2) - delta_1 * b1 / (1 - b1))


def subnormal_slowdown(size: int = 1_000_000) -> float:
    """How many times longer an Adam-like m * 0.9 / (sqrt(m) + 1e-7) takes on float32
    subnormals than on normal numbers, best of 5 timings each (depends on the CPU)."""

    def seconds(values):
        timings = []
        for _ in range(5):
            start = time.perf_counter()
            (values * np.float32(0.9)) / (np.sqrt(values) + np.float32(1e-7))
            timings.append(time.perf_counter() - start)
        return min(timings)

    subnormals = np.full(size, np.finfo(np.float32).smallest_normal / 100, dtype=np.float32)
    return seconds(subnormals) / seconds(np.full_like(subnormals, 1e-30))
