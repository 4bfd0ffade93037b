"""The learner's compositions on the ladder: their ``backward`` at rung 3, ``train_step``
at rung 4.

Rungs 1-4 test the pieces (``relu``, ``dense_backward``, ``adam_step``, ...) one by one;
a learner also wrote the two functions that join them. Each is compared with the
course's composition *given the same pieces*, so a row here fails only for the joining:

- ``backward`` runs over the forward cache of rung 3's batch, with the pieces under test
  passed in, and every gradient is compared with the course's ``backward`` on the same
  cache and pieces (rung 3's tolerance);
- ``train_step`` takes ``TRAIN_STEPS`` steps from Keras's weights and a fresh Adam state,
  at a learning rate other than Adam's default.
  At every step the course's ``train_step`` takes the same step from a copy of the same
  weights and state: the loss, the logits, every parameter's update, Adam's m, v and t
  are compared (rungs 1, 2 and 4's tolerances), and both go on from the course's result,
  so two right answers never drift apart, and a state that is not carried over fails at
  step 2.

A failing row names the typical mistake (the exercise's own list) that gives exactly
the learner's result, or says that the composition, not the pieces, differs.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable

import numpy as np

from ..exercises import get_exercise
from ..exercises import lesson_04_backward as course_backward
from ..exercises import lesson_06_train_step as course_train_step
from ..exercises import lesson_06_train_step_check as train_step_check
from .exceptions import Raised
from .report import Comparison

TRAIN_STEPS = 3  # a second step shows a state that is not carried over; a third, t
# Not Adam's default: a train_step that ignores the rate it is given shows at once.
TRAIN_STEP_LEARNING_RATE = 1e-2


def backward_rows(rungs, backward: Callable, x, y, params: list, names: list[str]) -> None:
    """Rung 3's rows for the learner's ``backward``; ``x`` flattened, ``params`` the weights."""
    ops = rungs.setup.ops
    cache, values = [], x
    for layer in range(len(params) // 2):
        z = ops.dense_forward(values, params[2 * layer], params[2 * layer + 1])
        cache.append((values, z))
        values = ops.relu_forward(z) if layer < len(params) // 2 - 1 else z
    arguments = (ops.cross_entropy_backward(values, y), cache, params, ops.relu_backward,
                 _plain(ops.dense_backward))  # fmt: skip
    expected = course_backward.backward(*copy.deepcopy(arguments))
    try:
        got = backward(*copy.deepcopy(arguments))
        problem = _list_problem(got, expected, "gradients")
    except Exception as error:  # the learner's code, whatever it raises
        got, problem = None, f"it raised {_raised(error)}"
    likely = None if got is None else _mistake("backward", arguments, got, rungs.tolerance[3])
    if problem:
        cause = composition_cause("backward", likely)
        rungs.rows.append(
            failed_row(3, "your backward: every parameter's gradient", f"{problem}; {cause}")
        )
        return
    for name, ours, theirs in zip(names, got, expected):
        row = rungs.add(3, f"d loss / d {name}, your backward", ours, theirs)
        row.against = "the course's backward on the same pieces"
        if not row.passed:
            row.diagnosis = composition_cause("backward", likely)
            break


def train_step_rows(rungs, train_step: Callable, x, y, params: list, names: list[str]) -> None:
    """Rung 4's rows for the learner's ``train_step``, ``TRAIN_STEPS`` steps, each from
    the course's state."""
    state = course_train_step.adam_state(params)
    params = [p.copy() for p in params]
    for step in range(1, TRAIN_STEPS + 1):
        arguments = (params, state, x, y, TRAIN_STEP_LEARNING_RATE)
        expected, got, problem = both_steps(train_step, arguments)
        if problem:
            cause = composition_cause("train_step", step_mistake(arguments, got))
            rungs.rows.append(failed_row(4, f"your train_step, step {step}", f"{problem}; {cause}"))
            return
        if not _compare_step(rungs, step, got, expected, names, arguments):
            return
        _, params, state = expected  # both go on from the course's step


def both_steps(train_step: Callable, arguments) -> tuple:
    """The course's step and the learner's from copies of the same ``arguments``: (expected,
    got, what is wrong with got's shape or None); got is None when it raised."""
    expected = outcome(course_train_step.train_step, arguments)
    try:
        got = outcome(train_step, arguments)
        return expected, got, step_problem(got, expected)
    except Exception as error:  # the learner's code, whatever it raises
        return expected, None, f"it raised {_raised(error)}"


