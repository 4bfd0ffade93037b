"""Optimisers: plain SGD for the lessons, and Adam exactly as Keras computes it.

Both take parallel lists of parameter arrays and gradient arrays and update the
parameters in place. The model hands over its one flat parameter vector, so a step is
a few operations on 25,874 numbers; a lesson can hand over eight separate arrays.
"""

from __future__ import annotations

import numpy as np

from .. import config

# How often Adam clears subnormal momenta (see flush_subnormals): a few stray subnormals
# for 16 steps cost less than the check would every step.
FLUSH_EVERY = 16


class SGD:
    """param -= learning_rate * grad."""

    def __init__(self, learning_rate: float = 0.01) -> None:
        self.learning_rate = learning_rate
        self.iterations = 0

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.iterations += 1
        for param, grad in zip(params, grads):
            param -= self.learning_rate * grad


class Adam:
    """Adam with Keras's formula, which differs from the paper's Algorithm 1 in two places.

    The paper corrects the two moment estimates for their start at zero,
    m_hat = m / (1 - beta_1^t) and v_hat = v / (1 - beta_2^t), then takes
    param -= lr * m_hat / (sqrt(v_hat) + epsilon). Keras folds both corrections into
    the step size, ``alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)``, and takes
    ``param -= alpha * m / (sqrt(v) + epsilon)``: epsilon is added to the *uncorrected*
    sqrt(v), and Keras's default epsilon is 1e-7, not the paper's 1e-8. The two agree
    except in the first steps where sqrt(v) is as small as epsilon.
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
        self.round_betas = round_betas  # False: the exact formula, not Keras's rounding
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
        # The step size exactly as Keras (on TensorFlow) computes it: beta_1 and beta_2 are
        # rounded to float32 (casting a Python float goes through a float32 tensor), and
        # the power t is then computed in the parameters' dtype. As a float32, 0.999 is
        # 0.99900001, so 1 - beta_2**t has about five correct digits at t = 1, and Keras's
        # step is shorter than the exact formula's by 6.7e-6 (relative) at t = 1, 2.5e-6
        # after one epoch (t = 1,688), fading to about 0 by t = 10,000 (see lesson 5).
        real = params[0].dtype.type
        t = real(self.iterations)
        rounded = np.float32 if self.round_betas else real
        beta_1_power = real(rounded(self.beta_1)) ** t
        beta_2_power = real(rounded(self.beta_2)) ** t
        alpha = real(self.learning_rate) * np.sqrt(1 - beta_2_power) / (1 - beta_1_power)
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            m += (grad - m) * (1 - self.beta_1)  # = beta_1 * m + (1 - beta_1) * grad
            v += (grad * grad - v) * (1 - self.beta_2)  # written as Keras writes it
            param -= alpha * m / (np.sqrt(v) + self.epsilon)
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
