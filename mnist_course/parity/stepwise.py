"""Rung 5 on a learner's functions: every training step checked from the learner's state.

Two right answers that round differently drift apart chaotically in float32 (Adam gives
a weight whose gradient is nearly zero a full step in whichever direction rounding
decides), so no tolerance on whole trajectories accepts every right answer at every
length. Here nothing accumulates: at each step of ``numpy_mlp.fit`` with the learner's
functions, the reference takes the same step from the same weights, batch and Adam
state (m, v, t), and the two results are compared with the one-step tolerances of
rungs 2-4. A right answer differs by one step's rounding at any length; a mistake that
shows only at step 500 (a bias correction that stops at some t, a state reset) fails
there. The reference itself is held to Keras's ``fit`` by rung 5 of the plain ladder.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import config
from ..numpy_mlp import MLP, Adam
from ..numpy_mlp.optim import adam_step
from .diagnose import Evidence
from .ratios import common_ratio
from .report import Accepted, errors
from .rungs import Rungs

# What is compared at each step, the rung whose one-step tolerance applies, and the kind
# of evidence its diagnosis reads.
CHECKS: dict[str, tuple[int, str]] = {
    "loss": (2, "loss"),
    "every gradient": (3, "gradient"),
    "Adam m (first moments)": (4, "adam_m"),
    "Adam v (second moments)": (4, "adam_v"),
    "every parameter's update": (4, "adam_update"),
}


@dataclass
class Seen:
    """The worst step of one check, or its first failing step."""

    step: int = 0
    error: float = -1.0
    ours: np.ndarray | None = None
    theirs: np.ndarray | None = None
    accepted: np.ndarray | None = None  # the exact-betas reference, for Adam's rows
    grad: np.ndarray | None = None
    failed: bool = False


@dataclass
class Stepwise:
    """Runs beside ``fit``: one ``Seen`` per check, over every step."""

    tolerance: dict[int, float]
    steps: int = 0
    seen: dict[str, Seen] = field(default_factory=lambda: {name: Seen() for name in CHECKS})

    def record(self, name, ours, theirs, grad=None, accepted=None) -> None:
        seen = self.seen[name]
        if seen.failed:
            return
        error = errors(np.asarray(ours, np.float64), np.asarray(theirs, np.float64))[1]
        if accepted is not None:
            other = errors(np.asarray(ours, np.float64), np.asarray(accepted, np.float64))[1]
            error = min(error, other)
        failed = error > self.tolerance[CHECKS[name][0]]
        if failed or error > seen.error:
            copies = [None if a is None else np.array(a) for a in (ours, theirs, accepted, grad)]
            self.seen[name] = Seen(self.steps, error, *copies, failed=failed)


def checked_model(model: MLP, stepwise: Stepwise) -> MLP:
    """``model`` whose every forward-backward is checked against the reference's."""
    reference = MLP(model.layer_sizes, dtype=model.dtype, seed=None)
    original = model.loss_and_gradients

    def loss_and_gradients(x, labels):
        loss, logits = original(x, labels)
        stepwise.steps += 1
        reference.set_weights(model.get_weights())
        their_loss, _ = reference.loss_and_gradients(x, labels)
        stepwise.record("loss", loss, their_loss)
        stepwise.record("every gradient", model.flat_grads, reference.flat_grads)
        return loss, logits

    model.loss_and_gradients = loss_and_gradients  # type: ignore[method-assign]
    return model


class CheckedAdam(Adam):
    """Steps with the learner's optimiser; the reference steps from the same state."""

    def __init__(self, learner: Adam, stepwise: Stepwise) -> None:
        super().__init__()
        self.learner, self.stepwise = learner, stepwise

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.learner.init_state(params)
        before = [p.copy() for p in params]
        state = (
            [m.copy() for m in self.learner.momentums],
            [v.copy() for v in self.learner.velocities],
        )
        t = self.learner.iterations
        self.learner.step(params, grads)
        self.iterations = self.learner.iterations
        rounded, exact = (_reference_step(before, grads, state, t, r) for r in (True, False))
        flat_grad = _flat(grads)
        for name, ours, index in (
            ("Adam m (first moments)", self.learner.momentums, 1),
            ("Adam v (second moments)", self.learner.velocities, 2),
        ):
            self.stepwise.record(name, _flat(ours), _flat(rounded[index]), flat_grad)
        update = _flat(params) - _flat(before)
        self.stepwise.record(
            "every parameter's update",
            update,
            _flat(rounded[0]) - _flat(before),
            flat_grad,
            accepted=_flat(exact[0]) - _flat(before),
        )


