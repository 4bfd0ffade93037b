"""Building the course site: every figure, table and lesson output made by running code.

``build`` copies the hand-written ``docs/``, ``overrides/`` (theme templates) and
``mkdocs.yml`` into a build folder,
adds what the code generates (figures and tables from ``build_figures``, the executed
lessons, the exercises page, an offline copy of MathJax), and runs
``mkdocs build --strict``; then it adds the in-page Python for the exercise editors
(``build_runtime``: Pyodide checked against pinned digests, and a wheel of the course).
Without a network and a local Pyodide the site is built without that runtime: the editors
say so and what to do instead, and the summary says what was left out. The repository's
``docs/`` is never written to.
"""

from __future__ import annotations

import html
import importlib.resources
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import config, course
from ..data import load_mnist
from ..exercises import EXERCISES
from ..lesson_files import read_lesson
from . import (
    build_finish,
    build_keras_ladder,
    build_lessons,
    build_page_accuracies,
    build_page_data,
    build_page_subset,
    build_runtime,
    build_seed_spread,
)


@dataclass
class BuildSummary:
    """What a build took (seconds per step) and what it left out (one line each)."""

    timings: dict[str, float] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)
    page_sizes: dict[str, tuple[int, int]] = field(default_factory=dict)  # lesson: bytes
    stale_prose: list[str] = field(default_factory=list)  # typed numbers this run contradicts

    def lines(self) -> list[str]:
        lines = [f"{step:32} {seconds:6.1f} s" for step, seconds in self.timings.items()]
        if self.page_sizes:
            before, after = (sum(sizes) for sizes in zip(*self.page_sizes.values()))
            lines.append(f"lesson pages, figures and styles as files {before:,} -> {after:,} bytes")
        if self.left_out:
            lines += ["", "Left out of this build:", *(f"- {part}" for part in self.left_out)]
        if self.stale_prose:
            lines += [
                "",
                "Numbers the lessons' sources type differently from this full run "
                "(the site shows the run's; update the source):",
                *(f"- {line}" for line in self.stale_prose),
            ]
        return lines


