"""Lesson 5's race: an optimiser's state kept per parameter array, and a short run."""

from __future__ import annotations

import numpy as np

from mnist_course.numpy_mlp.optimiser_race import PerArray, train_run


def momentum_update(w, g, velocity, t):
    velocity = np.zeros_like(w) if velocity is None else velocity
    velocity = 0.9 * velocity - 0.1 * g
    return w + velocity, velocity


def quadratic(params, x, y):
    """Loss 0.5 * sum(w**2) whatever the batch: its gradient is the weights themselves."""
    return 0.5 * sum(float((p * p).sum()) for p in params), [p.copy() for p in params]


def test_each_array_keeps_its_own_state_and_the_state_is_counted():
    step = PerArray(momentum_update)
    params = [np.ones((2, 3)), np.ones(4)]
    for t in (1, 2):
        params = [step(i, p, p, t) for i, p in enumerate(params)]
    assert step.state_size() == 10  # one velocity per weight
    assert step.states[0].shape == (2, 3) and step.states[1].shape == (4,)
    assert PerArray(lambda w, g, state, t: (w - g, state)).state_size() == 0


def test_a_run_visits_each_batch_once_an_epoch_and_is_reproducible():
    seen = []

    def recording(params, x, y):
        seen.append(tuple(x[:, 0]))
        return quadratic(params, x, y)

    x, y = np.arange(10.0).reshape(10, 1), np.zeros(10, dtype=np.intp)
    params = [np.ones(3)]
    losses, final = train_run(momentum_update, params, recording, x, y, 0, 2, 4)
    assert len(losses) == 6  # batches of 4, 4 and 2, twice
    epochs = [sorted(sum(seen[i : i + 3], ())) for i in (0, 3)]
    assert epochs == [list(x[:, 0])] * 2  # every digit once per epoch
    again = train_run(momentum_update, params, quadratic, x, y, 0, 2, 4)
    np.testing.assert_array_equal(losses, again[0])
    assert final == again[1] < losses[0]


def test_a_diverging_run_stops_and_reports_an_infinite_loss():
    def explode(w, g, state, t):
        return w * 1e300, state

    x, y = np.zeros((8, 1)), np.zeros(8, dtype=np.intp)
    losses, final = train_run(explode, [np.ones(2)], quadratic, x, y, 0, 3, 4)
    assert final == np.inf
    assert losses.tolist() == [1.0]  # the first batch's loss, then the step overflowed
