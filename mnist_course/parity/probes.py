"""Probes for rung 5: what rungs 1-4 cannot see because they start from zero.

Rungs 1-4 start from Keras's initial weights, whose biases are 0, and from Adam's empty
state. Two mistakes hide there and show only when steps follow each other: a forward
pass that never adds the bias, and an Adam that starts its moments (or t) afresh at
every step. When rung 5's parameters part while everything fit did agrees, these probes
run the pieces under test on inputs where the two show, against the formulas.
"""

from __future__ import annotations

import math

import numpy as np

from .. import config


def between_steps_cause(setup) -> str | None:
    """The mistake the probes find, in a sentence, or None."""
    return (
        _bias_not_added(setup)
        or _gradients_accumulate(setup)
        or _adam_state_not_carried(setup)
        or _second_step_size(setup)
    )


def _second_step_size(setup) -> str | None:
    """Adam's second step against the formula: rung 4 sees only the first."""
    ratio = second_step_ratio(setup)
    if ratio is None or (not math.isnan(ratio) and math.isclose(ratio, 1, rel_tol=1e-3)):
        return None
    said = "a probe of two Adam steps from zero (rung 4 checks the first): the second"
    if math.isnan(ratio):
        return f"{said} is no constant multiple of the formula's: look at step 2's m, v and t"
    b1, b2 = config.BETA_1, config.BETA_2
    right = math.sqrt(1 - b2**2) / (1 - b1**2)
    for value, meaning in (
        (math.sqrt(1 - b2**2) / (1 - b1) ** 2, "(1 - beta_1)**t where 1 - beta_1**t belongs"),
        (math.sqrt((1 - b2) ** 2) / (1 - b1**2), "(1 - beta_2)**t where 1 - beta_2**t belongs"),
        (math.sqrt(1 - b2) / (1 - b1), "the step size of t = 1 at t = 2: t stuck at 1"),
    ):
        if math.isclose(ratio, value / right, rel_tol=1e-3):
            return f"{said} is {ratio:.4g} times the formula's: {meaning}"
    return (
        f"{said} is {ratio:.4g} times the formula's, the first agrees: the step size at "
        "t = 2 is computed another way (Keras's: lr * sqrt(1 - beta_2^t) / (1 - beta_1^t))"
    )


def _gradients_accumulate(setup) -> str | None:
    """Two backward passes on the same batch must leave the same gradients, not twice them."""
    from ..numpy_mlp import MLP

    generator = np.random.default_rng(3)
    x = generator.random((6, config.NUM_PIXELS)).astype(setup.dtype)
    y = generator.integers(0, config.NUM_CLASSES, 6)
    try:
        model = MLP(dtype=setup.dtype, seed=0, ops=setup.ops)
        model.loss_and_gradients(x, y)
        first = {name: np.array(g, np.float64) for name, g in model.named_gradients().items()}
        model.loss_and_gradients(x, y)
        second = {name: np.array(g, np.float64) for name, g in model.named_gradients().items()}
    except Exception:  # a probe that cannot run finds nothing
        return None
    doubled = [
        name
        for name in first
        if np.abs(first[name]).max() > 0 and np.allclose(second[name], 2 * first[name], rtol=1e-4)
    ]
    if doubled:
        return (
            "a probe of two backward passes on the same batch gives twice the gradient the "
            f"second time for {', '.join(doubled)}: those gradients add up from step to step "
            "(+= where = belongs, or never reset to 0); rung 3 took one pass, from zero"
        )
    return None


def _bias_not_added(setup) -> str | None:
    """dense_forward with a non-zero bias, against x @ kernel + bias."""
    generator = np.random.default_rng(0)
    x = generator.normal(size=(4, 3)).astype(setup.dtype)
    kernel = generator.normal(size=(3, 2)).astype(setup.dtype)
    bias = np.array([0.5, -1.5], dtype=setup.dtype)
    try:
        out = np.asarray(setup.ops.dense_forward(x, kernel, bias), np.float64)
    except Exception:  # a probe that cannot run finds nothing
        return None
    without = x.astype(np.float64) @ kernel.astype(np.float64)
    if out.shape != without.shape or np.allclose(out, without + bias, rtol=1e-5):
        return None
    said = "a probe with a non-zero bias (rungs 1-4 start from biases of 0) shows dense_forward"
    for candidate, what in (
        (without, "returns x @ kernel without the bias: add it, x @ kernel + bias"),
        (without - bias, "subtracts the bias: x @ kernel + bias"),
        (without + 2 * bias, "adds the bias twice"),
        (without * bias, "multiplies by the bias where it is added"),
    ):
        if np.allclose(out, candidate, rtol=1e-5):
            return f"{said} {what}; once training moves the biases off 0, every step differs"
    return f"{said} differs from x @ kernel + bias: look at how the bias enters it"


