"""The planted-bug catalogue: each bug, where the ladder must catch it, and the cause.

``PLANTED`` is the table: bug name -> (what replaces the reference's part: ``ops`` with
one function changed, or ``make_optimizer``; the rung that must catch it; the first
tensor to fail; words the named cause must contain). The replacements are below it.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

import numpy as np

from mnist_course import config
from mnist_course.numpy_mlp import Adam
from mnist_course.numpy_mlp import functional as F


def planted(**replacements):
    """A copy of the reference's functions with some replaced."""
    return SimpleNamespace(**{**vars(F), **replacements})


def softmax_without_max(logits):
    exps = np.exp(logits)
    return exps / exps.sum(axis=1, keepdims=True)


def bias_gradient_averaged(grad_y, x, kernel, *, need_grad_x=True):
    grad_x, grad_kernel, _ = F.dense_backward(grad_y, x, kernel, need_grad_x=need_grad_x)
    return grad_x, grad_kernel, grad_y.mean(axis=0)


def loss_gradient_summed(logits, labels):
    return F.cross_entropy_backward(logits, labels) * len(labels)


def kernel_gradient_transposed(grad_y, x, kernel, *, need_grad_x=True):
    grad_x, _, grad_bias = F.dense_backward(grad_y, x, kernel, need_grad_x=need_grad_x)
    return grad_x, grad_y.T @ x, grad_bias


def relu_gradient_at_zero(grad_a, z):
    return grad_a * (z >= 0)


def relu_gradient_inverted(grad_a, z):
    return grad_a * (z < 0)


class AdamWithoutBiasCorrection(Adam):
    def step(self, params, grads):
        self.init_state(params)
        self.iterations += 1
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            m += (grad - m) * (1 - self.beta_1)
            v += (grad * grad - v) * (1 - self.beta_2)
            param -= self.learning_rate * m / (np.sqrt(v) + self.epsilon)


class PaperAdam(Adam):
    """Algorithm 1 of the paper: corrected moments, epsilon 1e-8 outside sqrt(v_hat)."""

    def step(self, params, grads):
        self.init_state(params)
        self.iterations += 1
        t = self.iterations
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            m[...] = self.beta_1 * m + (1 - self.beta_1) * grad
            v[...] = self.beta_2 * v + (1 - self.beta_2) * grad * grad
            m_hat, v_hat = m / (1 - self.beta_1**t), v / (1 - self.beta_2**t)
            param -= self.learning_rate * m_hat / (np.sqrt(v_hat) + 1e-8)


def loss_gradient_sign_flipped(logits, labels):
    return -F.cross_entropy_backward(logits, labels)


def dense_forward_float32_kernel(x, kernel, bias):
    return x @ kernel.astype(np.float32) + bias


def softmax_wrong_axis(logits):
    shifted = logits - logits.max(axis=0, keepdims=True)
    return np.exp(shifted) / np.exp(shifted).sum(axis=0, keepdims=True)


def cross_entropy_log2(logits, labels):
    probs = F.softmax(logits)
    return float(-np.log2(probs[np.arange(len(labels)), labels]).mean())


def bias_gradient_scaled(grad_y, x, kernel, *, need_grad_x=True):
    grad_x, grad_kernel, grad_bias = F.dense_backward(grad_y, x, kernel, need_grad_x=need_grad_x)
    return grad_x, grad_kernel, grad_bias * 1.01


def loss_gradient_one_class_doubled(logits, labels):
    grad = F.cross_entropy_backward(logits, labels)
    grad[:, 3] *= 2
    return grad


def adam_with_updates(change):
    """An Adam whose every update passes through ``change(update, param, optimizer)``."""

    class Changed(Adam):
        def step(self, params, grads):
            before = [p.copy() for p in params]
            super().step(params, grads)
            for param, old in zip(params, before):
                param[...] = old + change(param - old, old, self)

    return Changed


# param += step, where Keras takes param -= step.
AdamSteppingUphill = adam_with_updates(lambda update, param, adam: -update)
# alpha = lr * (1 - beta_2^t) / (1 - beta_1^t): the step size off by a square root.
AdamNoSquareRoot = adam_with_updates(
    lambda update, param, adam: update * np.sqrt(1 - np.float32(adam.beta_2) ** adam.iterations)
)
# An Adam error confined to the kernels, 1e-5 of their step.
AdamKernelsOff = adam_with_updates(
    lambda update, param, adam: update * (1 + 1e-5) if param.ndim == 2 else update
)


class AdamBetasSwapped(Adam):
    def __init__(self):
        super().__init__(beta_1=config.BETA_2, beta_2=config.BETA_1)


