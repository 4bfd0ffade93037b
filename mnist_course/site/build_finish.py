"""What the build does to the built site after MkDocs: lesson pages and what they serve.

- ``write_figures``: a lesson page's figures (inlined by nbconvert as base64) become PNG
  files beside the page, so that a page is text and the browser caches each figure;
- ``share_styles``: the JupyterLab styles nbconvert inlines into every notebook page
  (about 590 kB, the same on each) become stylesheets of their own, loaded once;
- ``add_live_note``: each lesson page says once, under its title, what runs live in the
  page and what was recorded when the site was built;
- ``add_download_preface``: the notebook a page offers for download opens with how to get
  the course onto the reader's machine (the lesson files themselves are not changed);
- ``clean_search_index``: search snippets without pilcrows or TeX (``search_text``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from pathlib import Path

import nbformat

from .. import config
from .search_text import plain_text

INLINE_PNG = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"')
INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
SHARED_STYLE_BYTES = 2_000  # smaller style blocks stay in the page
STYLE_FOLDER = Path("assets") / "notebook"
FIGURE_FOLDER = "figures"  # beside each lesson page: lessons/NN_name/figures/
# The commands a reader of a downloaded notebook needs (the README gives them too; a test
# keeps the two in step).
GET_THE_COURSE = (
    f"git clone {config.REPOSITORY_URL} mnist-course",
    "cd mnist-course",
    "uv run --group lessons jupyter lab",
    "uv run mnist-course check",
)
LIVE_NOTE_CLASS = "mc-live-note"


def finish(out: Path, lessons_with_editors: set[str]) -> dict[str, tuple[int, int]]:
    """Every step above on the site in ``out``; each lesson page's size before and after."""
    sizes = {}
    for page in sorted((out / "lessons").glob("*/index.html")):
        before = page.stat().st_size
        text = write_figures(page.read_text(encoding="utf-8"), page.parent / FIGURE_FOLDER)
        text = share_styles(text, page.parent, out)
        text = add_live_note(text, page.parent.name in lessons_with_editors)
        page.write_text(text, encoding="utf-8")
        sizes[page.parent.name] = (before, page.stat().st_size)
        for notebook in page.parent.glob("*.ipynb"):
            add_download_preface(notebook)
    clean_search_index(out / "search" / "search_index.json")
    return sizes


def write_figures(page: str, folder: Path) -> str:
    """``page`` with each inline PNG written to ``folder`` (named by its digest) and linked."""

    def to_file(match: re.Match) -> str:
        data = base64.b64decode(re.sub(r"\s", "", match.group(1)))
        name = hashlib.sha256(data).hexdigest()[:16] + ".png"
        folder.mkdir(exist_ok=True)
        (folder / name).write_bytes(data)
        return f'src="{FIGURE_FOLDER}/{name}"'

    return INLINE_PNG.sub(to_file, page)


def share_styles(page: str, folder: Path, out: Path) -> str:
    """``page`` (in ``folder`` of the site ``out``) with each large inline style block
    written once to ``assets/notebook/`` (named by its digest) and linked in its place, so
    that the cascade keeps its order."""

    def to_file(match: re.Match) -> str:
        css = match.group(1)
        if len(css.encode("utf-8")) < SHARED_STYLE_BYTES:
            return match.group(0)
        name = hashlib.sha256(css.encode("utf-8")).hexdigest()[:16] + ".css"
        (out / STYLE_FOLDER).mkdir(parents=True, exist_ok=True)
        (out / STYLE_FOLDER / name).write_text(css, encoding="utf-8")
        href = Path(os.path.relpath(out / STYLE_FOLDER / name, folder)).as_posix()
        return f'<link rel="stylesheet" href="{href}">'

    return INLINE_STYLE.sub(to_file, page)


def live_note(has_editors: bool) -> str:
    """What runs in a lesson page and what was recorded, in one paragraph."""
    recorded = (
        "output on this page was recorded when the site was built, by running the lesson "
        "with the course's own answers to its exercises"
    )
    if not has_editors:
        return f"Every {recorded}; download the notebook to run it yourself."
    return (
        "What runs here: the editors under each exercise run your code live, in this page. "
        f"Every other {recorded}; once you check an exercise here, its recorded outputs say so."
    )


def add_live_note(page: str, has_editors: bool) -> str:
    """``page`` with ``live_note`` after its first heading (once: a second call changes nothing)."""
    if LIVE_NOTE_CLASS in page:
        return page
    end = page.find("</h1>")
    if end < 0:
        raise ValueError("a lesson page without a title (no <h1>)")
    note = f'<p class="{LIVE_NOTE_CLASS}">{html.escape(live_note(has_editors))}</p>'
    return page[: end + 5] + note + page[end + 5 :]


def download_preface() -> str:
    """The first cell of a downloaded notebook: how to run it on the reader's machine."""
    commands = "\n".join(GET_THE_COURSE)
    return (
        "**This notebook is a lesson of mnist-course** "
        f"({config.REPOSITORY_URL}). It imports the course's library, `mnist_course`, "
        "so it runs in a copy of the course rather than on its own. With "
        "[git](https://git-scm.com/) and [uv](https://docs.astral.sh/uv/) installed, in a "
        "terminal:\n\n"
        f"```\n{commands}\n```\n\n"
        "The third line installs the course and opens its lessons in JupyterLab (this one "
        "is `lessons/` beside it); the fourth checks your answers to every exercise. "
        "The outputs below were recorded when the course's site was built."
    )


def add_download_preface(path: Path) -> None:
    """Put ``download_preface`` first in the notebook at ``path`` (once)."""
    notebook = nbformat.read(path, as_version=4)
    cell = nbformat.v4.new_markdown_cell(download_preface())
    cell.metadata["tags"] = ["mc-download-preface"]
    if notebook.cells and "mc-download-preface" in notebook.cells[0].metadata.get("tags", []):
        return
    cell.pop("id", None)  # nbformat 4.4 notebooks have no cell ids
    if notebook.nbformat_minor >= 5:
        cell["id"] = "mc-download-preface"
    notebook.cells.insert(0, cell)
    nbformat.write(notebook, path)


def clean_search_index(path: Path) -> None:
    """Titles and texts of the search index as a reader should see them in a snippet."""
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in index["docs"]:
        entry["title"] = plain_text(entry["title"])
        entry["text"] = plain_text(entry["text"])
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
