"""The site's in-page Python: Pyodide checked against pinned digests, lesson stubs, the glue."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mnist_course import cli
from mnist_course.exercises import EXERCISES, HINT_LEVELS, check
from mnist_course.lesson_files import read_lesson
from mnist_course.site import build_page_data, build_runtime, in_browser
from mnist_course.site.build_pyodide_digests import PYODIDE_FILES

REPO = Path(__file__).resolve().parent.parent
# .ci/run names ../shared/pyodide/0.27.7 in the environment; CI must not skip these.
SHARED_PYODIDE = Path(
    os.environ.get(build_runtime.PYODIDE_ENV) or REPO.parent / "shared/pyodide/0.27.7"
)
needs_pyodide = pytest.mark.skipif(
    not SHARED_PYODIDE.is_dir() and not os.environ.get("CI"),
    reason=f"needs Pyodide 0.27.7 in ${build_runtime.PYODIDE_ENV} (CI has it)",
)


@pytest.fixture
def pyodide_copy(tmp_path) -> Path:
    folder = tmp_path / "pyodide"
    folder.mkdir()
    for name in PYODIDE_FILES:
        shutil.copyfile(SHARED_PYODIDE / name, folder / name)
    return folder


@needs_pyodide
def test_pyodide_from_a_folder_and_from_a_url(tmp_path):
    total = build_runtime.provide_pyodide(tmp_path / "a", folder=SHARED_PYODIDE)
    assert sorted(path.name for path in (tmp_path / "a").iterdir()) == sorted(PYODIDE_FILES)
    # The download path, with a file:// URL: this machine has no network.
    url = SHARED_PYODIDE.as_uri() + "/"
    cache = tmp_path / "cache"
    assert build_runtime.provide_pyodide(tmp_path / "b", url=url, cache=cache) == total
    assert sorted(path.name for path in cache.iterdir()) == sorted(PYODIDE_FILES)  # kept


@needs_pyodide
def test_a_changed_file_stops_the_build_with_one_line(tmp_path, pyodide_copy):
    with open(pyodide_copy / "pyodide.js", "a", encoding="utf-8") as handle:
        handle.write("// changed\n")
    with pytest.raises(build_runtime.RuntimeFileError) as error:
        build_runtime.provide_pyodide(tmp_path / "out", folder=pyodide_copy)
    assert "pyodide.js" in str(error.value) and "\n" not in str(error.value)
    with pytest.raises(build_runtime.RuntimeFileError, match="not the pinned"):
        build_runtime.provide_pyodide(
            tmp_path / "out", url=pyodide_copy.as_uri() + "/", cache=tmp_path / "cache"
        )
    assert not (tmp_path / "cache" / "pyodide.js").exists()  # a bad download is not kept


@needs_pyodide
def test_site_command_names_the_bad_file(tmp_path, pyodide_copy, capsys, monkeypatch):
    (pyodide_copy / "python_stdlib.zip").unlink()
    monkeypatch.chdir(REPO)
    args = ["site", "--out", str(tmp_path / "site"), "--work", str(tmp_path / "work")]
    assert cli.main([*args, "--pyodide", str(pyodide_copy)]) == 2
    message = capsys.readouterr().err
    assert message.startswith("error: ") and "python_stdlib.zip: missing" in message
    assert message.count("\n") == 1
    monkeypatch.setenv(build_runtime.PYODIDE_ENV, str(pyodide_copy))
    assert cli.main(args) == 2
    assert "python_stdlib.zip: missing" in capsys.readouterr().err


def test_every_exercise_has_a_stub_in_its_lesson():
    data = build_page_data.page_data(sorted(REPO.glob("lessons/[0-9]*.py")), ["x.whl"])
    assert set(data["exercises"]) == set(EXERCISES)
    assert data["hintLevels"] == HINT_LEVELS == 3
    for name, exercise in data["exercises"].items():
        assert exercise["lesson"] == EXERCISES[name].lesson
        assert exercise["place"] == f".celltag_mc-editor-{name}"
        assert f"def {name}(" in exercise["stub"] and "NotImplementedError" in exercise["stub"]
        assert "import numpy as np" in data["setups"][exercise["lesson"]]


def test_cells_tagged_setup_run_before_the_exercise(tmp_path):
    lesson = tmp_path / "09_extra.py"
    lesson.write_text(
        '# %% tags=["setup"]\nimport numpy as np\nSCALE = 2\n\n'
        "# %%\nimport tensorflow  # not setup: never sent to the browser\n\n"
        '# %% tags=["exercise"]\ndef relu(z):\n    raise NotImplementedError\n',
        encoding="utf-8",
    )
    read = read_lesson(lesson)  # what the page data is made of
    assert "SCALE = 2" in read.setup_source and "tensorflow" not in read.setup_source
    assert list(read.stubs) == ["relu"]


def test_the_worker_returns_a_verdict_record_with_what_check_prints():
    lesson = read_lesson(next(REPO.glob("lessons/03_*.py")))
    setup = lesson.setup_source
    code = "def relu(z):\n    return np.maximum(z, 0.5)\n"
    namespace: dict = {}
    exec(setup + code, namespace)
    expected = check("relu", namespace["relu"], quiet=True)
    verdict = in_browser.check("relu", code, setup)
    assert verdict == expected.as_dict()
    assert (verdict["passed"], verdict["todo"], verdict["status"]) == (False, False, "failed")
    raising = in_browser.check("relu", "def relu(z):\n    return z.nope\n", setup)["message"]
    assert "raised AttributeError" in raising and "line 2: return z.nope" in raising
    broken = in_browser.check("relu", "def relu(z:\n", setup)
    assert not broken["passed"] and broken["message"].startswith("✗ relu: your")
    right = in_browser.check("relu", "def relu(z):\n    return np.maximum(z, 0)\n", setup)
    assert right["passed"] and not right["todo"]
    stub = lesson.stubs["relu"].source
    assert in_browser.check("relu", stub, setup)["todo"]
    assert in_browser.printed("hint", "relu", 1).startswith("Hint 1 of 3 for relu")