def _compare_step(rungs, step, got, expected, names, arguments) -> bool:
    """Add one step's rows; False (after naming the cause) at the first that fails."""
    (loss, logits), params_after, state_after = got
    (want_loss, want_logits), want_params, want_state = expected
    before = arguments[0]
    pairs = [
        (1, "the logits it returned", logits, want_logits),
        (2, "the loss it returned", loss, want_loss),
    ]
    for name, old, new, want in zip(names, before, params_after, want_params):
        pairs.append((4, f"{name} update", np.asarray(new) - old, np.asarray(want) - old))
    for key in ("m", "v"):
        for name, ours, theirs in zip(names, state_after[key], want_state[key]):
            pairs.append((4, f"Adam {key} of {name}", ours, theirs))
    for rung, label, ours, theirs in pairs:
        row = rungs.add(4, f"your train_step, step {step}: {label}", ours, theirs,
                        tolerance=rungs.tolerance[rung])  # fmt: skip
        row.against = "the course's train_step from the same state"
        if not row.passed:
            row.diagnosis = composition_cause("train_step", step_mistake(arguments, got))
            return False
    if state_after.get("t") != want_state["t"]:
        cause = composition_cause("train_step", step_mistake(arguments, got))
        problem = f"Adam's t after the step is {state_after.get('t')!r}, expected {want_state['t']}"
        rungs.rows.append(
            failed_row(4, f"your train_step, step {step}: Adam's t", f"{problem}; {cause}")
        )
        return False
    return True


def outcome(function, arguments):
    """(what it returned, params after, state after), run on copies."""
    params, state, *rest = copy.deepcopy(arguments)
    with np.errstate(all="ignore"):
        returned = function(params, state, *rest)
    return returned, params, state


def step_problem(got, expected) -> str | None:
    returned, params, state = got
    if not isinstance(returned, tuple | list) or len(returned) != 2:
        return f"it returned {type(returned).__name__}, expected (loss, logits)"
    if not isinstance(state, dict) or not {"m", "v", "t"} <= set(state):
        return "Adam's state lost its keys 'm', 'v' and 't'"
    return _list_problem(params, expected[1], "parameters")


def _list_problem(got, expected, what: str) -> str | None:
    if not isinstance(got, list | tuple) or len(got) != len(expected):
        return f"expected a list of {len(expected)} {what}, got {type(got).__name__}" + (
            f" of {len(got)}" if isinstance(got, list | tuple) else ""
        )
    shapes = [np.shape(one) for one in got]
    wanted = [np.shape(one) for one in expected]
    if shapes != wanted:
        return f"{what} of shapes {shapes}, expected {wanted}"
    return None


def _mistake(name: str, arguments, got, tolerance: float) -> str | None:
    """The exercise's typical mistake that gives exactly ``got`` on these arguments."""
    for description, mistake in get_exercise(name).mistakes.items():
        try:
            with np.errstate(all="ignore"):
                theirs = mistake(*copy.deepcopy(arguments))
        except Exception:  # a mistake that cannot run here is not it
            continue
        if _list_problem(theirs, got, "values") is None and all(
            np.allclose(a, b, rtol=tolerance, atol=0) for a, b in zip(got, theirs)
        ):
            return description
    return None


def step_mistake(arguments, got) -> str | None:
    if got is None:
        return None
    if isinstance(got[2], dict) and got[2].get("t") == arguments[1]["t"]:
        return (
            f"Adam's t is never increased (it stays {arguments[1]['t']}): add state['t'] += 1 "
            "before the adam_step calls; at t = 0 the bias correction 1 - beta_1**t is 0"
        )
    for description, mistake in train_step_check.MISTAKES.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a mistake's NaN says only that it is not it
            try:
                theirs = outcome(mistake, arguments)
                if train_step_check._differences(got, theirs) is None:
                    return description
            except Exception:  # a mistake that cannot run here is not it
                continue
    return None


def composition_cause(function: str, likely: str | None) -> str:
    where = (
        f"your {function} and the course's were given the same pieces, so the way yours "
        "joins them differs"
    )
    return f"{where}; likely: {likely}" if likely else f"{where} (no typical mistake matches)"


def failed_row(rung: int, name: str, problem: str) -> Comparison:
    return Comparison(rung, name, [], float("inf"), float("inf"), 0.0, False, problem)


def _plain(dense_backward: Callable) -> Callable:
    """The exercise's signature, dense_backward(grad_y, x, kernel)."""
    return lambda grad_y, x, kernel: dense_backward(grad_y, x, kernel)


def _raised(error: Exception) -> str:
    """'ValueError: ...': a watched function's error unwrapped, and where it was raised."""
    inner = error.error if isinstance(error, Raised) else error
    said = f"{type(inner).__name__}: {inner}"
    return f"{error.function} raised {said}" if isinstance(error, Raised) else said
