"""Planted bugs whose cause the ladder reads from the failing tensor's own inputs
(``mnist_course.parity.recompute``), from Adam's NaNs, or from what ``fit`` reported.

Written as learners and developers write them; the same table shape as ``planted_bugs``.
"""

from __future__ import annotations

import numpy as np

from mnist_course.numpy_mlp import Adam
from mnist_course.numpy_mlp import functional as F
from mnist_course.numpy_mlp.optim import adam_step
from tests.planted_bugs import UPDATE, AdamFormula, planted


def relu_with_minimum(z):
    return np.minimum(z, 0)


def leaky_relu(z):
    return np.where(z > 0, z, 0.01 * z)


def softmax_after_relu(logits):
    return F.softmax(np.maximum(logits, 0))  # an activation="relu" left on the last layer


def cross_entropy_of_clipped_probabilities(logits, labels):
    probs = np.clip(F.softmax(logits), 1e-7, 1 - 1e-7)
    return float(-np.log(probs[np.arange(len(labels)), labels]).mean())


def cross_entropy_column_max(logits, labels):
    shifted = logits - logits.max(axis=0)  # the batch's max of each class
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def cross_entropy_backward_smoothed(logits, labels):
    grad = F.softmax(logits)
    grad[np.arange(len(labels)), labels] -= 0.9
    return grad / len(labels)


def cross_entropy_backward_at_prediction(logits, labels):
    grad = F.softmax(logits)
    grad[np.arange(len(labels)), logits.argmax(axis=1)] -= 1
    return grad / len(labels)


def kernel_gradient_reshaped(grad_y, x, kernel, *, need_grad_x=True):
    grad_x, _, grad_bias = F.dense_backward(grad_y, x, kernel, need_grad_x=need_grad_x)
    return grad_x, (grad_y.T @ x).reshape(kernel.shape), grad_bias


def grad_x_without_transpose(grad_y, x, kernel, *, need_grad_x=True):
    grad_x = grad_y @ kernel if need_grad_x else None
    return grad_x, x.T @ grad_y, grad_y.sum(axis=0)


def relu_backward_without_mask(grad_a, z):
    return grad_a.copy()


def relu_backward_mask_from_gradient(grad_a, z):
    return grad_a * (grad_a > 0)


def relu_backward_in_place(grad_a, z):
    grad_a[z <= 0] = 0  # writes over the gradient it was given
    return grad_a


def softmax_batch_max(logits):
    exps = np.exp(logits - logits.max())  # the whole batch's maximum
    return exps / exps.sum(axis=1, keepdims=True)


class AdamGradientForMoment(AdamFormula):
    def step(self, params, grads):
        self.init_state(params)
        self.iterations += 1
        t, b1, b2, eps = self.iterations, self.beta_1, self.beta_2, self.epsilon
        alpha = self.learning_rate * np.sqrt(1 - b2**t) / (1 - b1**t)
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            m += (grad - m) * (1 - b1)
            v += (grad * grad - v) * (1 - b2)
            param -= alpha * grad / (np.sqrt(v) + eps)  # grad where m belongs


def relu_backward_float_mask(grad_a, z):
    return grad_a * (z > 0).astype(float)  # float64, whatever z is


def relu_capped(z):
    return np.clip(z, 0, 1)


def cross_entropy_every_label(logits, labels):
    return float(-np.log(F.softmax(logits)[:, labels]).mean())


def cross_entropy_log10(logits, labels):
    return float(-np.log10(F.softmax(logits)[np.arange(len(labels)), labels]).mean())


def softmax_without_keepdims(logits):
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1)


def kernel_gradient_in_float64(grad_y, x, kernel, *, need_grad_x=True):
    grad_x, grad_kernel, grad_bias = F.dense_backward(grad_y, x, kernel, need_grad_x=need_grad_x)
    return grad_x, grad_kernel.astype(np.float64), grad_bias


def cross_entropy_backward_without_one_hot(logits, labels):
    probabilities = F.softmax(logits)
    return (probabilities - labels) / len(labels)


def cross_entropy_backward_minus_label_values(logits, labels):
    return (F.softmax(logits) - labels[:, None]) / len(labels)


def cross_entropy_log_inside_the_sum(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted)).sum(axis=1, keepdims=True)
    return -log_probs[np.arange(len(labels)), labels].mean()


