"""The parity ladder: it passes on the reference, and names each planted bug."""

from __future__ import annotations

import functools
from types import SimpleNamespace

import numpy as np
import pytest

from mnist_course import config
from mnist_course.numpy_mlp import MLP, Adam
from mnist_course.numpy_mlp import functional as F
from mnist_course.parity import TOLERANCES, check_weights, numpy_to_keras

pytest.importorskip("mnist_course.keras_mlp")
from mnist_course.parity import run_ladder

pytestmark = pytest.mark.keras


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize(("seed", "batch_size"), [(0, 32), (1, 8), (2, 100)])
def test_ladder_passes_on_the_reference(subset, dtype, seed, batch_size):
    report = run_ladder(dtype=dtype, seed=seed, batch_size=batch_size, steps=20, data=subset)
    assert report.passed, report.table()
    assert {row.rung for row in report.rows} == {1, 2, 3, 4, 5}
    # Every parameter is compared in rungs 3, 4 and 5.
    for rung in (3, 4, 5):
        names = " ".join(row.name for row in report.rows if row.rung == rung)
        assert all(name in names for name in config.weight_names()), rung


def test_one_adam_step_is_bit_identical_to_keras(subset):
    for dtype in ("float64", "float32"):
        report = run_ladder(dtype=dtype, steps=2, data=subset)
        assert all(row.max_abs == 0.0 for row in report.rows if row.rung == 4), dtype


def test_report_prints_and_serialises(subset, tmp_path):
    report = run_ladder(dtype="float32", steps=3, data=subset)
    table = report.table()
    assert "Rung 3: gradients" in table and "d loss / d dense_1/kernel" in table
    assert TOLERANCES["float32"][5].reason[:40] in table
    assert "| 4 | `dense_2/bias update (after minus before)` |" in report._repr_markdown_()
    report.save(tmp_path / "parity.json")
    saved = __import__("json").loads((tmp_path / "parity.json").read_text())
    assert saved["passed"] is True and len(saved["rows"]) == len(report.rows)


# --- planted bugs: each must fail, and the report must name it -------------------------


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
        "the NumPy reference raised",
        "transposed kernel",
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
        "ReLU backward",
    ),
    "adam-no-bias-correction": (
        dict(optimizer_class=AdamWithoutBiasCorrection),
        4,
        UPDATE,
        "Adam without bias correction",
    ),
    "adam-paper-epsilon": (
        dict(optimizer_class=functools.partial(Adam, epsilon=1e-8)),
        4,
        UPDATE,
        "epsilon differs from Keras's",
    ),
    "adam-paper": (dict(optimizer_class=PaperAdam), 4, UPDATE, "epsilon differs from Keras's"),
    "sign-flipped": (
        dict(ops=planted(cross_entropy_backward=loss_gradient_sign_flipped)),
        3,
        "d loss / d dense_4 output",
        "a flipped sign",
    ),
    "adam-uphill": (dict(optimizer_class=AdamSteppingUphill), 4, UPDATE, "a flipped sign"),
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
        dict(optimizer_class=AdamNoSquareRoot),
        4,
        UPDATE,
        "off by a square root",
    ),
    "adam-betas-swapped": (
        dict(optimizer_class=AdamBetasSwapped),
        4,
        "Adam m (first moments), every parameter",
        "beta_1 and beta_2 swapped",
    ),
    "adam-v-from-gradient": (
        dict(optimizer_class=AdamVelocityFromGradient),
        4,
        "Adam v (second moments), every parameter",
        "not its square",
    ),
    "adam-kernels-off-1e-5": (
        dict(optimizer_class=AdamKernelsOff),
        4,
        UPDATE,
        "a constant 1.00001 times Keras's",
    ),
    "adam-near-miss": (
        dict(optimizer_class=AdamNearMiss),
        4,
        "every parameter after 1 step, bit for bit",
        "a near miss, where equality is claimed",
    ),
    "stale-gradients": (
        dict(optimizer_class=AdamStaleGradients),
        5,
        "dense_1/kernel after 2 steps",
        "state kept between steps",
    ),
    "adam-clock-stopped": (
        dict(optimizer_class=AdamClockStopped),
        4,
        "Adam step count t",
        "t counts the steps taken",
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


@pytest.mark.parametrize(("bug", "rung", "tensor", "cause"), PLANTED.values(), ids=PLANTED)
def test_planted_bug_is_found_and_named(subset, bug, rung, tensor, cause):
    report = run_ladder(dtype="float64", steps=2, batch_size=8, data=subset, **bug)
    failure = report.first_failure
    assert failure is not None, "the planted bug went unnoticed"
    assert (failure.rung, failure.name) == (rung, tensor), report.table()
    assert cause in failure.diagnosis, failure.diagnosis
    assert cause in report.table()


# --- the weight bridge ------------------------------------------------------------------


def reference_weights(dtype="float64"):
    return MLP(dtype=dtype, seed=1).get_weights()


def test_bridge_accepts_matching_weights():
    check_weights(reference_weights(), dtype="float64")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda w: w[:-1], "expected 8 arrays"),
        (
            lambda w: [w[0].T, *w[1:]],
            r"\[0\] \(dense_1/kernel\): expected shape \(784, 32\), "
            r"got \(32, 784\); it is transposed",
        ),
        (
            lambda w: [w[0], w[1], w[4], w[5], w[2], w[3], *w[6:]],
            r"\[2\] \(dense_2/kernel\): expected shape \(32, 16\), got \(16, 8\); that is the "
            r"shape of dense_3/kernel: are the arrays out of order\?",
        ),
        (
            lambda w: [w[0].astype(np.float32), *w[1:]],
            r"\[0\] \(dense_1/kernel\): expected float64, got float32",
        ),
    ],
    ids=["count", "transposed", "order", "dtype"],
)
def test_bridge_refuses_bad_weights_naming_the_array(change, message):
    with pytest.raises(ValueError, match=message):
        check_weights(change(reference_weights()), dtype="float64")


