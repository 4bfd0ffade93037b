"""Summaries of results over several seeds, and a confidence interval on a difference."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Summary:
    mean: float
    std: float  # sample standard deviation (ddof=1)
    count: int

    def __str__(self) -> str:
        return f"{self.mean:.4f} ± {self.std:.4f} (n={self.count})"


def summarize(values: list[float]) -> Summary:
    values = np.asarray(values, dtype=np.float64)
    std = float(values.std(ddof=1)) if len(values) > 1 else 0.0
    return Summary(float(values.mean()), std, len(values))


def difference_interval(
    first: list[float], second: list[float], confidence: float = 0.95
) -> tuple[float, float, float]:
    """(difference of means, low, high): Welch's t-interval for mean(first) - mean(second).

    Welch's interval does not assume the two spreads are equal. With 3-5 seeds per side
    it is wide; that is the honest answer to "do these differ?".
    """
    a, b = np.asarray(first, np.float64), np.asarray(second, np.float64)
    if len(a) < 2 or len(b) < 2:
        raise ValueError("a confidence interval needs at least 2 values on each side")
    difference = float(a.mean() - b.mean())
    var_a, var_b = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    standard_error = math.sqrt(var_a + var_b)
    if standard_error == 0:
        return difference, difference, difference
    dof = (var_a + var_b) ** 2 / (var_a**2 / (len(a) - 1) + var_b**2 / (len(b) - 1))
    half_width = float(stats.t.ppf(0.5 + confidence / 2, dof)) * standard_error
    return difference, difference - half_width, difference + half_width


def mean_interval(values: list[float], confidence: float = 0.95) -> tuple[float, float, float]:
    """(mean, low, high): Student's t-interval for the mean of a few runs (seeds)."""
    values = np.asarray(values, dtype=np.float64)
    if len(values) < 2:
        raise ValueError("a confidence interval needs at least 2 values")
    mean = float(values.mean())
    half_width = t_factor(len(values), confidence) * float(
        values.std(ddof=1) / math.sqrt(len(values))
    )
    return mean, mean - half_width, mean + half_width


def t_factor(n: int, confidence: float = 0.95) -> float:
    """Student's t for a ``confidence`` interval of the mean of ``n`` values (3.18 for 4)."""
    return float(stats.t.ppf(0.5 + confidence / 2, n - 1))


def format_seed_study(accuracies: dict[str, list[float]]) -> str:
    """Mean ± std of test accuracy per implementation, and the 95% interval of the gap."""
    lines = [f"{impl:<6} test accuracy {summarize(values)}" for impl, values in accuracies.items()]
    if all(len(values) > 1 for values in accuracies.values()) and len(accuracies) == 2:
        (first, a), (second, b) = accuracies.items()
        difference, low, high = difference_interval(a, b)
        lines.append(
            f"{first} - {second}: {difference:+.4f}, 95% interval [{low:+.4f}, {high:+.4f}]"
            + (" (contains 0)" if low <= 0 <= high else " (excludes 0)")
        )
    return "\n".join(lines)
