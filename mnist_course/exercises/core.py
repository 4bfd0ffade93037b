"""What an exercise is, and what checking one produces.

An exercise names a function, the lesson it belongs to, a reference answer used for
checking (the library's own function where the idea lives in the library), cases to try,
tiered hints, and fingerprints of typical mistakes. Its written-out solution is the
function of that name in ``solutions/lesson_NN.py``, read as text. Checking is in
``checking``; comparing in ``compare``.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HINT_LEVELS = 3  # every exercise has three hints: the idea, the shapes, near-code
SOLUTIONS = Path(__file__).resolve().parent / "solutions"


@dataclass(frozen=True)
class Case:
    """One input to try: a label for messages, and the arguments."""

    label: str
    args: tuple


@dataclass(frozen=True)
class Exercise:
    name: str  # what check("...") and hint("...") take; also the function's name
    lesson: int
    title: str
    reference: Callable  # the correct answer used for checking (never shown)
    cases: Callable[[], list[Case]]
    hints: tuple[str, ...]  # HINT_LEVELS of them: the idea, then the shapes, then near-code
    mistakes: dict[str, Callable] = field(default_factory=dict)  # description -> wrong answer
    # Other answers that are right too (e.g. Keras's float32-rounded betas), with why.
    alternatives: dict[str, Callable] = field(default_factory=dict)
    rtol: float = 1e-6
    atol: float = 1e-9
    exact_dtype: bool = True  # the result's dtype must be the reference's
    # For answers that may rightly differ from the reference's values (a random order):
    # validate(result, case, call) -> problem or None, where call(*args) runs the answer
    # again (under the same time limit), replaces the comparison with the reference.
    validate: Callable | None = None
    # True when validate names typical mistakes itself (an answer that works in place,
    # whose return value does not show the mistake): no "likely:" from return values.
    validate_names_mistakes: bool = False
    # explain(result, case) -> a likely cause that no fixed mistake reproduces (a mask
    # drawn afresh), asked when a wrong result matches none of ``mistakes``.
    explain: Callable | None = None
    # For a composition: compose(**pieces) is the reference built from the given pieces
    # (``use(name, answer, **pieces)`` falls back to it, so the learner's pieces still run).
    compose: Callable | None = None

    def __post_init__(self) -> None:
        if len(self.hints) != HINT_LEVELS:
            raise ValueError(f"{self.name}: {len(self.hints)} hints, not {HINT_LEVELS}")

    @property
    def solution(self) -> str:
        """A written-out answer, as a learner would write it in the exercise cell."""
        return solution_source(self.name, self.lesson)


def solution_source(name: str, lesson: int) -> str:
    """The text of function ``name`` in ``solutions/lesson_NN.py`` (never imported)."""
    path = SOLUTIONS / f"lesson_{lesson:02d}.py"
    source = path.read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            lines = source.splitlines(keepends=True)
            return "".join(lines[node.lineno - 1 : node.end_lineno])
    raise LookupError(f"{path.name} has no solution called {name!r}")


@dataclass(frozen=True)
class Result:
    """The verdict of a check: ``passed``, or ``todo`` (not written yet: the stub is
    untouched, or no function of that name), and why. ``as_dict()`` carries it to the page.

    ``check()`` prints the message; in Jupyter the returned Result then displays nothing,
    so the message appears once. Printed or shown in a plain Python prompt, it is short.
    """

    name: str
    passed: bool
    todo: bool
    message: str
    printed: bool = field(default=False, compare=False)

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"<Result {self.name}: {self.status}>"

    @property
    def status(self) -> str:
        """``passed``, ``to do`` (not written yet) or ``failed``."""
        if self.passed:
            return "passed"
        return "to do" if self.todo else "failed"

    def __str__(self) -> str:
        return self.message

    def _ipython_display_(self) -> None:
        """Jupyter shows a cell's last value: repeat nothing that check() already printed."""
        if not self.printed:
            print(self.message)

    @property
    def summary(self) -> str:
        """The first line of the message."""
        return self.message.splitlines()[0]

    def as_dict(self) -> dict:
        """The verdict as JSON-able fields, for the page: it reads these, never the text."""
        return {
            "name": self.name,
            "passed": self.passed,
            "todo": self.todo,
            "status": self.status,
            "summary": self.summary,
            "message": self.message,
        }


def platform_labels(values) -> np.ndarray:
    """Integer labels as the platform's index type.

    NumPy's ``np.bincount`` and friends refuse int64 on a 32-bit platform (WebAssembly in
    the browser), so cases use np.intp: the same answer gets the same verdict everywhere.
    """
    return np.asarray(values, dtype=np.intp)


def pieces_in_scope(answer, course_pieces: dict) -> dict:
    """The pieces a composition's answer calls (its own namespace's train_step, forward,
    ...: in the notebook the learner's), so that a right composition matches to the last
    bit whichever right pieces it runs on; the course's where its namespace has none."""
    names = getattr(answer, "__globals__", {})
    pieces = {name: names.get(name, piece) for name, piece in course_pieces.items()}
    return pieces if all(callable(piece) for piece in pieces.values()) else course_pieces


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def ignores_generator(call: Callable, args: tuple, got, *, draws: str, what: str) -> str | None:
    """Why an answer does not draw from the generator passed last in ``args``, or None.

    Two generators in the same state must give the same ``what`` (``got``: an array), and
    another generator another one. ``call(*args)`` runs the answer again and returns an
    array; ``draws`` names the call to use (``rng.uniform``).
    """
    *rest, generator = args
    if not np.array_equal(call(*rest, copy.deepcopy(generator)), got):
        return (
            "ignores the generator passed in: two generators in the same state gave "
            f"different {what}s; draw from rng ({draws}), not np.random"
        )
    other = np.random.default_rng(np.random.SeedSequence(12345))
    if np.array_equal(call(*rest, other), got):
        return f"ignores the generator passed in: another generator gave the same {what}"
    return None
