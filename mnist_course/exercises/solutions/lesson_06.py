"""Lesson 6's exercises, solved as a learner would write them.

``solution("NAME")`` prints a function of this file, read as text; nothing imports
this module. Each function may use only what the lesson's setup cell gives.
"""

import time

import numpy as np

from mnist_course import config
from mnist_course.exercises.lesson_06_train_step import (  # the setup cell gives them
    adam_state,
    adam_step,
    backward,
    cross_entropy,
    cross_entropy_backward,
    dense_backward,
    forward,
    relu_backward,
)
from mnist_course.history import TrainingHistory


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


def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,
        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):  # fmt: skip
    """Train params in place; returns the history and each epoch's order of samples.

    As Keras reports them: loss and accuracy averaged over the epoch's samples (each
    batch's measured before its update), val_loss and val_accuracy after the epoch.
    """
    batches_of = batches_of or minibatch_indices  # an experiment may pass another order
    state, history, orders = adam_state(params), TrainingHistory(), []  # Adam's state once
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        batches = batches_of(len(x), batch_size, rng)  # a new order every epoch
        orders.append(np.concatenate(batches))
        loss_sum = correct = 0.0
        for batch in batches:
            loss, logits = train_step(params, state, x[batch], y[batch], learning_rate)
            loss_sum += loss * len(batch)  # weighted: the last batch may be smaller
            correct += accuracy(logits, y[batch]) * len(batch)
        metrics = {"loss": loss_sum / len(x), "accuracy": correct / len(x)}
        if validation is not None:  # scored with the weights at the end of the epoch
            val_logits, _ = forward(validation[0], params)
            metrics["val_loss"] = cross_entropy(val_logits, validation[1])
            metrics["val_accuracy"] = accuracy(val_logits, validation[1])
        history.record(metrics, time.perf_counter() - start)
        if verbose:
            shown = " - ".join(f"{key} {value:.4f}" for key, value in metrics.items())
            print(f"epoch {epoch}/{epochs} - {history.seconds_per_epoch[-1]:.2f}s - {shown}")
    return history, orders
