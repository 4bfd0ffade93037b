"""Exercises of lesson 5: optimisers (SGD, SGD with momentum, Adam)."""

from __future__ import annotations

import math

import numpy as np

from .. import config
from .core import Case, Exercise, rng
from .lesson_05_mistakes import (
    ADAM_MISTAKES,
    MOMENTUM_MISTAKES,
    float32_rounded,
    momentum_float32,
)


def sgd_step(param, grad, learning_rate):
    """One step downhill: a new array, the inputs untouched."""
    return param - learning_rate * grad


def momentum_step(param, grad, velocity, learning_rate, momentum):
    """Keras's SGD with momentum: returns the new (param, velocity)."""
    velocity = momentum * velocity - learning_rate * grad
    return param + velocity, velocity


def adam_step(
    param,
    grad,
    m,
    v,
    t,
    learning_rate=config.LEARNING_RATE,
    beta_1=config.BETA_1,
    beta_2=config.BETA_2,
    epsilon=config.ADAM_EPSILON,
    *,
    power=lambda beta, t: beta**t,
):
    """Adam's step t (from 1) in Kingma and Ba's folded form; returns new (param, m, v).

    The form given at the end of their section 2, with epsilon-hat added to the
    uncorrected sqrt(v); Keras computes the same formula.
    """
    m = m + (grad - m) * (1 - beta_1)
    v = v + (grad * grad - v) * (1 - beta_2)
    alpha = learning_rate * math.sqrt(1 - power(beta_2, t)) / (1 - power(beta_1, t))
    return param - alpha * m / (np.sqrt(v) + epsilon), m, v


def adam_step_float32_betas(param, grad, m, v, t, *hyper):
    """Keras on TensorFlow: beta_1 and beta_2 rounded to float32 before the power t."""
    return adam_step(param, grad, m, v, t, *hyper, power=lambda beta, t: float32_rounded(beta) ** t)


def _momentum_cases():
    param, grad = rng(40).normal(size=(4, 3)), rng(41).normal(size=(4, 3))
    velocity = rng(42).normal(size=(4, 3)) * 0.05
    return [
        Case("a first step, from zero velocity (learning_rate=0.1, momentum=0.9)",
             (param, grad, np.zeros_like(param), 0.1, 0.9)),
        Case("velocity already built up (learning_rate=0.01, momentum=0.9)",
             (param, grad, velocity, 0.01, 0.9)),
        Case("momentum=0.5, learning_rate=0.05, on a vector",
             (param[0], grad[0], velocity[0], 0.05, 0.5)),
        Case("momentum=0: plain SGD, the velocity is just the step",
             (param, grad, velocity, 0.1, 0.0)),
        Case("a velocity pointing uphill, against a small gradient (momentum=0.99)",
             (param, grad * 1e-3, -velocity * np.sign(grad), 0.2, 0.99)),
    ]  # fmt: skip


def _adam_cases():
    param, grad = rng(16).normal(size=(4, 3)), rng(17).normal(size=(4, 3)) * 1e-3
    m, v = rng(18).normal(size=(4, 3)) * 1e-4, rng(19).random((4, 3)) * 1e-7
    zeros = np.zeros_like(param)
    return [
        Case("the first step (t = 1) from zero moments", (param, grad, zeros, zeros, 1)),
        Case("step t = 50, with moments already built up", (param, grad, m, v, 50)),
        Case(
            "step t = 3 with learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-4",
            (param, grad, m, v, 3, 0.01, 0.8, 0.99, 1e-4),
        ),
        Case("tiny gradients (sqrt(v) near epsilon), t = 2", (param, grad * 1e-5, zeros, zeros, 2)),
    ]


