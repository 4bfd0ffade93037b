"""The learner's own trained network, handed from lesson 6 to the lessons after it.

Lesson 6 trains the learner's composition (their ``train_step`` and ``fit``) and saves
the result with ``save_learner_run``; lesson 7 reads it with ``load_learner_run`` beside
``course.keras_run()``. The file lives in the course's cache folder (``runs/``, never the
repository), one per mode: a quick-mode run never stands in for a full one. It is an
``.npz`` without pickle: the weights keyed ``dense_1/kernel`` and so on (as
``MLP.save``), the weights it started from (``initial/dense_1/kernel``...: lesson 7 asks
which ones training never moved), the history as JSON, and the test accuracy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import config
from .data import cache_dir
from .history import TrainingHistory


@dataclass
class LearnerRun:
    params: list[np.ndarray]  # [kernel 1, bias 1, ..., kernel 4, bias 4]
    history: TrainingHistory
    test_accuracy: float
    path: Path
    initial_params: list[np.ndarray] | None = None  # before training; None in older files


def learner_run_path(quick: bool) -> Path:
    """Where lesson 6 keeps the learner's run: one file for full mode, one for quick."""
    return cache_dir() / "runs" / ("learner-quick.npz" if quick else "learner.npz")


def save_learner_run(
    params: list[np.ndarray],
    history: TrainingHistory,
    test_accuracy: float,
    *,
    quick: bool,
    initial_params: list[np.ndarray] | None = None,
) -> Path:
    """Write the learner's trained weights (and those they started from), history and
    test accuracy; returns the path."""
    names = config.weight_names()
    for arrays in (params, initial_params or names):
        if len(arrays) != len(names):
            raise ValueError(
                f"expected {len(names)} arrays ({', '.join(names)}), got {len(arrays)}"
            )
    initial = dict(zip((f"initial/{name}" for name in names), initial_params or []))
    path = learner_run_path(quick)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.npz")  # written whole, then renamed: never half a file
    np.savez(
        partial,
        **dict(zip(names, params)),
        **initial,
        history=np.array(json.dumps(history.to_dict())),
        test_accuracy=np.array(float(test_accuracy)),
    )
    partial.replace(path)
    return path


def load_learner_run(*, quick: bool) -> LearnerRun:
    """The run lesson 6 saved in this mode; a clear error if lesson 6 has not run yet."""
    path = learner_run_path(quick)
    if not path.exists():
        mode = "quick" if quick else "full"
        raise FileNotFoundError(
            f"no trained network of yours in {mode} mode yet ({path}): run lesson 6 first, "
            "in the same mode (it saves your network at the end of section 6)"
        )
    with np.load(path, allow_pickle=False) as archive:
        params = [archive[name] for name in config.weight_names()]
        initial = [f"initial/{name}" for name in config.weight_names()]
        initial_params = [archive[name] for name in initial] if initial[0] in archive else None
        saved = json.loads(str(archive["history"]))
        test_accuracy = float(archive["test_accuracy"])
    history = TrainingHistory(saved["history"], saved["seconds_per_epoch"])
    return LearnerRun(params, history, test_accuracy, path, initial_params)
