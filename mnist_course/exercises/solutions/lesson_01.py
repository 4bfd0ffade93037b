"""Lesson 1's exercises, solved as a learner would write them.

``solution("NAME")`` prints a function of this file, read as text; nothing imports
this module. Each function may use only what the lesson's setup cell gives.
"""

import math

import numpy as np


def scale_pixels(images):
    """uint8 pixels 0..255 -> float32 in 0..1, same shape."""
    as_floats = images.astype(np.float32)  # uint8 cannot hold fractions
    return as_floats / 255  # 255, the largest possible pixel, becomes 1.0


def flatten_images(images):
    """(N, 28, 28) -> (N, 784), row by row."""
    count = images.shape[0]
    # reshape reads row by row (C order): row 0's 28 pixels, then row 1's, ...
    return images.reshape(count, 28 * 28)


def split_validation(x, y, validation_split):
    """Return (x_train, y_train, x_val, y_val), the last fraction held out."""
    # Keras trains on the first floor(n * (1 - split)) samples, before shuffling.
    split_at = math.floor(len(x) * (1 - validation_split))
    return x[:split_at], y[:split_at], x[split_at:], y[split_at:]
