"""The front door: the repository's address is one setting, and the pages that give it agree.

mnist_course.config.REPOSITORY_URL is the setting; mkdocs.yml's repo_url reads it, and the
header's link to it (overrides/partials/source.html) makes no request to GitHub's API.
"""

from __future__ import annotations

import re

from conftest import REPO
from mkdocs.config import load_config

from mnist_course.config import REPOSITORY_URL


def test_mkdocs_repo_url_is_the_config_setting():
    config = load_config(str(REPO / "mkdocs.yml"))
    assert config["repo_url"].rstrip("/") == REPOSITORY_URL


def test_clone_commands_use_the_repository_address():
    for page in ("README.md", "docs/getting-started.md"):
        text = (REPO / page).read_text(encoding="utf-8")
        assert "<this repository>" not in text, page
        assert f"git clone {REPOSITORY_URL} " in text, page


def test_header_link_asks_github_nothing():
    # Material's JavaScript fetches stars and forks for [data-md-component=source] only.
    partial = (REPO / "overrides/partials/source.html").read_text(encoding="utf-8")
    link = partial[partial.index("<a ") : partial.index(">", partial.index("<a "))]
    assert "config.repo_url" in link
    assert "data-md-component" not in link


def test_getting_started_puts_the_browser_route_first():
    text = (REPO / "docs/getting-started.md").read_text(encoding="utf-8")
    assert text.index("## In your browser") < text.index("## On your machine")


def test_home_page_offers_both_starts_before_the_first_figure():
    text = (REPO / "docs/index.md").read_text(encoding="utf-8")
    first_screen = text[: text.index("![")]
    assert "nothing to install" in first_screen.lower()
    assert "on your machine" in first_screen.lower()


# --- what the site says and serves (issue 20): built from data, not typed ------------------


def test_search_snippets_read_math_as_text_and_drop_pilcrows():
    from mnist_course.site.search_text import plain_text

    text = (
        "Lesson 4¶ <p>The gradient $\\frac{\\partial L}{\\partial W_{kj}}$ of "
        "\\( 784 \\to 32 \\) with $\\eta = 10^{-3}$ and $$\\hat m_t = m_t$$ costs $5 "
        "and $6 more</p><pre>print('$x$ \\\\( ¶')</pre>"
    )
    shown = plain_text(text)
    assert "∂L/(∂W_(kj))" in shown and "784 → 32" in shown and "η = 10^(-3)" in shown
    assert "m\u0302_t = m_t" in shown
    assert "costs $5 and $6 more" in shown  # two dollar amounts are not math
    assert "<pre>print('$x$ \\\\( ')</pre>" in shown  # code keeps its text (not its ¶)
    assert "¶" not in shown and "\\frac" not in shown and "$$" not in shown


def test_seed_spread_sentence_reads_the_readme_and_the_build():
    from mnist_course.site.build_seed_spread import read_seed_study, seed_spread

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    study = read_seed_study(readme)
    for name in ("Keras", "NumPy"):
        assert f"| {name} | {study.mean[name]:.4f} ± {study.std[name]:.4f} |" in readme
    sentence = seed_spread(study, keras=0.9579, numpy=0.9644, epochs=10)
    assert f"{study.std['Keras']:.4f} for Keras" in sentence
    assert "0.0065 apart" in sentence
    far = seed_spread(study, keras=0.90, numpy=0.96, epochs=10)
    assert "more than the seeds alone give" in far and "within" not in far


def test_a_downloaded_notebooks_commands_are_the_readmes():
    from mnist_course.site.build_finish import GET_THE_COURSE, download_preface

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in GET_THE_COURSE:
        assert command.replace(" mnist-course", "", 1) in readme or command in readme, command
    assert REPOSITORY_URL in download_preface()


def test_exercises_page_links_each_exercise_to_its_editor_and_keeps_solutions_out_of_search():
    from mnist_course.exercises import EXERCISES
    from mnist_course.site import build_page_data
    from mnist_course.site.build_site import exercises_page

    lessons = sorted(REPO.glob("lessons/[0-9][0-9]_*.py"))
    page = exercises_page(lessons)
    data = build_page_data.page_data(lessons, wheels=None)
    for name, exercise in data["exercises"].items():
        prefix = f"{exercise['lesson']:02d}_"
        stem = next(path.stem for path in lessons if path.name.startswith(prefix))
        assert f"[{name}](../lessons/{stem}.ipynb#{exercise['anchor']})" in page, name
        assert f'<details class="mc-solution" data-solution="{name}" data-search-exclude>' in page
    assert len(data["exercises"]) == len(EXERCISES)


def test_the_readmes_lesson_table_lists_each_lessons_exercises():
    from mnist_course.exercises import EXERCISES

    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if line[:4] in {f"| {n} " for n in range(1, 9)}]
    assert len(rows) == 8
    for row in rows:
        lesson, written = int(row.split()[1]), row.split("|")[3]
        listed = set(re.findall(r"`(\w+)`", written))
        assert listed == {e.name for e in EXERCISES.values() if e.lesson == lesson}, row
