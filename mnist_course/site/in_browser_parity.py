"""Lesson 6's parity ladder in the page (issue 23): runs in Pyodide, in the page's worker.

The learner's functions are the page's code by exercise name (as ``train`` gathers it),
each defined after its lesson's setup as ``parity --mine`` does; the ladder is
``parity.learner.parity_of``, the very code behind ``mnist-course parity --mine``, run
against Keras's side as the real model recorded it when the site was built
(``parity.recorded``), on the digits recorded with it.
"""

from __future__ import annotations

from ..exercises import EXERCISES
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


def run_ladder(code: dict[str, str], setups: dict, dtype: str) -> dict:
    """``{passed, first_failure: {rung, name} | None, text, functions}``; ``text`` is the
    report ``mnist-course parity --mine --recorded`` prints for the same functions.

    As that command reads a lessons folder, each function is defined after its own
    lesson's setup (``setups``: lesson number -> code), with that lesson's other answers.
    """
    keras = _recordings[dtype]
    by_lesson: dict[int, dict[str, str]] = {}
    for name, source in code.items():
        if name in EXERCISES:
            by_lesson.setdefault(EXERCISES[name].lesson, {})[name] = source
    answers = {}
    for lesson, sources in sorted(by_lesson.items()):
        setup = setups.get(str(lesson), setups.get(lesson, ""))
        answers.update(learner_answers(sources, setup))
    mine = written({name: f for name, f in answers.items() if name in LEARNER_NAMES})
    report = parity_of(answers, dtype, data=keras.data(), keras=keras, **keras.settings())
    failure = report.first_failure
    return {
        "passed": report.passed,
        "first_failure": None if failure is None else {"rung": failure.rung, "name": failure.name},
        "text": report.table(),
        "functions": {name: "yours" if name in mine else "reference" for name in LEARNER_NAMES},
    }
