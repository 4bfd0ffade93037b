"""Constant ratios ours / theirs with a known meaning (a batch size, a sign, ln 2, Adam's
step size without its bias correction...), built for a row's evidence."""

from __future__ import annotations

import math

from .. import config


# Constant ratios ours / theirs and what each means, as data: (value, meaning) pairs
# built for the row's evidence (its batch size n, its step t). Checked in this order.
def known_ratios(evidence) -> list[tuple[float, str]]:
    t, classes = evidence.step, config.NUM_CLASSES
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
    if evidence.kind == "adam_update":
        root = math.sqrt(1 - config.BETA_2**t)
        known += [
            ((1 - config.BETA_1**t) / root, "every update is (1 - beta_1^t) / sqrt(1 - "
             "beta_2^t) times Keras's: Adam without bias correction; Keras scales the step "
             "by sqrt(1 - beta_2^t) / (1 - beta_1^t)"),
            (root, "every update is sqrt(1 - beta_2^t) times Keras's: the step size is off "
             "by a square root: alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)"),
            (1 / root, "every update is 1 / sqrt(1 - beta_2^t) times Keras's: v not "
             "bias-corrected, or the step size off by a square root: alpha = lr * "
             "sqrt(1 - beta_2^t) / (1 - beta_1^t)"),
            (1 - config.BETA_1**t, "every update is (1 - beta_1^t) times Keras's: m not "
             "bias-corrected (v is): m_hat = m / (1 - beta_1^t)"),
            (config.LEARNING_RATE, f"every update is {config.LEARNING_RATE:g} (the learning "
             "rate) times Keras's: the learning rate applied twice"),

        ]  # fmt: skip
    probe = evidence.second_step_ratio  # at t = 1, lr left out looks like swapped corrections
    if evidence.kind == "adam_update" and (
        probe is None or math.isclose(probe, 1 / config.LEARNING_RATE, rel_tol=1e-3)
    ):
        known.append(
            (1 / config.LEARNING_RATE, f"every update is 1/{config.LEARNING_RATE:g} times "
             "Keras's, at the first step and the second alike: the learning rate left out")
        )  # fmt: skip
    return known
