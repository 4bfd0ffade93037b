"""The parity ladder on a learner's functions: right answers pass, typical mistakes fail."""

from __future__ import annotations

import pytest

from mnist_course.exercises import EXERCISES

pytest.importorskip("mnist_course.keras_mlp")
import numpy as np

from mnist_course.numpy_mlp.optim import adam_step  # exact betas: round_betas=False
from mnist_course.parity import FALLBACK_RULE, parity_of
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
ADAM_STYLES = {
    "folded, exact betas": LEARNER_STYLE["adam_step"],
    "textbook m_hat / v_hat": right_function("adam_step", "epsilon_hat"),
    "float32-rounded betas": adam_rounded_betas,
}
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
    assert report.table().startswith("Parity ladder, float64: your functions against Keras")
    assert f"the rule: {FALLBACK_RULE}" in report.table()


def stub(z):
    raise NotImplementedError("your code here")


def test_a_stub_falls_back_and_a_failing_function_runs(subset):
    """The rule: a stub is not written yet; a written function runs, right or wrong."""
    report = parity_of({"relu": stub, "softmax": LEARNER_STYLE["softmax"]}, data=subset, steps=2)
    assert "yours: softmax\n" in report.table() and report.passed
    wrong = parity_of({"relu": abs}, data=subset, steps=2)
    assert "yours: relu\n" in wrong.table() and wrong.first_failure.name == "relu_1 output"


def test_with_nothing_written_the_verdict_does_not_call_the_course_network_yours(subset):
    table = parity_of({"relu": stub}, data=subset, steps=2).table()
    assert "yours: none" in table and "your network" not in table
    assert "All rungs pass: the course's network (none of your functions is written yet)" in table


# Steps enough for the late mistakes below (the subset holds 4,000 training images).
MANY_STEPS = 240


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("style", ADAM_STYLES)
def test_right_answers_pass_at_any_number_of_steps(subset, dtype, style):
    answers = {**LEARNER_STYLE, "adam_step": ADAM_STYLES[style]}
    report = parity_of(answers, dtype, data=subset, steps=MANY_STEPS)
    assert report.passed, report.table()
    rung_5 = [row for row in report.rows if row.rung == 5]
    assert len(rung_5) == 5 and all(f"of {report.training_steps} steps" in r.name for r in rung_5)
    assert report.training_steps >= 200


