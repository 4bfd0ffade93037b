"""The Python runtime the site serves to the reader's browser: Pyodide, NumPy, our wheel.

The build takes Pyodide 0.27.7 from a folder (``mnist-course site --pyodide DIR`` or
``$MNIST_COURSE_PYODIDE``), else downloads the official release files. Either way every
file must match the SHA-256 digest pinned in ``build_pyodide_digests``; a mismatch stops the
build with a one-line error. Nothing of Pyodide is kept in the repository.
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

from .build_pyodide_digests import PYODIDE_FILES, PYODIDE_VERSION

PYODIDE_ENV = "MNIST_COURSE_PYODIDE"
RELEASE_URL = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
# Importing mnist_course.exercises needs only NumPy (tests/test_exercise_api.py keeps it
# so), which Pyodide ships: the course's own wheel is the only one the page loads.


class RuntimeFileError(ValueError):
    """A Pyodide file is missing or does not match its pinned digest (one line)."""


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


def provide_pyodide(dest: Path, *, folder: Path | None = None, url: str = RELEASE_URL) -> int:
    """Copy (from ``folder``) or download (from ``url``) every pinned file into ``dest``,
    checking each digest; returns the bytes written."""
    dest.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, expected in PYODIDE_FILES.items():
        target = dest / name
        if folder is not None:
            source = folder / name
            if not source.is_file():
                raise RuntimeFileError(
                    f"{source}: missing; this folder must hold Pyodide {PYODIDE_VERSION}"
                )
            shutil.copyfile(source, target)
            where = str(source)
        else:
            where = url + name
            try:
                with urllib.request.urlopen(where, timeout=60) as response:
                    target.write_bytes(response.read())
            except (urllib.error.URLError, OSError) as error:
                raise RuntimeFileError(
                    f"could not download {where} ({error}); pass --pyodide DIR or set {PYODIDE_ENV}"
                ) from None
        got = sha256(target)
        if got != expected:
            target.unlink()
            raise RuntimeFileError(
                f"{where}: SHA-256 {got[:16]}… is not the pinned {expected[:16]}… of Pyodide "
                f"{PYODIDE_VERSION}: the build stops here"
            )
        total += target.stat().st_size
    return total


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
        )
        if result.returncode != 0:
            last = (result.stderr.strip().splitlines() or ["no message"])[-1]
            raise RuntimeError(f"pip wheel failed for the browser runtime: {last}")
        names = []
        for wheel in sorted(Path(scratch).glob("*.whl")):
            shutil.copyfile(wheel, dest / wheel.name)
            names.append(wheel.name)
    return names
