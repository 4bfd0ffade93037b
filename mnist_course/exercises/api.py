"""What a learner calls: check, hint, solution, use; and check_source for the browser."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from .catalogue import get_exercise
from .checking import run_check
from .core import HINT_LEVELS, Exercise, Result
from .running import (
    AnswerTimeout,
    call_with_time_limit,
    cell_place,
    learner_location,
    register_source,
    timeout_message,
)
from .unrun_cells import notebook_problem

_hints_shown: dict[str, int] = {}
_failed_checks: dict[str, Callable] = {}  # the answer check() last printed a failure for


def check(name: str, answer: Callable, *, quiet: bool = False) -> Result:
    """Check your function ``answer`` for exercise ``name``; prints what it found once."""
    result = _check_in_notebook(get_exercise(name), answer)
    if quiet:
        return result
    if result.passed or result.todo:
        _failed_checks.pop(name, None)
    else:
        _failed_checks[name] = answer
    print(result.message)
    return Result(result.name, result.passed, result.todo, result.message, printed=True)


def _check_in_notebook(exercise: Exercise, answer: Callable) -> Result:
    """The command's verdict: an answer using a cell the command does not run fails here too."""
    problem = callable(answer) and notebook_problem(answer, exercise.lesson)
    if problem:
        return Result(exercise.name, False, False, f"✗ {exercise.name}: {problem}")
    return run_check(exercise, answer)


def hint(name: str, level: int | None = None) -> str:
    """Print the next hint for ``name`` (or hint ``level``: 1 idea, 2 shapes, 3 near-code)."""
    hints = get_exercise(name).hints
    if level is None:
        level = min(_hints_shown.get(name, 0) + 1, HINT_LEVELS)
    if not 1 <= level <= HINT_LEVELS:
        raise ValueError(f"hint levels are 1 to {HINT_LEVELS}")
    _hints_shown[name] = max(_hints_shown.get(name, 0), level)
    text = f"Hint {level} of {HINT_LEVELS} for {name}: {hints[level - 1]}"
    if "\n" in hints[level - 1]:  # code, line by line: filling would run its lines together
        print(f"Hint {level} of {HINT_LEVELS} for {name}:")
        print(textwrap.indent(hints[level - 1], "    "))
    else:
        print(textwrap.fill(text, width=88, subsequent_indent="  "))
    return text


def solution(name: str) -> str:
    """Print a written-out solution: paste it into the exercise cell."""
    text = get_exercise(name).solution
    print(text)
    return text


def use(name: str, answer: Callable, **pieces: Callable) -> Callable:
    """Your function if it passes the check, else the course's reference; says which.

    ``pieces`` are the functions a composition calls (``fit``'s ``train_step``, ...): the
    course's composition is then built from them, so your pieces still run in it."""
    exercise = get_exercise(name)
    result = _check_in_notebook(exercise, answer)
    if result.passed:
        print(f"using your {name}")
        return answer
    built = f", built from the {', '.join(pieces)} above" if pieces else ""
    if result.todo:
        print(f"using the course's {name}{built} until you write yours")
    elif _failed_checks.get(name) is answer:  # check() has just printed why
        print(f"using the course's {name}{built}: yours does not pass check yet (see above)")
    else:
        reason = result.summary.split(": ", 1)[-1]
        print(f"using the course's {name}{built}: yours does not pass check yet ({reason})")
    if pieces:
        if exercise.compose is None:
            raise TypeError(f"use({name!r}, ...) takes no pieces: it is not a composition")
        return exercise.compose(**pieces)
    return exercise.reference


def check_source(name: str, source: str, *, setup: str = "") -> Result:
    """Run ``setup`` then ``source`` in a fresh namespace, as the command does; check ``name``.

    The page's verdict: ``check_source(...).as_dict()`` crosses to JavaScript as fields.
    """
    namespace: dict = {}
    for filename, code in (("<answer setup>", setup), ("<answer, cell 1>", source)):
        problem = run_cell(code, filename, namespace)
        if problem:
            return Result(name, False, False, f"✗ {name}: your code did not run: {problem}")
    answer = namespace.get(name)
    if answer is None:
        return Result(name, False, True, f"… {name}: no function called {name}")
    return run_check(get_exercise(name), answer)


def run_cell(source: str, filename: str, namespace: dict) -> str | None:
    """Execute one cell's code in ``namespace`` (time-limited); what went wrong, or None."""
    register_source(filename, source)
    try:
        code = compile(source, filename, "exec")
    except SyntaxError as error:
        place = cell_place(filename)
        return (
            f"SyntaxError: {error.msg} ({place}, line {error.lineno}: {(error.text or '').strip()})"
        )
    try:
        call_with_time_limit(exec, code, namespace)
    except AnswerTimeout:
        return f"the cell {timeout_message()}"
    except Exception as error:  # the learner's cell, whatever it raises
        return f"{type(error).__name__}: {error} ({learner_location(error)})"
    return None
