"""Lesson 2's exercises, solved as a learner would write them.

``solution("NAME")`` prints a function of this file, read as text; nothing imports
this module. Each function may use only what the lesson's setup cell gives.
"""

# ruff: noqa: RUF007  (zip of two slices: the pairs as a learner first writes them)

import numpy as np


def count_parameters(layer_sizes):
    """Weights plus biases of dense layers of these sizes."""
    total = 0
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        total += fan_in * fan_out  # the kernel
        total += fan_out  # one bias per output
    return total


def steps_per_epoch(num_samples, batch_size):
    """Full batches, plus one for the rest if any is left over."""
    full, rest = divmod(num_samples, batch_size)
    return full + (1 if rest else 0)


def lowest_epoch(val_losses):
    """The epoch, counted from 1, of the lowest validation loss (the first if tied)."""
    best = 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] < val_losses[best]:  # < keeps the first of a tie
            best = epoch
    return best + 1


def most_confused(counts):
    """(true digit, predicted digit) of the largest cell off the diagonal."""
    mistakes = counts.copy()
    np.fill_diagonal(mistakes, 0)  # the diagonal holds the right answers
    true_digit, predicted = np.unravel_index(np.argmax(mistakes), mistakes.shape)
    return int(true_digit), int(predicted)