def cross_entropy_binary_form(logits, labels):
    probabilities, one_hot = F.softmax(logits), np.eye(logits.shape[1])[labels]
    terms = one_hot * np.log(probabilities) + (1 - one_hot) * np.log(1 - probabilities)
    return -terms.sum(axis=1).mean()


def dense_backward_bias_before_kernel(grad_y, x, kernel, *, need_grad_x=True):
    grad_x, grad_kernel, grad_bias = F.dense_backward(grad_y, x, kernel, need_grad_x=need_grad_x)
    return grad_x, grad_bias, grad_kernel


class AdamStepsBeforeItsMoments(Adam):
    def step(self, params, grads):
        self.init_state(params)
        self.iterations += 1
        t, b1, b2 = self.iterations, self.beta_1, self.beta_2
        alpha = self.learning_rate * np.sqrt(1 - b2**t) / (1 - b1**t)
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            param -= alpha * m / (np.sqrt(v) + self.epsilon)  # the moments of the step before
            m += (grad - m) * (1 - b1)
            v += (grad * grad - v) * (1 - b2)


def relu_backward_with_sign(grad_a, z):
    return grad_a * np.sign(z)


def relu_backward_mask_transposed(grad_a, z):
    return grad_a * (z > 0).T


def softmax_over_the_batch_sum(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum()


class AdamLearningRateTwice(AdamFormula):
    def update(self, m, v, t, b1, b2, eps):
        return self.learning_rate * super().update(m, v, t, b1, b2, eps)


class AdamWithoutLearningRate(AdamFormula):
    def update(self, m, v, t, b1, b2, eps):
        return super().update(m, v, t, b1, b2, eps) / self.learning_rate


class AdamVelocityOfAbsoluteGradient(Adam):
    def step(self, params, grads):
        self.init_state(params)
        self.iterations += 1
        t, b1, b2 = self.iterations, self.beta_1, self.beta_2
        alpha = self.learning_rate * np.sqrt(1 - b2**t) / (1 - b1**t)
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            m += (grad - m) * (1 - b1)
            v += (np.abs(grad) - v) * (1 - b2)
            param -= alpha * m / (np.sqrt(v) + self.epsilon)


class AdamRebindsItsMoments(Adam):
    def step(self, params, grads):
        self.init_state(params)
        self.iterations += 1
        t, b1, b2 = self.iterations, self.beta_1, self.beta_2
        alpha = self.learning_rate * np.sqrt(1 - b2**t) / (1 - b1**t)
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            m = b1 * m + (1 - b1) * grad  # a new array: the stored m stays 0
            v = b2 * v + (1 - b2) * grad * grad
            param -= alpha * m / (np.sqrt(v) + self.epsilon)


class AdamMomentWeightsSwapped(AdamFormula):
    def step(self, params, grads):
        self.init_state(params)
        self.iterations += 1
        t, b1, b2, eps = self.iterations, self.beta_1, self.beta_2, self.epsilon
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            m[...] = (1 - b1) * m + b1 * grad
            v += (grad * grad - v) * (1 - b2)
            param -= self.update(m, v, t, b1, b2, eps)


class AdamWithoutEpsilon(AdamFormula):
    def update(self, m, v, t, b1, b2, eps):
        alpha = self.learning_rate * np.sqrt(1 - b2**t) / (1 - b1**t)
        return alpha * m / np.sqrt(v) + eps


class AdamCountsAfterTheStep(Adam):
    def step(self, params, grads):
        self.init_state(params)
        t, b1, b2 = self.iterations, self.beta_1, self.beta_2  # read before it is increased
        alpha = self.learning_rate * np.sqrt(1 - b2**t) / (1 - b1**t)
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            m += (grad - m) * (1 - b1)
            v += (grad * grad - v) * (1 - b2)
            param -= alpha * m / (np.sqrt(v) + self.epsilon)
        self.iterations += 1


class AdamPlusPlainStep(Adam):
    """Adam's step with a plain SGD step left in: param -= lr * grad as well."""

    def step(self, params, grads):
        for param, grad in zip(params, grads):
            param -= self.learning_rate * grad
        super().step(params, grads)


PLANTED_FROM_INPUTS = {
    "relu-minimum": (
        dict(ops=planted(relu_forward=relu_with_minimum)),
        1,
        "relu_1 output",
        "np.minimum where np.maximum belongs",
    ),
    "relu-leaky": (
        dict(ops=planted(relu_forward=leaky_relu)),
        1,
        "relu_1 output",
        "where it is negative, ours is 0.01 z",
    ),
    "relu-on-the-logits": (
        dict(ops=planted(softmax=softmax_after_relu)),
        1,
        "probabilities",
        "a ReLU applied to the output layer",
    ),
    "loss-of-clipped-probabilities": (
        dict(ops=planted(cross_entropy=cross_entropy_of_clipped_probabilities)),
        2,
        "loss of extreme logits",
        "taken from clipped probabilities",
    ),
    "log-softmax-column-max": (
        dict(ops=planted(cross_entropy=cross_entropy_column_max)),
        2,
        "loss (in fit: from the logits)",
        "each class's maximum over the batch",
    ),
    "one-hot-of-0.9": (
        dict(ops=planted(cross_entropy_backward=cross_entropy_backward_smoothed)),
        3,
        "d loss / d dense_4 output",
        "the value subtracted at the label is 0.9 where 1 belongs",
    ),
    "one-hot-at-the-prediction": (
        dict(ops=planted(cross_entropy_backward=cross_entropy_backward_at_prediction)),
        3,
        "d loss / d dense_4 output",
        "at each row's predicted class (argmax of the logits)",
    ),
    "kernel-gradient-reshaped": (
        dict(ops=planted(dense_backward=kernel_gradient_reshaped)),
        3,
        "d loss / d dense_1/kernel",
        "transposed and then reshaped",
    ),
    "grad-x-without-transpose": (
        dict(ops=planted(dense_backward=grad_x_without_transpose)),
        3,
        "dense_backward raised",
        "with kernel.T the shapes fit",
    ),
    "relu-backward-without-mask": (
        dict(ops=planted(relu_backward=relu_backward_without_mask)),
        3,
        "d loss / d dense_3 output",
        "the mask (z > 0) is missing",
    ),
    "relu-backward-mask-from-gradient": (
        dict(ops=planted(relu_backward=relu_backward_mask_from_gradient)),
        3,
        "d loss / d dense_3 output",
        "the mask taken from the gradient above",
    ),
    "relu-backward-in-place": (
        dict(ops=planted(relu_backward=relu_backward_in_place)),
        3,
        "d loss / d relu_3 output",
        "relu_backward wrote over the gradient it was given",
    ),
    "softmax-batch-max": (
        dict(ops=planted(softmax=softmax_batch_max)),
        1,
        "softmax of extreme logits",
        "the batch's maximum was subtracted",
    ),
    "adam-gradient-for-moment": (
        dict(make_optimizer=AdamGradientForMoment),
        4,
        UPDATE,
        "the gradient g in the step where the moment m belongs",
    ),
    "adam-moment-weights-swapped": (
        dict(make_optimizer=AdamMomentWeightsSwapped),
        4,
        "Adam m (first moments), every parameter",
        "m moved by beta_1 where 1 - beta_1 belongs",
    ),
    "adam-without-epsilon": (
        dict(make_optimizer=AdamWithoutEpsilon),
        4,
        UPDATE,
        "exactly where the gradient is 0",
    ),
    "adam-counts-after-the-step": (
        dict(make_optimizer=AdamCountsAfterTheStep),
        4,
        UPDATE,  # t is 1 again after the step: only the update shows it
        "the step count is used before it is increased",
    ),
}

PLANTED_FROM_INPUTS.update(
    {
        "relu-capped-at-1": (
            dict(ops=planted(relu_forward=relu_capped)),
            1,
            "relu_1 output",
            "ours is capped at 1",
        ),
        "loss-of-every-label": (
            dict(ops=planted(cross_entropy=cross_entropy_every_label)),
            2,
            "loss (in fit: from the logits)",
            "probs[:, labels] picks an (n, n) block",
        ),
        "loss-in-log10": (
            dict(ops=planted(cross_entropy=cross_entropy_log10)),
            2,
            "loss (in fit: from the logits)",
            "a logarithm in base 10",
        ),
        "softmax-without-keepdims": (
            dict(ops=planted(softmax=softmax_without_keepdims)),
            1,
            "softmax raised",
            "keep it with keepdims=True",
        ),
        "adam-learning-rate-twice": (
            dict(make_optimizer=AdamLearningRateTwice),
            4,
            UPDATE,
            "the learning rate applied twice",
        ),
        "adam-without-learning-rate": (  # at t = 1 as large as swapped bias corrections
            dict(make_optimizer=AdamWithoutLearningRate),
            4,
            UPDATE,
            "the learning rate left out",
        ),
        "adam-v-of-absolute-gradient": (
            dict(make_optimizer=AdamVelocityOfAbsoluteGradient),
            4,
            "Adam v (second moments), every parameter",
            "v is updated with |g|",
        ),
        "loss-gradient-without-one-hot": (
            dict(ops=planted(cross_entropy_backward=cross_entropy_backward_without_one_hot)),
            3,
            "cross_entropy_backward raised",
            "the labels were used where their one-hot belongs",
        ),
        "loss-gradient-minus-label-values": (
            dict(ops=planted(cross_entropy_backward=cross_entropy_backward_minus_label_values)),
            3,
            "d loss / d dense_4 output",
            "the integer labels were subtracted",
        ),
        "loss-log-inside-the-sum": (
            dict(ops=planted(cross_entropy=cross_entropy_log_inside_the_sum)),
            2,
            "loss (in fit: from the logits)",
            "the log inside the sum",
        ),
        "loss-binary-form": (
            dict(ops=planted(cross_entropy=cross_entropy_binary_form)),
            2,
            "loss (in fit: from the logits)",
            "the binary cross-entropy",
        ),
        "dense-backward-bias-before-kernel": (
            dict(ops=planted(dense_backward=dense_backward_bias_before_kernel)),
            3,
            "the code under test raised",
            "grad_kernel and grad_bias are returned in each other's place",
        ),
        "adam-steps-before-its-moments": (
            dict(make_optimizer=AdamStepsBeforeItsMoments),
            4,
            UPDATE,
            "the step uses m and v from before this step's update",
        ),
        "relu-backward-with-sign": (
            dict(ops=planted(relu_backward=relu_backward_with_sign)),
            3,
            "d loss / d dense_3 output",
            "np.sign(z) as the mask",
        ),
        "relu-backward-mask-transposed": (
            dict(ops=planted(relu_backward=relu_backward_mask_transposed)),
            3,
            "relu_backward raised",
            "operand was made inside relu_backward",
        ),
        "softmax-over-the-batch-sum": (
            dict(ops=planted(softmax=softmax_over_the_batch_sum)),
            1,
            "probabilities",
            "each row of ours is Keras's row times a factor of its own",
        ),
        "adam-plus-a-plain-step": (
            dict(make_optimizer=AdamPlusPlainStep),
            4,
            UPDATE,
            "ours is Keras's minus 0.001 x the gradient",
        ),
        "adam-rebinds-its-moments": (
            dict(make_optimizer=AdamRebindsItsMoments),
            4,
            "Adam m (first moments), every parameter",
            "Adam's stored m is still 0 after the step",
        ),
    }
)

PLANTED_FROM_INPUTS_FLOAT32 = {
    "kernel-gradient-in-float64": (
        dict(ops=planted(dense_backward=kernel_gradient_in_float64)),
        3,
        "dtype of every traced tensor (float32)",
        "dense_backward made it from float32 inputs",
    ),
    "relu-backward-float-mask": (
        dict(ops=planted(relu_backward=relu_backward_float_mask)),
        3,
        "dtype of every traced tensor (float32)",
        "relu_backward (relu_3's) made it from float32 inputs",
    ),
}


# Session 8: forms the independent grade of session 7 showed unnamed, written afresh.
def cross_entropy_without_log(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.exp(shifted).sum(axis=1, keepdims=True)  # np.log forgotten
    return float(-np.mean(log_probs[np.arange(len(labels)), labels]))


def cross_entropy_backward_from_logits(logits, labels):
    n = logits.shape[0]
    grad = logits.copy()  # softmax(logits) forgotten
    grad[range(n), labels] -= 1
    return grad / n


def bias_gradient_of_everything(grad_y, x, kernel, *, need_grad_x=True):
    grad_x = grad_y @ kernel.T if need_grad_x else None
    return grad_x, x.T @ grad_y, np.sum(grad_y)  # no axis: one number


def softmax_shifted_on_top_only(logits):
    top = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    return top / np.sum(np.exp(logits), axis=1, keepdims=True)  # the shift forgotten below


def softmax_twice(logits):
    return F.softmax(F.softmax(logits))  # the forward pass already ended in softmax


def cross_entropy_backward_eye_of_the_batch(logits, labels):
    n = len(labels)
    return (F.softmax(logits) - np.eye(n)[labels]) / n  # np.eye(n): n samples, not classes


def dense_backward_flag_inverted(grad_y, x, kernel, *, need_grad_x=True):
    grad_x = None if need_grad_x else grad_y @ kernel.T
    return grad_x, x.T @ grad_y, grad_y.sum(axis=0)


class AdamVelocityFromMomentum(Adam):
    def step(self, params, grads):
        self.init_state(params)
        self.iterations += 1
        t, b1, b2 = self.iterations, self.beta_1, self.beta_2
        alpha = self.learning_rate * np.sqrt(1 - b2**t) / (1 - b1**t)
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            m[...] = b1 * m + (1 - b1) * grad
            v[...] = b2 * v + (1 - b2) * m * m  # the new m where the gradient belongs
            param -= alpha * m / (np.sqrt(v) + self.epsilon)


class AdamSharedMoments(Adam):
    def init_state(self, params):
        if not self.momentums:
            self.momentums = self.velocities = [np.zeros_like(p) for p in params]


class AdamWithWeightDecay(Adam):
    def step(self, params, grads):
        decays = [self.learning_rate * 1e-2 * param for param in params]  # AdamW's term
        super().step(params, grads)
        for param, decay in zip(params, decays):
            param -= decay


class AdamCountingEveryParameter(Adam):
    def step(self, params, grads):
        self.init_state(params)
        hyper = (self.learning_rate, self.beta_1, self.beta_2, self.epsilon)
        for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
            self.iterations += 1  # inside the loop: once per parameter array
            param[...], m[...], v[...] = adam_step(param, grad, m, v, self.iterations, *hyper)


def adam_of_the_paper_examples():
    return Adam(learning_rate=1e-2)  # a learning rate copied from another course


PLANTED_FROM_INPUTS.update(
    {
        "adam-t-per-parameter": (
            dict(make_optimizer=AdamCountingEveryParameter),
            4,
            "Adam step count t",
            "t += 1 inside the loop over the parameters",
        ),
        "adam-learning-rate-1e-2": (
            dict(make_optimizer=adam_of_the_paper_examples),
            4,
            UPDATE,
            "as by a learning rate of 0.01 where Keras's is 0.001",
        ),
        "adam-with-weight-decay": (
            dict(make_optimizer=AdamWithWeightDecay),
            4,
            UPDATE,
            "a weight decay (L2) term",
        ),
        "softmax-shifted-on-top-only": (
            dict(ops=planted(softmax=softmax_shifted_on_top_only)),
            1,
            "probabilities",
            "the maximum subtracted in the numerator only",
        ),
        "softmax-twice": (
            dict(ops=planted(softmax=softmax_twice)),
            1,
            "probabilities",
            "softmax applied twice",
        ),
        "loss-gradient-eye-of-the-batch": (
            dict(ops=planted(cross_entropy_backward=cross_entropy_backward_eye_of_the_batch)),
            3,
            "cross_entropy_backward raised",
            "np.eye(len(labels))[labels] where np.eye(10)[labels] belongs",
        ),
        "need-grad-x-inverted": (
            dict(ops=planted(dense_backward=dense_backward_flag_inverted)),
            3,
            "the code under test raised",
            "relu_backward was given grad_a = None",
        ),
        "adam-v-from-m": (
            dict(make_optimizer=AdamVelocityFromMomentum),
            4,
            "Adam v (second moments), every parameter",
            "v is updated with m squared",
        ),
        "log-softmax-without-log": (
            dict(ops=planted(cross_entropy=cross_entropy_without_log)),
            2,
            "loss (in fit: from the logits)",
            "log-softmax without its log",
        ),
        "loss-gradient-from-logits": (
            dict(ops=planted(cross_entropy_backward=cross_entropy_backward_from_logits)),
            3,
            "d loss / d dense_4 output",
            "the logits themselves where their softmax belongs",
        ),
        "bias-gradient-of-everything": (
            dict(ops=planted(dense_backward=bias_gradient_of_everything)),
            3,
            "d loss / d dense_1/bias",
            "a reduction over every axis",
        ),
        "adam-moments-shared": (
            dict(make_optimizer=AdamSharedMoments),
            4,
            "Adam m (first moments), every parameter",
            "the two moments are one array",
        ),
    }
)
