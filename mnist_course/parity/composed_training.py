"""Rung 5 through the learner's ``train_step``: every step of the training rung.

Rung 4 runs the learner's ``train_step`` three times; a mistake that shows only later (a
t that stops counting, Adam's state reset every few steps) passes there. Here it makes
every step of rung 5's two epochs, on the batches of the learner's ``minibatch_indices``
when they wrote it (the course's otherwise). At each step the course's ``train_step``
takes the same step from the same weights, batch and Adam state, and both go on from
the course's result: two right answers that round differently never drift apart, at any
length, while a mistake fails at the step where it first shows. Any right batch order
passes, since each step is compared on its own batch; the batches are checked to hold
every sample once an epoch.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import config
from ..data import MnistData, flatten_images, scale_pixels
from ..exercises import lesson_06_train_step as course
from ..numpy_mlp.batches import minibatch_indices as course_minibatch_indices
from .compositions import both_steps, composition_cause, failed_row, step_mistake
from .report import errors
from .training import EPOCHS, training_samples

# What is compared at each step, and the rung whose one-step tolerance applies.
QUANTITIES: dict[str, int] = {"logits": 1, "loss": 2, "every parameter's update": 4,
                              "Adam m": 4, "Adam v": 4}  # fmt: skip


def train_step_through_training(rungs, compositions: dict, data: MnistData, params, seed, steps):
    """Rung 5's rows for the learner's ``train_step`` (and ``minibatch_indices``)."""
    setup = rungs.setup
    n = training_samples(setup.batch_size, steps)
    x = flatten_images(scale_pixels(data.x_train[:n], setup.dtype))
    y = data.y_train[:n].astype(np.int64)
    batches = _batches(rungs, compositions.get("minibatch_indices"), n, setup.batch_size, seed)
    if batches is None:
        return
    train_step, total = compositions["train_step"], len(batches)
    state, params = course.adam_state(params), [p.copy() for p in params]
    worst: dict[str, tuple[float, int, np.ndarray, np.ndarray]] = {}
    for step, batch in enumerate(batches, start=1):
        arguments = (params, state, x[batch], y[batch], config.LEARNING_RATE)
        expected, got, problem = both_steps(train_step, arguments)
        if problem is None and got[2]["t"] != expected[2]["t"]:
            problem = f"Adam's t after the step is {got[2]['t']!r}, expected {expected[2]['t']}"
        label = f"your train_step at step {step} of {total}"
        if problem:
            cause = composition_cause("train_step", step_mistake(arguments, got))
            rungs.rows.append(failed_row(5, label, f"{problem}; {_late(step)}{cause}"))
            return
        for name, (ours, theirs) in _quantities(got, expected, params).items():
            error = errors(ours, theirs)[1]
            if not error <= rungs.tolerance[QUANTITIES[name]]:  # NaN fails too
                row = rungs.add(5, f"{label}: {name}", ours, theirs,
                                tolerance=rungs.tolerance[QUANTITIES[name]])  # fmt: skip
                row.against = "the course's train_step from the same state"
                cause = composition_cause("train_step", step_mistake(arguments, got))
                row.diagnosis = f"{_late(step)}{cause}"
                return
            if name not in worst or error > worst[name][0]:
                worst[name] = (error, step, ours, theirs)
        _, params, state = expected  # both go on from the course's step
    for name, (_, step, ours, theirs) in worst.items():
        label = f"your train_step, {name}, every one of {total} steps (worst: step {step})"
        row = rungs.add(5, label, ours, theirs, tolerance=rungs.tolerance[QUANTITIES[name]])
        row.against = "the course's train_step from the same state"


def _quantities(got, expected, before) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each compared quantity as one float64 vector, ours and the course's."""
    (loss, logits), params, state = got
    (want_loss, want_logits), want_params, want_state = expected

    def flat(arrays) -> np.ndarray:
        return np.concatenate([np.ravel(np.asarray(a, np.float64)) for a in arrays])

    return {
        "logits": (flat([logits]), flat([want_logits])),
        "loss": (flat([loss]), flat([want_loss])),
        "every parameter's update": (
            flat(np.asarray(a, np.float64) - b for a, b in zip(params, before)),
            flat(np.asarray(a, np.float64) - b for a, b in zip(want_params, before)),
        ),
        "Adam m": (flat(state["m"]), flat(want_state["m"])),
        "Adam v": (flat(state["v"]), flat(want_state["v"])),
    }


def _batches(rungs, minibatch_indices: Callable | None, n: int, batch_size: int, seed: int):
    """Both epochs' batches, from the learner's ``minibatch_indices`` if written."""
    rng, batches = np.random.default_rng(seed), []
    for epoch in range(1, EPOCHS + 1):
        if minibatch_indices is None:
            batches += course_minibatch_indices(n, batch_size, rng)
            continue
        label = f"your minibatch_indices({n}, {batch_size}, rng), epoch {epoch}"
        try:
            epoch_batches = [np.asarray(batch) for batch in minibatch_indices(n, batch_size, rng)]
            problem = _batches_problem(epoch_batches, n, batch_size)
        except Exception as error:  # the learner's code, whatever it raises
            problem = f"it raised {type(error).__name__}: {error}"
        if problem:
            rungs.rows.append(failed_row(5, label, f"{problem}; mnist-course check says more"))
            return None
        batches += epoch_batches
    return batches


def _batches_problem(batches: list[np.ndarray], n: int, batch_size: int) -> str | None:
    sizes = [len(batch) for batch in batches]
    if any(size == 0 or size > batch_size for size in sizes) or not batches:
        return f"batches of sizes {sizes[:6]}...: each holds 1 to {batch_size} samples"
    every = np.sort(np.concatenate(batches))
    if every.shape != (n,) or not np.array_equal(every, np.arange(n)):
        return f"the batches do not hold each of the {n} samples exactly once"
    return None


def _late(step: int) -> str:
    return f"steps 1 to {step - 1} agreed, each from the course's state; " if step > 1 else ""