class AdamVelocityFromGradient(Adam):
    def step(self, params, grads):
        self.init_state(params)
        self.iterations += 1
        t = self.iterations
        alpha = self.learning_rate * np.sqrt(1 - np.float32(self.beta_2) ** t)
        alpha /= 1 - np.float32(self.beta_1) ** t
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            m += (grad - m) * (1 - self.beta_1)
            v += (grad - v) * (1 - self.beta_2)
            param -= alpha * m / (np.sqrt(np.abs(v)) + self.epsilon)


class AdamNearMiss(Adam):
    """The m_hat / v_hat form with Keras's rounded betas: right to 2e-16, not bit for bit."""

    def step(self, params, grads):
        self.init_state(params)
        self.iterations += 1
        t = self.iterations
        beta_1, beta_2 = float(np.float32(self.beta_1)), float(np.float32(self.beta_2))
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            m += (grad - m) * (1 - self.beta_1)
            v += (grad * grad - v) * (1 - self.beta_2)
            m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
            param -= (
                self.learning_rate
                * m_hat
                / (np.sqrt(v_hat) + self.epsilon * np.sqrt(1 / (1 - beta_2**t)))
            )


class AdamStaleGradients(Adam):
    """Reads the gradients of its first step ever after: they are not where it reads."""

    def step(self, params, grads):
        if not hasattr(self, "first_grads"):
            self.first_grads = [g.copy() for g in grads]
        super().step(params, self.first_grads)


class AdamClockStopped(Adam):
    """Never advances t past 1: every step is bias-corrected as if it were the first."""

    def step(self, params, grads):
        super().step(params, grads)
        self.iterations = 0


# The batch size a function wrongly assumes (the tests below run the ladder in batches of 8).
ASSUMED_BATCH = 8


def loss_gradient_fixed_batch(logits, labels):
    """Builds the one-hot labels for a fixed batch: right until the partial last batch."""
    one_hot = np.zeros((ASSUMED_BATCH, logits.shape[1]), logits.dtype)
    one_hot[np.arange(len(labels)), labels] = 1
    return (F.softmax(logits) - one_hot) / len(labels)


UPDATE = "dense_1/kernel update (after minus before)"
PLANTED = {  # id: (the bug, the rung that must catch it, its first tensor, the cause named)
    "softmax-overflow": (
        dict(ops=planted(softmax=softmax_without_max)),
        1,
        "softmax of extreme logits",
        "softmax without subtracting the row maximum",
    ),
    "bias-mean": (
        dict(ops=planted(dense_backward=bias_gradient_averaged)),
        3,
        "d loss / d dense_1/bias",
        "a mean where a sum belongs",
    ),
    "loss-sum": (
        dict(ops=planted(cross_entropy_backward=loss_gradient_summed)),
        3,
        "d loss / d dense_4 output",
        "a sum where a mean belongs",
    ),
    "transposed": (
        dict(ops=planted(dense_backward=kernel_gradient_transposed)),
        3,
        "the code under test raised",
        "dense_backward returned grad_kernel of shape (10, 8) where the reference's is "
        "(8, 10): a transposed operand (a transposed kernel",
    ),
    "relu-at-zero": (
        dict(ops=planted(relu_backward=relu_gradient_at_zero)),
        3,
        "d loss / d dense_3 output",
        "ReLU backward",
    ),
    "relu-inverted": (
        dict(ops=planted(relu_backward=relu_gradient_inverted)),
        3,
        "d loss / d dense_3 output",
        "ReLU backward has the mask reversed",
    ),
    "adam-no-bias-correction": (
        dict(make_optimizer=AdamWithoutBiasCorrection),
        4,
        UPDATE,
        "Adam without bias correction",
    ),
    "adam-paper-epsilon": (
        dict(make_optimizer=functools.partial(Adam, epsilon=1e-8)),
        4,
        UPDATE,
        "epsilon enters otherwise than Keras's",
    ),
    "adam-paper": (
        dict(make_optimizer=PaperAdam),
        4,
        UPDATE,
        "epsilon enters otherwise than Keras's",
    ),
    "sign-flipped": (
        dict(ops=planted(cross_entropy_backward=loss_gradient_sign_flipped)),
        3,
        "d loss / d dense_4 output",
        "a flipped sign",
    ),
    "adam-uphill": (dict(make_optimizer=AdamSteppingUphill), 4, UPDATE, "a flipped sign"),
    "dtype-leak": (
        dict(ops=planted(dense_forward=dense_forward_float32_kernel)),
        1,
        "dense_1 output",
        "a dtype leak",
    ),
    "softmax-wrong-axis": (
        dict(ops=planted(softmax=softmax_wrong_axis)),
        1,
        "probabilities",
        "softmax over the wrong axis",
    ),
    "log-base-2": (
        dict(ops=planted(cross_entropy=cross_entropy_log2)),
        2,
        "loss (in fit: from the logits)",
        "base 2",
    ),
    "adam-step-square-root": (
        dict(make_optimizer=AdamNoSquareRoot),
        4,
        UPDATE,
        "off by a square root",
    ),
    "adam-betas-swapped": (
        dict(make_optimizer=AdamBetasSwapped),
        4,
        "Adam m (first moments), every parameter",
        "beta_1 and beta_2 swapped",
    ),
    "adam-v-from-gradient": (
        dict(make_optimizer=AdamVelocityFromGradient),
        4,
        "Adam v (second moments), every parameter",
        "not its square",
    ),
    "adam-kernels-off-1e-5": (
        dict(make_optimizer=AdamKernelsOff),
        4,
        UPDATE,
        "a constant 1.00001 times Keras's",
    ),
    "adam-near-miss": (
        dict(make_optimizer=AdamNearMiss),
        4,
        "every parameter after 1 step, bit for bit",
        "a near miss, where equality is claimed",
    ),
    "stale-gradients": (
        dict(make_optimizer=AdamStaleGradients),
        5,
        "dense_1/kernel after 2 steps",
        "state kept between steps",
    ),
    "adam-clock-stopped": (
        dict(make_optimizer=AdamClockStopped),
        4,
        "Adam step count t",
        "t counts the steps taken",
    ),
    "adam-exact-betas": (
        dict(make_optimizer=functools.partial(Adam, round_betas=False)),
        4,
        UPDATE,
        "beta_1 and beta_2 exact where the other belongs",
    ),
    "loss-gradient-fixed-batch": (
        dict(ops=planted(cross_entropy_backward=loss_gradient_fixed_batch)),
        5,
        "cross_entropy_backward raised",
        "the partial last batch of its epoch",
    ),
    "bias-only": (
        dict(ops=planted(dense_backward=bias_gradient_scaled)),
        3,
        "d loss / d dense_1/bias",
        "only the biases differ",
    ),
    "one-class": (
        dict(ops=planted(cross_entropy_backward=loss_gradient_one_class_doubled)),
        3,
        "d loss / d dense_4 output",
        "only whole columns differ: class 3",
    ),
}


