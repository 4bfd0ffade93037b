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
    monkeypatch.setattr(tasks.subprocess, "call", lambda command, **_: calls.append(command) or 0)
    monkeypatch.setattr(tasks.os, "cpu_count", lambda: 8)
    assert cli.main(["test", "-m", "not slow", "-k", "parity"]) == 0
    lint, formatting, pytest_call = calls
    assert lint[-2:] == ["check", "."] and formatting[-3:] == ["format", "--check", "."]
    # pytest runs in a fresh interpreter that warns at every text open without encoding=
    assert pytest_call[1:5] == ["-X", "warn_default_encoding", "-m", "pytest"]
    assert pytest_call[5:] == ["-n", str(tasks.MAX_WORKERS), "-m", "not slow", "-k", "parity"]


@pytest.mark.parametrize(
    ("cpus", "arguments", "parallel"),
    [
        (1, [], []),  # one core: every test in one process
        (8, ["--workers", "1"], []),
        (8, ["--workers", "3"], ["-n", "3"]),
        (8, ["-n", "0"], ["-n", "0"]),  # the learner's own -n wins
        (8, ["-p", "no:xdist"], ["-p", "no:xdist"]),
    ],
)
def test_workers_follow_the_cores_and_the_learners_choice(monkeypatch, cpus, arguments, parallel):
    calls, environments = [], []

    def call(command, env=None):
        calls.append(command)
        environments.append(env)
        return 0

    monkeypatch.setattr(tasks.subprocess, "call", call)
    monkeypatch.setattr(tasks.os, "cpu_count", lambda: cpus)
    assert cli.main(["test", "--no-lint", *arguments]) == 0
    assert calls[0][5:] == parallel
    # Workers start without the -X flag: the environment variable carries it to them.
    assert environments[0]["PYTHONWARNDEFAULTENCODING"] == "1"


def test_a_lint_failure_stops_before_pytest(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(tasks.subprocess, "call", lambda command, **_: calls.append(command) or 1)
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
