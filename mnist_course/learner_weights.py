"""The learner's trained weights: saved at the end of lesson 6, read by lesson 7.

They live in the course's cache folder (never the repository or a folder of the
learner's). Until lesson 6 has saved them, ``load_learner_weights`` returns None and
the lessons say so and use the course's reference network instead.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np

from . import config
from .data import cache_dir


def learner_weights_path() -> Path:
    return cache_dir() / "learner" / "weights.npz"


def save_learner_weights(weights: list[np.ndarray]) -> Path:
    """Write ``weights`` (``get_weights()`` order) where ``load_learner_weights`` reads them."""
    path = learner_weights_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **{f"w{index:02d}": array for index, array in enumerate(weights)})
    return path


def load_learner_weights() -> list[np.ndarray] | None:
    """The weights lesson 6 saved, in ``get_weights()`` order, or None if there are none.

    Weights of another shape than the course's network (an older run) count as none.
    """
    path = learner_weights_path()
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as saved:
        weights = [saved[key] for key in sorted(saved.files)]
    sizes = config.LAYER_SIZES
    expected = [shape for a, b in itertools.pairwise(sizes) for shape in ((a, b), (b,))]
    if [w.shape for w in weights] != expected:
        return None
    return weights