def loss_gradient_over_classes(logits, labels):
    """Divides by the number of classes (len(probs[0])) where the batch size belongs."""
    one_hot = np.eye(logits.shape[1], dtype=logits.dtype)[labels]
    return (F.softmax(logits) - one_hot) / logits.shape[1]


def cross_entropy_log_of_softmax(logits, labels):
    """Right for ordinary logits; log(0) = -inf where a probability underflows."""
    with np.errstate(divide="ignore"):
        return float(-np.log(F.softmax(logits)[np.arange(len(labels)), labels]).mean())


def cross_entropy_fixed_rows(logits, labels):
    """Indexes the rows with the batch size it assumes: past the end of a partial batch."""
    probs = F.softmax(logits)
    picked = probs[np.arange(ASSUMED_BATCH), labels[:ASSUMED_BATCH]]
    return float(-np.log(picked).mean())


PLANTED.update(
    {
        "loss-gradient-over-classes": (
            dict(ops=planted(cross_entropy_backward=loss_gradient_over_classes)),
            3,
            "d loss / d dense_4 output",
            "batch size over classes",
        ),
        "loss-log-of-softmax": (
            dict(ops=planted(cross_entropy=cross_entropy_log_of_softmax)),
            2,
            "loss of extreme logits",
            "the log of a probability that underflowed to 0",
        ),
        "loss-fixed-rows": (
            dict(ops=planted(cross_entropy=cross_entropy_fixed_rows)),
            2,  # on the extreme logits: three rows, where it assumes eight
            "cross_entropy raised",
            "Two index arrays of 8 and 2: the row numbers and the labels",
        ),
    }
)


# Bugs in how fit walks the data: (attribute -> replacement, patched with monkeypatch;
# rung; first tensor; cause). The ladder runs them with 4 steps in batches of 8: two
# epochs of 12 samples, a full batch and a partial one each.
def _same_order_every_epoch(num_samples, epochs, seed, shuffle=True):
    first = np.random.default_rng(seed).permutation(num_samples)
    return [first] * epochs  # the order drawn once, before the epoch loop


def _orders_reseeded_each_epoch(num_samples, epochs, seed, shuffle=True):
    return [np.random.default_rng(seed).permutation(num_samples) for _ in range(epochs)]