def adam_reset_every(period):
    """Right, except that m and v start again from zero every ``period`` steps."""

    def adam_step(param, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
        if t % period == 0:
            m, v = np.zeros_like(m), np.zeros_like(v)
        return LEARNER_STYLE["adam_step"](
            param, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon
        )

    return adam_step


def adam_clock_stops_at(last):
    """Right, except that the bias correction stops at step ``last``."""

    def adam_step(param, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
        t = min(t, last)
        return LEARNER_STYLE["adam_step"](
            param, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon
        )

    return adam_step


LATE_MISTAKES = {  # name: (adam_step, the step it first shows at, the first row, the cause)
    "state reset every 150 steps": (
        adam_reset_every(150),
        150,
        "Adam m (first moments) at step 150",
        "the state was reset",
    ),
    "bias correction stops at t = 120": (
        adam_clock_stops_at(120),
        121,
        "every parameter's update at step 121",
        "the bias correction of step t = 120, not 121",
    ),
}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("mistake", LATE_MISTAKES)
def test_a_mistake_that_shows_only_late_fails_where_it_shows(subset, dtype, mistake):
    adam, step, row, cause = LATE_MISTAKES[mistake]
    report = parity_of({**LEARNER_STYLE, "adam_step": adam}, dtype, data=subset, steps=MANY_STEPS)
    failure = report.first_failure
    assert failure is not None and failure.rung == 5, report.table()
    assert failure.name.startswith(row), failure.name
    assert f"steps 1 to {step - 1} agreed" in failure.diagnosis and cause in failure.diagnosis
    assert report.table().split("\nRung 1:")[0].rstrip().endswith(failure.diagnosis)


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
    "backward": 3,  # the rows of your backward, beside the course's on the same pieces
    "train_step": 4,  # the rows of your train_step, step by step beside the course's
}
# Mistakes that raise show where they are first called, whatever their function's rung.
RAISES_AT_ONCE = ("transposed the kernel", "the bias as a column")
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
    expected = 1 if description.startswith(RAISES_AT_ONCE) else EXPECTED_RUNG[name]
    assert failure.rung == expected, report.table()
    assert failure.diagnosis


def adam_without_bias_correction(param, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    return param - learning_rate * m / (np.sqrt(v) + epsilon), m, v


def test_a_summary_row_never_says_fine_over_failing_rows(subset):
    answers = {**LEARNER_STYLE, "adam_step": adam_without_bias_correction}
    report = parity_of(answers, "float64", data=subset, steps=2)
    bitwise = next(row for row in report.rows if "bit for bit" in row.name)
    assert not bitwise.passed and "fine" not in report.table()
    assert "Adam without bias correction" in report.first_failure.diagnosis


def wrong_function(name: str, fragment: str):
    """A wrong answer of the hidden set, run after its lesson's setup cell."""
    from mnist_course.exercises.api import run_cell
    from tests.exercise_answers import WRONG, setup_source

    source = next(source for source, said in WRONG[name] if fragment in said)
    namespace: dict = {}
    for filename, code in (("<setup>", setup_source(EXERCISES[name].lesson)), ("<wrong>", source)):
        assert run_cell(code, filename, namespace) is None
    return namespace[name]


COMPOSED = {
    **LEARNER_STYLE,
    "backward": right_function("backward", ""),
    "train_step": right_function("train_step", ""),
}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_the_learners_backward_and_train_step_run_on_the_ladder_and_right_ones_pass(subset, dtype):
    report = parity_of(COMPOSED, dtype, data=subset, steps=2)
    assert report.passed, report.table()
    names = [row.name for row in report.rows]
    assert any("your backward" in name for name in names)
    assert any("your train_step, step 3" in name for name in names)
    assert "backward, train_step" in report.table()  # the yours: line names them
    assert not any("failing its exercise check" in note for note in report.notes)
    calls = next(note for note in report.notes if note.startswith("your train_step, read from"))
    assert "calls the course's forward" in calls and "adam_step" in calls  # whose pieces it ran


@pytest.mark.parametrize(
    ("name", "fragment", "cause"),
    [
        ("backward", "a ReLU applied to the logits", "a ReLU applied to the logits"),
        ("backward", "wrong order", "gradients in the wrong order"),
        ("train_step", "computed but not stored", "computed but not stored"),
        ("train_step", "Adam counts from 1", "t is increased after the step"),
    ],
)
def test_a_wrong_composition_fails_the_ladder_and_is_named(subset, name, fragment, cause):
    """Each passes every piece's rows: only the composition's rows can catch it."""
    report = parity_of({**COMPOSED, name: wrong_function(name, fragment)}, "float64",
                       data=subset, steps=2)  # fmt: skip
    failure = report.first_failure
    assert failure is not None and f"your {name}" in failure.name, report.table()
    assert f"your {name}" in failure.diagnosis and cause in failure.diagnosis, failure.diagnosis
    failing = next(note for note in report.notes if "failing its exercise check" in note)
    assert "ran anyway" in failing and f": {name} (" in failing  # whose ran, though it fails


def test_a_train_step_that_never_counts_adams_steps_fails_and_is_named(subset):
    """t stays 0: the step divides by 1 - beta_1**0; the check fails it, the ladder too."""
    from mnist_course.exercises.api import run_cell
    from tests.exercise_answers import RIGHT, setup_source

    source = RIGHT["train_step"][0].replace("    state['t'] += 1\n", "")
    assert source != RIGHT["train_step"][0]
    namespace: dict = {}
    for filename, code in (("<setup>", setup_source(6)), ("<no t>", source)):
        assert run_cell(code, filename, namespace) is None
    report = parity_of({**COMPOSED, "train_step": namespace["train_step"]}, "float64",
                       data=subset, steps=2)  # fmt: skip
    failure = report.first_failure
    assert failure is not None and "your train_step, step 1" in failure.name, report.table()
    assert "Adam's t is never increased" in failure.diagnosis, failure.diagnosis


def function_of(source: str, name: str, lesson: int = 6):
    """``name`` defined by ``source`` after its lesson's setup cell, as the command runs it."""
    from mnist_course.exercises.api import run_cell
    from tests.exercise_answers import setup_source

    namespace: dict = {}
    for filename, code in (("<setup>", setup_source(lesson)), ("<answer>", source)):
        assert run_cell(code, filename, namespace) is None
    return namespace[name]


@pytest.mark.parametrize(("dtype", "style"), [("float64", 0), ("float32", 1), ("float32", 2)])
def test_rung_5_trains_through_the_learners_train_step_and_minibatch_indices(subset, dtype, style):
    """Every step of rung 5 through their train_step, on their batches; right ones pass."""
    from tests.exercise_answers import RIGHT

    answers = {
        **COMPOSED,
        "train_step": function_of(RIGHT["train_step"][style], "train_step"),
        "minibatch_indices": function_of(RIGHT["minibatch_indices"][style], "minibatch_indices"),
    }
    report = parity_of(answers, dtype, data=subset, steps=MANY_STEPS)
    assert report.passed, report.table()
    rows = [row.name for row in report.rows if row.rung == 5]
    assert any(f"your train_step, Adam v, every one of {MANY_STEPS}" in name for name in rows)
    assert "train_step, minibatch_indices\n" in report.table()  # both on the yours: line


def test_a_train_step_mistake_that_shows_late_fails_at_rung_5_where_it_shows(subset):
    """Adam's moments reset every 10 steps: rung 4's three steps pass, step 10 fails."""
    from tests.exercise_answers import RIGHT

    source = RIGHT["train_step"][0].replace(
        "    state['t'] += 1\n",
        "    state['t'] += 1\n"
        "    if state['t'] % 10 == 0:\n"
        "        state['m'] = [np.zeros_like(p) for p in params]\n",
    )
    answers = {**COMPOSED, "train_step": function_of(source, "train_step")}
    report = parity_of(answers, "float64", data=subset, steps=MANY_STEPS)
    failure = report.first_failure
    assert failure is not None and failure.rung == 5, report.table()
    assert "your train_step at step 10 of" in failure.name, failure.name
    assert "steps 1 to 9 agreed" in failure.diagnosis and "your train_step" in failure.diagnosis


def test_batches_that_skip_samples_fail_rung_5_naming_minibatch_indices(subset):
    source = (
        "def minibatch_indices(num_samples, batch_size, rng):\n"
        "    order = rng.permutation(num_samples)\n"
        "    full = num_samples - num_samples % batch_size\n"
        "    return [order[i : i + batch_size] for i in range(0, full, batch_size)]\n"
    )
    answers = {**COMPOSED, "minibatch_indices": function_of(source, "minibatch_indices")}
    report = parity_of(answers, "float64", data=subset, steps=4)
    failure = report.first_failure
    assert failure is not None and "your minibatch_indices" in failure.name, report.table()
    assert "each of the" in failure.diagnosis and "exactly once" in failure.diagnosis
    assert any("ran anyway" in note and ": minibatch_indices (" in note for note in report.notes)
