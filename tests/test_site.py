"""The built site in a real browser (Debian's Chromium, headless, driven by Playwright).

A quick build (quick mode, as ``mnist_course.course`` defines it) is served on 127.0.0.1; every
page must load with no console error and no failed request, every image must decode,
math must be typeset, and search must find a lesson.
"""

from __future__ import annotations

import base64
import json
import math
import re
from html import unescape
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO

pytestmark = pytest.mark.slow


def page_paths(site: Path) -> list[str]:
    return sorted(
        str(path.parent.relative_to(site)).replace(".", "") + "/"
        for path in site.rglob("index.html")
    )


def watched_page(browser, problems: list[str]):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on(
        "console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    # A request the page itself abandons (the next page was opened before it finished)
    # is not a broken site; a missing file is (HTTP 404, below).
    page.on(
        "requestfailed",
        lambda r: (
            None
            if "ERR_ABORTED" in (r.failure or "")
            else problems.append(f"failed request: {r.url} ({r.failure})")
        ),
    )
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    return page


def test_every_page_loads_cleanly_with_its_images(browser, site, base_url):
    paths = page_paths(site)
    assert len(paths) >= 14, paths  # home, 8 lessons, exercises, parity, results, api, ...
    problems: list[str] = []
    page = watched_page(browser, problems)
    for path in paths:
        page.goto(base_url + path.lstrip("/"), wait_until="load")
        broken = page.evaluate(
            "Array.from(document.images)"
            ".filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
        )
        assert broken == [], f"{path}: images that did not decode: {broken}"
    assert problems == [], problems


@pytest.mark.parametrize(
    "path", ["", "parity/", "lessons/03_forward_pass/", "lessons/05_optimisers/"]
)
def test_math_is_typeset(browser, base_url, path):
    page = browser.new_page()
    page.goto(base_url + path, wait_until="load")
    page.wait_for_selector("mjx-container", timeout=20_000)
    assert page.locator("mjx-container").count() >= 1
    assert "\\frac" not in page.inner_text("article")  # no TeX left as raw text


def test_search_finds_a_lesson(browser, base_url):
    page = browser.new_page()
    page.goto(base_url, wait_until="load")
    page.click(".md-search__input")
    page.keyboard.type("backpropagation", delay=20)  # key by key, as a reader types
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert any("lessons/04_backprop/" in link for link in links), links


def test_lesson_pages_offer_their_notebook(browser, site, base_url):
    page = browser.new_page()
    page.goto(base_url + "lessons/01_data/", wait_until="load")
    href = page.eval_on_selector("a[download]", "link => link.href")  # resolved
    assert href.endswith("lessons/01_data/01_data.ipynb")
    assert (site / "lessons" / "01_data" / "01_data.ipynb").is_file()


@pytest.mark.parametrize("lesson", ["01_data", "02_keras_mlp", "06_training_loop", "07_evaluation"])
def test_lesson_figures_are_on_the_page(site, lesson):
    html = (site / "lessons" / lesson / "index.html").read_text(encoding="utf-8")
    assert html.count("<img") >= 1 and "&lt;Figure size" not in html


def test_every_generated_figure_comes_light_and_dark(site):
    generated = site / "generated"
    lights = sorted(path for path in generated.glob("*.png") if not path.stem.endswith("-dark"))
    assert len(lights) == 7, lights
    for light in lights:
        assert (generated / f"{light.stem}-dark.png").is_file(), f"no dark {light.name}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_colour_scheme_shows_its_own_figures(browser, base_url, scheme):
    """Material picks the palette from the reader's system setting on a first visit."""
    page = browser.new_page(color_scheme=scheme)
    page.goto(base_url + "results/", wait_until="load")
    shown = page.eval_on_selector_all(
        "article img[src*='generated/']",
        "images => images.filter(i => i.offsetParent !== null).map(i => i.src)",
    )
    assert len(shown) == 5, shown
    assert all(("-dark.png" in src) == (scheme == "dark") for src in shown), shown


def test_pages_carry_no_tensorflow_log_lines(site):
    for path in (site / "lessons").rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        assert "oneDNN" not in text and "I0000 00:00" not in text and "W0000 00:00" not in text, (
            path
        )


def test_screenshots_of_home_and_a_lesson(browser, base_url, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for path, name in (("", "home"), ("lessons/04_backprop/", "lesson")):
        page.goto(base_url + path, wait_until="load")
        page.screenshot(path=tmp_path / f"{name}.png", full_page=True)
        assert (tmp_path / f"{name}.png").stat().st_size > 20_000


# --- the draw-a-digit page ----------------------------------------------------------------

STROKES = {  # one or more strokes per digit, in the 280 x 280 drawing box
    0: [
        [
            (140 + 60 * math.sin(t * math.pi / 10), 140 - 85 * math.cos(t * math.pi / 10))
            for t in range(21)
        ]
    ],
    1: [[(140, 50), (140, 230)]],
    4: [[(170, 50), (80, 170), (210, 170)], [(170, 50), (170, 235)]],
    7: [[(80, 60), (200, 60), (120, 230)]],
}


def load_exported_weights(site: Path) -> dict[str, list[np.ndarray]]:
    payload = json.loads((site / "generated" / "weights.json").read_text(encoding="utf-8"))
    script = (site / "generated" / "weights.js").read_text(encoding="utf-8")
    assert json.loads(script[script.index("{") : script.rindex("}") + 1]) == payload
    return {
        name: [
            np.frombuffer(base64.b64decode(a["data"]), "<f4").reshape(a["shape"]) for a in arrays
        ]
        for name, arrays in payload.items()
    }


def test_javascript_forward_pass_agrees_with_numpy(browser, site, base_url):
    from mnist_course.data import load_subset, scale_pixels
    from mnist_course.numpy_mlp import MLP

    digits = scale_pixels(load_subset().x_test[::10]).reshape(100, 784)  # 10 of each digit
    page = browser.new_page()
    page.goto(base_url + "draw/", wait_until="load")
    for name, weights in load_exported_weights(site).items():
        model = MLP(seed=None)
        model.set_weights(weights)
        ours = model.predict_proba(digits)
        theirs = np.array(
            page.evaluate(
                "([digits, name]) => digits.map(d => mnistDemo.forward(d, name).probs)",
                [digits.tolist(), name],
            )
        )
        assert theirs.shape == (100, 10)
        assert np.abs(theirs - ours).max() < 1e-5, name


def test_drawn_digits_are_prepared_like_mnist_and_classified(browser, base_url, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(base_url + "draw/", wait_until="load")
    box = page.locator("#draw-canvas").bounding_box()
    for network in ("Keras", "NumPy"):
        page.check(f"input[name=draw-network][value={network}]")
        for digit, strokes in STROKES.items():
            page.evaluate("mnistDemo.clear()")
            for stroke in strokes:
                page.mouse.move(box["x"] + stroke[0][0], box["y"] + stroke[0][1])
                page.mouse.down()
                for x, y in stroke[1:]:
                    page.mouse.move(box["x"] + x, box["y"] + y, steps=8)
                page.mouse.up()
            last = page.evaluate("mnistDemo.last")
            image = np.array(last["input"]).reshape(28, 28)
            rows, columns = np.nonzero(image > 0.05)
            assert max(np.ptp(rows), np.ptp(columns)) + 1 <= 21, "the digit must fit a 20 x 20 box"
            centre = [(np.indices((28, 28))[axis] * image).sum() / image.sum() for axis in (0, 1)]
            assert np.allclose(centre, 14, atol=1.0), f"centre of mass {centre}"
            assert sum(last["probs"]) == pytest.approx(1.0)
            assert last["prediction"] == digit, (
                f"{network} read a drawn {digit} as {last['prediction']}"
            )
            assert f"reads a {digit}" in page.inner_text("#draw-prediction")
    page.screenshot(path=tmp_path / "draw.png")
    assert (tmp_path / "draw.png").stat().st_size > 20_000


# --- what the site says and serves (issue 20) -----------------------------------------------


def test_search_index_has_no_tex_pilcrows_or_solutions(site):
    from mnist_course.exercises import EXERCISES

    entries = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [entry["title"] + " " + entry["text"] for entry in entries["docs"]]
    for mark in ("\\(", "\\)", "$$", "¶", "\\frac", "\\mathrm"):
        assert not [text[:80] for text in texts if mark in text], mark
    lessons = "".join(path.read_text(encoding="utf-8") for path in (REPO / "lessons").glob("*.py"))
    for name, exercise in EXERCISES.items():  # lines only the solution has
        own = [
            line.strip()
            for line in exercise.solution.splitlines()
            if len(line.strip()) > 25
            and line.strip() not in lessons
            and not any(line.strip() in hint for hint in exercise.hints)
        ]
        for line in own:
            assert not any(line in text for text in texts), f"{name}'s solution is searchable"


def test_lesson_pages_link_their_figures_and_styles(site):
    for page in sorted((site / "lessons").glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        assert "data:image/png;base64" not in html, page
        assert len(html.encode("utf-8")) < 400_000, (page, len(html))
        figures = re.findall(r'<img[^>]* src="(figures/[0-9a-f]+\.png)"', html)
        assert figures, f"{page}: no figure files"
        assert all((page.parent / figure).is_file() for figure in figures)
        styles = re.findall(
            r'<link rel="stylesheet" href="(\.\./\.\./assets/notebook/\w+\.css)"', html
        )
        assert styles and all((page.parent / style).is_file() for style in styles), page
        assert html.count('class="mc-live-note"') == 1, page


def test_a_downloaded_notebook_says_how_to_get_the_course(site):
    from mnist_course.config import REPOSITORY_URL
    from mnist_course.site.build_finish import GET_THE_COURSE

    for path in sorted((site / "lessons").glob("*/*.ipynb")):
        first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
        text = "".join(first["source"])
        assert first["cell_type"] == "markdown" and REPOSITORY_URL in text, path
        assert all(command in text for command in GET_THE_COURSE), path
    assert "git clone" not in (REPO / "lessons" / "01_data.py").read_text(encoding="utf-8")


def test_every_page_has_a_title_of_its_own(site):
    titles = {}
    for page in sorted(site.rglob("index.html")):
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8")).group(1)
        titles.setdefault(title, []).append(str(page.relative_to(site)))
    assert {title: pages for title, pages in titles.items() if len(pages) > 1} == {}


def test_home_page_seed_spread_comes_from_the_readme_and_the_build(site):
    from mnist_course.site.build_seed_spread import read_seed_study, seed_spread

    metrics = json.loads((site / "generated" / "metrics.json").read_text(encoding="utf-8"))
    results = metrics["results"]
    sentence = seed_spread(
        read_seed_study((REPO / "README.md").read_text(encoding="utf-8")),
        results["keras"]["test_accuracy"],
        results["numpy"]["test_accuracy"],
        metrics["epochs"],
    )
    home = re.sub(r"<[^>]+>", "", (site / "index.html").read_text(encoding="utf-8"))
    assert sentence.replace("`", "") in " ".join(unescape(home).split())


def test_the_prose_quotes_the_numbers_its_page_printed_and_a_quick_build_says_what_it_is(site):
    """Lesson 2 in a quick build: the steps per epoch and the test accuracy in its prose are
    the ones its cells printed, not the full run's typed into the source."""
    notebook = json.loads(
        (site / "lessons" / "02_keras_mlp" / "02_keras_mlp.ipynb").read_text(encoding="utf-8")
    )
    markdown = "\n".join("".join(cell["source"]) for cell in notebook["cells"])
    printed = "\n".join(
        "".join(output.get("text", ""))
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        for output in cell["outputs"]
    )
    steps = re.search(r'data-expr="epoch_steps" data-format=",">([\d,]+)</span>', markdown)
    assert steps and f"{steps[1]} steps per epoch" in printed
    assert "1,688" not in markdown  # the full run's count, typed in the source
    accuracy = re.search(r'data-expr="test_accuracy" data-format="\.1%">([\d.]+)%</span>', markdown)
    printed_accuracy = re.search(r"test accuracy (0\.\d{4})", printed)
    assert accuracy and printed_accuracy
    assert f"{float(printed_accuracy[1]):.1%}" == f"{accuracy[1]}%"
    html = (site / "lessons" / "02_keras_mlp" / "index.html").read_text(encoding="utf-8")
    assert "A quick build, for testing" in html
