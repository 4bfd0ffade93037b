"""Lesson 3's exercises, solved as a learner would write them.

``solution("NAME")`` prints a function of this file, read as text; nothing imports
this module. Each function may use only what the lesson's setup cell gives.
"""

import math

import numpy as np


def dense_forward(x, kernel, bias):
    """(batch, fan_in) @ (fan_in, fan_out) + (fan_out,) -> (batch, fan_out)."""
    weighted_sums = x @ kernel  # (batch, fan_out)
    return weighted_sums + bias  # the bias is added to every row


def relu(z):
    """max(z, 0) elementwise; same shape and dtype; do not change z."""
    # np.maximum compares each element with 0 and returns a new array.
    return np.maximum(z, 0)


def softmax(logits):
    """Probabilities along each row of (batch, classes) logits."""
    # Minus each row's maximum: exp cannot overflow, and the ratios stay the same.
    shifted = logits - logits.max(axis=1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=1, keepdims=True)


def glorot_uniform(fan_in, fan_out, rng):
    """A (fan_in, fan_out) kernel drawn from U(-limit, limit), limit = sqrt(6/(fan_in+fan_out))."""
    # Var(U(-l, l)) = l**2 / 3; setting it to 2 / (fan_in + fan_out) gives the limit.
    limit = math.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))  # from the generator passed in
