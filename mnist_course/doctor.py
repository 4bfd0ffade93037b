"""``mnist-course doctor``: what this machine has for the course, and what to do about
what it lacks. It reads and imports; it never downloads or writes anything.

A line per item: ``ok``, ``missing`` (the course needs it: the command exits 1) or
``note`` (optional, or for contributors only: the browser tests and the JavaScript lint).
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_PYTHONS = ((3, 11), (3, 13))  # TensorFlow's wheels: pyproject's requires-python


@dataclass(frozen=True)
class Finding:
    status: str  # "ok", "missing" or "note"
    item: str
    detail: str


def python_finding() -> Finding:
    version = sys.version_info[:2]
    where = f"{platform.python_version()} on {platform.system()} {platform.machine()}"
    if SUPPORTED_PYTHONS[0] <= version <= SUPPORTED_PYTHONS[1]:
        return Finding("ok", "Python", where)
    low, high = (".".join(map(str, v)) for v in SUPPORTED_PYTHONS)
    return Finding(
        "missing",
        "Python",
        f"{where}: the course needs {low} to {high} (TensorFlow's wheels); "
        f"`uv run` picks or fetches one, or `uv python install {high}`",
    )


def package_finding(name: str, label: str, fix: str) -> Finding:
    # TensorFlow's start-up noise off, with the settings the course trains with
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    try:
        module = importlib.import_module(name)
    except Exception as error:  # an ImportError, or a broken install raising anything
        return Finding(
            "missing", label, f"cannot import: {error.__class__.__name__}: {error}; {fix}"
        )
    return Finding("ok", label, getattr(module, "__version__", "imported"))


def data_finding() -> Finding:
    from .data import DATA_ENV
    from .data.sources import CACHE_FILE_NAME, cache_dir

    named = os.environ.get(DATA_ENV)
    if named:
        if Path(named).exists():
            return Finding("ok", "MNIST", f"from ${DATA_ENV} = {named} (verified when loaded)")
        return Finding("missing", "MNIST", f"${DATA_ENV} = {named} does not exist")
    cached = cache_dir() / CACHE_FILE_NAME
    if cached.exists():
        return Finding("ok", "MNIST", f"from the cache, {cached} (verified when loaded)")
    return Finding(
        "note",
        "MNIST",
        "not here yet: the first run downloads it (11 MB) and keeps it in the cache; "
        f"offline it uses a 5,000-digit subset and says so, or set {DATA_ENV} to an mnist.npz",
    )


def runtime_finding() -> Finding:
    from .site.build_runtime import PYODIDE_ENV, cached_folder, pyodide_folder

    named = pyodide_folder()
    if named is not None:
        state = "ok" if named.is_dir() else "missing"
        return Finding(state, "in-page Python", f"Pyodide from ${PYODIDE_ENV} = {named}")
    if cached_folder().is_dir():
        return Finding("ok", "in-page Python", f"Pyodide from the cache, {cached_folder()}")
    return Finding(
        "note",
        "in-page Python",
        "not here yet: `mnist-course course` downloads and verifies it; offline the site "
        f"builds without in-page running (set {PYODIDE_ENV} to a Pyodide 0.27.7 folder)",
    )


def tool_finding(label: str, names: tuple[str, ...], use: str) -> Finding:
    found = next((shutil.which(name) for name in names if shutil.which(name)), None)
    if found:
        return Finding("ok", label, found)
    return Finding("note", label, f"not found ({' or '.join(names)}): {use}")


def findings() -> list[Finding]:
    from .data.sources import cache_dir

    return [
        python_finding(),
        package_finding("numpy", "NumPy", "reinstall with `uv sync`"),
        package_finding("tensorflow", "TensorFlow", "reinstall with `uv sync`"),
        package_finding("keras", "Keras", "reinstall with `uv sync`"),
        data_finding(),
        Finding("ok", "cache folder", str(cache_dir())),
        runtime_finding(),
        tool_finding("Chromium", ("chromium", "chromium-browser"), "contributors' browser tests"),
        tool_finding("Node.js", ("node",), "contributors' JavaScript lint (npm ci)"),
    ]


def run_doctor(args: argparse.Namespace) -> int:
    results = findings()
    width = max(len(finding.item) for finding in results)
    for finding in results:
        print(f"{finding.status:<8}{finding.item:<{width + 2}}{finding.detail}")
    missing = [finding.item for finding in results if finding.status == "missing"]
    if missing:
        print(f"\nThe course needs: {', '.join(missing)}. Fix those, then run this again.")
        return 1
    print("\nEverything the course needs is here.")
    return 0
