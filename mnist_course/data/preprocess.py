"""From raw uint8 digits to what the networks read: scaled, flattened, split."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import DTypeLike

from .. import config


def scale_pixels(images: np.ndarray, dtype: DTypeLike = np.float32) -> np.ndarray:
    """Pixels 0..255 (uint8) to 0..1 in ``dtype`` (float32 by default, float64 on request)."""
    dtype = config.check_dtype(dtype)
    if images.dtype != np.uint8:
        raise ValueError(f"scale_pixels expects raw uint8 pixels, got dtype {images.dtype}")
    return images.astype(dtype) / dtype.type(config.PIXEL_MAX)


def flatten_images(images: np.ndarray) -> np.ndarray:
    """(N, 28, 28) to (N, 784), row by row, as ``keras.layers.Flatten`` does."""
    if images.ndim != 3 or images.shape[1:] != config.IMAGE_SHAPE:
        raise ValueError(f"flatten_images expects shape (N, 28, 28), got {images.shape}")
    return images.reshape(len(images), config.NUM_PIXELS)


def split_validation(
    x: np.ndarray, y: np.ndarray, validation_split: float = config.VALIDATION_SPLIT
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hold out the *last* fraction of the samples, exactly as Keras's ``validation_split``.

    Keras takes ``floor(n * (1 - validation_split))`` samples for training, before any
    shuffling, so the validation set is always the same tail of the array. Returns
    ``(x_train, y_train, x_val, y_val)``; the arrays are views, not copies.
    """
    if not 0.0 < validation_split < 1.0:
        raise ValueError(f"validation_split must be between 0 and 1, got {validation_split}")
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} samples but y has {len(y)}")
    split_at = math.floor(len(x) * (1.0 - validation_split))
    if split_at in (0, len(x)):
        raise ValueError(
            f"validation_split={validation_split} leaves an empty split of {len(x)} samples"
        )
    return x[:split_at], y[:split_at], x[split_at:], y[split_at:]