def build(
    root: Path,
    *,
    out: Path,
    work: Path,
    quick: bool = False,
    jobs: int = 1,
    pyodide: Path | None = None,
    pyodide_url: str = build_runtime.RELEASE_URL,
    require_runtime: bool = False,
) -> BuildSummary:
    """Build the site from the checkout at ``root`` into ``out``; returns its summary.

    Pyodide comes from the folder ``pyodide`` (else ``$MNIST_COURSE_PYODIDE``, else the
    cache or a download from ``pyodide_url``), checked first so that a bad file stops the
    build early. Without it the site is built with no in-page runtime, unless
    ``require_runtime`` (or ``$MNIST_COURSE_REQUIRE_RUNTIME``) makes that an error.
    """
    summary = BuildSummary()
    timings = summary.timings
    start = time.perf_counter()
    if work.exists():
        shutil.rmtree(work)  # the build folder is ours: generated files only
    runtime = work / "runtime"
    wheels, missing = build_runtime.provide_runtime(
        root, runtime, folder=pyodide, url=pyodide_url, required=require_runtime
    )
    if missing:
        summary.left_out.append(missing)
    shutil.copytree(root / "docs", work / "docs")
    shutil.copytree(root / "overrides", work / "overrides")
    shutil.copy(root / "mkdocs.yml", work / "mkdocs.yml")
    generated = work / "docs" / "generated"

    from .build_figures import make_figures  # training and Keras: after the runtime's check

    data = load_mnist()
    if not data.official:
        summary.left_out.append(f"the full MNIST: the figures were made from {data.describe()}")
    metrics = make_figures(
        generated,
        data=data,
        epochs=course.quick_epochs(len(data.y_train)) if quick else config.DEFAULT_EPOCHS,
    )
    build_seed_spread.write_seed_spread(root / "README.md", metrics, generated)
    timings["training, parity and figures"] = time.perf_counter() - start

    step = time.perf_counter()
    lessons = sorted((root / "lessons").glob("[0-9][0-9]_*.py"))
    (work / "docs" / "lessons").mkdir(exist_ok=True)
    executed = build_lessons.execute_all(lessons, quick=quick, jobs=jobs)
    for path, notebook in zip(lessons, executed):
        build_page_data.mark_editor_cells(notebook, read_lesson(path))  # where editors go
        if quick:
            notebook.cells.insert(1, _quick_build_notice())
        elif data.official:  # on a subset every count differs from the typed full-run value
            summary.stale_prose += [
                f"{path.name}: typed {number['typed']!r} for {number['expr']}, "
                f"this run {number['value']!r}"
                for number in notebook.metadata.get("mnist_course", {}).get("prose", [])
                if number["typed"].strip() != number["value"]
            ]
        nbformat.write(notebook, work / "docs" / "lessons" / f"{path.stem}.ipynb")
    timings["lessons"] = time.perf_counter() - step

    (generated / "exercises.md").write_text(exercises_page(lessons), encoding="utf-8")
    build_page_data.write_page_data(lessons, wheels, generated / "exercises-data.js", runtime)
    _copy_mathjax(work / "docs" / "assets" / "math")
    step = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "--site-dir",
            str(out.resolve()),
        ],
        cwd=work,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # a notice, not a problem of ours
    )
    if result.returncode != 0:
        raise RuntimeError("mkdocs build --strict failed: its messages are above")
    summary.page_sizes = build_finish.finish(
        out, {path.stem for path in lessons if read_lesson(path).stubs.keys() & EXERCISES.keys()}
    )
    if wheels is not None:  # after mkdocs, which empties out/; beside the worker script
        shutil.copytree(runtime, out / "assets" / "exercises" / "pyodide")
    try:  # lesson 6's in-page training data, never committed: into the built site only
        written = build_page_subset.write_subset(data, out / "assets" / "inpage")
    except ValueError as error:
        written = None
        summary.left_out.append(f"lesson 6's in-page training data: {error}")
    timings["mkdocs build"] = time.perf_counter() - step
    step = time.perf_counter()
    try:  # Keras's side of lesson 6's in-page ladder, recorded by the real model
        build_keras_ladder.write_recordings(data, out / "assets" / "inpage")
    except ValueError as error:
        summary.left_out.append(f"lesson 6's in-page ladder (Keras's recorded side): {error}")
    timings["Keras's ladder side, recorded"] = time.perf_counter() - step
    if written is not None:  # Keras's and the reference's accuracies beside the learner's
        step = time.perf_counter()
        build_page_accuracies.write_accuracies(written, out / "assets" / "inpage")
        timings["lesson 6's recorded accuracies"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - start
    return summary


def exercises_page(lessons: list[Path]) -> str:
    """Every exercise by lesson, linked to its editor, with its hints and solution folded
    away. The solution is left out of the search index and, as in the editors, shown only
    after a first check in this browser (exercises.js)."""
    stems = {lesson.number: path.stem for path in lessons for lesson in [read_lesson(path)]}
    lines = [
        "# Exercises",
        "",
        "Each exercise sits in its lesson where the idea is introduced. Write the function",
        'in the lesson notebook, then run `check("name", your_function)` below it, or',
        "`mnist-course check` in a terminal. Open a hint only when you are stuck; the",
        "solution last.",
        "",
        "Or try each one in its lesson page: each name below links to its editor there, which",
        "runs and checks your code in your browser. Passed exercises are remembered in this",
        "browser.",
        "",
        '<p id="mc-progress-total">(progress shows when JavaScript runs)</p>',
        "",
    ]
    for lesson in sorted({exercise.lesson for exercise in EXERCISES.values()}):
        lines += [f"## Lesson {lesson}", ""]
        for exercise in (e for e in EXERCISES.values() if e.lesson == lesson):
            editor = f"../lessons/{stems[lesson]}.ipynb#{build_page_data.ANCHOR}"
            lines += [
                f"### [{exercise.name}]({editor.format(name=exercise.name)})",  # no code: contrast
                "",
                f"{exercise.title}.",
                "",
                f'<p class="mc-progress" data-progress="{exercise.name}"></p>',
                "",
            ]
            for level, text in enumerate(exercise.hints, start=1):
                lines += [
                    f"<details><summary>Hint {level}</summary>",
                    f"<p>{html.escape(text)}</p></details>",
                    "",
                ]
            source = html.escape(exercise.solution)
            lines += [
                f'<details class="mc-solution" data-solution="{exercise.name}" '
                "data-search-exclude><summary>Solution</summary>",
                f'<pre><code class="language-python">{source}</code></pre></details>',
                "",
            ]
    return "\n".join(lines)


def _quick_build_notice() -> nbformat.NotebookNode:
    """The box at the top of each lesson of a quick build: its outputs are not results."""
    return nbformat.v4.new_markdown_cell(
        '<div class="admonition warning"><p class="admonition-title">A quick build, for '
        "testing</p><p>This page was built with <code>--quick</code>: "
        f"{html.escape(course.QUICK_MODE)}. Its outputs check that the lesson runs; they are "
        "not results to read, and some sentences describe a full run. The course's published "
        "site is a full build.</p></div>"
    )


def _copy_mathjax(assets: Path) -> None:
    """MathJax 3 (TeX input, SVG output: one file, no fonts), so math renders offline.

    It comes from the django-static-mathjax package, which ships the MathJax release
    files; ``docs/assets/math/mathjax-course.js`` configures and loads it.
    """
    source = importlib.resources.files("mathjax") / "static" / "mathjax" / "es5" / "tex-svg.js"
    (assets / "mathjax").mkdir(parents=True, exist_ok=True)
    shutil.copy(str(source), assets / "mathjax" / "tex-svg.js")
