"""The library's single homes: optimiser steps as functions, epoch orders, metrics.

The classes and the training loop are built on these functions, and the exercises check
learners against them, so each is tested here against what its users rely on.
"""

from __future__ import annotations

import numpy as np
import pytest

from mnist_course.numpy_mlp import MLP, SGD, Adam, fit
from mnist_course.numpy_mlp.batches import (
    batches_of,
    epoch_order,
    epoch_orders,
    minibatch_indices,
)
from mnist_course.numpy_mlp.metrics import accuracy, confusion_matrix
from mnist_course.numpy_mlp.optim import (
    adam_step,
    adam_step_size,
    float32_rounded,
    momentum_step,
    sgd_step,
)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("round_betas", [True, False])
def test_adam_class_takes_exactly_adam_steps(dtype, round_betas):
    rng = np.random.default_rng(5)
    param = rng.normal(size=20).astype(dtype)
    grads = [rng.normal(size=20).astype(dtype) * 1e-2 for _ in range(20)]
    optimizer = Adam(round_betas=round_betas)
    in_place = param.copy()
    expected, m, v = param.copy(), np.zeros_like(param), np.zeros_like(param)
    for t, grad in enumerate(grads, start=1):
        optimizer.step([in_place], [grad])
        expected, m, v = adam_step(expected, grad, m, v, t, round_betas=round_betas)
        assert expected.dtype == dtype
    np.testing.assert_array_equal(in_place, expected)  # bit for bit


def test_the_betas_are_rounded_only_when_asked_and_only_in_the_step_size():
    exact = adam_step_size(1e-3, 0.9, 0.999, 1)
    rounded = adam_step_size(1e-3, 0.9, 0.999, 1, round_betas=True)
    assert exact == pytest.approx(1e-3 * np.sqrt(1 - 0.999) / (1 - 0.9), rel=1e-15)
    beta_1, beta_2 = float32_rounded(0.9), float32_rounded(0.999)
    assert rounded == pytest.approx(1e-3 * np.sqrt(1 - beta_2) / (1 - beta_1), rel=1e-15)
    assert rounded / exact - 1 == pytest.approx(-6.7e-6, rel=0.05)  # Adam's doc: 6.7e-6
    assert adam_step_size(1e-3, 0.9, 0.999, 1, np.float32).dtype == np.float32


def test_sgd_class_takes_sgd_steps_and_momentum_steps():
    rng = np.random.default_rng(6)
    param, grads = rng.normal(size=6), [rng.normal(size=6) for _ in range(4)]
    plain, with_momentum = param.copy(), param.copy()
    expected_plain, expected, velocity = param.copy(), param.copy(), np.zeros(6)
    sgd, momentum = SGD(0.1), SGD(0.1, momentum=0.9)
    for grad in grads:
        sgd.step([plain], [grad])
        momentum.step([with_momentum], [grad])
        expected_plain = sgd_step(expected_plain, grad, 0.1)
        expected, velocity = momentum_step(expected, grad, velocity, 0.1, 0.9)
    np.testing.assert_array_equal(plain, expected_plain)
    np.testing.assert_array_equal(with_momentum, expected)
    assert not np.array_equal(plain, with_momentum)


def test_steps_leave_their_inputs_alone():
    param, grad = np.ones(3), np.full(3, 0.5)
    velocity, m, v = np.full(3, 0.1), np.full(3, 0.01), np.full(3, 0.001)
    sgd_step(param, grad, 0.1)
    momentum_step(param, grad, velocity, 0.1, 0.9)
    adam_step(param, grad, m, v, 3)
    assert (param == 1).all() and (velocity == 0.1).all() and (m == 0.01).all()


def test_fit_trains_on_the_orders_epoch_orders_gives(subset):
    """The parity ladder feeds Keras epoch_orders(...): fit must draw exactly those."""
    x, y = subset.x_train[:64].reshape(64, -1) / 255, subset.y_train[:64]
    epochs, seed = 2, 11
    trained = MLP(dtype="float64", seed=0)
    fit(trained, x, y, epochs=epochs, batch_size=16, seed=seed, verbose=0)
    by_hand, optimizer = MLP(dtype="float64", seed=0), Adam()
    for order in epoch_orders(len(x), epochs, seed):
        for batch in batches_of(order, 16):
            by_hand.loss_and_gradients(x[batch], y[batch])
            optimizer.step([by_hand.flat_params], [by_hand.flat_grads])
    np.testing.assert_array_equal(trained.flat_params, by_hand.flat_params)


def test_epoch_orders_and_minibatches():
    orders = epoch_orders(10, 3, seed=4)
    assert len(orders) == 3 and not np.array_equal(orders[0], orders[1])
    assert all(sorted(order) == list(range(10)) for order in orders)
    np.testing.assert_array_equal(epoch_orders(5, 1, 4, shuffle=False)[0], np.arange(5))
    same_draw = np.random.default_rng(4).permutation(7)
    np.testing.assert_array_equal(epoch_order(7, np.random.default_rng(4)), same_draw)
    batches = minibatch_indices(10, 4, np.random.default_rng(4))
    assert [len(batch) for batch in batches] == [4, 4, 2]
    np.testing.assert_array_equal(np.concatenate(batches), orders[0])


def test_accuracy_and_confusion_matrix():
    logits = np.array([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [1.0, 0.0, 0.5]])
    labels = np.array([0, 1, 2])
    assert accuracy(logits, labels) == pytest.approx(2 / 3)
    counts = confusion_matrix(labels, logits.argmax(axis=1), 3)
    np.testing.assert_array_equal(counts, [[1, 0, 0], [0, 1, 0], [1, 0, 0]])
    repeated = confusion_matrix(np.array([1, 1, 1]), np.array([2, 2, 2]), 3)
    assert repeated[1, 2] == 3  # a repeated pair counts every time
