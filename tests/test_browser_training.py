"""Lesson 6's network trained in the reader's browser (issue 23): Pyodide in its own worker.

The session's quick site build, server and Chromium (conftest.py). Right answers written as
learners write them; a planted bug; Stop; a function that never returns. Times are
printed (run with -s), never asserted.
"""

from __future__ import annotations

import time

import pytest
from test_browser_exercises import LESSON_PAGES
from test_site import watched_page

from mnist_course.site.in_browser_training import TRAINED_NAMES
from tests.exercise_answers import RIGHT

pytestmark = pytest.mark.slow
TRAIN = "(options) => mnistCourse.train(options)"
FAILED = "(options) => mnistCourse.train(options).then(() => 'finished', (e) => e.message)"


def lesson_6(browser, base_url, problems):
    page = watched_page(browser, problems)
    page.goto(base_url + LESSON_PAGES[6], wait_until="load")
    # The course's scripts have run (on a loaded machine, a moment after network idle).
    page.wait_for_function("() => window.mnistCourse && window.mnistCourse.parity", timeout=30_000)
    assert not problems, problems
    return page


def test_right_answers_reach_090_in_five_epochs_in_the_page(browser, base_url):
    problems: list[str] = []
    page = lesson_6(browser, base_url, problems)
    code = {name: RIGHT[name][0] for name in TRAINED_NAMES}
    start = time.perf_counter()
    result = page.evaluate(TRAIN, {"epochs": 5, "images": 10000, "code": code})
    print(f"\n5 epochs in the page: {time.perf_counter() - start:.1f} s wall (with start-up)")
    print("seconds per epoch:", [round(row["seconds"], 2) for row in result["history"]])
    assert [row["epoch"] for row in result["history"]] == [1, 2, 3, 4, 5]
    assert set(result["history"][0]) == {
        "epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds"
    }  # fmt: skip
    assert result["test_accuracy"] >= 0.90
    assert set(result["functions"].values()) == {"yours"}
    assert page.locator("#mc-train-panel canvas").count() == 1
    assert "LeCun" in page.locator("#mc-train-panel .mc-credit").text_content()
    assert problems == []


def test_names_not_given_come_from_the_reference(browser, base_url):
    page = lesson_6(browser, base_url, [])
    broken = "def relu(x):\n    return x * 0.0\n"  # a planted bug runs as written
    result = page.evaluate(TRAIN, {"epochs": 1, "images": 2000, "code": {"relu": broken}})
    assert result["functions"]["relu"] == "yours"
    assert result["functions"]["softmax"] == "reference"
    assert result["test_accuracy"] < 0.5


def test_stop_stops_and_a_function_that_never_returns_is_stopped(browser, base_url):
    page = lesson_6(browser, base_url, [])
    page.evaluate(
        "() => { window.stopped = mnistCourse.train({epochs: 50}).catch((e) => e.message); }"
    )
    page.wait_for_timeout(2000)
    page.evaluate("mnistCourse.stopTraining()")
    assert page.evaluate("() => window.stopped") == "stopped"  # awaits the promise
    page.evaluate("window.mnistCourseEpochSeconds = 3")
    hang = "def relu(x):\n    while True:\n        pass\n"
    message = page.evaluate(FAILED, {"epochs": 1, "images": 320, "code": {"relu": hang}})
    assert "did not return" in message or "never returns" in message
    again = page.evaluate(TRAIN, {"epochs": 1, "images": 320})  # the page keeps working
    assert len(again["history"]) == 1
