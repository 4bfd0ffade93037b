"""A learner's lessons folder for the ladder's tests: right answers and planted bugs.

``LADDER_CODE`` holds the first right answer of each ladder function, as learners write
them; ``PLANTED`` a few learner-style bugs, each replacing one of them. ``write_lessons``
writes the functions into exercise cells, where ``mnist-course parity --mine`` finds them;
the browser tests hand the same sources to ``window.mnistCourse.parity``.
"""

from __future__ import annotations

from pathlib import Path

from mnist_course.exercises import EXERCISES
from mnist_course.parity.learner import LEARNER_NAMES
from tests.exercise_answers import RIGHT, WRONG, setup_source

LADDER_CODE = {name: RIGHT[name][0] for name in LEARNER_NAMES}


def wrong(name: str, fragment: str) -> str:
    return next(source for source, said in WRONG[name] if fragment in said)


# bug -> (the function it replaces, its source): one kind per rung where they show.
PLANTED = {
    "softmax over the wrong axis": ("softmax", wrong("softmax", "wrong axis")),
    "cross-entropy's sign flipped": ("cross_entropy", wrong("cross_entropy", "sign is flipped")),
    "bias gradient averaged": ("dense_backward", wrong("dense_backward", "bias gradient")),
    "relu backward passes z == 0": ("relu_backward", wrong("relu_backward", "z == 0")),
    "Adam without bias correction": ("adam_step", wrong("adam_step", "without bias correction")),
}


def planted_code(bug: str) -> dict[str, str]:
    name, source = PLANTED[bug]
    return {**LADDER_CODE, name: source}


def write_lessons(folder: Path, code: dict[str, str]) -> Path:
    """Each function in a cell tagged exercise of its lesson's file, after the lesson's setup."""
    folder.mkdir(parents=True, exist_ok=True)
    by_lesson: dict[int, list[str]] = {}
    for name, source in code.items():
        by_lesson.setdefault(EXERCISES[name].lesson, []).append(source)
    for lesson, sources in by_lesson.items():
        cells = [f'# %% tags=["setup"]\n{setup_source(lesson)}\n']
        cells += [f'# %% tags=["exercise"]\n{source}\n' for source in sources]
        (folder / f"{lesson:02d}_mine.py").write_text("\n".join(cells), encoding="utf-8")
    return folder
