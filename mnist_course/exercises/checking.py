"""Checking a learner's answer: every case, compared with the reference, explained.

The answer runs on each case under a time limit. The first problem found is reported:
the case, its input, what was expected and what came back. "likely:" names a typical
mistake only when the answer gives exactly that mistake's results on every case it
was run on, so a coincidence on one case (two wrong answers both returning inf) does
not name the wrong cause.
"""

from __future__ import annotations

import copy
import inspect
import sys
import warnings
from collections.abc import Callable

import numpy as np

from .compare import compare, describe_args, largest_difference, relative_distance, same, show
from .core import Case, Exercise, Result
from .dtype_policy import tolerances, upcast_problem
from .running import AnswerTimeout, call_with_time_limit, learner_location, timeout_message

_NAME_ERROR_HINT = (
    "\n  note:     an answer may use np, math and what the lesson's setup cell defines; "
    "the terminal, pytest and the page run only the setup and exercise cells"
)


def run_check(exercise: Exercise, answer: Callable) -> Result:
    """Check ``answer`` on every case; explain the first problem."""
    name = exercise.name
    if not callable(answer):
        return Result(
            name, False, False, f"✗ {name}: expected a function, got {type(answer).__name__}"
        )
    cases = exercise.cases()
    outputs: list[tuple[Case, object]] = []
    for case in cases:
        problem, got = _check_case(exercise, answer, case)
        if problem is None:
            outputs.append((case, got))
            continue
        if problem.startswith("not written yet"):
            return Result(name, False, True, f"… {name}: {problem}")
        if got is not _NOTHING:
            outputs.append((case, got))
            outputs += _outputs_of_remaining(answer, cases[len(outputs) :])
            likely = (
                None if exercise.validate_names_mistakes else _recognise_mistake(exercise, outputs)
            )
            if not likely and exercise.explain:
                likely = exercise.explain(got, case)
            if likely:
                problem += f"\n  likely:   {likely}"
        return Result(name, False, False, f"✗ {name}: {problem}")
    return Result(name, True, False, f"✓ {name}: correct on all {len(cases)} cases")


def _missing_module(error: Exception) -> str:
    """A library the page's Python lacks (it has NumPy only): not a mistake in the answer."""
    if not isinstance(error, ModuleNotFoundError) or sys.platform != "emscripten":
        return ""
    return (
        f"\n  note:     the page's Python has NumPy only ({error.name} is not here): the "
        "answer may be right; write it with NumPy, or check it in the notebook or terminal"
    )


_NOT_WRITTEN = "not written yet (it raises NotImplementedError): replace the `raise` with your code"
_NOTHING = object()  # the answer raised or was stopped: there is no result to compare


def _call(answer: Callable, args: tuple):
    # NaN and overflow are reported from the result, not as warnings mid-way.
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return call_with_time_limit(answer, *args)


def _check_case(exercise: Exercise, answer: Callable, case: Case) -> tuple[str | None, object]:
    args = copy.deepcopy(case.args)
    given = describe_args(case.args, _parameter_names(exercise.reference))
    where = f"\n  case:     {case.label}\n  input:    {given}"
    try:
        got = _call(answer, args)
    except NotImplementedError:
        return _NOT_WRITTEN, _NOTHING
    except AnswerTimeout as stopped:
        return f"{timeout_message()}{where}\n  stopped:  {learner_location(stopped)}", _NOTHING
    except Exception as error:  # the learner's code, whatever it raises
        note = _NAME_ERROR_HINT if isinstance(error, NameError) else _missing_module(error)
        likely = _mistake_raising_alike(exercise, case, error)
        note += f"\n  likely:   {likely}" if likely else ""
        message = f"raised {type(error).__name__}: {error}{where}"
        return f"{message}\n  where:    {learner_location(error)}{note}", _NOTHING
    for position, (original, after) in enumerate(zip(case.args, args)):
        if isinstance(original, np.ndarray) and not np.array_equal(original, after, equal_nan=True):
            name = _argument_name(answer, position)
            return _changed_in_place(name, case, original, after), _NOTHING
    upcast = upcast_problem(case.args, got)
    if upcast is not None:  # one policy for every exercise, before any comparison
        headline, _, advice = upcast.partition("\n")  # the case first, then the cure
        return headline + where + (f"\n{advice}" if advice else ""), _NOTHING
    if exercise.validate is not None:  # answers that may rightly differ from the reference
        try:
            problem = exercise.validate(got, case, _Runner(answer))
        except (Exception, AnswerTimeout) as error:
            return _validation_raised(error, got) + where, _NOTHING
        return (None if problem is None else problem + where), got
    expected = exercise.reference(*copy.deepcopy(case.args))
    problem = _compare(exercise, got, expected)
    if problem is None or any(
        _compare(exercise, got, other(*copy.deepcopy(case.args))) is None
        for other in exercise.alternatives.values()
    ):
        return None, got
    shown = show(expected), show(got)
    problem += f"{where}\n  expected: {shown[0]}\n  got:      {shown[1]}"
    entry = largest_difference(got, expected) if shown[0] == shown[1] else None
    problem += f"\n  differ:   {entry} (the previews above leave it out)" if entry else ""
    return problem + _why_an_alternative_differs(exercise, got, expected, case), got


