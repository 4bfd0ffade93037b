"""Keras's side of the ladder, recorded: every answer the real model gave, read from a file.

``Recorder`` wraps the live side while the reference climbs the learner's ladder (at site
build time, ``site/build_keras_ladder``) and keeps each answer with a digest of the
question (its input arrays). The file is a compressed ``.npz`` per dtype: the answers'
arrays, the digits the ladder ran on, and a JSON index (``meta``); a manifest beside it
gives each file's SHA-256, checked on load. ``RecordedKeras`` answers only the questions
asked when recording; any other is a ``RecordingMismatch``, never a wrong answer.
NumPy and the standard library only: this runs in the page, where TensorFlow does not.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import numpy as np

from ..data import MnistData
from .keras_sides import RecordingMismatch

FORMAT = 1
METHODS = (
    "initial_weights",
    "forward",
    "layer_outputs",
    "softmax",
    "losses",
    "loss_from_logits",
    "gradients",
    "model_gradients",
    "adam_step",
)


def digest_of(*args) -> str:
    """SHA-256 of the arrays (and lists of arrays) asked about; integers as int64, so a
    32-bit browser (intp is int32 there) asks the same question as a laptop."""
    sha = hashlib.sha256()
    for arg in args:
        for array in arg if isinstance(arg, list | tuple) else [arg]:
            array = np.asarray(array)
            if array.dtype.kind in "iu":
                array = array.astype(np.int64)
            sha.update(f"{array.dtype.str}{array.shape}".encode())
            sha.update(np.ascontiguousarray(array).tobytes())
    return sha.hexdigest()


class Recorder:
    """The live side, with every answer kept: ``arrays`` and ``answers`` go to the file."""

    def __init__(self, live) -> None:
        self.live, self.dtype, self.seed, self.note = live, live.dtype, live.seed, None
        self.arrays: dict[str, np.ndarray] = {}
        self.answers: dict[str, dict] = {}

    def __getattr__(self, method: str):
        if method not in METHODS:
            raise AttributeError(method)

        def recorded(*args):
            result = getattr(self.live, method)(*args)
            spec = _flatten(result, method, self.arrays)
            self.answers[method] = {"question": digest_of(*args), "answer": spec}
            return result

        return recorded


def recording_bytes(recorder: Recorder, data: MnistData, settings: dict) -> bytes:
    """The compressed file: the answers, the digits they came from, the index."""
    meta = {"format": FORMAT, **settings, "answers": recorder.answers}
    arrays = {
        **recorder.arrays,
        "data/x_train": data.x_train,
        "data/y_train": data.y_train,
        "meta": np.array(json.dumps(meta)),
    }
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


class RecordedKeras:
    """Keras's answers read from a recording (``from_bytes``, ``load``)."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict) -> None:
        self.arrays, self.meta = arrays, meta
        self.dtype, self.seed = meta["dtype"], meta["seed"]
        self.note = (
            f"Keras's side: recorded when the site was built (Keras {meta['keras']}, "
            f"TensorFlow {meta['tensorflow']}), not run now"
        )

    @classmethod
    def from_bytes(cls, content: bytes, sha256: str) -> RecordedKeras:
        """Read a recording; raises ValueError if its digest is not ``sha256``."""
        digest = hashlib.sha256(content).hexdigest()
        if digest != sha256:
            raise ValueError(
                f"the recording of Keras's side has digest {digest[:12]}..., not "
                f"{sha256[:12]}...: the file is damaged or from another build"
            )
        with np.load(io.BytesIO(bytes(content)), allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        meta = json.loads(str(arrays.pop("meta")))
        if meta.get("format") != FORMAT:
            raise ValueError(f"a recording of format {meta.get('format')}, not {FORMAT}")
        return cls(arrays, meta)

    @classmethod
    def load(cls, manifest: Path, dtype: str) -> RecordedKeras:
        """The ``dtype`` recording named by ``manifest`` (``keras-ladder.json``)."""
        about = read_manifest(manifest)
        if dtype not in about["files"]:
            raise ValueError(f"{manifest} holds no {dtype} recording: {sorted(about['files'])}")
        entry = about["files"][dtype]
        path = Path(manifest).parent / entry["file"]
        if not path.is_file():
            raise FileNotFoundError(f"{path}: the recording {manifest} names is not there")
        return cls.from_bytes(path.read_bytes(), entry["sha256"])

    def data(self) -> MnistData:
        """The digits the ladder ran on when recorded (no test set: the ladder needs none)."""
        empty = np.zeros((0, *self.arrays["data/x_train"].shape[1:]), np.uint8)
        source = self.meta["data"]
        return MnistData(
            self.arrays["data/x_train"],
            self.arrays["data/y_train"],
            empty,
            np.zeros(0, np.uint8),
            source["source"],
            "recorded",
            source["official"],
        )

    def settings(self) -> dict:
        """The ladder's settings the recording fits: seed, batch size, steps."""
        return {key: self.meta[key] for key in ("seed", "batch_size", "steps")}

    def __getattr__(self, method: str):
        if method not in METHODS:
            raise AttributeError(method)

        def answer(*args):
            kept = self.meta["answers"].get(method)
            if kept is None or kept["question"] != digest_of(*args):
                raise RecordingMismatch(
                    f"Keras's recorded side was not asked this {method} question when the "
                    f"site was built (recorded with seed {self.seed}, batch size "
                    f"{self.meta['batch_size']}, {self.dtype}): run with those settings, "
                    "or without the recording (TensorFlow)"
                )
            return _unflatten(kept["answer"], self.arrays)

        return answer


def read_manifest(manifest: Path) -> dict:
    path = Path(manifest)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no recording of Keras's side there")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise ValueError(f"{path} is not a recording's manifest (JSON): {error}") from None


def _flatten(value, key: str, arrays: dict[str, np.ndarray]):
    """A JSON description of ``value``; its arrays go into ``arrays`` under ``key/...``."""
    if isinstance(value, dict):
        return {"dict": [[k, _flatten(v, f"{key}/{k}", arrays)] for k, v in value.items()]}
    if isinstance(value, list | tuple):
        return {"list": [_flatten(v, f"{key}/{i}", arrays) for i, v in enumerate(value)]}
    if isinstance(value, np.ndarray | np.generic):
        arrays[key] = np.asarray(value)
        return {"array": key}
    if isinstance(value, bool | int | float):
        return {"number": value}
    raise TypeError(f"cannot record a {type(value).__name__} ({key})")


def _unflatten(spec: dict, arrays: dict[str, np.ndarray]):
    if "dict" in spec:
        return {k: _unflatten(v, arrays) for k, v in spec["dict"]}
    if "list" in spec:
        return [_unflatten(v, arrays) for v in spec["list"]]
    if "array" in spec:
        return arrays[spec["array"]].copy()
    return spec["number"]
