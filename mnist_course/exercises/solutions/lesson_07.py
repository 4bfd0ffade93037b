"""Lesson 7's exercises, solved as a learner would write them.

``solution("NAME")`` prints a function of this file, read as text; nothing imports
this module. Each function may use only what the lesson's setup cell gives.
"""

import numpy as np


def confusion_matrix(y_true, y_pred, num_classes=10):
    """counts[i, j] = number of samples of true class i predicted as j."""
    counts = np.zeros((num_classes, num_classes), dtype=int)
    for true, predicted in zip(y_true, y_pred):
        counts[true, predicted] += 1
    return counts


def precision_recall(counts):
    """(precision, recall) per class: the diagonal over each column, and over each row."""
    counts = np.asarray(counts, dtype=float)
    correct = np.diag(counts)
    predicted = counts.sum(axis=0)  # column k: everything called k
    actual = counts.sum(axis=1)  # row k: every real k
    precision = np.zeros(len(counts))
    recall = np.zeros(len(counts))
    for k in range(len(counts)):
        if predicted[k] > 0:
            precision[k] = correct[k] / predicted[k]
        if actual[k] > 0:
            recall[k] = correct[k] / actual[k]
    return precision, recall


def never_inked(images):
    """True where a pixel is 0 in every image."""
    ink_anywhere = images.max(axis=0) > 0  # the brightest value each pixel ever takes
    return ~ink_anywhere