def _adam_state_not_carried(setup) -> str | None:
    generator = np.random.default_rng(1)
    param = np.zeros(5, dtype=setup.dtype)
    grads = [generator.normal(size=5).astype(setup.dtype) for _ in range(2)]
    optimizer = setup.make_optimizer()
    try:
        for grad in grads:
            optimizer.step([param], [grad.copy()])
    except Exception:  # a probe that cannot run finds nothing
        return None
    b1, b2 = config.BETA_1, config.BETA_2
    g1, g2 = (g.astype(np.float64) for g in grads)
    carried = (b1 * (1 - b1) * g1 + (1 - b1) * g2, b2 * (1 - b2) * g1**2 + (1 - b2) * g2**2)
    fresh = ((1 - b1) * g2, (1 - b2) * g2**2)
    m, v = (
        np.asarray(state[0], np.float64) for state in (optimizer.momentums, optimizer.velocities)
    )
    if optimizer.iterations != 2:
        return (
            f"a probe of two Adam steps ends at t = {optimizer.iterations}, not 2: t is not "
            "carried from step to step (rung 4 took one step, from t = 0)"
        )
    if np.allclose(m, fresh[0], rtol=1e-4) and np.allclose(v, fresh[1], rtol=1e-4):
        return (
            "a probe of two Adam steps shows m and v after step 2 equal to a first step's "
            "from zero: the moments start again at every step (state re-created inside the "
            "step, not kept between steps); rung 4 takes one step, where the two agree"
        )
    stale = ((1 - b1) * (1 + b1) * g1, (1 - b2) * (1 + b2) * g1**2)  # g1 twice
    if np.allclose(m, stale[0], rtol=1e-4) and np.allclose(v, stale[1], rtol=1e-4):
        return (
            "a probe of two Adam steps shows the second step took the first step's gradient "
            "again: the gradients are read from where they are no longer written (state "
            "kept between steps: a stale copy of the gradients)"
        )
    if not (np.allclose(m, carried[0], rtol=1e-4) and np.allclose(v, carried[1], rtol=1e-4)):
        return (
            "a probe of two Adam steps gives m and v after step 2 that are neither carried "
            "over (beta * the first step's + (1 - beta) * the second gradient) nor started "
            "afresh: look at how the moments are stored between steps"
        )
    return None


def float64_step_size(before: list, grads: list, after: list) -> str | None:
    """Rung 4 in float32: does Adam's first step with its step size computed in float64
    (then rounded into the float32 weights) give ours bit for bit?"""
    from ..numpy_mlp.optim import adam_step, adam_step_size

    if not before or before[0].dtype != np.float32:
        return None
    for round_betas in (True, False):
        alpha = adam_step_size(config.LEARNING_RATE, config.BETA_1, config.BETA_2, 1,
                               np.float64, round_betas=round_betas)  # fmt: skip
        candidate = []
        for param, grad in zip(before, grads):
            m = grad * np.float32(1 - config.BETA_1)
            v = grad * grad * np.float32(1 - config.BETA_2)
            step = alpha * m / (np.sqrt(v) + config.ADAM_EPSILON)  # Keras's order, in float64
            candidate.append((param - step).astype(np.float32))
        if all(np.array_equal(a, b) for a, b in zip(candidate, after)):
            return (
                "ours is, bit for bit, Keras's step with its step size alpha computed in "
                "float64 and the step then rounded into the float32 weights: compute alpha "
                "in the parameters' dtype (Keras computes it in float32)"
            )
        hyper = (config.LEARNING_RATE, config.BETA_1, config.BETA_2, config.ADAM_EPSILON)
        candidate = [  # Adam's moments made in float64 (np.zeros(shape)): so is its step
            adam_step(param, grad, np.zeros(param.shape), np.zeros(param.shape), 1, *hyper,
                      round_betas=round_betas)[0].astype(np.float32)
            for param, grad in zip(before, grads)
        ]  # fmt: skip
        if all(np.array_equal(a, b) for a, b in zip(candidate, after)):
            return (
                "ours is, bit for bit, Keras's step computed wholly in float64 (the moments "
                "m and v, and the step) then rounded into the float32 weights: Adam's state "
                "is made without the parameters' dtype (np.zeros(shape) where "
                "np.zeros_like(param) belongs); keep m, v and alpha in float32"
            )
    return None


def second_step_ratio(setup) -> float | None:
    """The optimiser's second update over the formula's (Keras's, exact betas), on a probe:
    tells apart mistakes whose first steps are alike (at t = 1, lr left out and the bias
    corrections swapped both give 1,000 times Keras's step). nan: no constant multiple;
    None: the probe could not run."""
    generator = np.random.default_rng(2)
    grads = [generator.normal(size=6).astype(setup.dtype) for _ in range(2)]
    param = np.zeros(6, dtype=setup.dtype)
    optimizer = setup.make_optimizer()
    try:
        optimizer.step([param], [grads[0].copy()])
        before = param.astype(np.float64)
        optimizer.step([param], [grads[1].copy()])
    except Exception:  # a probe that cannot run finds nothing
        return None
    b1, b2, lr, eps = config.BETA_1, config.BETA_2, config.LEARNING_RATE, config.ADAM_EPSILON
    g1, g2 = (g.astype(np.float64) for g in grads)
    m = b1 * (1 - b1) * g1 + (1 - b1) * g2
    v = b2 * (1 - b2) * g1**2 + (1 - b2) * g2**2
    expected = -lr * np.sqrt(1 - b2**2) / (1 - b1**2) * m / (np.sqrt(v) + eps)
    ratios = (param.astype(np.float64) - before) / expected
    if not np.isfinite(ratios).all() or not np.allclose(ratios, ratios[0], rtol=1e-3):
        return math.nan  # the second step is no constant multiple of the formula's
    return float(ratios[0])
