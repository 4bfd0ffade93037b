"""The command line's output in a legacy code page (a Windows console, or a file it is
redirected to): marks it cannot encode become ASCII words instead of an error."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from mnist_course import console

ROOT = Path(__file__).resolve().parents[1]


def test_marks_a_code_page_lacks_become_words():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252", errors=console.ERROR_HANDLER)
    stream.write("✓ relu, ✗ softmax, … and ∂ too")
    stream.flush()
    assert raw.getvalue().decode("cp1252") == "ok relu, FAIL softmax, … and ? too"


def test_check_prints_readable_marks_into_a_cp1252_file(tmp_path):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    source = (ROOT / "lessons" / "03_forward_pass.py").read_text(encoding="utf-8")
    stub = source.index('raise NotImplementedError("your code here")', source.index("def relu("))
    answered = source[:stub] + "return np.where(z > 0, z, 0.0)" + source[stub + 43 :]
    (lessons / "03_forward_pass.py").write_text(answered, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    command = shutil.which("mnist-course") or sys.executable
    arguments = [] if command != sys.executable else ["-m", "mnist_course.cli"]
    run = subprocess.run(
        [command, *arguments, "check", "3"], cwd=tmp_path, env=env, capture_output=True
    )
    output = run.stdout.decode("cp1252")
    assert run.returncode == 1, run.stderr.decode("cp1252")  # three stubs still to write
    assert "ok relu: correct" in output
    assert "Traceback" not in run.stderr.decode("cp1252")
