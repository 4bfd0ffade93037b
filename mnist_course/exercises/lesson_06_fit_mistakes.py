"""The typical mistakes of lesson 6's ``fit``, each a whole ``fit`` that makes it.

``variant(pieces, **flags)`` is the course's loop with one mistake, calling the pieces it
is given (the answer's own, when the check rebuilds it beside a learner's ``fit``).
"""

from __future__ import annotations

import numpy as np

from .. import config
from ..history import TrainingHistory
from .compare import compare, show
from .lesson_06_train_step import adam_state

# The names of the pieces a fit calls, in the order ``variant`` takes them.
PIECES = ("train_step", "forward", "cross_entropy", "accuracy", "minibatch_indices")


def variant(pieces, *, validate_on_training=False, plain_mean=False, after_the_step=False,
             state_each_epoch=False, on_a_copy=False, validate_first=False,
             own_learning_rate=False, last_batch=False):  # fmt: skip
    """``fit`` with one typical mistake, from ``pieces``, on the batches ``batches_of`` gives."""
    train_step, forward, cross_entropy, accuracy, minibatch_indices = (
        pieces[name] for name in PIECES
    )

    def mistaken(params, x, y, epochs, rng, validation=None, batch_size=32,
                 learning_rate=1e-3, batches_of=None, verbose=True):  # fmt: skip
        params = [p.copy() for p in params] if on_a_copy else params
        learning_rate = config.LEARNING_RATE if own_learning_rate else learning_rate
        batches_of = batches_of or minibatch_indices
        state, history, orders = adam_state(params), TrainingHistory(), []

        def scored(scored_x, scored_y):
            val_logits, _ = forward(scored_x, params)
            return cross_entropy(val_logits, scored_y), accuracy(val_logits, scored_y)

        for _ in range(epochs):
            state = adam_state(params) if state_each_epoch else state
            before = scored(*validation) if validate_first and validation is not None else None
            losses, hits = [], []
            batches = batches_of(len(x), batch_size, rng)
            orders.append(np.concatenate(batches))
            for batch in batches:
                loss, logits = train_step(params, state, x[batch], y[batch], learning_rate)
                if after_the_step:
                    logits, _ = forward(x[batch], params)
                    loss = cross_entropy(logits, y[batch])
                weight = 1 if plain_mean else len(batch)
                losses.append((loss * weight, weight))
                hits.append(accuracy(logits, y[batch]) * weight)
            total = sum(weight for _, weight in losses)
            metrics = {"loss": sum(v for v, _ in losses) / total, "accuracy": sum(hits) / total}
            if last_batch:  # the last batch's own values, overwritten every step
                metrics = {"loss": loss, "accuracy": accuracy(logits, y[batch])}
            if validation is not None:
                after = scored(*((x, y) if validate_on_training else validation))
                metrics["val_loss"], metrics["val_accuracy"] = before or after
            history.record(metrics, 0.0)
        return history, orders

    return mistaken


MISTAKE_FLAGS = {
    "the validation metrics are computed on the training data: score validation[0] and "
    "validation[1]": dict(validate_on_training=True),
    "a plain mean of the batches' values: the last, smaller batch counts as much as a full "
    "one; weight each batch's loss and accuracy by len(batch) and divide by len(x)": (
        dict(plain_mean=True)
    ),
    "the batch's loss and accuracy are measured after its step: use the (loss, logits) "
    "train_step returns, from the forward pass it stepped from": dict(after_the_step=True),
    "Adam's state starts again every epoch: make it once, before the epoch loop, so m, v and "
    "t carry over": dict(state_each_epoch=True),
    "fit trains a copy: the params list it was given is unchanged; train it in place "
    "(train_step updates the list it gets)": dict(on_a_copy=True),
    "the learning_rate passed in is not used (the steps are config.LEARNING_RATE's): pass "
    "learning_rate on to train_step": dict(own_learning_rate=True),
    "the epoch's loss and accuracy are its last batch's (a value overwritten every step): "
    "add up each batch's, weighted by len(batch), and divide by len(x)": dict(last_batch=True),
    "the validation set is scored before the epoch trains: score it after the epoch's last "
    "step, as Keras does (each epoch's val_* then describe the weights the epoch ends with)": (
        dict(validate_first=True)
    ),
}