def _parameter_names(function: Callable) -> tuple[str, ...]:
    try:
        return tuple(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return ()


def _validation_raised(error: BaseException, got) -> str:
    """Checking raised: in the answer run again, or in the check on a result it cannot read."""
    where = learner_location(error)
    if isinstance(error, AnswerTimeout):
        return f"{timeout_message()} (run again by the check)\n  stopped:  {where}"
    if where != "(not in your code)":
        raised = f"raised {type(error).__name__} when the check ran it again: {error}"
        return f"{raised}\n  where:    {where}"
    return (
        f"the check could not read what it returned ({type(error).__name__}: {error}); "
        f"it returned {show(got)}: compare with what the exercise asks for"
    )


class _Runner:
    """``validate``'s ``call``: runs the answer again (time-limited); ``answer`` is the
    function itself, for a composition whose reference takes the pieces it calls."""

    def __init__(self, answer: Callable) -> None:
        self.answer = answer

    def __call__(self, *args):
        return _call(self.answer, args)


def _changed_in_place(name: str, case: Case, original: np.ndarray, after: np.ndarray) -> str:
    """What the answer did to the caller's array: rounding left behind, or a change."""
    if original.shape == after.shape and np.issubdtype(original.dtype, np.floating):
        with np.errstate(all="ignore"):  # inf or NaN where the change is large: not rounding
            ulps = np.abs(after - original) / np.spacing(np.abs(original))
        if np.isfinite(ulps).all() and ulps.max() <= 4:  # undone by arithmetic, up to rounding
            where = np.unravel_index(np.argmax(ulps), ulps.shape)
            return (
                f"left its input {name} changed by rounding (case: {case.label}): entry "
                f"{tuple(int(i) for i in where)} went from {float(original[where])!r} to "
                f"{float(after[where])!r}, {int(ulps.max())} ulp, after being nudged and nudged "
                "back (+h, -2h, +h does not add up to 0 in floating point); save the old value "
                "and put it back (`old = w[i]` ... `w[i] = old`), or nudge a copy"
            )
    changed = np.argwhere(original != after) if original.shape == after.shape else []
    steps = [abs(float(after[tuple(i)]) - float(original[tuple(i)])) for i in changed]
    scale = float(np.abs(original).max(initial=0)) if len(changed) else 0.0
    if (
        0 < len(changed) < original.size
        and max(steps) < 1e-3 * scale
        and np.allclose(steps, steps[0], rtol=1e-3)
    ):  # some entries, each moved by the same small amount: a nudge never put back
        where = tuple(int(i) for i in changed[0])
        return (
            f"left {len(changed)} entr{'y' if len(changed) == 1 else 'ies'} of its input "
            f"{name} changed (case: {case.label}): entry {where} went from "
            f"{float(original[where])!r} to {float(after[where])!r}, a value set during the "
            "computation and not put back; restore it after use (`old = w[i]` ... "
            "`w[i] = old`), or work on a copy"
        )
    return (
        f"changed its input in place ({name}; case: {case.label}); work on a copy: "
        "`x - y` and `np.maximum(x, 0)` return new arrays, while `x -= y` and `x[i] = ...` "
        "change the caller's array"
    )


def _argument_name(answer: Callable, position: int) -> str:
    """`param`, as the learner named it, or "argument 2" when the signature is unknown."""
    try:
        names = list(inspect.signature(answer).parameters)
    except (TypeError, ValueError):
        names = []
    return f"`{names[position]}`" if position < len(names) else f"argument {position + 1}"


def _compare(exercise: Exercise, got, expected) -> str | None:
    rtol, atol = tolerances(expected, exercise.rtol, exercise.atol)
    return compare(got, expected, rtol=rtol, atol=atol, exact_dtype=exercise.exact_dtype)


def _why_an_alternative_differs(exercise: Exercise, got, expected, case: Case) -> str:
    """When an answer is near an accepted variant, and nearer it than the reference, say so.

    Nearer matters: a variant a few parts in a million from the reference is "close" to
    every answer that is close to the reference, whatever that answer's real mistake.
    """
    for description, other in exercise.alternatives.items():
        variant = other(*copy.deepcopy(case.args))
        if compare(got, variant, rtol=1e-3, atol=0.0, exact_dtype=False) is None and (
            relative_distance(got, variant) < relative_distance(got, expected)
        ):
            return f"\n  close to: {description}, but not within the tolerance"
    return ""


def _outputs_of_remaining(answer: Callable, cases: list[Case]) -> list[tuple[Case, object]]:
    """The answer's results on the cases after the failing one (for recognising mistakes)."""
    outputs = []
    for case in cases:
        try:
            outputs.append((case, _call(answer, copy.deepcopy(case.args))))
        except (Exception, AnswerTimeout):
            break
    return outputs


def _mistake_raising_alike(exercise: Exercise, case: Case, error: Exception) -> str | None:
    """The one typical mistake that raises the same error, word for word, on this case (a
    transposed operand's matmul error names the same shapes); None when none does, or
    when several do (a generic error says nothing of which)."""
    alike = []
    for description, mistake in exercise.mistakes.items():
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                mistake(*copy.deepcopy(case.args))
        except Exception as raised:
            if type(raised) is type(error) and str(raised) == str(error):
                alike.append(description)
    return alike[0] if len(alike) == 1 else None


def _recognise_mistake(exercise: Exercise, outputs: list[tuple[Case, object]]) -> str | None:
    for description, mistake in exercise.mistakes.items():
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                if all(
                    same(got, mistake(*copy.deepcopy(case.args)), case.args)
                    for case, got in outputs
                ):
                    return description
        except Exception:  # a mistake that cannot run on these cases is simply not it
            continue
    return None
