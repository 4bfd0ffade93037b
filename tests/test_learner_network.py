"""A learner's own network, end to end: the lessons solved as a learner writes answers
train in lesson 6 on the learner's functions, and the parity ladder passes on them."""

from __future__ import annotations

import re

import pytest

from mnist_course import cli, commands
from mnist_course.exercises import EXERCISES
from mnist_course.site import build_lessons
from tests.exercise_answers import RIGHT
from tests.test_exercise_command import answered_copy

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    """The lessons with every exercise answered in a learner's style (not the references)."""
    folder = tmp_path_factory.mktemp("learner") / "lessons"
    answers = {name: RIGHT[name][0] for name in EXERCISES}
    # Right, but drawn in another order than the reference's: the learner's network
    # starts from its own weights (lesson 7 must compare with those, not the reference's).
    answers["glorot_uniform"] = next(a for a in RIGHT["glorot_uniform"] if ".T" in a)
    return answered_copy(folder, answers)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_parity_mine_passes_on_lessons_solved_as_a_learner_would(
    solved, subset, monkeypatch, capsys, dtype
):
    monkeypatch.setattr(commands, "load_mnist", lambda path=None: subset)
    status = cli.main(["parity", "--mine", str(solved), "--dtype", dtype])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "the reference stands in" not in out, out


def test_lesson_6_trains_the_learners_network_and_lesson_7_reads_it(solved):
    lesson = next(solved.glob("06_*.py"))
    text = build_lessons.stream_text(build_lessons.execute(lesson, quick=True, timeout=600))
    assert "using the course's" not in text, text
    assert re.search(r"^the course's: none$", text, re.MULTILINE), text
    yours, reference = map(
        float, re.search(r"test accuracy: yours ([\d.]+), reference ([\d.]+)", text).groups()
    )
    # Quick mode trains on a small budget: well above chance (0.1) is what it can show.
    # Same start, same batches; only Adam's beta rounding differs (lesson 6, section 7),
    # which training amplifies to noise of a fraction of a point.
    assert yours > 0.5 and abs(yours - reference) < 0.02, (yours, reference)
    assert "All rungs pass" in text, text
    # Lesson 7 reads the network lesson 6 saved: the rows training never moved are the
    # blank pixels' rows of the learner's own initial kernel.
    lesson_7 = next(solved.glob("07_*.py"))
    text = build_lessons.stream_text(build_lessons.execute(lesson_7, quick=True, timeout=600))
    assert "Traceback" not in text and "using the course's" not in text, text[-3000:]
    assert "the same pixels: True" in text, text


@pytest.mark.parametrize("lesson", ["04", "05", "08"])
def test_the_lessons_after_a_function_is_written_run_on_the_learners_answers(solved, lesson):
    """Each lesson that calls the learner's functions runs to its end on them (a learner's
    signature, not the reference's: dense_backward(grad_y, x, kernel) has no need_grad_x)."""
    path = next(solved.glob(f"{lesson}_*.py"))
    text = build_lessons.stream_text(build_lessons.execute(path, quick=True, timeout=600))
    assert "Traceback" not in text and "Error:" not in text, text[-3000:]
    assert "using the course's" not in text, text
