"""Optimisers: each step a plain function, and the classes that keep its state and call it.

``sgd_step``, ``momentum_step`` and ``adam_step`` return new arrays and are what lesson 5
asks a learner to write; ``SGD`` and ``Adam`` take parallel lists of parameter arrays and
gradient arrays and update the parameters in place with them. The model hands over its one
flat parameter vector, so a step is a few operations on 25,874 numbers; a lesson can hand
over eight separate arrays.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike

from .. import config

# How often Adam clears subnormal momenta (see flush_subnormals): a few stray subnormals
# for 16 steps cost less than the check would every step.
FLUSH_EVERY = 16


def float32_rounded(value: float) -> float:
    """A Python float as Keras on TensorFlow sees it: cast through a float32 tensor."""
    return float(np.float32(value))


def sgd_step(param: np.ndarray, grad: np.ndarray, learning_rate: float) -> np.ndarray:
    """One step downhill, ``param - learning_rate * grad``: a new array, the inputs untouched."""
    return param - learning_rate * grad


def momentum_step(
    param: np.ndarray,
    grad: np.ndarray,
    velocity: np.ndarray,
    learning_rate: float,
    momentum: float,
    *,
    round_momentum: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Keras's SGD with momentum: the new ``(param, velocity)``.

    ``velocity = momentum * velocity - learning_rate * grad``, then ``param + velocity``.
    ``round_momentum``: the momentum as Keras on TensorFlow uses it, rounded to float32.
    """
    momentum = float32_rounded(momentum) if round_momentum else momentum
    velocity = momentum * velocity - learning_rate * grad
    return param + velocity, velocity


def adam_step_size(
    learning_rate: float,
    beta_1: float,
    beta_2: float,
    t: int,
    dtype: DTypeLike = np.float64,
    *,
    round_betas: bool = False,
):
    """Adam's step size at step ``t``, both bias corrections folded in, in ``dtype``.

    ``alpha = learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)``. ``round_betas``:
    as Keras on TensorFlow computes it, beta_1 and beta_2 rounded to float32 (casting a
    Python float goes through a float32 tensor) before the power t, which is then taken in
    ``dtype``. As a float32, 0.999 is 0.99900001, so 1 - beta_2**t has about five correct
    digits at t = 1, and Keras's step is shorter than the exact formula's by 6.7e-6
    (relative) at t = 1, 2.5e-6 after one epoch (t = 1,688), fading to about 0 by
    t = 10,000 (see lesson 5).
    """
    real = np.dtype(dtype).type
    if round_betas:
        beta_1, beta_2 = float32_rounded(beta_1), float32_rounded(beta_2)
    t = real(t)
    beta_1_power = real(beta_1) ** t
    beta_2_power = real(beta_2) ** t
    return real(learning_rate) * np.sqrt(1 - beta_2_power) / (1 - beta_1_power)


def adam_step(
    param: np.ndarray,
    grad: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    learning_rate: float = config.LEARNING_RATE,
    beta_1: float = config.BETA_1,
    beta_2: float = config.BETA_2,
    epsilon: float = config.ADAM_EPSILON,
    *,
    round_betas: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Adam's step t (from 1) in Kingma and Ba's folded form: the new ``(param, m, v)``.

    The form given at the end of their section 2, with epsilon-hat added to the
    uncorrected sqrt(v); Keras computes the same formula. The step size is computed in
    ``param``'s dtype (see ``adam_step_size``, which also explains ``round_betas``).
    """
    m = m + (grad - m) * (1 - beta_1)  # = beta_1 * m + (1 - beta_1) * grad, as Keras writes it
    v = v + (grad * grad - v) * (1 - beta_2)
    dtype = param.dtype if isinstance(param, np.ndarray) else np.float64
    alpha = adam_step_size(learning_rate, beta_1, beta_2, t, dtype, round_betas=round_betas)
    return param - alpha * m / (np.sqrt(v) + epsilon), m, v


class SGD:
    """Plain SGD (``sgd_step``), or with ``momentum`` Keras's rule (``momentum_step``)."""

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0) -> None:
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.iterations = 0
        self.velocities: list[np.ndarray] = []

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.iterations += 1
        if self.momentum and not self.velocities:
            self.velocities = [np.zeros_like(param) for param in params]
        for index, (param, grad) in enumerate(zip(params, grads)):
            if self.momentum:
                param[...], self.velocities[index] = momentum_step(
                    param, grad, self.velocities[index], self.learning_rate, self.momentum
                )
            else:
                param[...] = sgd_step(param, grad, self.learning_rate)


class Adam:
    """Adam with Keras's formula (``adam_step``), which differs from the paper's Algorithm 1.

    The paper corrects the two moment estimates for their start at zero,
    m_hat = m / (1 - beta_1^t) and v_hat = v / (1 - beta_2^t), then takes
    param -= lr * m_hat / (sqrt(v_hat) + epsilon). Keras folds both corrections into
    the step size, ``alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)``, and takes
    ``param -= alpha * m / (sqrt(v) + epsilon)``: epsilon is added to the *uncorrected*
    sqrt(v), and Keras's default epsilon is 1e-7, not the paper's 1e-8. The two agree
    except in the first steps where sqrt(v) is as small as epsilon. ``round_betas``
    (True, as Keras does; False: the exact formula) is explained in ``adam_step_size``.
    """

    def __init__(
        self,
        learning_rate: float = config.LEARNING_RATE,
        beta_1: float = config.BETA_1,
        beta_2: float = config.BETA_2,
        epsilon: float = config.ADAM_EPSILON,
        *,
        round_betas: bool = True,
    ) -> None:
        self.round_betas = round_betas
        self.learning_rate = learning_rate
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.iterations = 0  # t, the number of steps taken so far
        self.momentums: list[np.ndarray] = []  # m: running mean of gradients
        self.velocities: list[np.ndarray] = []  # v: running mean of squared gradients

    def init_state(self, params: list[np.ndarray]) -> None:
        """Zero moments shaped like the parameters, on the first step."""
        if not self.momentums:
            self.momentums = [np.zeros_like(param) for param in params]
            self.velocities = [np.zeros_like(param) for param in params]

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.init_state(params)
        self.iterations += 1
        hyper = (self.learning_rate, self.beta_1, self.beta_2, self.epsilon)
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            # In place: the model's flat vector and these moments are views kept elsewhere.
            param[...], m[...], v[...] = adam_step(
                param, grad, m, v, self.iterations, *hyper, round_betas=self.round_betas
            )
            if self.iterations % FLUSH_EVERY == 0:
                flush_subnormals(m)


def flush_subnormals(array: np.ndarray) -> None:
    """Set values too small for the dtype's normal range (|x| < 1.2e-38 in float32) to 0.

    When a weight's gradient stops (a pixel that is almost always 0, a dead ReLU), its
    momentum shrinks by beta_1 = 0.9 a step and after about 800 steps becomes
    *subnormal*, numbers many CPUs handle in slow microcode, so the Adam step slows down
    by a factor that depends on the CPU (lesson 3 measures it on yours). TensorFlow runs
    with subnormals flushed to zero, so Keras never pays this; flushing them here does
    the same. (v shrinks by 0.999 a step and would
    need some 70,000 steps to get there.)
    """
    array[np.abs(array) < np.finfo(array.dtype).tiny] = 0
