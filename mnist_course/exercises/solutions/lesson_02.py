"""Lesson 2's exercises, solved as a learner would write them.

``solution("NAME")`` prints a function of this file, read as text; nothing imports
this module. Each function may use only what the lesson's setup cell gives.
"""

# ruff: noqa: RUF007  (zip of two slices: the pairs as a learner first writes them)


def count_parameters(layer_sizes):
    """Weights plus biases of dense layers of these sizes."""
    total = 0
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        total += fan_in * fan_out  # the kernel
        total += fan_out  # one bias per output
    return total
