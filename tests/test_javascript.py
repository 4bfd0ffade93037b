"""The site's JavaScript (docs/assets/**/*.js) passes ESLint and is formatted by Prettier.

Both are installed by the project's own files: ``package.json`` and its committed
``package-lock.json`` (``npm ci``, run here when ``node_modules/`` is missing or older than
the lock file). Without Node.js and npm the tests skip and say why, except under
``CI=true``, where a missing tool is a failure: CI must run them.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import REPO

MODULES = REPO / "node_modules"
ESLINT = MODULES / "eslint" / "bin" / "eslint.js"
PRETTIER = MODULES / "prettier" / "bin" / "prettier.cjs"
SCRIPTS = "docs/assets/**/*.js"


@pytest.fixture(scope="module")
def node() -> str:
    """Node.js, with eslint and prettier installed from package-lock.json."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        reason = "Node.js and npm are needed to lint the site's JavaScript (https://nodejs.org)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must have them")
        pytest.skip(reason)
    installed = MODULES / ".package-lock.json"  # npm writes it on every install
    lock = REPO / "package-lock.json"
    if not installed.is_file() or installed.stat().st_mtime < lock.stat().st_mtime:
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=600,
            encoding="utf-8",
        )
        assert result.returncode == 0, f"npm ci failed:\n{result.stdout}\n{result.stderr}"
    return node


def run(node: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [node, *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        encoding="utf-8",
    )


def test_eslint_finds_no_problem(node):
    result = run(node, str(ESLINT), "docs/assets")
    assert result.returncode == 0, result.stdout + result.stderr


def test_prettier_finds_every_script_formatted(node):
    result = run(node, str(PRETTIER), "--check", SCRIPTS)
    assert result.returncode == 0, (
        f"{result.stdout}{result.stderr}\nformat them with: npx prettier --write '{SCRIPTS}'"
    )


def test_the_linter_sees_a_planted_mistake(node):
    """The checks above can fail: an unused variable and an undefined name are reported."""
    planted = '"use strict";\nconst unused = 1;\nundefinedName();\n'
    result = run(
        node, str(ESLINT), "--stdin", "--stdin-filename", "docs/assets/planted.js", stdin=planted
    )
    assert result.returncode == 1
    assert "no-unused-vars" in result.stdout and "no-undef" in result.stdout, result.stdout
