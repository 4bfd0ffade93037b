"""The NumPy building blocks, each checked against central finite differences in float64."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mnist_course.gradcheck import numerical_gradient, relative_error
from mnist_course.numpy_mlp import functional as F

TOLERANCE = 1e-7  # relative error of a correct gradient in float64 (CS231n's threshold)


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def away_from_zero(rng, shape, margin=1e-3):
    """Random values none of which sits within ``margin`` of ReLU's kink at 0."""
    values = rng.normal(size=shape)
    return np.where(np.abs(values) < margin, margin * 10, values)


def test_dense_backward(rng):
    x, kernel, bias = rng.normal(size=(5, 7)), rng.normal(size=(7, 3)), rng.normal(size=3)
    upstream = rng.normal(size=(5, 3))  # loss = sum(y * upstream), so grad_y = upstream

    def loss():
        return float((F.dense_forward(x, kernel, bias) * upstream).sum())

    grad_x, grad_kernel, grad_bias = F.dense_backward(upstream, x, kernel)
    assert relative_error(grad_x, numerical_gradient(loss, x)) < TOLERANCE
    assert relative_error(grad_kernel, numerical_gradient(loss, kernel)) < TOLERANCE
    assert relative_error(grad_bias, numerical_gradient(loss, bias)) < TOLERANCE
    skipped, *_ = F.dense_backward(upstream, x, kernel, need_grad_x=False)
    assert skipped is None


def test_relu_backward(rng):
    z = away_from_zero(rng, (6, 4))
    upstream = rng.normal(size=(6, 4))
    numeric = numerical_gradient(lambda: float((F.relu_forward(z) * upstream).sum()), z)
    assert relative_error(F.relu_backward(upstream, z), numeric) < TOLERANCE


def test_relu_gradient_at_zero_is_zero_as_in_tensorflow():
    np.testing.assert_array_equal(
        F.relu_backward(np.ones(3), np.array([-1.0, 0.0, 2.0])), [0.0, 0.0, 1.0]
    )


def test_cross_entropy_backward(rng):
    logits = rng.normal(size=(8, 10)) * 3
    labels = rng.integers(0, 10, size=8)
    numeric = numerical_gradient(lambda: F.cross_entropy(logits, labels), logits)
    assert relative_error(F.cross_entropy_backward(logits, labels), numeric) < TOLERANCE


def test_softmax_is_stable_for_huge_logits():
    logits = np.array([[1000.0, 1000.0, -1000.0], [-5e4, 0.0, 5e4]])
    probs = F.softmax(logits)
    assert np.isfinite(probs).all()
    np.testing.assert_allclose(probs, [[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]], atol=1e-300)
    np.testing.assert_allclose(F.log_softmax(logits)[0, :2], [-math.log(2)] * 2, rtol=1e-15)
    assert F.cross_entropy(logits, np.array([2, 0])) == pytest.approx(
        (2000 + math.log(2) + 1e5) / 2
    )


def test_softmax_rows_sum_to_one_and_match_the_definition(rng):
    logits = rng.normal(size=(4, 10))
    expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(F.softmax(logits), expected, rtol=1e-14)
    np.testing.assert_allclose(F.softmax(logits).sum(axis=1), 1.0, rtol=1e-15)


def test_cross_entropy_of_uniform_prediction_is_ln_10():
    assert F.cross_entropy(np.zeros((3, 10)), np.array([0, 4, 9])) == pytest.approx(math.log(10))


def test_cross_entropy_from_probs_clips_like_keras():
    probs = np.array([[1.0, 0.0], [0.5, 0.5]])
    # -log(1e-7) for the certain-but-wrong row, -log(0.5) for the other.
    expected = (-math.log(1e-7) - math.log(0.5)) / 2
    assert F.cross_entropy_from_probs(probs, np.array([1, 0])) == pytest.approx(expected)
    assert F.cross_entropy_from_probs(probs[:1], np.array([0])) == pytest.approx(
        -math.log(1 - 1e-7)
    )


def test_glorot_uniform_limits_and_spread():
    kernel = F.glorot_uniform(784, 32, np.random.default_rng(0), np.dtype(np.float32))
    limit = math.sqrt(6 / (784 + 32))
    assert kernel.shape == (784, 32) and kernel.dtype == np.float32
    assert np.abs(kernel).max() <= limit
    # A uniform on ±limit has standard deviation limit / sqrt(3).
    assert kernel.std() == pytest.approx(limit / math.sqrt(3), rel=0.02)


def test_numerical_gradient_refuses_float32():
    with pytest.raises(ValueError, match="float64"):
        numerical_gradient(lambda: 0.0, np.zeros(3, np.float32))


def test_the_gradient_check_catches_a_wrong_gradient(rng):
    """A check that cannot fail proves nothing: a bias gradient averaged instead of summed."""
    x, kernel, bias = rng.normal(size=(5, 7)), rng.normal(size=(7, 3)), rng.normal(size=3)
    upstream = rng.normal(size=(5, 3))
    numeric = numerical_gradient(
        lambda: float((F.dense_forward(x, kernel, bias) * upstream).sum()), bias
    )
    assert relative_error(upstream.mean(axis=0), numeric) > 0.5


def test_sampled_indices_are_distinct_entries_and_lit_rows_only():
    from mnist_course.gradcheck import sampled_indices

    rng = np.random.default_rng(0)
    indices = sampled_indices((4, 3), 5, rng)
    assert len(set(indices)) == 5 and all(0 <= i < 4 and 0 <= j < 3 for i, j in indices)
    assert len(sampled_indices((2,), 10, rng)) == 2  # fewer entries than asked: all of them
    rows = np.array([1, 5, 7])
    assert {row for row, _ in sampled_indices((9, 2), 3, rng, rows)} == {1, 5, 7}


def test_entry_errors_are_relative_and_zero_where_both_are_zero():
    from mnist_course.gradcheck import entry_errors

    errors = entry_errors(np.array([1.0, 0.0, 2.0]), np.array([1.1, 0.0, -2.0]))
    np.testing.assert_allclose(errors, [0.1 / 1.1, 0.0, 2.0])
