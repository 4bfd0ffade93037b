"""The order of the samples in each epoch, and its mini-batches.

``fit`` draws every epoch's order from ``np.random.default_rng(seed)`` with
``epoch_orders``; the parity ladder feeds Keras the same orders by calling it with the
same seed, rather than drawing them a second way.
"""

from __future__ import annotations

import numpy as np


def epoch_order(num_samples: int, rng: np.random.Generator, shuffle: bool = True) -> np.ndarray:
    """One epoch's order of the sample indices: a new permutation from ``rng``, or 0..n-1."""
    return rng.permutation(num_samples) if shuffle else np.arange(num_samples)


def epoch_orders(
    num_samples: int, epochs: int, seed: int | None, shuffle: bool = True
) -> list[np.ndarray]:
    """Every epoch's order, as ``fit(..., seed=seed, shuffle=shuffle)`` trains on them."""
    rng = np.random.default_rng(seed)
    return [epoch_order(num_samples, rng, shuffle) for _ in range(epochs)]


def batches_of(order: np.ndarray, batch_size: int) -> list[np.ndarray]:
    """``order`` cut into consecutive batches of ``batch_size``; the last may be smaller."""
    return [order[start : start + batch_size] for start in range(0, len(order), batch_size)]


def minibatch_indices(num_samples: int, batch_size: int, rng: np.random.Generator) -> list:
    """A new random order of 0..num_samples-1 drawn from ``rng``, cut into batches."""
    return batches_of(rng.permutation(num_samples), batch_size)
