"""Lesson 6's parity ladder in the page (issue 23): runs in Pyodide, in the page's worker.

The learner's functions come as ``in_browser_training`` gathers them (each editor's code
after lesson 6's setup); the ladder is ``parity.learner.parity_of``, the very code behind
``mnist-course parity --mine``, run against Keras's side as the real model recorded it
when the site was built (``parity.recorded``), on the digits recorded with it.
"""

from __future__ import annotations

from ..parity.learner import LEARNER_NAMES, parity_of, written
from ..parity.recorded import RecordedKeras
from .in_browser_training import learner_answers

_recordings: dict[str, RecordedKeras] = {}


def load_recording(dtype: str, content, sha256: str) -> None:
    """Keep one dtype's recording; raises ValueError if its digest is not ``sha256``."""
    if hasattr(content, "to_bytes"):  # a JavaScript Uint8Array, in the worker
        content = content.to_bytes()
    _recordings[dtype] = RecordedKeras.from_bytes(bytes(content), sha256)


def has_recording(dtype: str) -> bool:
    return dtype in _recordings


def run_ladder(code: dict[str, str], setup: str, dtype: str) -> dict:
    """``{passed, first_failure: {rung, name} | None, text, functions}``; ``text`` is the
    report ``mnist-course parity --mine --recorded`` prints for the same functions."""
    keras = _recordings[dtype]
    answers = learner_answers(code, setup)
    mine = written({name: f for name, f in answers.items() if name in LEARNER_NAMES})
    report = parity_of(answers, dtype, data=keras.data(), keras=keras, **keras.settings())
    failure = report.first_failure
    return {
        "passed": report.passed,
        "first_failure": None if failure is None else {"rung": failure.rung, "name": failure.name},
        "text": report.table(),
        "functions": {name: "yours" if name in mine else "reference" for name in LEARNER_NAMES},
    }
