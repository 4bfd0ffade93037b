"""Optimisers raced on the same digits: one state per parameter array, a short run (lesson 5).

Lesson 5's learner writes one step of each optimiser for one array (``sgd_step``,
``momentum_step``, ``adam_step``) and wraps it as ``update(w, g, state, t) -> (w, state)``;
here that update is kept per parameter array and run over mini-batches. Lesson 6 is where
the learner writes the training loop itself.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Update = Callable[[np.ndarray, np.ndarray, object, int], tuple[np.ndarray, object]]


class PerArray:
    """An update that keeps its own state for each parameter array (by the array's index)."""

    def __init__(self, update: Update):
        self.update = update
        self.states: dict[int, object] = {}

    def __call__(self, index: int, param: np.ndarray, grad: np.ndarray, t: int) -> np.ndarray:
        param, self.states[index] = self.update(param, grad, self.states.get(index), t)
        return param

    def state_size(self) -> int:
        """How many numbers the optimiser keeps besides the weights (0 for plain SGD)."""
        return sum(
            int(np.size(np.asarray(state))) for state in self.states.values() if state is not None
        )


def train_run(
    update: Update,
    params: list[np.ndarray],
    loss_and_gradients: Callable,
    x: np.ndarray,
    y: np.ndarray,
    seed: int,
    epochs: int,
    batch_size: int,
) -> tuple[np.ndarray, float]:
    """Train from ``params`` with ``update`` kept per array; each batch's loss, the final loss.

    Each epoch visits the digits in ``np.random.default_rng(seed).permutation`` order, so
    for one seed every optimiser sees the same batches. A run whose loss stops being finite
    stops there and reports an infinite final loss.
    """
    step, order_rng = PerArray(update), np.random.default_rng(seed)
    batch_losses, t = [], 0
    with np.errstate(all="ignore"):  # a diverging run overflows: it is reported, not warned
        for _ in range(epochs):
            order = order_rng.permutation(len(x))
            for start in range(0, len(x), batch_size):
                batch = order[start : start + batch_size]
                loss, grads = loss_and_gradients(params, x[batch], y[batch])
                if not np.isfinite(loss):
                    return np.array(batch_losses), np.inf
                t += 1
                params = [step(i, p, g, t) for i, (p, g) in enumerate(zip(params, grads))]
                batch_losses.append(loss)
        return np.array(batch_losses), float(loss_and_gradients(params, x, y)[0])
