"""Every lesson runs top to bottom without error (in quick mode: see mnist_course.course).

The lessons are the ones the session's site build executed (conftest.py): run once."""

from __future__ import annotations

from pathlib import Path

import pytest

from mnist_course.site import build_lessons

LESSONS = sorted((Path(__file__).resolve().parent.parent / "lessons").glob("[0-9][0-9]_*.py"))

pytestmark = pytest.mark.slow


def test_the_course_has_its_eight_lessons():
    assert [path.name[:2] for path in LESSONS] == [f"{n:02d}" for n in range(1, 9)]


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_lesson_runs_cleanly(executed_lessons, path):
    notebook = executed_lessons[path.stem]
    text = build_lessons.stream_text(notebook)
    assert "Traceback" not in text
    # No TensorFlow C++ log lines (they start with a severity letter and 0000).
    assert not any(line[:5] in ("I0000", "W0000", "E0000") for line in text.splitlines())
    outputs = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    ]
    assert all(output.output_type != "error" for output in outputs)
    # Figures show as pictures, not as "<Figure size ...>".
    assert not any(
        "<Figure size" in output.get("data", {}).get("text/plain", "")
        and "image/png" not in output.get("data", {})
        for output in outputs
    )
    if "plots." in path.read_text(encoding="utf-8"):
        assert any("image/png" in output.get("data", {}) for output in outputs), path.name


MAX_LESSON_LINES = 600  # a lesson a learner can hold in one sitting (issue 22)


def test_no_lesson_runs_over_600_lines():
    lengths = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in LESSONS}
    assert {name: n for name, n in lengths.items() if n > MAX_LESSON_LINES} == {}


def test_lesson_structure():
    """The arc of every lesson: what you will learn, setup, sections, summary, exercises."""
    for path in LESSONS:
        text = path.read_text(encoding="utf-8")
        assert "In this lesson you will:" in text, path.name
        assert "## Setup" in text and "## 1." in text and "## Summary" in text, path.name
        if not path.name.startswith("08"):
            assert 'tags=["exercise"]' in text, path.name


def test_lessons_run_in_spawned_workers_and_a_failure_is_reported_in_one_line(tmp_path):
    """The site build's workers start with spawn, as on Windows and macOS: the executed
    notebook comes back, and so does a failing lesson's one-line error."""
    fine = tmp_path / "08_fine.py"
    fine.write_text('# %%\nprint("fine")\n', encoding="utf-8")
    broken = tmp_path / "09_broken.py"
    broken.write_text('# %%\nprint("fine")\n\n# %%\nraise ValueError("boom")\n', encoding="utf-8")
    [notebook] = build_lessons.execute_all([fine], quick=True)
    assert build_lessons.stream_text(notebook) == "fine\n"
    with pytest.raises(RuntimeError, match=r"lesson 09_broken.py failed to run: ValueError: boom"):
        build_lessons.execute_all([fine, broken], quick=True)


def test_a_relative_data_path_still_reaches_the_lesson_kernel(tmp_path, monkeypatch):
    lesson = tmp_path / "lessons" / "09_path.py"
    lesson.parent.mkdir()
    lesson.write_text('# %%\nimport os\nprint(os.environ["MNIST_COURSE_DATA"])\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MNIST_COURSE_DATA", "data/mnist.npz")
    printed = build_lessons.stream_text(build_lessons.execute(lesson, quick=True)).strip()
    assert printed == str(tmp_path / "data" / "mnist.npz")


def test_one_print_split_across_two_messages_is_one_output():
    """A busy kernel may send one print as two stream messages (CI once saw lesson 8's
    verdict in two outputs); the executed lesson keeps one, as Jupyter shows it."""
    from nbformat.v4 import new_output

    from mnist_course.site.build_lessons import _joined_streams

    outputs = [
        new_output("stream", name="stdout", text="… fill in every None"),
        new_output("stream", name="stdout", text="\n"),
        new_output("stream", name="stderr", text="a warning\n"),
        new_output("stream", name="stdout", text="after\n"),
    ]
    joined = _joined_streams(outputs)
    assert [(o.name, o.text) for o in joined] == [
        ("stdout", "… fill in every None\n"),
        ("stderr", "a warning\n"),
        ("stdout", "after\n"),
    ]
