"""Seed summaries and Welch's interval, checked against hand-computed values."""

from __future__ import annotations

import pytest

from mnist_course.stats import difference_interval, summarize


def test_summary_uses_the_sample_standard_deviation():
    summary = summarize([0.95, 0.96, 0.97])
    assert summary.mean == pytest.approx(0.96)
    assert summary.std == pytest.approx(0.01)
    assert str(summary) == "0.9600 ± 0.0100 (n=3)"


def test_welch_interval_matches_a_hand_computation():
    # Equal sizes and spreads: se = sqrt(0.01²/3 * 2), dof = 4, t(0.975, 4) = 2.776445.
    difference, low, high = difference_interval([0.95, 0.96, 0.97], [0.94, 0.95, 0.96])
    half_width = 2.7764451051977987 * (2 * 0.01**2 / 3) ** 0.5
    assert difference == pytest.approx(0.01)
    assert (low, high) == pytest.approx((0.01 - half_width, 0.01 + half_width))


def test_clearly_different_groups_exclude_zero():
    _, low, high = difference_interval([0.96, 0.961, 0.962], [0.90, 0.901, 0.899])
    assert 0 < low < high


def test_interval_needs_two_values_a_side():
    with pytest.raises(ValueError, match="at least 2"):
        difference_interval([0.9], [0.9, 0.8])


def test_mean_interval_matches_a_hand_computation():
    from mnist_course.stats import mean_interval

    # n = 3, std 0.01: half width t(0.975, 2) * 0.01 / sqrt(3), t = 4.302653.
    mean, low, high = mean_interval([0.95, 0.96, 0.97])
    half_width = 4.302652729749464 * 0.01 / 3**0.5
    assert mean == pytest.approx(0.96)
    assert (low, high) == pytest.approx((0.96 - half_width, 0.96 + half_width))
    with pytest.raises(ValueError, match="at least 2"):
        mean_interval([0.9])
