"""Exercises of lesson 1: preparing the data."""

from __future__ import annotations

import math

import numpy as np

from ..data.preprocess import flatten_images, scale_pixels, split_validation
from .core import Case, Exercise, rng


def _images(count, seed=0, high=256):
    return rng(seed).integers(0, high, (count, 28, 28), dtype=np.uint8)


def _split_cases():
    return [
        Case("10 samples, 0.25 held out", (np.arange(10), np.arange(10) % 10, 0.25)),
        Case("101 samples, 0.3 held out", (np.arange(101), np.arange(101) % 10, 0.3)),
        # floor(n * split) held out keeps one sample too many here (7, not 6), as rounding
        # does in the two cases above: only this case tells the two mistakes apart.
        Case("10 samples, 0.38 held out", (np.arange(10), np.arange(10) % 10, 0.38)),
        # 10 * (1 - 0.7) is 3.0000000000000004 in floating point: Keras keeps 3 for
        # training, rounding up keeps 4. Only this case tells rounding the training count
        # up from flooring the held-out count (equal in exact arithmetic).
        Case("10 samples, 0.7 held out", (np.arange(10), np.arange(10) % 10, 0.7)),
        Case("MNIST's size, 0.1 held out", (np.arange(60_000), np.arange(60_000) % 10, 0.1)),
        Case(
            "7 images of 2 x 2 pixels, half held out",
            (np.arange(28.0).reshape(7, 2, 2), np.array([3, 1, 4, 1, 5, 9, 2]), 0.5),
        ),
    ]


def _split_at(x, fraction):
    return math.floor(len(x) * (1 - fraction))


EXERCISES = [
    Exercise(
        name="scale_pixels",
        lesson=1,
        title="Scale raw pixels 0..255 (uint8) to float32 in 0..1",
        reference=lambda images: scale_pixels(images, np.float32),
        cases=lambda: [
            Case("black, grey and white pixels", (np.array([[[0, 51, 255]]], np.uint8),)),
            Case("three random digits", (_images(3),)),
            Case("a dim digit (brightest pixel 200)", (_images(1, seed=1, high=201),)),
            Case("an all-black image", (np.zeros((1, 28, 28), np.uint8),)),
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
            "scaled by the image's own maximum: divide by 255, the largest possible pixel": (
                lambda images: images.astype(np.float32) / images.max()
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
            Case("five raw uint8 digits (keep their dtype)", (_images(5, seed=2),)),
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
            "flattened the whole batch into one vector: keep one row per image": (
                lambda images: images.reshape(-1)
            ),
        },
    ),
    Exercise(
        name="split_validation",
        lesson=1,
        title="Hold out the last fraction of the samples, as Keras's validation_split does",
        reference=split_validation,
        cases=_split_cases,
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
                    x[len(x) - _split_at(x, f) :],
                    y[len(x) - _split_at(x, f) :],
                    x[: len(x) - _split_at(x, f)],
                    y[: len(x) - _split_at(x, f)],
                )
            ),
            "held out the first floor(n * split) samples: Keras validates on the *last* "
            "samples, after the first floor(n * (1 - split)) for training": (
                lambda x, y, f: (
                    x[math.floor(len(x) * f) :],
                    y[math.floor(len(x) * f) :],
                    x[: math.floor(len(x) * f)],
                    y[: math.floor(len(x) * f)],
                )
            ),
            "floored the held-out count, floor(n * split): Keras floors the *training* "
            "count, floor(n * (1 - split)), and holds out the rest": (
                lambda x, y, f: (
                    x[: len(x) - math.floor(len(x) * f)],
                    y[: len(x) - math.floor(len(x) * f)],
                    x[len(x) - math.floor(len(x) * f) :],
                    y[len(x) - math.floor(len(x) * f) :],
                )
            ),
            "rounded the training count up, math.ceil(n * (1 - split)): Keras floors it, "
            "floor(n * (1 - split))": (
                lambda x, y, f: (
                    x[: math.ceil(len(x) * (1 - f))],
                    y[: math.ceil(len(x) * (1 - f))],
                    x[math.ceil(len(x) * (1 - f)) :],
                    y[math.ceil(len(x) * (1 - f)) :],
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
]
