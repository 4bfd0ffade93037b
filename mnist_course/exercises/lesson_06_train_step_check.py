"""How lesson 6's ``train_step`` is checked: the cases, the step compared as a whole (what
it returned, the parameters and Adam's state after), and the typical mistakes that explain
a step that differs. The pieces and the course's own step are in ``lesson_06_train_step``.
"""

from __future__ import annotations

import copy
import itertools

import numpy as np

from .compare import compare, show
from .core import Case, Exercise, pieces_in_scope, platform_labels, rng
from .lesson_06_train_step import (
    COURSE_PIECES,
    adam_state,
    adam_step,
    backward,
    composed_train_step,
    cross_entropy,
    cross_entropy_backward,
    dense_backward,
    forward,
    relu_backward,
    train_step,
)


def _case(sizes, seed, batch, learning_rate, steps_before=0):
    """A random network, Adam's state after ``steps_before`` steps, and a batch."""
    generator = rng(seed)
    params = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        params += [generator.normal(size=(fan_in, fan_out)) * 0.5, np.zeros(fan_out)]
    state = adam_state(params)
    for _ in range(steps_before):  # a state in mid-training: m, v and t not zero
        x = generator.normal(size=(batch, sizes[0]))
        train_step(params, state, x, platform_labels(generator.integers(0, sizes[-1], batch)), 1e-3)
    x = generator.normal(size=(batch, sizes[0]))
    labels = platform_labels(generator.integers(0, sizes[-1], batch))
    return (params, state, x, labels, learning_rate)


def _cases():
    return [
        Case(
            "the first step of a 6-5-4-3 network, batch of 8, lr 1e-3",
            _case((6, 5, 4, 3), 61, 8, 1e-3),
        ),
        Case(
            "step 4 (m, v and t carried over) of a 4-4-4-4-3 network, lr 1e-2",
            _case((4, 4, 4, 4, 3), 62, 6, 1e-2, steps_before=3),
        ),
        Case("a batch of 1, one layer 5-3, lr 0.05", _case((5, 3), 63, 1, 0.05)),
    ]


def _outcome(function, args):
    """What a step did: (what it returned, the params after, the state after)."""
    args = copy.deepcopy(args)
    returned = function(*args)
    return returned, args[0], args[1]


def _differences(outcome, expected) -> str | None:
    returned, params, state = outcome
    want_returned, want_params, want_state = expected
    if not isinstance(returned, tuple | list) or len(returned) != 2:
        return f"expected it to return (loss, logits), got {show(returned)}"
    if np.ndim(returned[0]) == 2 and np.ndim(returned[1]) == 0:
        return "returned (logits, loss): return them as (loss, logits), the loss first"
    for label, got, want in (
        ("the loss it returned", returned[0], want_returned[0]),
        ("the logits it returned", returned[1], want_returned[1]),
    ):
        problem = compare(got, want, rtol=1e-6, atol=1e-9, exact_dtype=False)
        if problem:
            return f"{label}: {problem}"
    if not isinstance(state, dict) or state.get("t") != want_state["t"]:
        return f"state['t'] after the step is {state.get('t')!r}, expected {want_state['t']}"
    for key, after, want in (
        ("params", params, want_params),
        ("state['m']", state.get("m"), want_state["m"]),
        ("state['v']", state.get("v"), want_state["v"]),
    ):
        for i, (one, one_want) in enumerate(zip(after, want)):
            problem = compare(one, one_want, rtol=1e-6, atol=1e-9, exact_dtype=False)
            if problem:
                return f"{key}[{i}] after the step: {problem}"
    return None


def _validate(got, case, call):
    # The step the answer's own pieces take (in the notebook, the learner's): a right
    # train_step on right pieces that round otherwise (float32 betas) matches its own step.
    reference = composed_train_step(**pieces_in_scope(getattr(call, "answer", None), COURSE_PIECES))
    expected = _outcome(reference, case.args)
    problem = _differences(_outcome(call, case.args), expected)
    if problem is None:
        return None
    for description, mistake in MISTAKES.items():  # which typical mistake gives this step
        try:
            with np.errstate(all="ignore"):
                mistaken = _outcome(mistake, case.args)
                if _differences(_outcome(call, case.args), mistaken) is None:
                    return f"{problem}\n  likely:   {description}"
        except Exception:  # a mistake that cannot run on this case is not it
            continue
    return problem


def _gradients(logits, cache, params, y_batch):
    grad_logits = cross_entropy_backward(logits, y_batch)
    return backward(grad_logits, cache, params, relu_backward, dense_backward)


