"""Whose functions ran on the ladder: what the report's ``yours:`` line leaves out.

The ladder runs every function a learner has written (``learner.FALLBACK_RULE``); these
notes say which of them fail their exercise check (they run all the same, while lesson
6's ``use`` trains with the course's in their place), whose pieces the learner's
``train_step`` calls, and which of their training functions the ladder does not run.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np

from .learner import is_written

# What lesson 6's train_step calls, by the names its setup cell gives them.
TRAIN_STEP_PIECES: tuple[str, ...] = (
    "forward",
    "cross_entropy",
    "cross_entropy_backward",
    "backward",
    "relu_backward",
    "dense_backward",
    "adam_step",
)
# Lesson 6's training uses these too; the ladder does not run them (see ``whose_notes``).
OFF_LADDER: tuple[str, ...] = ("split_validation", "glorot_uniform", "minibatch_indices", "fit")


def whose_notes(
    answers: dict[str, Callable], mine: dict[str, Callable], ran: list[str]
) -> list[str]:
    """What the ``yours:`` line leaves out: which of yours fail their exercise check (they
    run all the same), whose pieces your ``train_step`` calls, and which of your training
    functions the ladder does not run."""
    from ..exercises import get_exercise
    from ..exercises.checking import run_check

    notes = []
    failing = {}
    for name, function in ((name, answers[name]) for name in ran):
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")  # the check's verdict is all this needs
            result = run_check(get_exercise(name), function)
        if not result.passed:
            failing[name] = result.summary.split(": ", 1)[-1]
    if failing:
        reasons = "; ".join(f"{name} ({_short(reason)})" for name, reason in failing.items())
        notes.append(
            "yours, failing its exercise check, ran anyway (in lesson 6's training, use() "
            f"puts the course's in its place): {reasons}"
        )
    if "train_step" in mine:
        course = _course_pieces(mine["train_step"])
        if course:
            notes.append(
                f"your train_step, read from your lesson 6 file as mnist-course check reads "
                f"it, calls the course's {', '.join(course)} there (its setup cell gives "
                "them; lesson 6's section 1 hands it yours instead); your own pieces have "
                "rows of their own"
            )
    off = [name for name in OFF_LADDER if name not in ran and is_written(answers, name)]
    if off:
        notes.append(
            f"yours, not on the ladder (it starts from Keras's weights and feeds its own "
            f"batches; mnist-course check tests them): {', '.join(off)}"
        )
    return notes


def _course_pieces(train_step: Callable) -> list[str]:
    """The pieces ``train_step`` finds in its module that are the course's own."""
    from ..exercises import lesson_06_train_step as course

    found = getattr(train_step, "__globals__", {})
    return [name for name in TRAIN_STEP_PIECES if found.get(name) is getattr(course, name)]


def _short(reason: str, width: int = 70) -> str:
    return reason if len(reason) <= width else reason[: width - 3].rstrip() + "..."
