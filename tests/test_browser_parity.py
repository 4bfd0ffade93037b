"""Lesson 6's parity ladder in the reader's browser (issue 23), on Keras's recorded side.

The session's quick site build, server and Chromium (conftest.py). Right answers written as
learners write them pass; each planted learner bug fails at the rung where
``mnist-course parity --mine --recorded`` fails on a lessons folder holding the same code,
with the same report (up to the last bits of each number). Times are printed (run with
-s), never asserted.
"""

from __future__ import annotations

import difflib
import re
import time

import pytest
from test_browser_training import lesson_6

from tests.ladder_lessons import LADDER_CODE, PLANTED, planted_code, write_lessons

pytestmark = pytest.mark.slow
PARITY = "(options) => mnistCourse.parity(options)"
FAILED = "(options) => mnistCourse.parity(options).then(() => 'finished', (e) => e.message)"
RECORDED = "Keras's side: recorded when the site was built"


def terminal_report(site, folder, capsys, dtype="float64") -> tuple[int, str]:
    """What ``mnist-course parity --mine FOLDER --recorded`` prints on the site's recording."""
    from mnist_course import cli

    capsys.readouterr()  # what the test printed before: not the command's
    manifest = site / "assets" / "inpage" / "keras-ladder.json"
    code = cli.main(
        ["parity", "--mine", str(folder), "--recorded", str(manifest), "--dtype", dtype]
    )
    return code, capsys.readouterr().out.rstrip("\n")


def rounded(text: str) -> str:
    """The report with every decimal number (and which step erred most) hidden: NumPy in
    the page has no BLAS, so its sums run in another order, differing in the last bits."""
    text = re.sub(r"-?\d+\.\d+(e[+-]\d+)?", "#", text)
    text = re.sub(r"worst: step \d+", "worst: step #", text)  # the largest of tiny errors
    return re.sub(r" +", " ", text)  # columns as wide as the longest name


def differences(page: str, terminal: str) -> str:
    page, terminal = rounded(page).split("\n"), rounded(terminal).split("\n")
    lines = difflib.unified_diff(page, terminal, "page", "terminal", lineterm="")
    return "\n".join(lines)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_right_answers_pass_the_ladder_in_the_page(
    browser, base_url, site, tmp_path, capsys, dtype
):
    problems: list[str] = []
    page = lesson_6(browser, base_url, problems)
    start = time.perf_counter()
    result = page.evaluate(PARITY, {"dtype": dtype, "code": LADDER_CODE})
    print(f"\nthe ladder in the page, {dtype}: {time.perf_counter() - start:.1f} s (with start-up)")
    assert set(result) == {"passed", "first_failure", "text", "functions"}
    assert result["passed"] and result["first_failure"] is None, result["text"]
    assert set(result["functions"].values()) == {"yours"}
    assert RECORDED in result["text"]
    code, text = terminal_report(site, write_lessons(tmp_path, LADDER_CODE), capsys, dtype)
    assert code == 0
    assert rounded(result["text"]) == rounded(text), differences(result["text"], text)
    assert problems == []


def test_each_planted_bug_fails_first_where_the_terminal_says(
    browser, base_url, site, tmp_path, capsys
):
    page = lesson_6(browser, base_url, [])
    rungs = set()
    for bug in PLANTED:
        code = planted_code(bug)
        result = page.evaluate(PARITY, {"code": code})
        status, text = terminal_report(
            site, write_lessons(tmp_path / str(len(rungs)), code), capsys
        )
        failure = result["first_failure"]
        assert status == 1 and not result["passed"], (bug, text)
        assert f"FIRST DIVERGENCE: rung {failure['rung']}, {failure['name']}" in text, bug
        assert rounded(result["text"]) == rounded(text), differences(result["text"], text)
        rungs.add(failure["rung"])
    assert rungs == {1, 2, 3, 4}


def test_names_not_given_come_from_the_reference_and_a_hang_is_stopped(browser, base_url):
    page = lesson_6(browser, base_url, [])
    result = page.evaluate(PARITY, {"code": {"relu": LADDER_CODE["relu"]}})
    assert result["functions"]["relu"] == "yours" and result["functions"]["softmax"] == "reference"
    assert result["passed"] and "the reference stands in: dense_forward" in result["text"]
    page.evaluate("window.mnistCourseLadderSeconds = 20")
    hang = "def relu_backward(grad_a, z):\n    while True:\n        pass\n"
    message = page.evaluate(FAILED, {"code": {"relu_backward": hang}})
    assert "never returns" in message
    again = page.evaluate(PARITY, {"code": {}})  # the page keeps working
    assert again["passed"] and set(again["functions"].values()) == {"reference"}


def test_the_panel_runs_the_ladder_and_says_keras_was_recorded(browser, base_url):
    page = lesson_6(browser, base_url, [])
    panel = page.locator("#mc-train-panel")
    assert "recorded when this site was built" in panel.text_content()
    panel.get_by_role("button", name="Run the ladder").click()
    report = panel.locator(".mc-ladder-report")
    report.wait_for(state="visible", timeout=120_000)
    page.wait_for_function(
        "() => document.querySelector('.mc-ladder-report').textContent.length > 0",
        timeout=120_000,
    )
    text = report.text_content()
    assert text.startswith("All rungs pass") and RECORDED in text
    # Its rows are wider than the panel: they scroll inside the report, which the
    # keyboard can reach, rather than being cut off at the page's edge.
    box = report.evaluate(
        "r => ({scroll: r.scrollWidth, client: r.clientWidth,"
        " overflow: getComputedStyle(r).overflowX, tab: r.tabIndex})"
    )
    assert box["scroll"] > box["client"] and box["overflow"] in ("auto", "scroll")
    assert box["tab"] == 0
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
