"""Lesson 6's exercises, solved as a learner would write them.

``solution("NAME")`` prints a function of this file, read as text; nothing imports
this module. Each function may use only what the lesson's setup cell gives.
"""


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
