"""Exercises of lesson 5: optimisers (SGD, SGD with momentum, Adam)."""

from __future__ import annotations

from functools import partial

import numpy as np

from ..numpy_mlp.optim import adam_step, momentum_step, sgd_step
from .core import Case, Exercise, rng
from .dtype_policy import in_float32
from .lesson_05_mistakes import ADAM_MISTAKES, MOMENTUM_MISTAKES


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
        in_float32(Case("velocity already built up (learning_rate=0.01, momentum=0.9)",
                        (param, grad, velocity, 0.01, 0.9))),
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
        in_float32(Case("step t = 50, with moments already built up", (param, grad, m, v, 50))),
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
        in_float32(
            Case(
                "a 3 x 4 kernel, learning rate 0.5",
                (rng(30).normal(size=(3, 4)), rng(31).normal(size=(3, 4)), 0.5),
            )
        ),
    ],
    hints=(
        "The gradient points uphill; step the other way, scaled by the learning rate.",
        "param and grad have the same shape; return a new array of that shape.",
        "return param - learning_rate * grad",
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
    mistakes=MOMENTUM_MISTAKES,
    alternatives={
        "Keras's float32-rounded momentum (what TensorFlow does in float64)": partial(
            momentum_step, round_momentum=True
        ),
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
    mistakes={
        **ADAM_MISTAKES,
        "the default hyper-parameters hard-coded: use the arguments it is given": (
            lambda p, g, m, v, t, *rest: adam_step(p, g, m, v, t)
        ),
    },
    alternatives={
        "Keras's float32-rounded betas in the bias correction (what TensorFlow does)": partial(
            adam_step, round_betas=True
        ),
    },
    rtol=1e-10,
)

EXERCISES = [SGD_STEP, MOMENTUM_STEP, ADAM_STEP]
