"""Offline is a state, not a crash: without a network and a local Pyodide the site is
built without the in-page runtime, the page data says so, and a verified download is kept
in the per-user cache. No test here touches the network (downloads are monkeypatched or
come from file:// folders) or needs the real Pyodide (the pinned files are replaced by
small ones of known digest)."""

from __future__ import annotations

import hashlib
import urllib.error
from pathlib import Path

import pytest

from mnist_course import config
from mnist_course.lesson_files import read_lesson
from mnist_course.site import build_page_data, build_runtime
from mnist_course.site.build_site import BuildSummary

REPO = Path(__file__).resolve().parent.parent
FILES = {"pyodide.js": b"// a small stand-in\n", "pyodide.asm.wasm": b"\0asm stand-in"}


@pytest.fixture
def small_release(tmp_path, monkeypatch) -> str:
    """A 'release' of two small files, pinned by digest, served from a file:// URL."""
    release = tmp_path / "release"
    release.mkdir()
    for name, content in FILES.items():
        (release / name).write_bytes(content)
    digests = {name: hashlib.sha256(content).hexdigest() for name, content in FILES.items()}
    monkeypatch.setattr(build_runtime, "PYODIDE_FILES", digests)
    monkeypatch.delenv(build_runtime.PYODIDE_ENV, raising=False)
    monkeypatch.delenv(build_runtime.REQUIRE_ENV, raising=False)
    return release.as_uri() + "/"


def no_network(*args, **kwargs):
    raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")


def never_build_wheels(*args):
    raise AssertionError("no wheel is needed without the runtime")


def test_a_failed_download_leaves_the_runtime_out_with_a_reason(
    tmp_path, small_release, monkeypatch
):
    monkeypatch.setattr(build_runtime.urllib.request, "urlopen", no_network)
    monkeypatch.setattr(build_runtime, "build_wheels", never_build_wheels)
    wheels, missing = build_runtime.provide_runtime(REPO, tmp_path / "runtime", folder=None)
    assert wheels is None
    assert missing.startswith("the in-page Python runtime (Pyodide")
    assert "could not download" in missing and "mnist-course check" in missing
    summary = BuildSummary({"total": 1.0}, [missing])
    assert summary.lines()[-2:] == ["Left out of this build:", f"- {missing}"]


@pytest.mark.parametrize("how", ["flag", "variable"])
def test_a_build_that_requires_the_runtime_stops_without_it(
    tmp_path, small_release, monkeypatch, how
):
    monkeypatch.setattr(build_runtime.urllib.request, "urlopen", no_network)
    if how == "variable":
        monkeypatch.setenv(build_runtime.REQUIRE_ENV, "1")
    with pytest.raises(build_runtime.RuntimeFileError) as error:
        build_runtime.provide_runtime(
            REPO, tmp_path / "runtime", folder=None, required=how == "flag"
        )
    message = str(error.value)
    assert "could not download" in message and "--require-runtime" in message
    assert "\n" not in message


def test_the_variable_reads_as_a_switch(monkeypatch):
    for value, required in (("1", True), ("true", True), ("0", False), ("", False)):
        monkeypatch.setenv(build_runtime.REQUIRE_ENV, value)
        assert build_runtime.runtime_required() is required, value


def test_a_verified_download_is_kept_and_the_next_build_needs_no_network(
    tmp_path, small_release, monkeypatch
):
    cache = tmp_path / "cache"
    total = build_runtime.provide_pyodide(tmp_path / "first", url=small_release, cache=cache)
    assert total == sum(map(len, FILES.values()))
    assert sorted(path.name for path in cache.iterdir()) == sorted(FILES)  # no .part left
    monkeypatch.setattr(build_runtime.urllib.request, "urlopen", no_network)
    assert build_runtime.provide_pyodide(tmp_path / "second", url=small_release, cache=cache)
    assert (tmp_path / "second" / "pyodide.js").read_bytes() == FILES["pyodide.js"]


def test_the_default_cache_is_the_per_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("MNIST_COURSE_CACHE_DIR", str(tmp_path))
    assert build_runtime.cached_folder() == tmp_path / "pyodide" / "0.27.7"


def test_a_changed_cached_file_is_downloaded_again(tmp_path, small_release):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "pyodide.js").write_bytes(b"changed")
    build_runtime.provide_pyodide(tmp_path / "out", url=small_release, cache=cache)
    assert (cache / "pyodide.js").read_bytes() == FILES["pyodide.js"]


def test_page_data_without_the_runtime_tells_the_editors_what_to_do_instead():
    lessons = sorted(REPO.glob("lessons/[0-9]*.py"))
    data = build_page_data.page_data(lessons, None)
    assert data["runtime"]["available"] is False and data["wheels"] == []
    instead = data["runtime"]["instead"]
    assert "not part of this build" in instead and "mnist-course check" in instead
    assert build_page_data.page_data(lessons, ["course.whl"])["runtime"]["available"] is True


def test_the_time_limits_come_from_config():
    data = build_page_data.page_data(sorted(REPO.glob("lessons/[0-9]*.py")), None)
    assert data["limits"]["answerSeconds"] == config.EXERCISE_TIMEOUT_SECONDS
    assert data["limits"]["checkSeconds"] == 2 * config.EXERCISE_TIMEOUT_SECONDS


def test_the_build_marks_the_cell_each_editor_goes_after(tmp_path):
    import jupytext

    path = tmp_path / "09_extra.py"
    path.write_text(
        "# %% [markdown]\n# Write relu.\n\n"
        '# %% tags=["exercise"]\ndef relu(z):\n    raise NotImplementedError\n\n'
        '# %% tags=["exercise"]\ndef not_an_exercise(z):\n    pass\n\n'
        "# %%\ndef softmax(z):\n    pass\n",
        encoding="utf-8",
    )
    notebook = jupytext.read(path)  # as the build executes it
    build_page_data.mark_editor_cells(notebook, read_lesson(path))
    tags = [cell.metadata.get("tags", []) for cell in notebook.cells]
    assert tags == [[], ["exercise", "mc-editor-relu"], ["exercise"], []]
    del notebook.cells[0]  # a notebook that is not this lesson: refused, not misplaced
    with pytest.raises(ValueError, match="cell 2 does not define relu"):
        build_page_data.mark_editor_cells(notebook, read_lesson(path))


def test_the_site_command_takes_the_flag_and_stops_before_any_training(
    tmp_path, small_release, monkeypatch, capsys
):
    from mnist_course import cli

    monkeypatch.setattr(build_runtime.urllib.request, "urlopen", no_network)
    monkeypatch.chdir(REPO)
    args = ["site", "--out", str(tmp_path / "site"), "--work", str(tmp_path / "work")]
    assert cli.main([*args, "--require-runtime"]) == 2
    message = capsys.readouterr().err
    assert message.startswith("error: could not download") and "--require-runtime" in message
    assert not (tmp_path / "work" / "docs").exists()  # stopped before the site was started
