"""The README's commands: `mnist-course course` is the site build, `mnist-course test`
lints and runs pytest with the arguments it does not know."""

from __future__ import annotations

import pytest

from mnist_course import cli, tasks


def test_course_and_site_are_the_same_build():
    parser = cli.build_parser()
    course = parser.parse_args(["course", "--quick", "--require-runtime"])
    site = parser.parse_args(["site", "--quick", "--require-runtime"])
    assert course.handler is site.handler
    assert (course.quick, course.require_runtime) == (site.quick, site.require_runtime)


def test_test_passes_unknown_arguments_to_pytest(monkeypatch):
    calls = []
    monkeypatch.setattr(tasks.subprocess, "call", lambda command: calls.append(command) or 0)
    assert cli.main(["test", "-m", "not slow", "-k", "parity"]) == 0
    lint, formatting, pytest_call = calls
    assert lint[-2:] == ["check", "."] and formatting[-3:] == ["format", "--check", "."]
    # pytest runs in a fresh interpreter that warns at every text open without encoding=
    assert pytest_call[1:5] == ["-X", "warn_default_encoding", "-m", "pytest"]
    assert pytest_call[5:] == ["-m", "not slow", "-k", "parity"]


def test_a_lint_failure_stops_before_pytest(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(tasks.subprocess, "call", lambda command: calls.append(command) or 1)
    assert cli.main(["test"]) == 1
    assert len(calls) == 1
    assert "ruff check failed" in capsys.readouterr().out


def test_a_run_that_collects_no_test_fails_and_says_why(capsys):
    status = cli.main(["test", "--no-lint", "tests/test_config.py", "-k", "no_such_test_xyz"])
    assert status == tasks.PYTEST_NO_TESTS
    assert "collected no test" in capsys.readouterr().out


def test_other_commands_still_refuse_unknown_arguments(capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["data", "--no-such-flag"])
    assert raised.value.code == 2
    assert "unrecognized arguments: --no-such-flag" in capsys.readouterr().err