SGD_STEP = Exercise(
    name="sgd_step",
    lesson=5,
    title="One step of plain gradient descent",
    reference=sgd_step,
    cases=lambda: [
        Case(
            "a 2 x 2 parameter, learning rate 0.1",
            (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.5, -0.5], [1.0, 0.0]]), 0.1),
        ),
        Case(
            "a vector, learning rate 0.001", (rng(28).normal(size=5), rng(29).normal(size=5), 1e-3)
        ),
        Case(
            "a 3 x 4 kernel, learning rate 0.5",
            (rng(30).normal(size=(3, 4)), rng(31).normal(size=(3, 4)), 0.5),
        ),
    ],
    hints=(
        "The gradient points uphill; step the other way, scaled by the learning rate.",
        "param and grad have the same shape; return a new array of that shape.",
        "return param - learning_rate * grad",
    ),
    solution=(
        "def sgd_step(param, grad, learning_rate):\n"
        '    """Return the parameter after one gradient-descent step (a new array)."""\n'
        "    step = learning_rate * grad  # the gradient points uphill ...\n"
        "    return param - step  # ... so go the other way\n"
    ),
    mistakes={
        "stepped uphill: subtract the gradient": lambda p, g, lr: p + lr * g,
        "a fixed learning rate: use the learning_rate argument": lambda p, g, lr: p - 0.1 * g,
    },
)

MOMENTUM_STEP = Exercise(
    name="momentum_step",
    lesson=5,
    title="One step of SGD with momentum, Keras's rule: (param, velocity)",
    reference=momentum_step,
    cases=_momentum_cases,
    hints=(
        "The velocity is a running sum of past steps: shrink the old one by `momentum`, "
        "add this step's -learning_rate * grad, then move the parameter by the velocity.",
        "param, grad and velocity have the same shape; return two new arrays of that shape, "
        "(param, velocity) in that order.",
        "velocity = momentum * velocity - learning_rate * grad; return param + velocity, velocity",
    ),
    solution=(
        "def momentum_step(param, grad, velocity, learning_rate, momentum):\n"
        '    """One step of SGD with momentum (Keras\'s rule); return (param, velocity)."""\n'
        "    # The old velocity fades by `momentum`; this step's push downhill is added.\n"
        "    velocity = momentum * velocity - learning_rate * grad\n"
        "    return param + velocity, velocity\n"
    ),
    mistakes=MOMENTUM_MISTAKES,
    alternatives={
        "Keras's float32-rounded momentum (what TensorFlow does in float64)": momentum_float32,
    },
    rtol=1e-10,
)

ADAM_STEP = Exercise(
    name="adam_step",
    lesson=5,
    title="One Adam step, Kingma and Ba's folded form: (param, m, v) after step t",
    reference=adam_step,
    cases=_adam_cases,
    hints=(
        "Update the running means m (of gradients) and v (of squared gradients), then "
        "step by m / (sqrt(v) + epsilon), scaled by a step size that corrects both "
        "means for starting at zero.",
        "The folded form: alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t), epsilon "
        "added to the uncorrected sqrt(v), outside the square root. Return (param, m, v), "
        "all new arrays of param's shape.",
        "m = beta_1 * m + (1 - beta_1) * grad; v = beta_2 * v + (1 - beta_2) * grad**2; "
        "alpha = ...; return param - alpha * m / (np.sqrt(v) + epsilon), m, v",
    ),
    solution=(
        "def adam_step(param, grad, m, v, t, learning_rate=1e-3, beta_1=0.9, beta_2=0.999,"
        " epsilon=1e-7):\n"
        '    """Adam\'s step t (from 1), the folded form; return (param, m, v)."""\n'
        "    m = beta_1 * m + (1 - beta_1) * grad  # running mean of the gradients\n"
        "    v = beta_2 * v + (1 - beta_2) * grad**2  # ... and of their squares\n"
        "    # Both means start at 0: the bias correction, folded into the step size.\n"
        "    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)\n"
        "    new_param = param - alpha * m / (np.sqrt(v) + epsilon)\n"
        "    return new_param, m, v\n"
    ),
    mistakes={
        **ADAM_MISTAKES,
        "the default hyper-parameters hard-coded: use the arguments it is given": (
            lambda p, g, m, v, t, *rest: adam_step(p, g, m, v, t)
        ),
    },
    alternatives={
        "Keras's float32-rounded betas in the bias correction (what TensorFlow does)": (
            adam_step_float32_betas
        ),
    },
    rtol=1e-10,
)

EXERCISES = [SGD_STEP, MOMENTUM_STEP, ADAM_STEP]
