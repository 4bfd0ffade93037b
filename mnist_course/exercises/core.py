"""What an exercise is, and how a learner's answer is checked against the reference.

A check calls the learner's function on fixed inputs, random inputs and edge cases,
and compares each result with the reference solution's. Whatever goes wrong (an
exception, ``None``, a wrong shape or dtype, NaN, an input changed in place, wrong
values) becomes a short message: the input, what was expected, what came back, and,
when the answer matches a typical mistake, which one.
"""

from __future__ import annotations

import copy
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


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
    reference: Callable  # the correct answer; solution(name) shows its source
    cases: Callable[[], list[Case]]
    hints: tuple[str, str, str]  # the idea, then the shapes, then near-code
    mistakes: dict[str, Callable] = field(default_factory=dict)  # description -> wrong answer
    rtol: float = 1e-6
    atol: float = 1e-9
    exact_dtype: bool = True  # the result's dtype must be the reference's
    # For answers that may rightly differ from the reference's values (a random order),
    # a function (answer's result, case) -> problem or None replaces the comparison.
    validate: Callable | None = None


@dataclass(frozen=True)
class Result:
    """The outcome of a check: ``passed``, or ``todo`` (the stub is untouched), and why."""

    name: str
    passed: bool
    todo: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return self.message

    @property
    def summary(self) -> str:
        """The first line of the message."""
        return self.message.splitlines()[0]


def run_check(exercise: Exercise, answer: Callable) -> Result:
    """Check ``answer`` on every case; stop at the first problem and explain it."""
    name = exercise.name
    if not callable(answer):
        return Result(
            name, False, False, f"✗ {name}: expected a function, got {type(answer).__name__}"
        )
    cases = exercise.cases()
    for case in cases:
        problem = _check_case(exercise, answer, case)
        if problem is not None:
            todo = problem.startswith("not written yet")
            return Result(name, False, todo, f"{'…' if todo else '✗'} {name}: {problem}")
    return Result(name, True, False, f"✓ {name}: correct on all {len(cases)} cases")


def _check_case(exercise: Exercise, answer: Callable, case: Case) -> str | None:
    args = copy.deepcopy(case.args)
    try:
        # NaN and overflow are reported from the result, not as warnings mid-way.
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            got = answer(*args)
    except NotImplementedError:
        return "not written yet (it raises NotImplementedError): replace the `raise` with your code"
    except Exception as error:  # the learner's code, whatever it raises
        return (
            f"raised {type(error).__name__}: {error}\n  case:     {case.label}\n"
            f"  input:    {_describe_args(case.args)}\n  where:    {_learner_line(error)}"
        )
    for original, after in zip(case.args, args):
        if isinstance(original, np.ndarray) and not np.array_equal(original, after, equal_nan=True):
            return (
                f"changed its input in place (case: {case.label}); work on a copy "
                "instead: functions like np.maximum return a new array"
            )
    if exercise.validate is not None:  # answers that may rightly differ from the reference
        problem, shown = exercise.validate(got, case), []
    else:
        expected = exercise.reference(*copy.deepcopy(case.args))
        problem = _compare(exercise, got, expected)
        shown = [f"  expected: {_show(expected)}", f"  got:      {_show(got)}"]
    if problem is None:
        return None
    lines = [
        problem,
        f"  case:     {case.label}",
        f"  input:    {_describe_args(case.args)}",
        *shown,
    ]
    likely = _recognise_mistake(exercise, got, case)
    if likely:
        lines.append(f"  likely:   {likely}")
    return "\n".join(lines)


def _compare(exercise: Exercise, got, expected) -> str | None:
    if got is None:
        return "returned None: did you forget `return`?"
    if isinstance(expected, tuple):
        if not isinstance(got, tuple | list) or len(got) != len(expected):
            return f"expected a tuple of {len(expected)} values, got {type(got).__name__}"
        for position, (one_got, one_expected) in enumerate(zip(got, expected)):
            problem = _compare(exercise, one_got, one_expected)
            if problem:
                return f"value {position + 1} of {len(expected)}: {problem}"
        return None
    if isinstance(expected, np.ndarray):
        got_array = np.asarray(got)
        if got_array.shape != expected.shape:
            return f"wrong shape: expected {expected.shape}, got {got_array.shape}"
        if exercise.exact_dtype and got_array.dtype != expected.dtype:
            return f"wrong dtype: expected {expected.dtype}, got {got_array.dtype}"
        got = got_array
    try:
        got_values = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return f"expected a number or an array, got {type(got).__name__}"
    expected_values = np.asarray(expected, dtype=np.float64)
    if got_values.shape != expected_values.shape:
        return f"wrong shape: expected {expected_values.shape}, got {got_values.shape}"
    if np.isnan(got_values).any() and not np.isnan(expected_values).any():
        return "returned NaN (not a number): an overflow, or 0/0, along the way?"
    if not np.allclose(
        got_values, expected_values, rtol=exercise.rtol, atol=exercise.atol, equal_nan=True
    ):
        return "wrong values"
    return None


def _recognise_mistake(exercise: Exercise, got, case: Case) -> str | None:
    for description, mistake in exercise.mistakes.items():
        try:
            with np.errstate(all="ignore"):
                wrong = mistake(*copy.deepcopy(case.args))
            if _same(exercise, got, wrong):
                return description
        except Exception:  # a mistake that cannot run on this case is simply not it
            continue
    return None


def _same(exercise: Exercise, got, wrong) -> bool:
    """Whether an answer equals a known mistake's result (lists of arrays included)."""
    if isinstance(wrong, list):
        return (
            isinstance(got, list)
            and len(got) == len(wrong)
            and all(np.array_equal(a, b) for a, b in zip(got, wrong))
        )
    return _compare(exercise, got, wrong) is None


def _learner_line(error: Exception) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    if len(frames) < 2:
        return "(no line)"
    frame = frames[-1]
    return f"line {frame.lineno}: {frame.line}"


def _describe_args(args: tuple) -> str:
    return ", ".join(_show(arg) for arg in args)


def _show(value) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    if isinstance(value, list) and len(value) > 4:
        return f"a list of {len(value)}: [{_show(value[0])}, ..., {_show(value[-1])}]"
    if callable(value):
        return getattr(value, "__name__", "a function")
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=4, threshold=12, edgeitems=2, separator=", ")
        return f"{value.dtype} {value.shape} {' '.join(text.split())}"
    return repr(value)
