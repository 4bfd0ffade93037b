"""A training run kept on disk and shared between lessons, verified each time it is read.

Lessons 6 and 7 both need the Keras network trained with the course's settings (about
15 s on 2 cores). The first lesson to ask trains it and writes it to the course's own cache folder
(``cache_dir()/runs``, never the repository or a folder of the learner's); the next one
reads it back. A run is keyed by everything that decides its numbers (settings, the
data's digest, library versions, the training code), and its files' SHA-256 digests are
checked when read: a run that does not match is trained again, and the lesson says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import numpy as np

from . import config, runs
from .data import MnistData, cache_dir
from .history import TrainingHistory

MANIFEST = "manifest.json"
LOCK_WAIT_SECONDS = 900  # longer than any training run of the course


def runs_dir() -> Path:
    """Where shared runs live: ``runs`` inside the course's cache folder."""
    return cache_dir() / "runs"


def run_key(settings: runs.RunSettings, data: MnistData) -> dict:
    """Everything that decides a run's numbers, as a JSON-ready dict."""
    digest = hashlib.sha256()
    for array in (data.x_train, data.y_train, data.x_test, data.y_test):
        digest.update(np.ascontiguousarray(array).tobytes())
    trainer = "keras_mlp.py" if settings.impl == "keras" else "numpy_mlp/train.py"
    return {
        "settings": asdict(settings),
        "data_sha256": digest.hexdigest(),
        "versions": runs.library_versions(settings.impl),
        "trainer_sha256": _file_digest(Path(__file__).parent / trainer),
    }


def shared_run(settings: runs.RunSettings, data: MnistData) -> runs.RunResult:
    """The run for ``settings`` on ``data``: read from the cache if verified, else trained."""
    key = run_key(settings, data)
    name = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]
    folder = runs_dir() / f"{settings.impl}-{name}"
    with _lock(folder.with_name(folder.name + ".lock")):
        result, problem = _read(folder, key, settings, data)
        # Named by key and settings, never by folder: these lines land on the site.
        if result is not None:
            print(f"Read the {describe(settings, name)}, trained earlier and verified.")
            return result
        print(f"Training the {describe(settings, name)} ({problem}); later lessons reuse it.")
        result = runs.train_run(settings, data, verbose=0)
        _write(result, folder, key)
        return result


def describe(settings: runs.RunSettings, name: str) -> str:
    """A run in words, the same on every machine: its short key and the settings it used."""
    return (
        f"{settings.impl} run {name[:8]} ({settings.epochs} epochs, batch {settings.batch_size},"
        f" seed {settings.seed}, {settings.dtype})"
    )


def _read(folder: Path, key: dict, settings: runs.RunSettings, data: MnistData):
    """(result, None) for a run that verifies, else (None, why not)."""
    if not (folder / MANIFEST).exists():
        return None, "no earlier run with these settings"
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest["key"] != key:
            return None, "the earlier run's settings differ"
        for file_name, digest in manifest["sha256"].items():
            if _file_digest(folder / file_name) != digest:
                return None, f"the earlier run's {file_name} has changed"
        saved = json.loads((folder / "history.json").read_text(encoding="utf-8"))
        metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
        with np.load(folder / "weights.npz", allow_pickle=False) as archive:
            weights = [archive[name] for name in config.weight_names()]
    except (OSError, ValueError, KeyError) as error:
        # An OSError's text holds the folder's path, which would land on the site: name the file.
        filename = getattr(error, "filename", None)
        detail = f"{type(error).__name__} on {Path(filename).name}" if filename else error
        return None, f"the earlier run could not be read: {detail}"
    history = TrainingHistory(saved["history"], saved["seconds_per_epoch"])
    result = runs.RunResult(
        settings, history, metrics["test_loss"], metrics["test_accuracy"], weights, data
    )
    return result, None


def _write(result: runs.RunResult, folder: Path, key: dict) -> None:
    """Write into a temporary folder, then move it in place: never a half-written run."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".writing-"))
    runs.save_run(result, staging)
    digests = {path.name: _file_digest(path) for path in sorted(staging.iterdir())}
    manifest = {"key": key, "sha256": digests}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if folder.exists():  # an earlier run of ours that failed verification
        shutil.rmtree(folder)
    staging.rename(folder)


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def _lock(path: Path):
    """One process trains a run while others wait for it (``mkdir`` is atomic everywhere)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            os.mkdir(path)
            break
        except FileExistsError:
            try:
                stale = time.time() - path.stat().st_mtime > LOCK_WAIT_SECONDS
            except FileNotFoundError:  # released just now: try again
                continue
            if stale or time.monotonic() > deadline:  # its owner died: take it over
                break
            time.sleep(0.5)
    try:
        yield
    finally:
        shutil.rmtree(path, ignore_errors=True)
