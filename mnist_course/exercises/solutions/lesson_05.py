"""Lesson 5's exercises, solved as a learner would write them.

``solution("NAME")`` prints a function of this file, read as text; nothing imports
this module. Each function may use only what the lesson's setup cell gives.
"""

import math

import numpy as np


def sgd_step(param, grad, learning_rate):
    """Return the parameter after one gradient-descent step (a new array)."""
    step = learning_rate * grad  # the gradient points uphill ...
    return param - step  # ... so go the other way


def momentum_step(param, grad, velocity, learning_rate, momentum):
    """One step of SGD with momentum (Keras's rule); return (param, velocity)."""
    # The old velocity fades by `momentum`; this step's push downhill is added.
    velocity = momentum * velocity - learning_rate * grad
    return param + velocity, velocity


def adam_step(param, grad, m, v, t, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """Adam's step t (from 1), the folded form; return (param, m, v)."""
    m = beta_1 * m + (1 - beta_1) * grad  # running mean of the gradients
    v = beta_2 * v + (1 - beta_2) * grad**2  # ... and of their squares
    # Both means start at 0: the bias correction, folded into the step size.
    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    new_param = param - alpha * m / (np.sqrt(v) + epsilon)
    return new_param, m, v