def _full_batches_only(order, batch_size):
    return [order[i : i + batch_size] for i in range(0, len(order) - batch_size + 1, batch_size)]


def _labels_shuffled_apart(train_one_epoch):
    def shuffled(model, optimizer, x, y, order, batch_size, **options):
        y_apart = y[np.random.default_rng(99).permutation(len(y))]
        return train_one_epoch(model, optimizer, x, y_apart, order, batch_size, **options)

    return shuffled


def _plain_mean_of_batches(model, optimizer, x, y, order, batch_size, **options):
    losses, accuracies = [], []
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        loss, logits = model.loss_and_gradients(x[batch], y[batch])
        optimizer.step([model.flat_params], [model.flat_grads])
        losses.append(loss)
        accuracies.append(float((logits.argmax(axis=1) == y[batch]).mean()))
    return {"loss": float(np.mean(losses)), "accuracy": float(np.mean(accuracies))}


def _accuracy_over_the_batch(logits, labels):
    return float((logits.argmax(axis=0) == labels).mean())  # one "prediction" per class


def planted_in_fit():
    from mnist_course.numpy_mlp import train

    return {
        "fit-same-order-every-epoch": (
            {"mnist_course.numpy_mlp.train.epoch_orders": _same_order_every_epoch},
            5,
            "samples of every epoch, in order",
            "the same order every epoch",
        ),
        "epoch-orders-reseeded": (
            {
                "mnist_course.numpy_mlp.train.epoch_orders": _orders_reseeded_each_epoch,
                "mnist_course.parity.training.epoch_orders": _orders_reseeded_each_epoch,
            },
            5,
            "each epoch a new shuffle of every sample",
            "the same order every epoch",
        ),
        "partial-batch-dropped": (
            {"mnist_course.numpy_mlp.train.batches_of": _full_batches_only},
            5,
            "optimiser steps taken",
            "partial last batch (4 samples): it never trains",
        ),
        "labels-shuffled-apart": (
            {"mnist_course.numpy_mlp.train.train_one_epoch": _labels_shuffled_apart(
                train.train_one_epoch
            )},
            5,
            "each batch's labels are its images' labels",
            "the images and the labels were put in different orders",
        ),
        "epoch-loss-plain-mean": (
            {"mnist_course.numpy_mlp.train.train_one_epoch": _plain_mean_of_batches},
            5,
            "loss of each epoch, as fit reports it",
            "the plain mean of its batches' loss",
        ),
        "accuracy-argmax-over-the-batch": (
            {"mnist_course.numpy_mlp.model.accuracy": _accuracy_over_the_batch},
            5,
            "the code under test raised",
            "while scoring the validation set",
        ),
    }  # fmt: skip


# Causes named from evidence added in session 6: each bug written as a maintainer might.
def relu_in_place(z):
    np.maximum(z, 0, out=z)  # "saves memory": the layer's z is gone
    return z


def cross_entropy_mixed_shift(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(logits).sum(axis=1))  # of the unshifted logits
    picked = shifted[np.arange(len(labels)), labels]
    return float((log_sum - picked).mean())


def cross_entropy_backward_by_columns(logits, labels):
    grad = F.softmax(logits)
    grad[:, labels] -= 1  # whole columns, where each row needs its own label
    return grad / len(labels)


def bias_gradient_over_features(grad_y, x, kernel, *, need_grad_x=True):
    grad_x, grad_kernel, _ = F.dense_backward(grad_y, x, kernel, need_grad_x=need_grad_x)
    return grad_x, grad_kernel, grad_y.sum(axis=1)


def dense_forward_without_bias(x, kernel, bias):
    return x @ kernel


class AdamFormula(Adam):
    """Adam in Algorithm 1's form with a pluggable step; the subclasses plant one bug."""

    def step(self, params, grads):
        self.init_state(params)
        self.iterations += 1
        t, b1, b2, eps = self.iterations, self.beta_1, self.beta_2, self.epsilon
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            m += (grad - m) * (1 - b1)
            v += (grad * grad - v) * (1 - b2)
            param -= self.update(m, v, t, b1, b2, eps)

    def update(self, m, v, t, b1, b2, eps):
        alpha = self.learning_rate * np.sqrt(1 - b2**t) / (1 - b1**t)
        return alpha * m / (np.sqrt(v) + eps)


class AdamEpsilonInside(AdamFormula):
    def update(self, m, v, t, b1, b2, eps):
        alpha = self.learning_rate * np.sqrt(1 - b2**t) / (1 - b1**t)
        return alpha * m / np.sqrt(v + eps)


