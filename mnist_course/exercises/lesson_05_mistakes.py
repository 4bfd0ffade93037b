"""Lesson 5's typical mistakes in the optimiser steps (the accepted variants are the
library's own steps with Keras's float32 rounding: ``numpy_mlp.optim``).

Each takes the arguments of its exercise (hyper-parameters positional, defaults filled
in by ``_hyper``), so the checks can call it on every case.
"""

from __future__ import annotations

import math

import numpy as np

from .. import config


def _momentum_pytorch(param, grad, velocity, learning_rate, momentum):
    velocity = momentum * velocity + grad
    return param - learning_rate * velocity, velocity


def _momentum_sign(param, grad, velocity, learning_rate, momentum):
    velocity = momentum * velocity + learning_rate * grad
    return param - velocity, velocity


def _momentum_old_velocity(param, grad, velocity, learning_rate, momentum):
    return param + velocity, momentum * velocity - learning_rate * grad


def _momentum_dampened(param, grad, velocity, learning_rate, momentum):
    velocity = momentum * velocity - learning_rate * (1 - momentum) * grad
    return param + velocity, velocity


def _momentum_fixed(param, grad, velocity, learning_rate, momentum):
    velocity = 0.9 * velocity - learning_rate * grad
    return param + velocity, velocity


MOMENTUM_MISTAKES = {
    "velocity kept as PyTorch keeps it (v = momentum * v + grad; param -= lr * v): the "
    "same path at a fixed learning rate, but Keras's velocity is the step itself, "
    "learning rate included: velocity = momentum * velocity - learning_rate * grad": (
        _momentum_pytorch
    ),
    "the velocity has the opposite sign: Keras's velocity points downhill "
    "(velocity = momentum * velocity - learning_rate * grad; param + velocity)": _momentum_sign,
    "stepped with the old velocity: update the velocity first, then add it to param": (
        _momentum_old_velocity
    ),
    "a running *mean* of the gradients, (1 - momentum) * grad: Keras's velocity is a "
    "running sum, without the (1 - momentum) factor": _momentum_dampened,
    "momentum 0.9 hard-coded: use the momentum argument": _momentum_fixed,
}


# ----- Adam: Kingma and Ba's folded form (end of their section 2), epsilon-hat


def _hyper(args):
    """The hyper-parameters of a case, defaults filled in."""
    defaults = (config.LEARNING_RATE, config.BETA_1, config.BETA_2, config.ADAM_EPSILON)
    return (*args[5:], *defaults[len(args) - 5 :])


def _moments(grad, m, v, beta_1, beta_2):
    return m + (grad - m) * (1 - beta_1), v + (grad * grad - v) * (1 - beta_2)


def _adam_no_correction(param, grad, m, v, t, *rest):
    learning_rate, beta_1, beta_2, epsilon = _hyper((param, grad, m, v, t, *rest))
    m, v = _moments(grad, m, v, beta_1, beta_2)
    return param - learning_rate * m / (np.sqrt(v) + epsilon), m, v


def _adam_paper_epsilon_as_given(param, grad, m, v, t, *rest):
    learning_rate, beta_1, beta_2, epsilon = _hyper((param, grad, m, v, t, *rest))
    m, v = _moments(grad, m, v, beta_1, beta_2)
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return param - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def _adam_paper_epsilon(param, grad, m, v, t, *rest):
    learning_rate, beta_1, beta_2, _ = _hyper((param, grad, m, v, t, *rest))
    m, v = _moments(grad, m, v, beta_1, beta_2)
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return param - learning_rate * m_hat / (np.sqrt(v_hat) + 1e-8), m, v


def _adam_epsilon_inside(param, grad, m, v, t, *rest):
    learning_rate, beta_1, beta_2, epsilon = _hyper((param, grad, m, v, t, *rest))
    m, v = _moments(grad, m, v, beta_1, beta_2)
    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    return param - alpha * m / np.sqrt(v + epsilon), m, v


def _adam_no_square_root(param, grad, m, v, t, *rest):
    learning_rate, beta_1, beta_2, epsilon = _hyper((param, grad, m, v, t, *rest))
    m, v = _moments(grad, m, v, beta_1, beta_2)
    alpha = learning_rate * (1 - beta_2**t) / (1 - beta_1**t)
    return param - alpha * m / (np.sqrt(v) + epsilon), m, v


def _adam_step_count_off(by: int):
    def mistake(param, grad, m, v, t, *rest):
        learning_rate, beta_1, beta_2, epsilon = _hyper((param, grad, m, v, t, *rest))
        m, v = _moments(grad, m, v, beta_1, beta_2)
        t += by
        alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return param - alpha * m / (np.sqrt(v) + epsilon), m, v

    return mistake


def _adam_moments_mistake(moments):
    def mistake(param, grad, m, v, t, *rest):
        learning_rate, beta_1, beta_2, epsilon = _hyper((param, grad, m, v, t, *rest))
        m, v = moments(grad, m, v, beta_1, beta_2)
        alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        with np.errstate(invalid="ignore"):
            return param - alpha * m / (np.sqrt(v) + epsilon), m, v

    return mistake


def _swapped(hyper):
    learning_rate, beta_1, beta_2, epsilon = hyper
    return learning_rate, beta_2, beta_1, epsilon


ADAM_MISTAKES = {
    "Adam without bias correction: scale by sqrt(1 - beta_2**t) / (1 - beta_1**t)": (
        _adam_no_correction
    ),
    "epsilon added to sqrt(v_hat), Algorithm 1's place: this epsilon is the folded form's "
    "epsilon-hat, added to the uncorrected sqrt(v) (with v_hat, use epsilon / "
    "sqrt(1 - beta_2**t))": _adam_paper_epsilon_as_given,
    "Algorithm 1 with the paper's epsilon 1e-8: this exercise is the folded form, with the "
    "`epsilon` argument (epsilon-hat) added to the uncorrected sqrt(v)": _adam_paper_epsilon,
    "epsilon inside the square root: it is added to sqrt(v), outside": _adam_epsilon_inside,
    "no square root in the step size: alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)": (
        _adam_no_square_root
    ),
    "v fed the gradient, not its square: v = beta_2 * v + (1 - beta_2) * grad**2": (
        _adam_moments_mistake(
            lambda g, m, v, b1, b2: (b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g)
        )
    ),
    "v fed |g| (np.abs), not the gradient's square: v = beta_2 * v + (1 - beta_2) * grad**2": (
        _adam_moments_mistake(
            lambda g, m, v, b1, b2: (b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * np.abs(g))
        )
    ),
    "beta_1 and beta_2 swapped everywhere: m averages with beta_1 (0.9), v with beta_2 "
    "(0.999), and the step size is sqrt(1 - beta_2**t) / (1 - beta_1**t)": (
        lambda param, grad, m, v, t, *rest: _adam_step_count_off(0)(
            param, grad, m, v, t, *_swapped(_hyper((param, grad, m, v, t, *rest)))
        )
    ),
    "beta_1 and beta_2 swapped: m averages with beta_1 (0.9), v with beta_2 (0.999)": (
        _adam_moments_mistake(
            lambda g, m, v, b1, b2: (b2 * m + (1 - b2) * g, b1 * v + (1 - b1) * g * g)
        )
    ),
    "the bias correction used t + 1: t is already this step's number (1 on the first step)": (
        _adam_step_count_off(1)
    ),
    "the bias correction used t - 1: t is this step's number, 1 on the first step, so "
    "1 - beta**t is never 0": _adam_step_count_off(-1),
}
