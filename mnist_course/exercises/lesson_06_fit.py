"""Lesson 6's last composition: ``fit``, epochs of ``train_step`` over shuffled batches.

``fit(params, x, y, epochs, rng, validation=None, batch_size=32, learning_rate=1e-3,
batches_of=None, verbose=True)`` draws each epoch's order with ``minibatch_indices``, runs
``train_step`` on every batch, averages the epoch's loss and accuracy over its samples
(each measured before that batch's update, as Keras reports them), scores the
validation set after the epoch, and returns ``(history, orders)``: a ``TrainingHistory``
and each epoch's order of samples. The check runs the answer and the reference on
copies, from the same weights and the same seed, and compares the orders, the history
and the parameters after.
"""

from __future__ import annotations

import copy
import itertools
import time

import numpy as np

from .. import config
from ..history import TrainingHistory
from ..numpy_mlp.batches import minibatch_indices
from ..numpy_mlp.metrics import accuracy
from .compare import compare, show
from .core import Case, Exercise, pieces_in_scope, platform_labels, rng
from .dtype_policy import in_float32
from .lesson_06_fit_mistakes import (
    MISTAKE_FLAGS,
    backwards_batches,
    explains,
    given_batches_problem,
    history_problem,
    same_order_message,
    summed_note,
    variant,
)
from .lesson_06_train_step import adam_state, cross_entropy, forward, train_step


def composed_fit(*, train_step, forward, cross_entropy, accuracy, minibatch_indices):
    """The course's ``fit``, calling the pieces it is given (``use("fit", ..., **pieces)``)."""

    def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,
            learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):  # fmt: skip
        """Train params in place; returns the history and each epoch's order of samples."""
        batches_of = batches_of or minibatch_indices
        state, history, orders = adam_state(params), TrainingHistory(), []
        for epoch in range(1, epochs + 1):
            start = time.perf_counter()
            batches = batches_of(len(x), batch_size, rng)
            orders.append(np.concatenate(batches))
            loss_sum = correct = 0.0
            for batch in batches:
                loss, logits = train_step(params, state, x[batch], y[batch], learning_rate)
                loss_sum += loss * len(batch)
                correct += accuracy(logits, y[batch]) * len(batch)
            metrics = {"loss": loss_sum / len(x), "accuracy": correct / len(x)}
            if validation is not None:
                val_logits, _ = forward(validation[0], params)
                metrics["val_loss"] = cross_entropy(val_logits, validation[1])
                metrics["val_accuracy"] = accuracy(val_logits, validation[1])
            history.record(metrics, time.perf_counter() - start)
            if verbose:
                shown = " - ".join(f"{key} {value:.4f}" for key, value in metrics.items())
                print(f"epoch {epoch}/{epochs} - {history.seconds_per_epoch[-1]:.2f}s - {shown}")
        return history, orders

    return fit


COURSE_PIECES = {"train_step": train_step, "forward": forward, "cross_entropy": cross_entropy,
                 "accuracy": accuracy, "minibatch_indices": minibatch_indices}  # fmt: skip
fit = composed_fit(**COURSE_PIECES)  # the exercise's reference


def _case(sizes, seed, num_samples, epochs, batch_size, validation_size, batches_of=None):
    """A random network, data of its sizes, a generator; verbose off (the check prints)."""
    generator = rng(seed)
    params = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        params += [generator.normal(size=(fan_in, fan_out)) * 0.5, np.zeros(fan_out)]

    def data(count):
        x = generator.normal(size=(count, sizes[0]))
        return x, platform_labels(generator.integers(0, sizes[-1], count))

    x, y = data(num_samples)
    validation = data(validation_size) if validation_size else None
    return (params, x, y, epochs, rng(seed + 1), validation, batch_size, 1e-2, batches_of, False)


def _cases():
    first = Case(
        "2 epochs of 70 samples in batches of 32 (the last of 6), validation 20, 6-5-4-3",
        _case((6, 5, 4, 3), 71, 70, 2, 32, 20),
    )
    no_validation = _case((4, 4, 3), 72, 40, 3, 8, 0)
    one_batch = _case((3, 3), 73, 5, 1, 16, 4)
    return [
        first,
        Case("3 epochs of 40 in batches of 8, no validation, 4-4-3", no_validation),
        Case("1 epoch, one batch of 5 (batch_size 16), validation 4", one_batch),
        Case(
            "2 epochs of 24 in batches of 8, batches_of given: the samples last to first",
            _case((4, 3, 3), 74, 24, 2, 8, 0, backwards_batches),
        ),
        in_float32(first),
    ]


def _outcome(function, args, batches_of=None):
    """What fit did: (what it returned, the parameters after); ``batches_of`` in place of
    the case's (a replay of the orders the answer drew)."""
    args = copy.deepcopy(args)
    if batches_of is not None:
        args = (*args[:8], batches_of, *args[9:])
    with np.errstate(all="ignore"):
        returned = function(*args)
    return returned, args[0]


def _replay(orders, batch_size: int):
    """``batches_of`` that hands out ``orders`` one epoch at a time, cut as
    ``minibatch_indices`` cuts (its check holds the learner's to that layout)."""
    epochs = iter(orders)

    def batches_of(num_samples, size, rng):
        order = np.asarray(next(epochs))
        return [order[start : start + batch_size] for start in range(0, num_samples, batch_size)]

    return batches_of


