"""Lesson 6's panel beside the recorded accuracies, and the draw page reading a network
trained in the page (issue 23, items 3 and 5). The session's quick site build, server and
Chromium (conftest.py); one browser context per test, so localStorage is the page's own."""

from __future__ import annotations

import pytest
from test_browser_exercises import LESSON_PAGES
from test_site import watched_page

from mnist_course.site.build_page_accuracies import ACCURACIES_FILE
from tests.exercise_answers import RIGHT

pytestmark = pytest.mark.slow
RECORDED = f"() => fetch('assets/inpage/{ACCURACIES_FILE}').then((r) => r.json())"


def context_page(browser, problems: list[str], scheme: str = "light"):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    return context, page


def train_with_panel(page, epochs: int, images: int) -> list[list[str]]:
    panel = page.locator("#mc-train-panel")
    panel.locator("input[name=epochs]").fill(str(epochs))
    panel.locator("input[name=images]").fill(str(images))
    table = panel.locator("#mc-compare")
    before = table.inner_text() if table.is_visible() else None
    panel.get_by_role("button", name="Train").click()
    page.wait_for_function(
        "(before) => { const t = document.querySelector('#mc-compare');"
        " return !t.hidden && t.innerText !== before; }",
        arg=before,
        timeout=240_000,
    )
    return [row.locator("th, td").all_inner_texts() for row in table.locator("tr").all()]


def test_the_panel_shows_keras_and_the_reference_as_recorded_for_its_settings(browser, base_url):
    problems: list[str] = []
    page = watched_page(browser, problems)
    page.goto(base_url + LESSON_PAGES[6], wait_until="load")
    where = page.locator("#mc-train-panel .mc-where").inner_text()
    assert "recorded when this site was built" in where and "live, in this page" in where
    assert "mnist-course parity --mine" in where
    recorded = page.evaluate(RECORDED.replace("assets/", base_url + "assets/"))

    rows = train_with_panel(page, epochs=2, images=recorded["settings"]["images"])
    assert rows[0] == ["Network", "Test accuracy", "How it ran"]
    (live, live_accuracy, live_how), reference, keras = rows[1:]
    assert live.startswith("This run") and live_how == "live, in this page, just now"
    assert 0 < float(live_accuracy) <= 1
    for (name, accuracy, how), key in ((reference, "reference"), (keras, "keras")):
        assert float(accuracy) == round(recorded[key]["test_accuracy"][1], 4), name
        assert how.startswith("recorded when this site was built")
    caption = page.locator("#mc-compare caption").inner_text()
    assert "epochs 2" in caption and "seed 0" in caption
    # On a phone the table scrolls inside its wrapper (keyboard too), not off the page.
    page.set_viewport_size({"width": 390, "height": 844})
    wrap = page.evaluate(
        "(() => { const w = document.querySelector('#mc-compare').parentElement.parentElement;"
        " return {overflow: getComputedStyle(w).overflowX, tab: w.tabIndex,"
        " fits: document.documentElement.scrollWidth <= innerWidth}; })()"
    )
    assert wrap == {"overflow": "auto", "tab": 0, "fits": True}
    page.set_viewport_size({"width": 1280, "height": 900})

    rows = train_with_panel(page, epochs=1, images=640)  # settings never recorded
    for name, accuracy, how in rows[2:]:
        assert accuracy == "no number for these settings", name
        assert how.startswith("recorded only for epochs 1 to")
    assert problems == []


def test_a_network_trained_in_the_page_reads_a_digit_on_the_draw_page(browser, base_url):
    from axe_playwright_python.sync_playwright import Axe

    problems: list[str] = []
    context, page = context_page(browser, problems)
    page.goto(base_url + "draw/", wait_until="load")
    assert page.locator("input[value=yours]").count() == 0  # nothing trained yet
    assert "lesson 6's page" in page.inner_text("#draw-yours")

    page.goto(base_url + LESSON_PAGES[6], wait_until="load")
    code = {"relu": RIGHT["relu"][0], "softmax": RIGHT["softmax"][0]}
    trained = page.evaluate(
        "(options) => mnistCourse.train(options)", {"epochs": 2, "images": 4000, "code": code}
    )

    page.goto(base_url + "draw/", wait_until="load")
    note = page.inner_text("#draw-yours")
    assert "epochs 2, images 4000, batch size 32, seed 0" in note
    assert f"{trained['test_accuracy']:.4f}" in note and "2 of 10 functions yours" in note
    page.focus("input[value=NumPy]")  # keyboard only: the arrow key moves to "Yours"
    page.keyboard.press("ArrowDown")
    assert page.is_checked("input[value=yours]")
    box = page.locator("#draw-canvas").bounding_box()
    page.mouse.move(box["x"] + 140, box["y"] + 40)  # a 1: one upright stroke
    page.mouse.down()
    page.mouse.move(box["x"] + 140, box["y"] + 240, steps=8)
    page.mouse.up()
    last = page.evaluate("() => mnistDemo.last")
    assert last["prediction"] is not None
    assert "The network reads a" in page.inner_text("#draw-prediction")
    theirs = page.evaluate("(input) => mnistDemo.forward(input, 'yours').probs", last["input"])
    course = page.evaluate("(input) => mnistDemo.forward(input, 'Keras').probs", last["input"])
    assert last["probs"] == theirs != course  # read with the learner's weights
    assert sum(last["probs"]) == pytest.approx(1.0)

    failures = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        results = Axe().run(
            page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}
        )
        if results.violations_count:
            failures.append(f"{scheme}:\n{results.generate_report()}")
    assert failures == [] and problems == [], "\n".join(failures + problems)
    context.close()
