"""What every lesson notebook shares: the data, the number of epochs, quick mode.

Quick mode (``MNIST_COURSE_QUICK=1`` for a lesson, ``mnist-course site --quick`` for the
site) makes cheap runs that test the course end to end, never results to read; the
published site shows full runs. Its policy lives here only, and ``QUICK_MODE`` says it:
the lessons train on a slice of MNIST for 2 epochs, so that all of them execute in CI in
about a minute; the site's own networks (its figures, the draw-a-digit page) train on all
the data loaded for at least 2 epochs and 120,000 examples, so that even the 4,000-digit
offline subset gives a network that reads drawn digits.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import os
import warnings

from . import config
from .data import MnistData, SubsetWarning, load_mnist
from .runs import RunSettings
from .shared_runs import shared_run

QUICK_ENV = "MNIST_COURSE_QUICK"
QUICK_TRAIN, QUICK_TEST, QUICK_EPOCHS = 6_000, 1_000, 2  # the lessons: slice and epochs
QUICK_EXAMPLES = 120_000  # the site's networks: training examples seen, at least
QUICK_MODE = (
    f"lessons train {QUICK_EPOCHS} epochs on the first {QUICK_TRAIN:,} digits; "
    f"the site's networks train on all the data for at least {QUICK_EPOCHS} epochs "
    f"and {QUICK_EXAMPLES:,} examples"
)


def quick() -> bool:
    return os.environ.get(QUICK_ENV, "") not in ("", "0")


def epochs() -> int:
    """Epochs to train for in a lesson: the course's 10, or ``QUICK_EPOCHS`` in quick mode."""
    return QUICK_EPOCHS if quick() else config.DEFAULT_EPOCHS


def quick_epochs(num_train: int) -> int:
    """Epochs for the site's networks in quick mode: 2 on full MNIST, 30 on the subset."""
    return max(QUICK_EPOCHS, math.ceil(QUICK_EXAMPLES / num_train))


@functools.cache
def data() -> MnistData:
    """MNIST for the lessons, loaded once per kernel; a slice of it in quick mode."""
    mnist = _load_saying_why()
    if not quick():
        return mnist
    return dataclasses.replace(
        mnist,
        x_train=mnist.x_train[:QUICK_TRAIN],
        y_train=mnist.y_train[:QUICK_TRAIN],
        x_test=mnist.x_test[:QUICK_TEST],
        y_test=mnist.y_test[:QUICK_TEST],
        location=f"{mnist.location} (quick mode: the first {QUICK_TRAIN} + {QUICK_TEST})",
    )


def _load_saying_why() -> MnistData:
    """``load_mnist``, its SubsetWarning printed as a line of the lesson's output: shown as
    a warning it would carry this machine's path to the library into the page."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SubsetWarning)
        mnist = load_mnist()
    for warning in caught:
        if issubclass(warning.category, SubsetWarning):
            print(f"Note: {warning.message}")
        else:  # any other warning, as it would have been shown
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return mnist


def setup() -> MnistData:
    """Load the data, and say where it came from and which mode this is."""
    mnist = data()
    print(mnist.describe())
    if quick():
        print(
            f"Quick mode: {QUICK_EPOCHS} epochs on a slice; unset {QUICK_ENV} for full runs. "
            "In a notebook the numbers typed in the prose are full mode's; outputs are this run's."
        )
    return mnist


def keras_run():
    """The Keras network trained with the course's settings, shared by lessons 6 and 7.

    The first lesson to call this trains it (about 15 s on 2 cores) and keeps it in the course's
    cache folder; later calls read it back, verified (see ``shared_runs``). Returns a
    ``runs.RunResult``: history, test accuracy and loss, and the trained weights.
    """
    return shared_run(RunSettings("keras", epochs=epochs()), data())
