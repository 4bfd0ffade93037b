"""The README's two commands, the same on every OS: ``mnist-course course`` and
``mnist-course test``.

``course`` is the site build (``mnist-course site``) under the name a learner meets
first. ``test`` lints with ruff, then runs pytest in a fresh interpreter with
``-X warn_default_encoding`` so that a text file opened without ``encoding=`` (which
means the ANSI code page on Windows) fails the suite on every OS, not only on Windows.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

# pytest's exit status when it collected no test: for this command a failure, because a
# test run that ran nothing has proved nothing.
PYTEST_NO_TESTS = 5

LINT_STEPS = (
    ("ruff check", ["-m", "ruff", "check", "."]),
    ("ruff format --check", ["-m", "ruff", "format", "--check", "."]),
)


def run_tests(args: argparse.Namespace) -> int:
    """Lint, then the test suite; extra arguments go to pytest (``-m "not slow"``, ``-k``)."""
    if not Path("pyproject.toml").is_file() or not Path("tests").is_dir():
        raise FileNotFoundError("run this from the course's root folder (pyproject.toml, tests/)")
    if not args.no_lint:
        for name, command in LINT_STEPS:
            print(f"== {name}", flush=True)
            status = subprocess.call([sys.executable, *command])
            if status != 0:
                print(f"error: {name} failed (exit {status}); `ruff format .` fixes formatting")
                return status
    print("== pytest", flush=True)
    status = subprocess.call(
        [sys.executable, "-X", "warn_default_encoding", "-m", "pytest", *args.pytest_args]
    )
    if status == PYTEST_NO_TESTS:
        print("error: pytest collected no test: check the -k / -m expression")
    return status


def add_test_command(commands: argparse._SubParsersAction) -> None:
    test = commands.add_parser(
        "test",
        help="lint with ruff, then run the test suite (extra arguments go to pytest)",
        description="Lint with ruff, then run pytest; arguments after the options go to "
        'pytest, for example: mnist-course test -m "not slow".',
    )
    test.add_argument("--no-lint", action="store_true", help="skip ruff, run only pytest")
    test.set_defaults(handler=run_tests)
