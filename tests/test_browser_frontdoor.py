"""The site as a newcomer meets it (issue 20), in Chromium on the session's quick build.

Served from 127.0.0.1 (conftest.py's base_url); each test reads what a reader would see.
"""

from __future__ import annotations

import pytest
from test_site import watched_page

from mnist_course.config import REPOSITORY_URL

pytestmark = pytest.mark.slow
LESSON_WITH_EDITOR = "lessons/03_forward_pass/"
PHONE = {"width": 390, "height": 844}


def test_download_link_works_on_a_locally_served_site(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "lessons/01_data/", wait_until="load")
    written = page.get_attribute("a[download]", "href")
    assert not written.startswith("/"), f"root-absolute download link: {written}"
    resolved = page.eval_on_selector("a[download]", "link => link.href")
    response = page.request.get(resolved)
    assert response.status == 200, resolved
    assert b'"cells"' in response.body()


def test_header_links_the_repository_without_asking_github(browser, base_url):
    problems: list[str] = []
    requests: list[str] = []
    page = watched_page(browser, problems)
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url, wait_until="load")
    assert page.get_attribute("a.md-source", "href") == REPOSITORY_URL
    assert all(url.startswith(base_url) for url in requests), requests
    assert not problems, problems


def test_text_outputs_break_between_words_only(browser, base_url):
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + "lessons/06_training_loop/", wait_until="load")
    breaks = page.eval_on_selector_all(
        ".jp-OutputArea-output pre", "pres => pres.map(p => getComputedStyle(p).wordBreak)"
    )
    assert breaks, "no text outputs on lesson 6"
    assert set(breaks) == {"normal"}, set(breaks)


def test_focused_editor_shows_a_focus_ring_and_stays_in_its_frame(browser, base_url):
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + LESSON_WITH_EDITOR, wait_until="load")
    page.wait_for_selector(".mc-editor")
    page.focus(".mc-editor")
    ring = page.eval_on_selector(
        ".mc-editor",
        "e => [getComputedStyle(e).outlineStyle, parseFloat(getComputedStyle(e).outlineWidth)]",
    )
    assert ring[0] != "none" and ring[1] >= 2, ring
    overflow = page.eval_on_selector(
        ".mc-editor",
        """editor => {
            const frame = editor.closest('.mc-exercise').getBoundingClientRect();
            return editor.getBoundingClientRect().right - frame.right;
        }""",
    )
    assert overflow <= 0, f"the editor sticks {overflow} px out of its frame"


def test_lesson_figures_turn_dark_in_dark_mode(browser, base_url):
    filters = {}
    for scheme in ("light", "dark"):
        page = browser.new_page(color_scheme=scheme)
        page.goto(base_url + "lessons/06_training_loop/", wait_until="load")
        filters[scheme] = page.eval_on_selector_all(
            ".jp-OutputArea-output img", "images => images.map(i => getComputedStyle(i).filter)"
        )
    assert filters["light"] and set(filters["light"]) == {"none"}
    assert all("invert" in shown for shown in filters["dark"]), filters["dark"]


