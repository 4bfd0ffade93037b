"""The parity ladder on a learner's functions: right answers pass, typical mistakes fail."""

from __future__ import annotations

import pytest

from mnist_course.exercises import EXERCISES

pytest.importorskip("mnist_course.keras_mlp")
from mnist_course.exercises.lesson_05 import adam_step
from mnist_course.parity import parity_of
from mnist_course.parity.learner import LEARNER_NAMES
from mnist_course.parity.tolerances import EXACT_BETAS_REASON, EXACT_SOFTMAX_REASON
from tests.exercise_answers import right_function

# Right answers from the hidden set, each picked for how it differs from the reference.
LEARNER_STYLE = {
    "relu": right_function("relu", "np.where"),
    "dense_forward": right_function("dense_forward", "einsum"),
    "softmax": right_function("softmax", "np.exp(shifted - np.log"),
    "cross_entropy": right_function("cross_entropy", "top[:, 0]"),
    "cross_entropy_backward": right_function("cross_entropy_backward", "dtype=logits.dtype"),
    "relu_backward": right_function("relu_backward", "np.where"),
    "dense_backward": right_function("dense_backward", "einsum"),
    "adam_step": right_function("adam_step", "beta_2**t) / (1 - beta_1**t)"),  # exact betas
}
adam_rounded_betas = right_function("adam_step", "real = param.dtype.type")  # Keras exactly
softmax_logsumexp = right_function("softmax", "log_sum = m +")  # float32: 3e-5 at extremes

pytestmark = pytest.mark.keras


def notes(report):
    return {row.note for row in report.rows if row.note}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_answers_written_as_learners_write_them_pass(subset, dtype):
    report = parity_of(LEARNER_STYLE, dtype, data=subset, steps=6)
    assert report.passed, report.table()
    assert "yours: relu, dense_forward" in report.table()
    bitwise = next(row for row in report.rows if "bit for bit" in row.name)
    assert "not bit for bit" in bitwise.note


def test_exact_betas_are_recognised_and_explained_in_float64(subset):
    report = parity_of({**LEARNER_STYLE, "adam_step": adam_step}, "float64", data=subset, steps=6)
    assert report.passed, report.table()
    assert EXACT_BETAS_REASON in notes(report)
    assert "your betas are exact" in report.table()


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_rounded_betas_are_bit_for_bit_and_told_so(subset, dtype):
    answers = {**LEARNER_STYLE, "adam_step": adam_rounded_betas}
    report = parity_of(answers, dtype, data=subset, steps=6)
    assert report.passed, report.table()
    bitwise = next(row for row in report.rows if "bit for bit" in row.name)
    assert bitwise.max_abs == 0 and bitwise.note == "bit for bit equal to Keras's step"


def test_log_domain_softmax_in_float32_passes_with_its_reason(subset):
    report = parity_of(
        {**LEARNER_STYLE, "softmax": softmax_logsumexp}, "float32", data=subset, steps=4
    )
    assert report.passed, report.table()
    row = next(row for row in report.rows if row.name == "softmax of extreme logits")
    assert row.max_rel > 1e-5 and row.note == EXACT_SOFTMAX_REASON


def test_missing_functions_fall_back_to_the_reference_and_say_so(subset):
    answers = {"relu": LEARNER_STYLE["relu"]}
    report = parity_of(answers, "float64", data=subset, steps=2)
    assert report.passed, report.table()
    assert "the reference stands in: dense_forward" in report.table()


# Where each exercise's mistakes must show first. Kernels start random and biases at 0,
# so a forgotten bias moves nothing until training moves the biases: rung 5.
EXPECTED_RUNG = {
    "relu": 1,
    "dense_forward": 5,
    "softmax": 1,
    "cross_entropy": 2,
    "cross_entropy_backward": 3,
    "relu_backward": 3,
    "dense_backward": 3,
    "adam_step": 4,
}
# The ladder runs Adam at its default hyper-parameters, where an answer that hard-codes
# them computes the right thing: only the exercise's check (non-default cases) sees it.
INVISIBLE_AT_DEFAULTS = "hard-coded"
MISTAKES = [
    (name, description, wrong)
    for name, exercise in EXERCISES.items()
    if name in LEARNER_NAMES
    for description, wrong in exercise.mistakes.items()
    if INVISIBLE_AT_DEFAULTS not in description
]


@pytest.mark.parametrize(
    ("name", "description", "wrong"),
    MISTAKES,
    ids=[f"{name}: {description[:30]}" for name, description, _ in MISTAKES],
)
def test_each_typical_mistake_fails_at_its_rung(subset, name, description, wrong):
    report = parity_of({**LEARNER_STYLE, name: wrong}, "float64", data=subset, steps=2)
    failure = report.first_failure
    assert failure is not None, f"{name}: {description} went unnoticed"
    assert failure.rung == EXPECTED_RUNG[name], report.table()
    assert failure.diagnosis