def _orders_problem(returned, again, case) -> str | None:
    """The answer's orders: one per epoch, each every sample once, new every epoch, drawn
    from the generator passed in (two runs from copies of it draw the same)."""
    epochs, num_samples = case.args[3], len(case.args[1])
    if not isinstance(returned, tuple | list) or len(returned) != 2:
        return f"expected it to return (history, orders), got {show(returned)}"
    if hasattr(returned[0], "__len__") and hasattr(returned[1], "history"):
        return "returned (orders, history): return them as (history, orders), the history first"
    orders = returned[1]
    if not isinstance(orders, list | tuple) or len(orders) != epochs:
        return (
            f"orders: expected a list of {epochs} arrays, each epoch's order of samples, "
            f"got {show(orders)}"
        )
    for epoch, order in enumerate(orders, start=1):
        if _as_batches(order):
            return (
                f"the order of epoch {epoch} is a list of {len(order)} batches: return each "
                "epoch's order as one 1-D array of sample indices, np.concatenate(batches)"
            )
        if not np.array_equal(np.sort(np.asarray(order)), np.arange(num_samples)):
            return f"the order of epoch {epoch} is not every sample exactly once: {show(order)}"
    given = given_batches_problem(orders, num_samples, case.args[6], case.args[8])
    if given or case.args[8] is not None:
        return given  # a fixed order is the same every epoch and needs no generator
    if epochs > 1 and all(np.array_equal(order, orders[0]) for order in orders):
        return same_order_message(orders)
    if not all(np.array_equal(a, b) for a, b in zip(orders, again[1])):
        return (
            "two runs from copies of the same rng drew different orders: draw them from the "
            "rng passed in (minibatch_indices(len(x), batch_size, rng)), not np.random"
        )
    return None


def _other_generator_problem(orders, call, case) -> str | None:
    """Another generator must give other orders (review s10b: a fit that made its own
    generator drew the same batches whatever rng it was handed)."""
    if case.args[8] is not None:  # a fixed batches_of: no generator in play
        return None
    other = np.random.default_rng(np.random.SeedSequence(12345))
    again = _outcome(call, (*case.args[:4], other, *case.args[5:]))[0]
    if all(np.array_equal(a, b) for a, b in zip(orders, again[1])):
        return (
            "another generator gave the same orders: fit ignores the rng passed in; draw "
            "every epoch's batches from it (minibatch_indices(len(x), batch_size, rng)), "
            "not from a generator of its own"
        )
    return None


def _as_batches(order) -> bool:
    """An epoch's order given as its batches (arrays of other lengths, or 2-D)."""
    if isinstance(order, np.ndarray):
        return order.ndim > 1
    try:
        return np.asarray(order).ndim > 1
    except ValueError:  # batches of unequal lengths make no array
        return True


def _differences(outcome, expected, epochs: int) -> str | None:
    (history, _), params = outcome
    (want_history, _), want_params = expected
    problem = history_problem(history, want_history, epochs)
    if problem:
        return problem
    for i, (one, one_want) in enumerate(zip(params, want_params)):
        problem = compare(one, one_want, rtol=1e-6, atol=1e-9, exact_dtype=False)
        if problem:
            return f"params[{i}] after fit: {problem}"
    return None


def _validate(got, case, call):
    first = _outcome(call, case.args)
    problem = _orders_problem(first[0], _outcome(call, case.args)[0], case)
    if problem:
        return problem
    problem = _other_generator_problem(first[0][1], call, case)
    if problem:
        return problem
    orders, batch_size, epochs = first[0][1], case.args[6], case.args[3]
    pieces = pieces_in_scope(getattr(call, "answer", None), COURSE_PIECES)
    expected = _outcome(composed_fit(**pieces), case.args, _replay(orders, batch_size))
    problem = _differences(first, expected, epochs)
    if problem is None:
        return None
    for description, flags in MISTAKE_FLAGS.items():  # which typical mistake gives this run
        try:
            mistake = variant(pieces, **flags)
            mistaken = _outcome(mistake, case.args, _replay(orders, batch_size))
            if _differences(first, mistaken, epochs) is None or explains(
                first[0][0], mistaken[0][0], expected[0][0], epochs
            ):
                return f"{problem}\n  likely:   {description}"
        except Exception:  # a mistake that cannot run on this case is not it
            continue
    note = summed_note(first[0][0], expected[0][0], len(case.args[1]))
    return f"{problem}\n  likely:   {note}" if note else problem


MISTAKES = {
    description: variant(COURSE_PIECES, **flags) for description, flags in MISTAKE_FLAGS.items()
}


EXERCISE = Exercise(
    name="fit",
    lesson=6,
    title="The training loop: epochs of shuffled batches, train_step on each, a history",
    reference=fit,
    cases=_cases,
    hints=(
        "Each epoch: a new order from minibatch_indices, train_step on every batch (Adam's "
        "state made once, before the first epoch), the epoch's mean loss and accuracy, then "
        "the validation set scored with the weights at the end of the epoch.",
        "state = adam_state(params); history = TrainingHistory(); each train_step returns "
        "(loss, logits) of its batch: add loss * len(batch) and accuracy * len(batch), divide "
        "by len(x); history.record(metrics, seconds); return history, orders (a list of "
        "np.concatenate(batches), one per epoch).",
        "for epoch in range(epochs): batches = batches_of(len(x), batch_size, rng); ...; "
        "loss, logits = train_step(params, state, x[batch], y[batch], learning_rate); ...; "
        "metrics = {'loss': loss_sum / len(x), 'accuracy': correct / len(x)}; if validation "
        "is not None: val_logits, _ = forward(validation[0], params); ...",
    ),
    mistakes=MISTAKES,
    exact_dtype=False,
    validate=_validate,
    validate_names_mistakes=True,
    compose=composed_fit,
)