def test_draw_page_shows_no_reading_before_a_drawing(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "draw/", wait_until="load")
    assert page.locator("#draw-probs .draw-bar").count() == 0
    assert "nothing drawn yet" in page.inner_text("#draw-probs")
    box = page.locator("#draw-canvas").bounding_box()
    page.mouse.move(box["x"] + 140, box["y"] + 50)
    page.mouse.down()
    page.mouse.move(box["x"] + 140, box["y"] + 230, steps=8)
    page.mouse.up()
    assert page.locator("#draw-probs .draw-bar").count() == 10


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE])
def test_home_page_first_screen_offers_both_starts(browser, base_url, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(base_url, wait_until="load")
    for text in ("nothing to install", "On your machine"):
        top = page.get_by_text(text, exact=False).first.bounding_box()["y"]
        assert top < viewport["height"], f"{text!r} is {top:.0f} px down"


def test_mathjax_loads_only_where_there_is_math(browser, base_url):
    loaded = {}
    for path in ("draw/", "lessons/03_forward_pass/"):
        requests: list[str] = []
        page = browser.new_page()
        page.on("request", lambda request, seen=requests: seen.append(request.url))
        page.goto(base_url + path, wait_until="load")
        loaded[path] = any(url.endswith("tex-svg.js") for url in requests)
    assert loaded == {"draw/": False, "lessons/03_forward_pass/": True}


def test_ctrl_enter_runs_the_check_from_the_editor(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + LESSON_WITH_EDITOR, wait_until="load")
    editor = page.locator(".mc-editor").first
    assert "Ctrl+Enter" in page.locator(".mc-exercise label").first.inner_text()
    output = page.locator(".mc-output").first
    assert output.inner_text() == ""
    editor.focus()
    page.keyboard.press("Control+Enter")
    page.wait_for_function(
        "() => document.querySelector('.mc-output').textContent.length > 0", timeout=120_000
    )


def test_the_editors_note_is_said_once_per_page(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + LESSON_WITH_EDITOR, wait_until="load")
    page.wait_for_selector(".mc-exercise")  # exercises.js has built the editors
    assert page.locator(".mc-exercise").count() > 1
    assert page.locator(".mc-note").count() == 1


def test_exercise_progress_is_a_line_of_its_own(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "generated/exercises/", wait_until="load")
    mark = page.locator("[data-progress]").first
    assert mark.inner_text() == "Not passed yet in this browser."
    assert mark.evaluate("m => getComputedStyle(m).display") == "block"


def test_first_start_says_its_size_and_moves(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + LESSON_WITH_EDITOR, wait_until="load")
    box = page.locator('[data-exercise="relu"]')
    box.evaluate(
        """box => {
            window.seen = [];
            const output = box.querySelector('.mc-output');
            new MutationObserver(() => window.seen.push(output.textContent))
                .observe(output, {childList: true, characterData: true, subtree: true});
        }"""
    )
    box.get_by_role("button", name="Run and check").click()
    box.locator(".mc-output").filter(has_text="relu").wait_for(timeout=120_000)
    starting = [text for text in page.evaluate("window.seen") if text.startswith("Starting")]
    assert len(set(starting)) >= 3, starting
    assert all(" MB to load the first time" in text for text in starting), starting
    steps = {text.split("Step ")[1][:6] for text in starting}
    assert {"1 of 3", "3 of 3"} <= steps, steps


def test_exercise_names_link_to_their_editors(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "generated/exercises/", wait_until="load")
    with page.expect_navigation(wait_until="load"):
        page.locator("h3 a", has_text="softmax").first.click()
    assert page.url.endswith("lessons/03_forward_pass/#mc-try-softmax"), page.url
    editor = page.locator("#mc-try-softmax")
    assert editor.get_attribute("data-exercise") == "softmax"
    top = editor.bounding_box()["y"]
    assert 0 <= top < 900, f"the editor is {top:.0f} px down"


def test_solutions_on_the_exercises_page_wait_for_a_first_check(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "generated/exercises/", wait_until="load")
    solution = page.locator('details[data-solution="relu"]')
    assert not solution.is_visible()
    held = page.locator('details[data-solution="relu"] + .mc-solution-held')
    assert "after your first check of relu" in held.inner_text()
    assert held.locator("a").get_attribute("href").endswith("#mc-try-relu")
    page.evaluate("localStorage.setItem('mnist-course:attempted:relu', '1')")
    page.reload(wait_until="load")
    assert solution.is_visible()
    assert page.locator('details[data-solution="softmax"]').is_hidden()


def test_recorded_outputs_give_way_to_a_live_check(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + LESSON_WITH_EDITOR, wait_until="load")
    note = page.locator(".mc-live-note")
    note.first.wait_for()  # exercises.js has run
    assert note.count() == 1 and "run your code live" in note.inner_text()
    recorded = page.locator(".celltag_mc-recorded-relu")
    assert "not written yet" in recorded.first.inner_text()  # the build ran the stub
    assert recorded.locator(".mc-recorded-note").count() == 0
    box = page.locator('[data-exercise="relu"]')
    box.locator("textarea").fill("def relu(z):\n    return np.maximum(z, 0)\n")
    box.get_by_role("button", name="Run and check").click()
    box.locator(".mc-output").filter(has_text="relu: correct").wait_for(timeout=120_000)
    marks = recorded.locator(".mc-recorded-note")
    cells = page.locator(".celltag_mc-recorded-relu[id]")  # nbconvert nests a cell's div
    assert marks.count() == cells.count() >= 1
    assert "Recorded when the site was built" in marks.first.inner_text()
    assert "relu: correct" in marks.first.inner_text()


def test_without_the_runtime_the_exercises_page_shows_its_solutions(browser, base_url):
    """No check can run in a build without in-page Python: its editors send readers here."""
    import json

    from conftest import REPO

    from mnist_course.site import build_page_data

    lessons = sorted(REPO.glob("lessons/[0-9]*.py"))
    data = f"window.mnistCourseData = {json.dumps(build_page_data.page_data(lessons, None))};"
    page = browser.new_page()
    page.route(
        "**/generated/exercises-data.js",
        lambda route: route.fulfill(body=data, content_type="text/javascript"),
    )
    page.goto(base_url + "generated/exercises/", wait_until="load")
    page.locator(".mc-progress").first.wait_for()  # exercises.js has run
    assert page.locator('details[data-solution="relu"]').is_visible()
    assert page.locator(".mc-solution-held").count() == 0


def test_code_gets_the_phones_width_and_wrapped_lines_keep_their_indentation(browser, base_url):
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + "lessons/05_optimisers/", wait_until="load")
    widths = page.eval_on_selector_all(
        ".jp-CodeCell .highlight-ipynb pre", "pres => pres.map(p => p.clientWidth)"
    )
    # The column is 358 px at 390 (Material's margins); code had 208 px beside its prompts.
    assert widths and min(widths) >= 330, f"code at 390 px gets {min(widths)} px"
    prompts = page.eval_on_selector_all(
        ".jp-InputPrompt", "ps => ps.filter(p => p.getBoundingClientRect().width > 0).length"
    )
    assert prompts == 0, f"{prompts} In [n]: prompts still take room on a phone"
    # A wrapped line's continuation starts right of the line's own indentation.
    hanging = page.evaluate(
        """() => {
            for (const line of document.querySelectorAll('pre.mc-hanging .mc-line')) {
                if (line.offsetHeight < 2 * parseFloat(getComputedStyle(line).lineHeight)) continue;
                const indent = line.textContent.match(/^ */)[0].length;
                const range = document.createRange();
                range.selectNodeContents(line);
                const boxes = Array.from(range.getClientRects());
                const left = line.getBoundingClientRect().left;
                const first = boxes[0].left - left, last = boxes[boxes.length - 1].left - left;
                const ch = parseFloat(getComputedStyle(line).fontSize) * 0.6;
                return {indent, first, last, ch};
            }
            return null;
        }"""
    )
    assert hanging is not None, "no code line wraps on lesson 5 at 390 px"
    assert hanging["last"] > hanging["first"] + 2 * hanging["ch"], hanging
    # What a reader copies by selecting the code is the code: one line break per line.
    copied = page.eval_on_selector_all(
        "pre.mc-hanging",
        "pres => pres.filter(p => p.innerText.trimEnd() !== p.textContent.trimEnd()).length",
    )
    assert copied == 0, f"{copied} code cells copy with their line breaks doubled"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls {overflow} px sideways"


