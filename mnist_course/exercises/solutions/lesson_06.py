"""Lesson 6's exercises, solved as a learner would write them.

``solution("NAME")`` prints a function of this file, read as text; nothing imports
this module. Each function may use only what the lesson's setup cell gives.
"""

from mnist_course.exercises.lesson_06_train_step import (  # the setup cell gives them
    adam_step,
    backward,
    cross_entropy,
    cross_entropy_backward,
    dense_backward,
    forward,
    relu_backward,
)


def minibatch_indices(num_samples, batch_size, rng):
    """A list of index arrays: a random order of all samples, cut into batches."""
    order = rng.permutation(num_samples)  # a new order on every call
    batches = []
    for start in range(0, num_samples, batch_size):
        batches.append(order[start : start + batch_size])  # the last may be shorter
    return batches


def accuracy(logits, labels):
    """The fraction of rows whose largest logit is at the true label."""
    predictions = logits.argmax(axis=1)  # the most likely class of each row
    correct = predictions == labels
    return float(correct.mean())  # True counts as 1, False as 0


def train_step(params, state, x_batch, y_batch, learning_rate):
    """Forward, loss, backward, one Adam step on every parameter; returns (loss, logits)."""
    logits, cache = forward(x_batch, params)
    loss = cross_entropy(logits, y_batch)
    grad_logits = cross_entropy_backward(logits, y_batch)
    grads = backward(grad_logits, cache, params, relu_backward, dense_backward)
    state["t"] += 1  # one step for all parameters; Adam counts from 1
    for i in range(len(params)):
        new_param, new_m, new_v = adam_step(
            params[i], grads[i], state["m"][i], state["v"][i], state["t"], learning_rate
        )
        params[i] = new_param  # in place in the list: the caller sees the new weights
        state["m"][i] = new_m
        state["v"][i] = new_v
    return loss, logits
