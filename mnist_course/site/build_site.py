"""Building the course site: every figure, table and lesson output made by running code.

``build`` copies the hand-written ``docs/``, ``overrides/`` (theme templates) and
``mkdocs.yml`` into a build folder,
adds what the code generates (figures and tables from ``build_figures``, the executed
lessons, the exercises page, an offline copy of MathJax), and runs
``mkdocs build --strict``; then it adds the in-page Python for the exercise editors
(``build_runtime``: Pyodide checked against pinned digests, and a wheel of the course).
The repository's ``docs/`` is never written to.
"""

from __future__ import annotations

import html
import importlib.resources
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

from .. import config, course
from ..data import load_mnist
from ..exercises import EXERCISES
from . import build_lessons, build_page_data, build_runtime
from .build_figures import make_figures


def build(
    root: Path,
    *,
    out: Path,
    work: Path,
    quick: bool = False,
    jobs: int = 1,
    pyodide: Path | None = None,
    pyodide_url: str = build_runtime.RELEASE_URL,
) -> dict:
    """Build the site from the checkout at ``root`` into ``out``; returns step timings.

    Pyodide comes from the folder ``pyodide`` (else ``$MNIST_COURSE_PYODIDE``, else a
    download from ``pyodide_url``), checked first so that a bad file stops the build early.
    """
    timings: dict[str, float] = {}
    start = time.perf_counter()
    if work.exists():
        shutil.rmtree(work)  # the build folder is ours: generated files only
    runtime = work / "runtime"
    folder = build_runtime.pyodide_folder(pyodide)
    build_runtime.provide_pyodide(runtime, folder=folder, url=pyodide_url)
    wheels = build_runtime.build_wheels(root, runtime / "wheels")
    shutil.copytree(root / "docs", work / "docs")
    shutil.copytree(root / "overrides", work / "overrides")
    shutil.copy(root / "mkdocs.yml", work / "mkdocs.yml")
    generated = work / "docs" / "generated"

    data = load_mnist()
    make_figures(
        generated,
        data=data,
        epochs=course.quick_epochs(len(data.y_train)) if quick else config.DEFAULT_EPOCHS,
    )
    timings["training, parity and figures"] = time.perf_counter() - start

    # One lesson at a time by default: each already keeps every core busy (Keras's compiled
    # steps, NumPy's BLAS threads), and two at once on 2 cores thrash, their BLAS threads
    # spinning while they wait for each other (lessons 6 and 7 together: 12 minutes,
    # against about a minute one after the other, measured in CI).
    step = time.perf_counter()
    lessons = sorted((root / "lessons").glob("[0-9][0-9]_*.py"))
    (work / "docs" / "lessons").mkdir(exist_ok=True)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        executed = pool.map(_execute_lesson, lessons, [quick] * len(lessons))
        for path, notebook in zip(lessons, executed):
            nbformat.write(notebook, work / "docs" / "lessons" / f"{path.stem}.ipynb")
    timings["lessons"] = time.perf_counter() - step

    (generated / "exercises.md").write_text(exercises_page())
    build_page_data.write_page_data(lessons, wheels, generated / "exercises-data.js")
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
    # After mkdocs, which empties out/; beside exercises-worker.js, which loads it.
    shutil.copytree(runtime, out / "assets" / "exercises" / "pyodide")
    timings["mkdocs build"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - start
    return timings


def _execute_lesson(path: Path, quick: bool):
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    try:
        return build_lessons.execute(path, quick=quick, timeout=900)
    except CellTimeoutError:
        raise RuntimeError(f"lesson {path.name} failed to run: a cell timed out") from None
    except CellExecutionError as error:
        raise RuntimeError(
            f"lesson {path.name} failed to run: {error.ename}: {error.evalue}"
        ) from None


def exercises_page() -> str:
    """Every exercise by lesson, with its hints and solution folded away."""
    lines = [
        "# Exercises",
        "",
        "Each exercise sits in its lesson where the idea is introduced. Write the function",
        'in the lesson notebook, then run `check("name", your_function)` below it, or',
        "`mnist-course check` in a terminal. Open a hint only when you are stuck; the",
        "solution last.",
        "",
        "Or try each one in its lesson page: the editor there runs and checks it in your",
        "browser. Passed exercises are remembered in this browser:",
        '<span id="mc-progress-total">(progress shows when JavaScript runs)</span>',
        "",
    ]
    for lesson in sorted({exercise.lesson for exercise in EXERCISES.values()}):
        lines += [f"## Lesson {lesson}", ""]
        for exercise in (e for e in EXERCISES.values() if e.lesson == lesson):
            lines += [
                f"### `{exercise.name}`",
                "",
                f'{exercise.title}. <span class="mc-progress" data-progress="{exercise.name}">'
                "</span>",
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
                "<details><summary>Solution</summary>",
                f'<pre><code class="language-python">{source}</code></pre></details>',
                "",
            ]
    return "\n".join(lines)


def _copy_mathjax(assets: Path) -> None:
    """MathJax 3 (TeX input, SVG output: one file, no fonts), so math renders offline.

    It comes from the django-static-mathjax package, which ships the MathJax release
    files; ``docs/assets/math/mathjax-course.js`` configures and loads it.
    """
    source = importlib.resources.files("mathjax") / "static" / "mathjax" / "es5" / "tex-svg.js"
    (assets / "mathjax").mkdir(parents=True, exist_ok=True)
    shutil.copy(str(source), assets / "mathjax" / "tex-svg.js")