@pytest.mark.parametrize("lesson", ["02_keras_mlp", "06_training_loop"])
def test_wrapped_code_leaves_no_blank_row_and_clears_the_copy_button(browser, base_url, lesson):
    """A line whose first word is too long for a phone's row once broke right after its
    indentation, leaving the row blank (13 lines over the lessons); a first line ran under
    the cell's copy button."""
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + f"lessons/{lesson}/", wait_until="load")
    problems = page.evaluate(
        """() => {
            const problems = [];
            for (const line of document.querySelectorAll('pre.mc-hanging .mc-line')) {
                const top = line.getBoundingClientRect().top;
                const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
                for (let node; (node = walker.nextNode()); ) {
                    const at = node.textContent.search(/\\S/);
                    if (at < 0) continue;
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + 1);
                    if (range.getBoundingClientRect().top - top > 2) {
                        problems.push('blank row before: ' + line.textContent.trim());
                    }
                    break;
                }
            }
            for (const button of document.querySelectorAll('.jp-CodeCell clipboard-copy')) {
                const cell = button.closest('.jp-Cell');
                const line = cell.querySelector('pre .mc-line');
                if (!line) {
                    problems.push('code not split into lines: ' + cell.outerHTML.slice(0, 400));
                    continue;
                }
                const range = document.createRange();
                range.selectNodeContents(line);
                const button_box = button.getBoundingClientRect();
                for (const box of range.getClientRects()) {
                    if (box.width > 0 && box.right > button_box.left + 4
                        && box.top < button_box.bottom - 8) {
                        problems.push('under the copy button: ' + line.textContent.trim());
                        break;
                    }
                }
            }
            return problems;
        }"""
    )
    assert problems == [], problems