def same_order_message(orders) -> str:
    """Every epoch has the same order: never shuffled at all, or shuffled once before the loop."""
    if np.array_equal(orders[0], np.arange(len(orders[0]))):
        return (
            "every epoch has the samples in their stored order, 0, 1, 2, ...\n  likely:   never "
            "shuffled: cut each epoch's batches from minibatch_indices(len(x), batch_size, rng)"
        )
    return (
        "every epoch has the same order\n  likely:   the batches are drawn once, before the "
        "epochs: draw them inside the epoch loop, a new order every epoch"
    )


def summed_note(history, want, num_samples: int) -> str | None:
    """The cause when an epoch's loss or accuracy is the sum over its samples, not the mean."""
    for key in ("loss", "accuracy"):
        got, expected = (getattr(h, "history", {}) for h in (history, want))
        got = np.asarray(got.get(key, []) if isinstance(got, dict) else [], dtype=float)
        expected = np.asarray(expected.get(key, []), dtype=float)
        if got.shape == expected.shape and got.size and np.allclose(got, expected * num_samples):
            return (
                f"the epoch's {key} is a sum over its {num_samples} samples, not their mean: "
                "divide the total by len(x), as Keras reports it"
            )
    return None


def backwards_batches(num_samples: int, batch_size: int, rng) -> list[np.ndarray]:
    """A ``batches_of`` of a fixed order (the samples last to first), as section 10 hands
    in: a fit that uses it must train in exactly this order."""
    order = np.arange(num_samples)[::-1]
    return [order[start : start + batch_size] for start in range(0, num_samples, batch_size)]


def given_batches_problem(orders, num_samples: int, batch_size: int, batches_of) -> str | None:
    """When a batches_of is passed in, fit's orders are the ones it hands out."""
    if batches_of is None:
        return None
    given = np.concatenate(batches_of(num_samples, batch_size, None))
    if all(np.array_equal(np.asarray(order), given) for order in orders):
        return None
    return (
        "the batches_of passed in was not used: when given, it replaces minibatch_indices "
        "(batches = batches_of(len(x), batch_size, rng)); section 10 hands in fixed orders "
        "this way"
    )


def history_problem(history, want: TrainingHistory, epochs: int) -> str | None:
    """What is wrong with the history fit returned, against the reference's ``want``."""
    values = getattr(history, "history", None)
    if not isinstance(values, dict):
        return (
            "the history: expected a TrainingHistory (history.record(metrics, seconds) "
            f"once an epoch), got {show(history)}"
        )
    want_keys = sorted(key for key, entries in want.history.items() if entries)
    keys = sorted(key for key, entries in values.items() if entries)
    if keys != want_keys:
        return f"the history holds {keys}, expected {want_keys}" + (
            ": the validation set is scored after each epoch, when validation is given"
            if set(want_keys) - set(keys) >= {"val_loss", "val_accuracy"}
            else ""
        )
    for key in want_keys:
        if len(values[key]) != epochs:
            count = len(values[key])
            return f"history['{key}'] has {count} values for {epochs} epochs: one per epoch"
        got, expected = np.asarray(values[key]), np.asarray(want.history[key])
        problem = compare(got, expected, rtol=1e-6, atol=1e-9, exact_dtype=False)
        if problem:
            return f"history['{key}'] (one value per epoch): {problem}"
    return None


def explains(history, mistaken_history, want: TrainingHistory, epochs: int) -> bool:
    """A mistake explains a history when it gives the value of the first metric that parts
    from ``want``'s (one mistake may change one metric and not another: a plain mean of the
    losses beside accuracies weighted right)."""
    values = getattr(history, "history", None)
    if not isinstance(values, dict) or history_problem(history, want, epochs) is None:
        return False
    for key in sorted(key for key, entries in want.history.items() if entries):
        got, expected = values.get(key), want.history[key]  # history_problem's order
        if got is None or len(got) != len(expected):
            return False
        if compare(np.asarray(got), np.asarray(expected), rtol=1e-6, atol=1e-9, exact_dtype=False):
            other = mistaken_history.history.get(key, [])
            return len(other) == len(got) and not compare(
                np.asarray(got), np.asarray(other), rtol=1e-6, atol=1e-9, exact_dtype=False
            )
    return False
