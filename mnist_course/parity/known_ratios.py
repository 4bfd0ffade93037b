"""Constant ratios ours / theirs with a known meaning (a batch size, a sign, ln 2, Adam's
step size without its bias correction...), built for a row's evidence."""

from __future__ import annotations

import math

from .. import config


# Constant ratios ours / theirs and what each means, as data: (value, meaning) pairs
# built for the row's evidence (its batch size n, its step t). Checked in this order.
def known_ratios(evidence) -> list[tuple[float, str]]:
    classes = config.NUM_CLASSES
    known = [
        (-1.0, "ours is exactly minus Keras's: a flipped sign (`+=` for `-=`, or a "
         "difference taken the wrong way round)"),
        (1 / math.log(10), "a constant ratio of 1 / ln 10: a logarithm in base 10 "
         "(np.log10) where the natural log belongs"),
        (1 / math.log(2), "a constant ratio of 1 / ln 2: a logarithm in base 2 (np.log2) "
         "where the natural log belongs"),
        (math.log(2), "a constant ratio of ln 2: a natural log where base 2 was expected, "
         "or an exp2 for an exp"),
        (2.0, "exactly twice Keras's, element for element: a factor 2 too many"),
        (0.5, "exactly half of Keras's, element for element: a factor 1/2 too many"),
    ]  # fmt: skip
    if evidence.kind.startswith("adam"):  # a class count or a batch size means nothing here
        return known + (_adam_update_ratios(evidence) if evidence.kind == "adam_update" else [])
    known += [
        (classes, f"exactly {classes} (the number of classes) times Keras's: a sum over "
         "the classes where there is none, or a mean over classes missing"),
        (1 / classes, f"exactly 1/{classes} of Keras's: a mean over the {classes} classes "
         "where the loss takes one class per sample (the label's)"),
    ]  # fmt: skip
    if evidence.batch_size:
        n = evidence.batch_size
        known += [
            (n, f"exactly {n} (the batch size) times Keras's: a sum where a mean belongs; "
             "the loss is the batch mean, so its gradient carries 1 / batch_size"),
            (1 / n, f"exactly 1/{n} of Keras's: a mean where a sum belongs (the bias "
             "gradient sums over the batch; 1 / batch_size is applied once, at the loss)"),
            (n / classes, f"exactly {n}/{classes} (batch size over classes) times Keras's: "
             f"divided by the {classes} classes where the batch size {n} belongs (a mean "
             "over the wrong axis, or len(probs[0]) for len(probs))"),
            (classes / n, f"exactly {classes}/{n} (classes over batch size) times Keras's: "
             f"divided by the batch size {n} where the {classes} classes belong "
             "(len(probs) for len(probs[0]), or a mean over the wrong axis)"),
            (math.sqrt(n), f"exactly sqrt({n}) times Keras's: divided by the square root "
             "of the batch size where the batch size belongs"),
            (1 / n**2, f"exactly 1/{n}^2 of Keras's: divided by the batch size twice (once "
             "in the loss's gradient, again in a layer's)"),
        ]  # fmt: skip
    return known


def _adam_update_ratios(evidence) -> list[tuple[float, str]]:
    """Adam's update ratios at this step t, each kept only if the optimiser's second step
    (probed: ``Evidence.second_step_ratio``) agrees: at t = 1 several mistakes give the
    same factor (lr left out and the corrections swapped both give 1,000), at t = 2 not.
    A ratio expected to vary at step 2 is written nan; a probe that varies reads nan."""
    b1, b2, lr = config.BETA_1, config.BETA_2, config.LEARNING_RATE

    def root(t):
        return math.sqrt(1 - b2**t)

    entries = [  # (ratio at step t, as a function of t; its meaning)
        (lambda t: (1 - b1**t) / root(t), "every update is (1 - beta_1^t) / sqrt(1 - "
         "beta_2^t) times Keras's: Adam without bias correction; Keras scales the step by "
         "sqrt(1 - beta_2^t) / (1 - beta_1^t)"),
        (root, "every update is sqrt(1 - beta_2^t) times Keras's: the step size is off by "
         "a square root: alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)"),
        (lambda t: 1 / root(t), "every update is 1 / sqrt(1 - beta_2^t) times Keras's: v "
         "not bias-corrected, or the step size off by a square root: alpha = lr * "
         "sqrt(1 - beta_2^t) / (1 - beta_1^t)"),
        (lambda t: 1 - b1**t, "every update is (1 - beta_1^t) times Keras's: m not "
         "bias-corrected (v is): m_hat = m / (1 - beta_1^t)"),
        (lambda t: 1 / (1 - b1**t), "every update is 1 / (1 - beta_1^t) times Keras's: m "
         "bias-corrected twice (divided by 1 - beta_1^t in two places)"),
        (lambda t: lr, f"every update is {lr:g} (the learning rate) times Keras's: the "
         "learning rate applied twice"),
        (lambda t: 1 / lr, f"every update is 1/{lr:g} times Keras's, at the first step and "
         "the second alike: the learning rate left out"),
        (lambda t: 1 / (1 - b1) if t == 1 else math.nan, "every update is 1 / (1 - beta_1) "
         "times Keras's at the first step and varies after: the gradient g in the step "
         "where the moment m belongs (m is (1 - beta_1) g after one step)"),
    ]  # fmt: skip
    probe, t = evidence.second_step_ratio, evidence.step
    if probe is not None and not math.isnan(probe) and abs(probe - 1) > 1e-3:
        entries.append(  # last: any ratio the same at steps 1 and 2 is a step-size scale
            (lambda t: probe, f"every update is {probe:.4g} times Keras's at the first step "
             f"and the second alike: the step size is scaled, as by a learning rate of "
             f"{lr * probe:.4g} where Keras's is {lr:g}")
        )  # fmt: skip
    return [
        (value(t), meaning)
        for value, meaning in entries
        if probe is None  # the probe could not run: the first step alone decides
        or (math.isnan(value(2)) and math.isnan(probe))
        or (not math.isnan(value(2)) and math.isclose(probe, value(2), rel_tol=1e-3))
    ]
