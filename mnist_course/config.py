"""The numbers of this course, in one place.

Lessons, docs, the command line and the tests read them from here, so a change
(say, 20 epochs instead of 10) is made once.
"""

from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import DTypeLike

# The data.
IMAGE_SHAPE: tuple[int, int] = (28, 28)
NUM_PIXELS: int = IMAGE_SHAPE[0] * IMAGE_SHAPE[1]  # 784
NUM_CLASSES: int = 10
NUM_TRAIN: int = 60_000
NUM_TEST: int = 10_000
PIXEL_MAX: int = 255  # raw pixels are uint8 in 0..255; the models see pixel / 255

# The network of the original notebook: 784 -> 32 -> 16 -> 8 -> 10.
HIDDEN_UNITS: tuple[int, ...] = (32, 16, 8)
LAYER_SIZES: tuple[int, ...] = (NUM_PIXELS, *HIDDEN_UNITS, NUM_CLASSES)

# Training, as the original notebook ran it.
DEFAULT_EPOCHS: int = 10
DEFAULT_BATCH_SIZE: int = 32
DEFAULT_SEED: int = 0
# The last 10% of the training set is held out for validation, as
# `model.fit(..., validation_split=0.1)` does; the test set stays untouched.
VALIDATION_SPLIT: float = 0.1

# Lesson 6's page trains on a subset drawn when the site is built (site/build_page_subset).
PAGE_TRAIN_IMAGES: int = 10_000
PAGE_VALIDATION_IMAGES: int = 1_000
PAGE_TEST_IMAGES: int = 2_000
# Keras's and the reference's test accuracies recorded at build for the panel: epochs 1..this.
PAGE_RECORDED_EPOCHS: int = 10

# Adam with Keras's defaults (keras.optimizers.Adam()).
LEARNING_RATE: float = 1e-3
BETA_1: float = 0.9
BETA_2: float = 0.999
ADAM_EPSILON: float = 1e-7  # Keras's default; the Adam paper uses 1e-8

# An exercise answer that has not returned after this many seconds is stopped and
# reported (a `while` loop that never ends); the other exercises are still checked.
EXERCISE_TIMEOUT_SECONDS: float = 5.0

# Keras clips probabilities to [EPSILON, 1 - EPSILON] before taking the log
# when a loss is handed probabilities rather than logits (keras.backend.epsilon()).
KERAS_EPSILON: float = 1e-7

# Keras runs this many training steps per call into its compiled graph. Each step's
# arithmetic is unchanged (the weights come out bit for bit the same as with 1; a test
# checks it), but this network is so small that Keras's per-step Python work dominates:
# 32 steps per call make an epoch about 3.4 times faster on 2 cores
# (benchmarks/benchmark.py measures it).
KERAS_STEPS_PER_EXECUTION: int = 32

DTYPES: tuple[str, ...] = ("float32", "float64")


def check_dtype(dtype: DTypeLike) -> np.dtype:
    """``dtype`` as a NumPy dtype if it is one the course computes in; else a ValueError.

    Accepts a name (``"float32"``), a NumPy type (``np.float64``) or a dtype.
    """
    try:
        # np.dtype(None) means float64: refuse it rather than guess.
        checked = None if dtype is None else np.dtype(dtype)
    except (TypeError, ValueError):
        checked = None
    if checked is None or checked.name not in DTYPES:
        raise ValueError(f"dtype must be one of {', '.join(DTYPES)}; got {dtype!r}")
    return checked


# Rung 5 of the parity ladder: training steps run side by side (float32 tolerances are
# set for this many; see parity/tolerances.py). On a learner's functions each step is
# checked from the learner's own state (parity/stepwise.py), so any number is fair.
PARITY_STEPS: int = 100
# Which functions the ladder runs on a learner's files, in a notebook (parity_of) and in
# the terminal (parity --mine) alike; the CLI's help, the report and docs/parity.md say it.
PARITY_FALLBACK_RULE: str = (
    "every function you have written runs as written, passing its check or not; "
    "one not written yet (still raising NotImplementedError) is replaced by the reference"
)
# Rung 5 trains through both fits for this many epochs (a second, reshuffled order),
# reporting val_loss and val_accuracy on this many further training images.
PARITY_EPOCHS: int = 2
PARITY_VALIDATION_SAMPLES: int = 256


def count_parameters(layer_sizes: tuple[int, ...] = LAYER_SIZES) -> int:
    """Weights plus biases of a chain of dense layers: sum of (fan_in + 1) * fan_out."""
    return sum((fan_in + 1) * fan_out for fan_in, fan_out in itertools.pairwise(layer_sizes))


NUM_PARAMETERS: int = count_parameters()  # 25,874


def weight_layout(layer_sizes: tuple[int, ...] = LAYER_SIZES) -> dict[str, tuple[int, ...]]:
    """The one weight layout, Keras's: name -> shape in ``get_weights()`` order, kernels
    (inputs, outputs): {"dense_1/kernel": (784, 32), "dense_1/bias": (32,), ...}."""
    layout: dict[str, tuple[int, ...]] = {}
    for number, (fan_in, fan_out) in enumerate(itertools.pairwise(layer_sizes), start=1):
        layout[f"dense_{number}/kernel"] = (fan_in, fan_out)
        layout[f"dense_{number}/bias"] = (fan_out,)
    return layout


def weight_names(layer_sizes: tuple[int, ...] = LAYER_SIZES) -> list[str]:
    """Names of the arrays in ``get_weights()`` order: dense_1/kernel, dense_1/bias, ..."""
    return list(weight_layout(layer_sizes))


# Lesson 8 compares four models over several seeds. To keep the lesson under a minute on
# two cores, each trains briefly on the first images of the training set (batch 32, as
# everywhere); the lesson states this budget.
VARIANT_TRAIN_IMAGES: int = 6_000
VARIANT_EPOCHS: int = 2
VARIANT_SEEDS: tuple[int, ...] = (0, 1, 2, 3)
VARIANT_DROPOUT_RATE: float = 0.1  # the share of units each Dropout layer switches off

# --- Where the course lives ---------------------------------------------------------------
# The repository's address: the site's header (mkdocs.yml's repo_url reads it), getting
# started and the README link here; tests/test_frontdoor.py keeps the pages in step.
REPOSITORY_URL: str = "https://github.com/mnist-course/mnist-course"
