"""The Python runtime the site serves to the reader's browser: Pyodide, NumPy, our wheel.

Runs on the build machine. Pyodide 0.27.7 comes from a folder (``mnist-course site
--pyodide DIR`` or ``$MNIST_COURSE_PYODIDE``), else from the per-user cache of an earlier
download, else from the official release files, downloaded into that cache. Every file
must match the SHA-256 digest pinned in ``build_pyodide_digests``: a mismatch stops the
build with a one-line error. A download that fails (no network) is not an error: the site
is built without the in-page runtime (``RuntimeDownloadError``), unless the build requires
it (``--require-runtime`` or ``MNIST_COURSE_REQUIRE_RUNTIME=1``, for publishing). Nothing
of Pyodide is kept in the repository.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from ..data import cache_dir
from .build_pyodide_digests import PYODIDE_FILES, PYODIDE_VERSION

PYODIDE_ENV = "MNIST_COURSE_PYODIDE"
REQUIRE_ENV = "MNIST_COURSE_REQUIRE_RUNTIME"
RELEASE_URL = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
# Importing mnist_course.exercises needs only NumPy (tests/test_exercise_api.py keeps it
# so), which Pyodide ships: the course's own wheel is the only one the page loads.


class RuntimeFileError(ValueError):
    """A Pyodide file is missing or does not match its pinned digest (one line)."""


class RuntimeDownloadError(RuntimeFileError):
    """Pyodide could not be downloaded (no network): the site can be built without it."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pyodide_folder(named: Path | None = None) -> Path | None:
    """The folder to take Pyodide from: the option, else the environment, else None."""
    chosen = named if named is not None else os.environ.get(PYODIDE_ENV) or None
    return Path(chosen) if chosen is not None else None


def runtime_required(flag: bool = False) -> bool:
    """Whether a build without the in-page runtime is an error: the flag or the variable."""
    return flag or os.environ.get(REQUIRE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def cached_folder() -> Path:
    """Where a verified download of Pyodide is kept for the next build."""
    return cache_dir() / "pyodide" / PYODIDE_VERSION


def provide_runtime(
    root: Path, dest: Path, *, folder: Path | None, url: str = RELEASE_URL, required: bool = False
) -> tuple[list[str] | None, str]:
    """Pyodide and a wheel of the checkout at ``root`` in ``dest``: the wheels' names and
    "". Or, when Pyodide could not be downloaded and the build does not require it, None
    and one line saying what the build leaves out."""
    try:
        provide_pyodide(dest, folder=pyodide_folder(folder), url=url)
    except RuntimeDownloadError as error:
        if runtime_required(required):
            raise RuntimeFileError(
                f"{error}; this build requires the in-page runtime (--require-runtime or "
                f"{REQUIRE_ENV}): pass --pyodide DIR or set {PYODIDE_ENV}"
            ) from None
        return None, (
            f"the in-page Python runtime (Pyodide {PYODIDE_VERSION}): {error}. Each exercise "
            "editor says so and points to `mnist-course check`; build with --pyodide DIR, or "
            "once with a network (the verified download is then kept in the cache)"
        )
    return build_wheels(root, dest / "wheels"), ""


def provide_pyodide(
    dest: Path, *, folder: Path | None = None, url: str = RELEASE_URL, cache: Path | None = None
) -> int:
    """Copy every pinned file into ``dest`` from ``folder``, else from ``cache`` (by default
    ``cached_folder()``), downloading from ``url`` into the cache what it lacks; every
    digest is checked. Returns the bytes written."""
    if folder is None:
        folder = cache if cache is not None else cached_folder()
        download_missing(folder, url)
    dest.mkdir(parents=True, exist_ok=True)
    total = 0
    for name in PYODIDE_FILES:
        source = folder / name
        if not source.is_file():
            raise RuntimeFileError(
                f"{source}: missing; this folder must hold Pyodide {PYODIDE_VERSION}"
            )
        check_digest(source, str(source))
        shutil.copyfile(source, dest / name)
        total += source.stat().st_size
    return total


def download_missing(cache: Path, url: str) -> None:
    """Download into ``cache`` every pinned file it lacks (or holds changed), verified
    before it takes its name, so that the cache only ever holds good files."""
    cache.mkdir(parents=True, exist_ok=True)
    for name, expected in PYODIDE_FILES.items():
        target = cache / name
        if target.is_file() and sha256(target) == expected:
            continue
        partial = cache / (name + ".part")
        try:
            with urllib.request.urlopen(url + name, timeout=60) as response:
                partial.write_bytes(response.read())
        except (urllib.error.URLError, OSError) as error:
            partial.unlink(missing_ok=True)
            raise RuntimeDownloadError(f"could not download {url + name} ({error})") from None
        check_digest(partial, url + name)
        partial.replace(target)


def check_digest(path: Path, where: str) -> None:
    """Stop on a file that is not the pinned one (a downloaded one is deleted)."""
    expected, got = PYODIDE_FILES[path.name.removesuffix(".part")], sha256(path)
    if got != expected:
        if path.suffix == ".part":
            path.unlink()
        raise RuntimeFileError(
            f"{where}: SHA-256 {got[:16]}… is not the pinned {expected[:16]}… of Pyodide "
            f"{PYODIDE_VERSION}: the build stops here"
        )


def build_wheels(root: Path, dest: Path) -> list[str]:
    """A wheel of the course from the checkout at ``root``; returns its file name in a list."""
    dest.mkdir(parents=True, exist_ok=True)
    requirements = [str(root.resolve())]
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--quiet",
                "-w",
                scratch,
                *requirements,
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        if result.returncode != 0:
            last = (result.stderr.strip().splitlines() or ["no message"])[-1]
            raise RuntimeError(f"pip wheel failed for the browser runtime: {last}")
        names = []
        for wheel in sorted(Path(scratch).glob("*.whl")):
            shutil.copyfile(wheel, dest / wheel.name)
            names.append(wheel.name)
    return names
