"""The GitHub workflows validate against GitHub's schema (check-jsonschema's copy, offline)
and run the README's commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def check_jsonschema() -> list[str]:
    try:
        import check_jsonschema  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("check-jsonschema is missing: it is in the test dependencies (uv sync)")
        pytest.skip("check-jsonschema is not installed (uv sync installs it)")
    return [sys.executable, "-m", "check_jsonschema"]


def test_every_workflow_validates_against_githubs_schema():
    assert WORKFLOWS, "no workflow found"
    run = subprocess.run(
        [*check_jsonschema(), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_workflows_run_the_readmes_commands():
    text = {path.name: path.read_text(encoding="utf-8") for path in WORKFLOWS}
    assert "uv run mnist-course course --require-runtime" in text["pages.yml"]
    tests = text["test.yml"]
    assert 'uv run mnist-course test -m "not slow"' in tests
    assert "uv run mnist-course test\n" in tests
    for system in ("ubuntu-latest", "macos-latest", "windows-latest"):
        assert system in tests