def _reference_step(before, grads, state, t, round_betas):
    """numpy_mlp's ``adam_step`` from the learner's state: step t + 1, Keras's settings."""
    steps = [
        adam_step(param, grad, m, v, t + 1, round_betas=round_betas)
        for param, grad, m, v in zip(before, grads, *state)
    ]
    return tuple(list(column) for column in zip(*steps))


def add_rows(rungs: Rungs, stepwise: Stepwise) -> None:
    """One row per check: its first failing step, or its worst step, of all the steps."""
    seen_of = stepwise.seen  # failures first, earliest first; then the passes in order
    order = sorted(CHECKS, key=lambda name: seen_of[name].step if seen_of[name].failed else 1e9)
    for name in order:
        seen, (rung, kind) = stepwise.seen[name], CHECKS[name]
        if seen.ours is None:
            continue
        tolerance = rungs.tolerance[rung]
        if seen.failed:
            label = f"{name} at step {seen.step} of {stepwise.steps}"
        else:
            label = f"{name}, every one of {stepwise.steps} steps (worst: step {seen.step})"
        evidence = Evidence(kind, grad=seen.grad, step=seen.step)
        accepted = None
        if seen.accepted is not None:
            accepted = Accepted(seen.accepted, tolerance, "accepted: exact betas")
        row = rungs.add(5, label, seen.ours, seen.theirs, evidence, accepted, tolerance)
        row.against = "the reference's step from the same state"
        if not row.passed and seen.step > 1:
            row.diagnosis = (
                f"steps 1 to {seen.step - 1} agreed, from the same state each time: the "
                "mistake shows only now (something that depends on t or on how many steps "
                f"were taken). {_which_parameters(seen)}"
                f"{_late_cause(kind, seen) or row.diagnosis}"
            )


def _late_cause(kind: str, seen: Seen) -> str | None:
    """What a mistake that shows only at a late step did, from the step's own numbers."""
    if kind in ("adam_m", "adam_v") and seen.grad is not None:
        beta = config.BETA_1 if kind == "adam_m" else config.BETA_2
        fresh = (1 - beta) * (seen.grad if kind == "adam_m" else seen.grad**2)
        if np.allclose(seen.ours, fresh, rtol=1e-3, atol=0):
            return (
                f"your {kind[-1]} at step {seen.step} is what a first step gives, (1 - beta) "
                "times the gradient: the state was reset; m and v carry over every step"
            )
    ratio = _large_elements_ratio(seen) if kind == "adam_update" else None
    if ratio is not None:
        alpha = _step_sizes(seen.step)
        matches = np.flatnonzero(np.isclose(alpha / alpha[seen.step], ratio, rtol=1e-4))
        if len(matches) and matches[0] != seen.step:
            return (
                f"your update at step {seen.step} is {ratio:.6g} times the reference's: the "
                f"bias correction of step t = {matches[0]}, not {seen.step} (t stopped or "
                "wrapped: alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t) with t the "
                "steps taken so far)"
            )
    return None


def _large_elements_ratio(seen: Seen) -> float | None:
    """ours / theirs where the step is large: float32 rounding blurs the small ones."""
    ours, theirs = seen.ours, seen.theirs
    if ours is None or theirs is None or ours.shape != theirs.shape:
        return None
    large = np.abs(theirs) > 0.1 * np.abs(theirs).max(initial=0)
    return common_ratio(ours[large], theirs[large]) if large.any() else None


def _step_sizes(last: int) -> np.ndarray:
    """Keras's bias-corrected step size for t = 0..last (t = 0 is infinite: not matched)."""
    t = np.arange(last + 1, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.sqrt(1 - config.BETA_2**t) / (1 - config.BETA_1**t)


def _which_parameters(seen: Seen) -> str:
    if seen.ours is None or seen.ours.ndim != 1 or seen.ours.shape != seen.theirs.shape:
        return ""
    layout = config.weight_layout()
    names, sizes = list(layout), [int(np.prod(shape)) for shape in layout.values()]
    if sum(sizes) != seen.ours.size:
        return ""
    tolerance = 1e-6 * np.abs(seen.theirs).max(initial=0)
    differ = np.abs(seen.ours - seen.theirs) > tolerance
    parts = np.split(differ, np.cumsum(sizes)[:-1])
    which = [name for name, part in zip(names, parts) if part.any()]
    if len(which) == len(names):
        return "Every parameter differs. "
    return f"It differs in {', '.join(which)} only. " if which else ""


def _flat(arrays) -> np.ndarray:
    return np.concatenate([np.asarray(a, np.float64).ravel() for a in arrays])