def test_weights_cross_back_to_keras():
    from mnist_course import keras_mlp

    numpy_model, keras_model = MLP(dtype="float32", seed=9), keras_mlp.build_model(seed=0)
    numpy_to_keras(numpy_model, keras_model)
    for ours, theirs in zip(numpy_model.get_weights(), keras_model.get_weights()):
        np.testing.assert_array_equal(ours, theirs)
    with pytest.raises(ValueError, match="expected float32, got float64"):
        numpy_to_keras(MLP(dtype="float64"), keras_model)


# --- the command and rung 6 -------------------------------------------------------------


def test_parity_command_prints_saves_and_exits_by_result(subset, monkeypatch, tmp_path, capsys):
    from mnist_course import cli, commands

    monkeypatch.setattr(commands, "load_mnist", lambda path=None: subset)
    args = ["parity", "--dtype", "float32", "--steps", "4", "--json", str(tmp_path / "p.json")]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "All rungs pass" in out and (tmp_path / "p.json").is_file()

    monkeypatch.setattr(F, "softmax", softmax_without_max)  # plant a bug in the reference
    assert cli.main(args) == 1
    assert "FIRST DIVERGENCE: rung 1, softmax of extreme logits" in capsys.readouterr().out


LESSON = """
# %% tags=["exercise"]
import numpy as np


def relu(z):
    return np.maximum(z, 0)


# %% tags=["exercise"]
def softmax(logits):
    raise NotImplementedError("your code here")
"""


def test_parity_mine_runs_the_ladder_on_the_lessons_functions(
    subset, monkeypatch, tmp_path, capsys
):
    from mnist_course import cli, commands

    monkeypatch.setattr(commands, "load_mnist", lambda path=None: subset)
    (tmp_path / "03_forward_pass.py").write_text(LESSON)
    assert cli.main(["parity", "--mine", str(tmp_path), "--steps", "2"]) == 0
    out = capsys.readouterr().out
    assert "yours: relu\n" in out and "the reference stands in: dense_forward, softmax" in out
    (tmp_path / "03_forward_pass.py").write_text(LESSON.replace("np.maximum(z, 0)", "np.abs(z)"))
    assert cli.main(["parity", "--mine", str(tmp_path), "--steps", "2"]) == 1
    assert "FIRST DIVERGENCE: rung 1, relu_1 output" in capsys.readouterr().out


@pytest.mark.slow
def test_compare_and_rung_6_share_one_seed_study(subset, monkeypatch, tmp_path, capsys):
    import json

    from mnist_course import cli, commands
    from mnist_course.parity import run_statistical

    monkeypatch.setattr(commands, "load_mnist", lambda path=None: subset)
    args = ["compare", "--seed", "3", "--seeds", "2", "--epochs", "1", "--quiet"]
    assert cli.main([*args, "--out", str(tmp_path)]) == 0
    compared = json.loads((tmp_path / "seeds.json").read_text())
    rung_6 = run_statistical(seeds=2, first_seed=3, epochs=1, data=subset)
    assert compared["seeds"] == rung_6["seeds"] == [3, 4]
    assert compared["test_accuracy"] == rung_6["test_accuracy"]


@pytest.mark.slow
def test_rung_6_compares_seed_distributions(subset):
    from mnist_course.parity import run_statistical

    result = run_statistical(seeds=2, epochs=2, data=subset)
    assert set(result["test_accuracy"]) == {"keras", "numpy"}
    assert all(len(values) == 2 for values in result["test_accuracy"].values())
    low, high = result["interval_95"]
    assert low <= result["difference"] <= high
    assert result["passed"] == (low <= 0 <= high)
