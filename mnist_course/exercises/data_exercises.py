"""Exercises of lessons 1 and 2: preparing the data, and counting the model's parameters."""

from __future__ import annotations

import itertools
import math

import numpy as np

from .. import config
from ..data import flatten_images, scale_pixels, split_validation
from .core import Case, Exercise


def _images(count, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (count, 28, 28), dtype=np.uint8)


def scale_reference(images):
    return scale_pixels(images, np.float32)


def split_reference(x, y, validation_split):
    return split_validation(x, y, validation_split)


EXERCISES = [
    Exercise(
        name="scale_pixels",
        lesson=1,
        title="Scale raw pixels 0..255 (uint8) to float32 in 0..1",
        reference=scale_reference,
        cases=lambda: [
            Case("black, grey and white pixels", (np.array([[[0, 51, 255]]], np.uint8),)),
            Case("three random digits", (_images(3),)),
        ],
        hints=(
            "Every pixel is divided by the largest possible value, 255, after turning the "
            "integers into floating-point numbers.",
            "In: uint8 (N, 28, 28). Out: float32 (N, 28, 28), same shape, values 0.0 to 1.0.",
            "return images.astype(np.float32) / 255",
        ),
        mistakes={
            "divided by 256: the brightest pixel must become exactly 1.0": (
                lambda images: images.astype(np.float32) / 256
            ),
            "float64, not float32: cast with .astype(np.float32) first": lambda images: (
                images / 255
            ),
        },
    ),
    Exercise(
        name="flatten_images",
        lesson=1,
        title="Flatten (N, 28, 28) images into (N, 784) vectors, row by row",
        reference=flatten_images,
        cases=lambda: [
            Case("two numbered images", (np.arange(2 * 784, dtype=np.float32).reshape(2, 28, 28),)),
            Case("one random digit", (_images(1).astype(np.float32),)),
        ],
        hints=(
            "Keras's Flatten layer lays the 28 rows of an image one after another.",
            "In: (N, 28, 28). Out: (N, 784); out[i, 28 * r + c] == images[i, r, c].",
            "return images.reshape(len(images), 784)",
        ),
        mistakes={
            "column by column (order='F' or a transpose): Flatten goes row by row": (
                lambda images: images.transpose(0, 2, 1).reshape(len(images), 784)
            ),
        },
    ),
    Exercise(
        name="split_validation",
        lesson=1,
        title="Hold out the last fraction of the samples, as Keras's validation_split does",
        reference=split_reference,
        cases=lambda: [
            Case("10 samples, 0.25 held out", (np.arange(10), np.arange(10) % 10, 0.25)),
            Case("101 samples, 0.3 held out", (np.arange(101), np.arange(101) % 10, 0.3)),
            Case("MNIST's size, 0.1 held out", (np.arange(60_000), np.arange(60_000) % 10, 0.1)),
        ],
        hints=(
            "Keras keeps the first floor(n * (1 - validation_split)) samples for training and "
            "validates on the rest, before any shuffling.",
            "Return (x_train, y_train, x_val, y_val); train and validation together are the "
            "whole input, in order.",
            "split_at = math.floor(len(x) * (1 - validation_split)); "
            "return x[:split_at], y[:split_at], x[split_at:], y[split_at:]",
        ),
        mistakes={
            "held out the first fraction: Keras validates on the *last* samples": (
                lambda x, y, f: (
                    x[math.ceil(len(x) * f) :],
                    y[math.ceil(len(x) * f) :],
                    x[: math.ceil(len(x) * f)],
                    y[: math.ceil(len(x) * f)],
                )
            ),
            "rounded instead of flooring: Keras uses floor(n * (1 - split))": (
                lambda x, y, f: (
                    x[: round(len(x) * (1 - f))],
                    y[: round(len(x) * (1 - f))],
                    x[round(len(x) * (1 - f)) :],
                    y[round(len(x) * (1 - f)) :],
                )
            ),
        },
    ),
    Exercise(
        name="count_parameters",
        lesson=2,
        title="Count the weights and biases of a chain of dense layers",
        reference=config.count_parameters,
        cases=lambda: [
            Case("the course's network 784-32-16-8-10", (config.LAYER_SIZES,)),
            Case("a single layer 3 -> 2", ((3, 2),)),
            Case("a wider network 784-128-10", ((784, 128, 10),)),
        ],
        hints=(
            "A dense layer from n inputs to m outputs has an n x m kernel and m biases.",
            "For sizes (784, 32, 16, 8, 10) there are four layers: 784->32, 32->16, ...",
            "sum((n + 1) * m for n, m in zip(layer_sizes, layer_sizes[1:]))",
        ),
        mistakes={
            "forgot the biases: each layer also has one bias per output": (
                lambda sizes: sum(n * m for n, m in itertools.pairwise(sizes))
            ),
        },
        exact_dtype=False,
    ),
]
