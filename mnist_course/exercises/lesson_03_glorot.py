"""Lesson 3's initialisation exercise: Glorot's uniform kernel, checked by its properties.

A right answer may draw its numbers in another way than the reference (``rng.random``
scaled, or a transposed draw), so the check does not compare values: it checks the
shape, the dtype, that every weight lies within the limit, that the values are spread
as U(-limit, limit) is, and that the draw comes from the generator passed in.
"""

from __future__ import annotations

import math

import numpy as np

from ..numpy_mlp.functional import glorot_limit, glorot_uniform
from .core import Case, Exercise, ignores_generator, rng

# Kolmogorov-Smirnov distance allowed, times 1/sqrt(n): a right answer fails with a
# probability of about 1e-6 per case (the asymptotic c(alpha) = sqrt(-ln(alpha / 2) / 2)).
_KS_FACTOR = math.sqrt(-math.log(1e-6 / 2) / 2)  # 2.69
# n draws of U(-limit, limit) all stay below limit * (1 - k / n) in |w| with a probability
# of (1 - k / n)**n, about exp(-k): k = -ln(1e-6) fails a right answer once in a million.
# It catches a limit a little too small, sqrt(6 / (fan_in + fan_out + 1)) on 784 -> 32,
# which the spread alone cannot see.
_REACH = -math.log(1e-6)  # 13.8


def _spread_problem(values: np.ndarray, limit: float) -> str | None:
    """Whether ``values`` look like draws of U(-limit, limit) (a Kolmogorov-Smirnov test)."""
    ordered = np.sort(values.ravel())
    n = len(ordered)
    uniform_cdf = (ordered + limit) / (2 * limit)
    distance = max(
        np.max(np.arange(1, n + 1) / n - uniform_cdf), np.max(uniform_cdf - np.arange(n) / n)
    )
    if distance <= _KS_FACTOR / math.sqrt(n):
        return None
    return (
        f"the values are not spread as U(-limit, limit) is (limit = sqrt(6 / (fan_in + "
        f"fan_out)) = {limit:.4g}): mean {values.mean():.3g} (expected 0), standard deviation "
        f"{values.std():.4g} (expected limit / sqrt(3) = {limit / math.sqrt(3):.4g}), "
        f"largest |w| {np.abs(values).max():.4g}"
    )


def _reach_problem(values: np.ndarray, limit: float) -> str | None:
    """Whether the largest |w| comes as near ``limit`` as ``values.size`` draws do."""
    near = limit * (1 - _REACH / values.size)
    largest = float(np.abs(values).max())
    if largest >= near:
        return None
    return (
        f"the weights never come near ±limit = sqrt(6 / (fan_in + fan_out)) = {limit:.6g}: "
        f"the largest |w| is {largest:.6g}, while {values.size} draws of U(-limit, limit) "
        f"reach beyond {near:.6g} but for a one-in-a-million chance; is the limit a "
        "little too small?"
    )


def _check_kernel(got, case, call) -> str | None:
    fan_in, fan_out, _ = case.args
    limit = glorot_limit(fan_in, fan_out)
    if not isinstance(got, np.ndarray):
        return f"expected a NumPy array, got {type(got).__name__}: draw it with rng.uniform"
    if got.shape != (fan_in, fan_out):
        transposed = got.shape == (fan_out, fan_in)
        flipped = " (transposed: a kernel is (fan_in, fan_out))" if transposed else ""
        return f"wrong shape: expected {(fan_in, fan_out)}, got {got.shape}{flipped}"
    if got.dtype != np.float64:
        return f"wrong dtype: expected float64 (what rng.uniform returns), got {got.dtype}"
    if not np.isfinite(got).all():
        return "returned NaN or infinity"
    outside = int((np.abs(got) > limit).sum())
    if outside:
        return (
            f"{outside} of {got.size} weights lie outside ±limit = sqrt(6 / (fan_in + fan_out))"
            f" = {limit:.4g} (largest |w| {np.abs(got).max():.4g})"
        )
    problem = _spread_problem(got, limit) or _reach_problem(got, limit)
    if problem:
        return problem
    return ignores_generator(call, case.args, got, draws="rng.uniform", what="kernel")


def _uniform(limit_of):
    return lambda fan_in, fan_out, rng: rng.uniform(
        -limit_of(fan_in, fan_out), limit_of(fan_in, fan_out), size=(fan_in, fan_out)
    )


def _normal(std_of):
    return lambda fan_in, fan_out, rng: rng.normal(0.0, std_of(fan_in, fan_out), (fan_in, fan_out))


MISTAKES = {
    "the limit from fan_in alone: Glorot's is sqrt(6 / (fan_in + fan_out))": _uniform(
        lambda fan_in, fan_out: math.sqrt(6 / fan_in)
    ),
    "the limit from fan_out alone: Glorot's is sqrt(6 / (fan_in + fan_out))": _uniform(
        lambda fan_in, fan_out: math.sqrt(6 / fan_out)
    ),
    "a normal distribution with Glorot's variance: this exercise is the uniform one": _normal(
        lambda fan_in, fan_out: math.sqrt(2 / (fan_in + fan_out))
    ),
    "a normal distribution with the limit as its standard deviation: draw U(-limit, limit)": (
        _normal(glorot_limit)
    ),
    "the standard deviation sqrt(2 / (fan_in + fan_out)) used as the limit: the limit is "
    "sqrt(3) times larger, since Var(U(-l, l)) = l**2 / 3": _uniform(
        lambda fan_in, fan_out: math.sqrt(2 / (fan_in + fan_out))
    ),
    "forgot the square root: the limit is sqrt(6 / (fan_in + fan_out))": _uniform(
        lambda fan_in, fan_out: 6 / (fan_in + fan_out)
    ),
    "drew from [0, limit): the weights must be centred on 0, U(-limit, limit)": (
        lambda fan_in, fan_out, rng: rng.uniform(
            0, glorot_limit(fan_in, fan_out), (fan_in, fan_out)
        )
    ),
}

GLOROT_UNIFORM = Exercise(
    name="glorot_uniform",
    lesson=3,
    title="Glorot's uniform initialisation: a (fan_in, fan_out) kernel from U(-limit, limit)",
    reference=glorot_uniform,
    cases=lambda: [
        Case("MNIST's first layer, 784 -> 32", (784, 32, rng(0))),
        Case("the last layer, 8 -> 10", (8, 10, rng(1))),
        Case(
            "a wide layer, 3 -> 300 (fan_in alone gives a limit 10 times too large)",
            (3, 300, rng(2)),
        ),
        Case(
            "a tall layer, 500 -> 2 (fan_out alone gives a limit 16 times too large)",
            (500, 2, rng(3)),
        ),
    ],
    hints=(
        "Every weight is drawn independently and uniformly between -limit and +limit, "
        "with limit = sqrt(6 / (fan_in + fan_out)); draw from the generator rng passed in.",
        "Return a float64 array of shape (fan_in, fan_out), Keras's kernel layout.",
        "limit = math.sqrt(6 / (fan_in + fan_out)); "
        "return rng.uniform(-limit, limit, size=(fan_in, fan_out))",
    ),
    mistakes=MISTAKES,
    validate=_check_kernel,
)