class AdamCorrectionsSwapped(AdamFormula):
    def update(self, m, v, t, b1, b2, eps):
        m_hat, v_hat = m / (1 - b2**t), v / (1 - b1**t)
        return self.learning_rate * m_hat / (np.sqrt(v_hat) + eps)


class AdamCountsFromTwo(AdamFormula):
    def update(self, m, v, t, b1, b2, eps):
        return super().update(m, v, t + 1, b1, b2, eps)


class AdamVCorrectedWithBeta1(AdamFormula):
    def update(self, m, v, t, b1, b2, eps):
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b1**t)  # a copy-paste slip in v's line
        return self.learning_rate * m_hat / (np.sqrt(v_hat) + eps)


class AdamForgetsItsMoments(Adam):
    def step(self, params, grads):
        self.momentums, self.velocities = [], []  # "fresh state": every step a first one
        super().step(params, grads)


PLANTED.update(
    {
        "relu-in-place": (
            dict(ops=planted(relu_forward=relu_in_place)),
            1,
            "dense_1 output",
            "wrote over its input in place",
        ),
        "log-softmax-mixed-shift": (
            dict(ops=planted(cross_entropy=cross_entropy_mixed_shift)),
            2,
            "loss (in fit: from the logits)",
            "the mean of each row's largest logit",
        ),
        "one-hot-by-columns": (
            dict(ops=planted(cross_entropy_backward=cross_entropy_backward_by_columns)),
            3,
            "d loss / d dense_4 output",
            "subtracted by whole columns",
        ),
        "bias-gradient-over-features": (
            dict(ops=planted(dense_backward=bias_gradient_over_features)),
            3,
            "the code under test raised",
            "an axis of 8, the batch size, where a feature axis belongs",
        ),
        "adam-epsilon-inside": (
            dict(make_optimizer=AdamEpsilonInside),
            4,
            UPDATE,
            "epsilon inside the square root",
        ),
        "adam-corrections-swapped": (
            dict(make_optimizer=AdamCorrectionsSwapped),
            4,
            UPDATE,
            "the two bias corrections swapped",
        ),
        "adam-counts-from-two": (dict(make_optimizer=AdamCountsFromTwo), 4, UPDATE, "t off by one"),
        "adam-v-corrected-with-beta-1": (
            dict(make_optimizer=AdamVCorrectedWithBeta1),
            4,
            UPDATE,
            "with v divided by 1 - beta_1^t where 1 - beta_2^t belongs;",
        ),
        "adam-forgets-its-moments": (
            dict(make_optimizer=AdamForgetsItsMoments),
            5,
            "dense_1/kernel after 2 steps",
            "the moments start again at every step",
        ),
        "dense-forward-without-bias": (
            dict(ops=planted(dense_forward=dense_forward_without_bias)),
            5,
            "dense_1/kernel after 2 steps",
            "without the bias",
        ),
    }
)


# Float32 runs only: an upcast whose values pass every tolerance.
def cross_entropy_backward_float64_one_hot(logits, labels):
    one_hot = np.eye(logits.shape[1])[labels]  # float64, whatever the logits are
    return (F.softmax(logits) - one_hot) / len(labels)


class AdamStepSizeInFloat64(AdamFormula):
    def update(self, m, v, t, b1, b2, eps):
        b1, b2 = float(np.float32(b1)), float(np.float32(b2))  # Keras's rounded betas...
        alpha = self.learning_rate * np.sqrt(1 - np.float64(b2) ** t) / (1 - b1**t)
        return alpha * m / (np.sqrt(v) + eps)  # ...but the step size in float64


class AdamMomentsInFloat64(Adam):
    def init_state(self, params):
        if not self.momentums:  # np.zeros(shape): float64, whatever the parameters are
            self.momentums = [np.zeros(param.shape) for param in params]
            self.velocities = [np.zeros(param.shape) for param in params]


PLANTED_FLOAT32 = {
    "one-hot-float64": (
        dict(ops=planted(cross_entropy_backward=cross_entropy_backward_float64_one_hot)),
        3,
        "dtype of every traced tensor (float32)",
        "d loss / d logits (cross_entropy_backward's result) is float64",
    ),
    "adam-step-size-float64": (
        dict(make_optimizer=AdamStepSizeInFloat64),
        4,
        "every parameter after 1 step, bit for bit",
        "step size alpha computed in float64",
    ),
    "adam-moments-float64": (  # the stored moments' dtype row names it before the step
        dict(make_optimizer=AdamMomentsInFloat64),
        4,
        "dtype of every traced tensor (float32)",
        "Adam's state were made without the run's dtype",
    ),
}
