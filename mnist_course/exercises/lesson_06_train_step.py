"""Lesson 6's composition exercise: one training step, forward to Adam.

``train_step(params, state, x_batch, y_batch, learning_rate)`` runs the forward pass,
the loss, lesson 4's ``backward`` and one ``adam_step`` per parameter; it updates
``params`` (a list) and ``state`` (Adam's m, v and t) in place and returns the batch's
(loss, logits). The check runs the answer on copies and compares the step it took, so
answers that compute the right numbers but never store them are caught.

The lesson's setup cell imports the pieces below; in the notebook, the learner's own
pieces (section 1 of lesson 6) replace them. How the answer is checked, and its typical
mistakes: ``lesson_06_train_step_check``.
"""

from __future__ import annotations

import numpy as np

from ..numpy_mlp import functional as F
from .lesson_04_backward import backward, forward
from .lesson_05 import adam_step

cross_entropy = F.cross_entropy
cross_entropy_backward = F.cross_entropy_backward
relu_backward = F.relu_backward
dense_backward = F.dense_backward


class AdamState(dict):
    """Adam's moments and step count, {"m": [...], "v": [...], "t": int}; a short repr."""

    def __repr__(self) -> str:
        return f"Adam's state at t = {self['t']}"


def adam_state(params, t=0):
    """Adam's moments m and v (zeros, one per parameter) and its step count t."""
    return AdamState(
        m=[np.zeros_like(p) for p in params], v=[np.zeros_like(p) for p in params], t=t
    )


def composed_train_step(forward, cross_entropy, cross_entropy_backward, backward,
                        relu_backward, dense_backward, adam_step):  # fmt: skip
    """``train_step`` from these pieces: the check runs it on the pieces the answer calls."""

    def train_step(params, state, x_batch, y_batch, learning_rate):
        """Forward, loss, backward, one Adam step on every parameter; returns (loss, logits)."""
        logits, cache = forward(x_batch, params)
        loss = cross_entropy(logits, y_batch)
        grad_logits = cross_entropy_backward(logits, y_batch)
        grads = backward(grad_logits, cache, params, relu_backward, dense_backward)
        state["t"] += 1
        for i in range(len(params)):
            params[i], state["m"][i], state["v"][i] = adam_step(
                params[i], grads[i], state["m"][i], state["v"][i], state["t"], learning_rate
            )
        return loss, logits

    return train_step


COURSE_PIECES = {
    "forward": forward,
    "cross_entropy": cross_entropy,
    "cross_entropy_backward": cross_entropy_backward,
    "backward": backward,
    "relu_backward": relu_backward,
    "dense_backward": dense_backward,
    "adam_step": adam_step,
}
train_step = composed_train_step(**COURSE_PIECES)
