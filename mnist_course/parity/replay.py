"""Rung 5's replay: ``fit``'s parameters, step by step, against the ladder's own loop.

When every piece agreed with Keras (rungs 1-4) and ``fit`` visited Keras's batches, yet
the trained parameters differ, the fault is in how ``fit`` strings the pieces together.
The parameters ``fit`` held before each step are recorded; the ladder replays the same
batches with its own three-line loop (``loss_and_gradients``, then one optimiser step)
from the same start, and names the first step where the two part, and what that step
did instead: nothing, the previous batch's gradients, or a fresh optimiser's step.
"""

from __future__ import annotations

import copy

import numpy as np

from ..numpy_mlp import MLP
from .ratios import common_ratio


def _flat(weights) -> np.ndarray:
    return np.concatenate([np.ravel(w) for w in weights]).astype(np.float64)


def _close(ours, theirs, tolerance: float) -> bool:
    scale = max(float(np.abs(theirs).max(initial=0)), 1e-30)
    return bool(np.abs(ours - theirs).max(initial=0) <= tolerance * scale)


def replay_cause(setup, x, y, trace, initial_weights, final_weights, tolerance: float,
                 optimiser_steps: int | None = None):  # fmt: skip
    """The first step where ``fit`` parts from the ladder's loop, and what it did; None
    when the replay agrees to the end, or cannot be made (rows not in x, a piece that
    raises: the ladder's own reading must never pass for the code's error)."""
    try:
        return _replay(setup, x, y, trace, (initial_weights, final_weights), tolerance,
                       optimiser_steps == len(trace.samples))  # fmt: skip
    except Exception:
        return None


def _replay(setup, x, y, trace, weights, tolerance: float, stepped: bool):
    initial_weights, final_weights = weights
    befores = [*trace.params_before, _flat(final_weights)]
    if len(befores) != len(trace.samples) + 1:
        return None
    model = MLP(dtype=setup.dtype, seed=None, ops=setup.ops)
    model.set_weights(initial_weights)
    x = model.check_inputs(x)  # (N, 784), as fit trains on it
    optimizer, previous = setup.make_optimizer(), None
    per_epoch = trace.steps_per_epoch or len(trace.samples)
    for step, batch in enumerate(trace.samples, start=1):
        if (batch < 0).any():
            return None
        start, before_step = model.flat_params.copy(), copy.deepcopy(optimizer)
        with np.errstate(all="ignore"):
            model.loss_and_gradients(x[batch], y[batch])
            grads = model.flat_grads.copy()
            optimizer.step([model.flat_params], [model.flat_grads])
        fit_after = befores[step]
        if _close(fit_after, model.flat_params, tolerance):
            previous = grads
            continue
        epoch, within = divmod(step - 1, per_epoch)
        said = (
            f"fit's step {step} (epoch {epoch + 1}, step {within + 1}) differs from the "
            "ladder's own loop, one loss_and_gradients and one optimiser step on the same "
            f"batch from the same parameters{f' (steps 1 to {step - 1} agree)' if step > 1 else ''}"
        )
        did = _what_it_did(start, fit_after, grads, previous, before_step, setup, within, stepped)
        return f"{said}: {did or _scaled_step(start, fit_after, model.flat_params)}"
    return None


def _what_it_did(start, fit_after, grads, previous, optimizer, setup, within, stepped):
    if np.array_equal(fit_after, start.astype(np.float64)) and stepped:
        return (
            "fit's parameters did not move, yet the optimiser took every step (its t counts "
            "them all): it stepped on other arrays than the parameters (copies from "
            "get_weights(), or the two arguments swapped, step(grads, params)); step the "
            "model's own arrays: optimizer.step([model.flat_params], [model.flat_grads])"
        )
    if np.array_equal(fit_after, start.astype(np.float64)):
        return (
            "fit's step left every parameter unchanged: the optimiser never stepped, or "
            "stepped on gradients not yet computed (optimizer.step before "
            "loss_and_gradients, on the zeros they start from)"
        )
    tries = []
    if previous is not None:
        tries.append(
            (
                copy.deepcopy(optimizer),
                previous,
                "the step was taken with the "
                "previous batch's gradients: optimizer.step before loss_and_gradients",
            )
        )
    fresh = "a new optimiser (t = 1, m = v = 0)" + (
        ", made at the start of each epoch" if within == 0 else ", made at every step"
    )
    tries.append(
        (
            setup.make_optimizer(),
            grads,
            f"the step is {fresh}: Adam's state must "
            "live across the whole fit; make the optimiser once, before the loops",
        )
    )
    if getattr(optimizer, "momentums", None):
        cleared = copy.deepcopy(optimizer)
        cleared.momentums, cleared.velocities = [], []  # zeros again at the next step
        tries.append((cleared, grads, "Adam's m and v start again from 0 here while t "
                      "carries on: the moments are cleared inside the loop"))  # fmt: skip
    for stepper, gradient, meaning in tries:
        params = start.copy()
        with np.errstate(all="ignore"):
            stepper.step([params], [gradient.astype(params.dtype)])
        if np.allclose(fit_after, params, rtol=1e-6, atol=0):
            return meaning
    lagging, params = copy.deepcopy(optimizer), start.copy()
    with np.errstate(all="ignore"):  # a step on the zeros the gradients start from, first
        lagging.step([params], [np.zeros_like(params)])
        lagging.step([params], [grads.astype(params.dtype)])
    if np.allclose(fit_after, params, rtol=1e-6, atol=0):
        return (
            "before the first batch's step, fit's optimiser stepped once on gradients of 0: "
            "optimizer.step comes before loss_and_gradients in the loop, so every step "
            "takes the previous batch's gradients"
        )
    return None


def _scaled_step(start, fit_after, replayed) -> str:
    start = start.astype(np.float64)
    ratio = common_ratio(fit_after - start, replayed.astype(np.float64) - start)
    if ratio is not None and abs(ratio - 1) > 1e-6:
        return (
            f"fit's step is {ratio:.6g} times one optimiser step, element for element: the "
            "step was scaled in the loop (a learning rate changed between steps or epochs, "
            "or a step taken twice)"
        )
    return "look at what fit does between loss_and_gradients and the optimiser's step"
