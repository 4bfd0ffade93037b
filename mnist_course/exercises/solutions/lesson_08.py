"""Lesson 8's exercises, solved as a learner would write them.

``solution("NAME")`` prints a function of this file, read as text; nothing imports
this module. Each function may use only what the lesson's setup cell gives.
"""

import numpy as np


def dropout_forward(x, rate, training, rng):
    """(output, keep): drop each unit with probability rate, divide the rest by 1 - rate."""
    if not training:
        return x.copy(), np.ones(x.shape, dtype=bool)  # inference: Dropout does nothing
    keep = rng.random(x.shape) >= rate  # True for the units that stay
    out = np.where(keep, x / (1 - rate), 0.0)
    return out, keep


def dropout_backward(grad_out, keep, rate):
    """The same mask and scale as the forward pass: dropped units get no gradient."""
    grad_x = np.zeros_like(grad_out)
    grad_x[keep] = grad_out[keep] / (1 - rate)
    return grad_x