def test_figures_take_the_phones_column_and_open_full_size_on_a_tap(browser, base_url):
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + "lessons/04_backprop/", wait_until="load")
    column = page.eval_on_selector(".md-content__inner", "c => c.clientWidth")
    sizes = page.eval_on_selector_all(
        ".jupyter-wrapper .jp-OutputArea-output img",
        "images => images.map(i => [i.naturalWidth, i.getBoundingClientRect().width])",
    )
    shown = [width for natural, width in sizes if natural >= column]
    assert shown, "no figure on lesson 4 is wider than a phone's column"
    assert min(shown) >= column - 2, f"a figure {min(shown):.0f} px wide in a {column} px column"
    figure = page.locator(".mc-figure").first
    figure.click()
    assert figure.get_attribute("aria-pressed") == "true"
    scrolls = figure.evaluate(
        "f => { const out = f.closest('.jp-OutputArea-output');"
        " return out.scrollWidth - out.clientWidth; }"
    )
    assert scrolls > 0, "a figure at full size does not scroll inside its output"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls {overflow} px sideways"


# What a tab stop before the editor may be: a control, or a block that scrolls sideways.
TAB_STOP = """() => {
    const e = document.activeElement, style = getComputedStyle(e);
    const control = e.matches('a[href], button, clipboard-copy, textarea, input, select');
    const scrolls = e.getAttribute('role') === 'region' && e.scrollWidth > e.clientWidth;
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
      || style.boxShadow !== 'none';
    return {editor: e.classList.contains('mc-editor'), useful: control || scrolls, ring,
            name: e.tagName + ' ' + (e.getAttribute('aria-label') || e.className)};
}"""


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE])
def test_few_tab_stops_before_the_first_editor(browser, base_url, viewport):
    """From the page's first Tab (the skip link), Enter, then Tab to lesson 3's editor."""
    page = browser.new_page(viewport=viewport)
    page.goto(base_url + LESSON_WITH_EDITOR, wait_until="load")
    page.wait_for_selector(".mc-editor")
    page.keyboard.press("Tab")
    assert "md-skip" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    stops = []
    for _ in range(60):
        page.keyboard.press("Tab")
        stop = page.evaluate(TAB_STOP)
        if stop["editor"]:
            break
        stops.append(stop)
    else:
        pytest.fail(f"60 Tab presses did not reach the editor: {[s['name'] for s in stops]}")
    print(f"{viewport['width']} px: {len(stops) + 1} Tab presses from the content to the editor")
    assert all(stop["useful"] for stop in stops), [s["name"] for s in stops if not s["useful"]]
    assert all(stop["ring"] for stop in stops), [s["name"] for s in stops if not s["ring"]]
    # Before: 58 presses (every cell wrapper and output area was a stop). Now: the download
    # button, one copy button per code cell above the editor (five), and on a phone the
    # figures' zoom buttons and a formula that scrolls: under 12.
    assert len(stops) + 1 <= 12, [s["name"] for s in stops]