def _not_stored(params, state, x_batch, y_batch, learning_rate):
    logits, cache = forward(x_batch, params)
    grads = backward(
        cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward
    )
    state["t"] += 1
    for i in range(len(params)):
        adam_step(params[i], grads[i], state["m"][i], state["v"][i], state["t"], learning_rate)
        # the new param, m and v are dropped, as `p, m, v = adam_step(...)` in a for loop does
    return cross_entropy(logits, y_batch), logits


def _t_per_parameter(params, state, x_batch, y_batch, learning_rate):
    logits, cache = forward(x_batch, params)
    grads = backward(
        cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward
    )
    for i in range(len(params)):
        state["t"] += 1  # once per parameter: eight "steps" per batch
        params[i], state["m"][i], state["v"][i] = adam_step(
            params[i], grads[i], state["m"][i], state["v"][i], state["t"], learning_rate
        )
    return cross_entropy(logits, y_batch), logits


def _moments_dropped(params, state, x_batch, y_batch, learning_rate):
    logits, cache = forward(x_batch, params)
    grads = backward(
        cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward
    )
    state["t"] += 1
    for i in range(len(params)):
        params[i], _, _ = adam_step(
            params[i], grads[i], state["m"][i], state["v"][i], state["t"], learning_rate
        )
    return cross_entropy(logits, y_batch), logits


def _t_after_the_step(params, state, x_batch, y_batch, learning_rate):
    logits, cache = forward(x_batch, params)
    grads = _gradients(logits, cache, params, y_batch)
    for i in range(len(params)):  # at t = 0 on the first step: 1 - beta_1**0 = 0
        params[i], state["m"][i], state["v"][i] = adam_step(
            params[i], grads[i], state["m"][i], state["v"][i], state["t"], learning_rate
        )
    state["t"] += 1
    return cross_entropy(logits, y_batch), logits


def _loss_after(params, state, x_batch, y_batch, learning_rate):
    train_step(params, state, x_batch, y_batch, learning_rate)
    logits, _ = forward(x_batch, params)
    return cross_entropy(logits, y_batch), logits


def _learning_rate_ignored(params, state, x_batch, y_batch, learning_rate):
    return train_step(params, state, x_batch, y_batch, 1e-3)


# The course's step with m and v handed to adam_step in each other's place.
_moments_swapped = composed_train_step(
    **{**COURSE_PIECES, "adam_step": lambda p, g, m, v, t, lr: adam_step(p, g, v, m, t, lr)}
)


def _list_rebound(params, state, x_batch, y_batch, learning_rate):
    return train_step([p.copy() for p in params], state, x_batch, y_batch, learning_rate)


MISTAKES = {
    "the new parameters are computed but not stored (`p, m, v = adam_step(...)` in a for "
    "loop only renames them): assign into params[i], state['m'][i], state['v'][i]": _not_stored,
    "t is increased once per parameter: one batch is one step, t += 1 once before the loop": (
        _t_per_parameter
    ),
    "t is increased after the step: Adam counts from 1, so increase it before the first "
    "adam_step (at t = 0 the bias correction divides by 1 - beta_1**0 = 0)": _t_after_the_step,
    "params is bound to a new list inside train_step (params = [...]): the caller's list "
    "keeps the old weights; assign into it, params[i] = ...": _list_rebound,
    "m and v handed to adam_step in each other's place: adam_step(param, grad, m, v, t, "
    "learning_rate), with state['m'][i] before state['v'][i]": _moments_swapped,
    "Adam's new m and v are not stored in state: the next step needs them": _moments_dropped,
    "returned the loss and logits from after the step: return those of the forward pass "
    "it stepped from": (_loss_after),
    "ignored the learning rate it was given: pass learning_rate on to adam_step": (
        _learning_rate_ignored
    ),
}


EXERCISE = Exercise(
    name="train_step",
    lesson=6,
    title="One training step: forward, loss, backward and an Adam step on every parameter",
    reference=train_step,
    cases=_cases,
    hints=(
        "Chain what you wrote: the forward pass gives logits and a cache, the loss and its "
        "gradient come from the logits, backward gives every parameter's gradient, and "
        "adam_step moves each parameter with its own m and v.",
        "params is a list [kernel 1, bias 1, ...]; state is {'m': [...], 'v': [...], 't': int}; "
        "store the new arrays back into params[i], state['m'][i], state['v'][i]; return "
        "(loss, logits) of the forward pass before the step.",
        "logits, cache = forward(x_batch, params); grads = backward(cross_entropy_backward("
        "logits, y_batch), cache, params, relu_backward, dense_backward); state['t'] += 1; "
        "params[i], state['m'][i], state['v'][i] = adam_step(params[i], grads[i], "
        "state['m'][i], state['v'][i], state['t'], learning_rate)",
    ),
    mistakes=MISTAKES,
    exact_dtype=False,
    validate=_validate,
    validate_names_mistakes=True,
)
