"""Keras's side of the learner's ladder, recorded when the site is built (issue 23).

Runs on the build machine, with TensorFlow: the reference climbs rungs 1-5 of the
learner's ladder (``parity_of``) against the real Keras model wrapped in a
``parity.recorded.Recorder``, once per dtype, so the file holds exactly what that ladder
asks of Keras. Rung 5 on a learner's functions asks Keras nothing (each step is checked
against the reference's step), so the recording covers rungs 1-4 and the initial weights.
Written into the built site beside the page's digits, never into the repository:
``keras-ladder-float32.npz``, ``keras-ladder-float64.npz`` and ``keras-ladder.json``
(each file's SHA-256 and size, and the settings), which ``parity --mine --recorded`` reads.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path

from .. import config
from ..data import MnistData
from ..parity.recorded import Recorder, recording_bytes
from ..parity.training import VALIDATION_SAMPLES, training_samples

MANIFEST = "keras-ladder.json"


@dataclass(frozen=True)
class Recording:
    """What was written: the manifest and the bytes of every file."""

    manifest: Path
    sizes: dict[str, int]


def record_ladder(
    data: MnistData,
    dtype: str,
    *,
    seed: int = config.DEFAULT_SEED,
    batch_size: int = config.DEFAULT_BATCH_SIZE,
    steps: int = config.PARITY_STEPS,
) -> bytes:
    """One dtype's recording: the reference's ladder run against the live Keras side."""
    from ..parity.keras_sides import LiveKeras
    from ..parity.learner import parity_of

    needed = max(batch_size, training_samples(batch_size, steps) + VALIDATION_SAMPLES)
    if len(data.y_train) < needed:
        raise ValueError(
            f"the ladder needs {needed} training images; the data has {len(data.y_train)}"
        )
    ladder_data = replace(data, x_train=data.x_train[:needed], y_train=data.y_train[:needed])
    recorder = Recorder(LiveKeras(dtype, seed))
    report = parity_of(
        {}, dtype, seed=seed, batch_size=batch_size, steps=steps, data=ladder_data, keras=recorder
    )
    if not report.passed:  # the reference must agree with what it recorded
        raise RuntimeError(f"the reference fails the ladder it records:\n{report.table()}")
    return recording_bytes(recorder, ladder_data, _settings(data, dtype, seed, batch_size, steps))


def write_recordings(data: MnistData, dest: Path, **settings) -> Recording:
    """Both dtypes' recordings and their manifest into the folder ``dest`` of the site."""
    dest.mkdir(parents=True, exist_ok=True)
    files, sizes = {}, {}
    for dtype in config.DTYPES:
        content = record_ladder(data, dtype, **settings)
        name = f"keras-ladder-{dtype}.npz"
        (dest / name).write_bytes(content)
        files[dtype] = {
            "file": name,
            "sha256": hashlib.sha256(content).hexdigest(),
            "bytes": len(content),
        }
        sizes[name] = len(content)
    about = {"files": files, **_settings(data, None, **_defaults(settings))}
    text = json.dumps(about, indent=1) + "\n"
    (dest / MANIFEST).write_text(text, encoding="utf-8")
    sizes[MANIFEST] = len(text.encode())
    return Recording(dest / MANIFEST, sizes)


def _defaults(settings: dict) -> dict:
    return {
        "seed": settings.get("seed", config.DEFAULT_SEED),
        "batch_size": settings.get("batch_size", config.DEFAULT_BATCH_SIZE),
        "steps": settings.get("steps", config.PARITY_STEPS),
    }


def _settings(data: MnistData, dtype, seed, batch_size, steps) -> dict:
    import keras
    import tensorflow as tf

    return {
        **({"dtype": dtype} if dtype else {}),
        "seed": seed,
        "batch_size": batch_size,
        "steps": steps,
        "data": {"source": data.source, "official": data.official, "about": data.describe()},
        "keras": keras.__version__,
        "tensorflow": tf.__version__,
    }
