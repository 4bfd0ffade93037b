"""The front door: the repository's address is one setting, and the pages that give it agree.

mnist_course.config.REPOSITORY_URL is the setting; mkdocs.yml's repo_url reads it, and the
header's link to it (overrides/partials/source.html) makes no request to GitHub's API.
"""

from __future__ import annotations

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