BUTTONS = [(LESSON_WITH_EDITOR, ".mc-exercise .mc-button"), ("draw/", "#draw-clear")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "selector"), BUTTONS)
def test_focused_and_hovered_buttons_keep_their_contrast(browser, base_url, scheme, path, selector):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + path, wait_until="load")
    button = page.locator(selector).first
    button.scroll_into_view_if_needed()
    settled = "b => b.getAnimations().length === 0"  # Material's colour transitions
    page.wait_for_function(f"({settled})(document.querySelector('{selector}'))")
    rest = button.evaluate("b => getComputedStyle(b).backgroundColor")
    button.focus()
    button.hover()
    page.wait_for_function(f"({settled})(document.querySelector('{selector}'))")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") != rest  # it is hovered
    results = Axe().run(
        page,
        context=selector,
        options={"runOnly": {"type": "rule", "values": ["color-contrast"]}},
    )
    context.close()
    assert results.violations_count == 0, results.generate_report()
    assert results.response["passes"], "axe checked no text's contrast in the button"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_layout_passes_axe(browser, base_url, scheme):
    """What only a phone gets (figures' buttons, formulas and outputs that scroll, no
    prompts) passes axe's WCAG 2 A and AA rules too (test_browser_exercises.py runs every
    page at 1280 px)."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=PHONE, color_scheme=scheme, has_touch=True)
    page = context.new_page()
    failures = []
    for path in ("", LESSON_WITH_EDITOR, "lessons/04_backprop/", "draw/"):
        page.goto(base_url + path, wait_until="load")
        page.wait_for_load_state("load")
        results = Axe().run(
            page,
            options={
                "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]},
                "resultTypes": ["violations"],
            },
        )
        if results.violations_count:
            failures.append(f"{scheme} {path or 'home'}:\n{results.generate_report()}")
    context.close()
    assert failures == [], "\n".join(failures)


def test_wide_formulas_scroll_in_their_own_box_on_a_phone(browser, base_url):
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + "lessons/04_backprop/", wait_until="load")
    page.wait_for_selector('mjx-container[display="true"] svg')
    scales = page.eval_on_selector_all(
        'mjx-container[display="true"]',
        """cs => cs.map(c => {
            const svg = c.querySelector('svg');
            const probe = document.createElement('span');  // MathJax sizes svgs in ex
            probe.style.cssText = 'display:inline-block;width:100ex';
            c.appendChild(probe);
            const ex = probe.getBoundingClientRect().width / 100;
            probe.remove();
            return svg.getBoundingClientRect().width / (parseFloat(svg.getAttribute('width')) * ex);
        })""",
    )
    assert scales and min(scales) > 0.95, f"a formula shrunk to {min(scales):.0%} of its size"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls {overflow} px sideways"


def test_an_editor_shows_all_its_code_on_a_phone(browser, base_url):
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + LESSON_WITH_EDITOR, wait_until="load")
    editor = page.locator(".mc-editor").first
    editor.wait_for()
    page.wait_for_function(
        "() => { const e = document.querySelector('.mc-editor');"
        " return e.scrollHeight <= e.clientHeight + 1; }",
        timeout=10_000,
    )  # the stub's last line, `raise ...`, is in view without scrolling the editor
    # Its lines do not wrap (a continuation would start at column 0, outside the function's
    # indentation): the stub's long docstring line scrolls sideways inside the editor.
    rows, lines, scrolls = editor.evaluate(
        """e => { const style = getComputedStyle(e), rows = e.rows;
            e.rows = 1; e.style.height = 'auto';  // the text's own height
            const inner = e.scrollHeight - parseFloat(style.paddingTop)
              - parseFloat(style.paddingBottom);
            const result = [Math.round(inner / parseFloat(style.lineHeight)),
                            e.value.split('\\n').length,
                            e.scrollWidth > e.clientWidth];
            e.rows = rows; e.dispatchEvent(new Event('input'));  // exercises.js fits it again
            return result; }"""
    )
    assert scrolls, "no line of the stub is wider than the editor on a phone"
    assert rows == lines, f"the stub's {lines} lines take {rows} rows: lines wrap"
    editor.fill(editor.input_value() + "\n# one more line\n# and another\n")
    hidden = editor.evaluate("e => e.scrollHeight - e.clientHeight")
    assert hidden <= 1, f"{hidden} px of the code are below the editor's fold"
