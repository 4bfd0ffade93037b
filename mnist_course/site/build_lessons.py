"""Running the lesson notebooks: read the plain-text source, execute it, report errors.

Lessons are jupytext "percent" ``.py`` files. Executing one goes through nbclient, with
a timeout per cell, in the lesson's folder, and with the kernel's file-descriptor
capture off so that TensorFlow's C++ log lines do not land in the outputs. The numbers
its prose quotes are filled from the same run (``prose_values``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jupytext
import nbformat

from ..course import QUICK_ENV
from ..data import DATA_ENV
from . import prose_values


def read(path: Path) -> nbformat.NotebookNode:
    """A lesson as a notebook, from its ``.py`` (or an ``.ipynb`` a learner saved)."""
    return jupytext.read(path)


def execute(path: Path, *, quick: bool = False, timeout: int = 600) -> nbformat.NotebookNode:
    """Run every cell of a lesson top to bottom; raises ``CellExecutionError`` on an error."""
    from nbclient import NotebookClient  # only the tests and the site build run notebooks

    notebook = read(path)
    prose_cell = prose_values.evaluation_cell(notebook)  # numbers the prose quotes
    if prose_cell is not None:
        notebook.cells.append(prose_cell)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(Path(path).parent)}},
        # Quiet kernel: no TensorFlow C++ logs in the outputs, no start-up warnings.
        extra_arguments=["--IPKernelApp.capture_fd_output=False", "--IPKernelApp.log_level=ERROR"],
    )
    settings = {QUICK_ENV: "1" if quick else "0"}
    named = os.environ.get(DATA_ENV)
    if named:  # the kernel runs in the lesson's folder: a relative path must not break
        settings[DATA_ENV] = str(Path(named).resolve())
    with _environment(settings):
        client.execute()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = _joined_streams(cell.outputs)
    if prose_cell is not None:
        evaluated = notebook.cells.pop()
        try:
            filled = prose_values.fill(notebook, evaluated)
        except ValueError as error:
            raise RuntimeError(f"lesson {Path(path).name}: {error}") from None
        notebook.metadata.setdefault("mnist_course", {})["prose"] = [
            dataclasses.asdict(number) for number in filled
        ]
    return notebook


def _joined_streams(outputs: list) -> list:
    """Consecutive stream outputs of one stream as one, as Jupyter shows them: a busy
    kernel may send one print in two messages (its text, then its newline)."""
    joined: list = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            joined.append(output)
    return joined


def execute_all(lessons: list[Path], *, quick: bool, jobs: int = 1) -> list[nbformat.NotebookNode]:
    """Run every lesson in ``jobs`` worker processes; the executed notebooks, in order.

    The workers are started with ``spawn`` on every platform (Windows and macOS know no
    other way), so what a worker needs travels as arguments and module-level functions.
    One lesson at a time by default: each already keeps every core busy (Keras's compiled
    steps, NumPy's BLAS threads), and two at once on 2 cores thrash, their BLAS threads
    spinning while they wait for each other (lessons 6 and 7 together: 12 minutes,
    against about a minute one after the other, measured in CI).
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return list(pool.map(execute_lesson, lessons, [quick] * len(lessons)))


def execute_lesson(path: Path, quick: bool) -> nbformat.NotebookNode:
    """``execute``, with a failure told in one line that names the lesson."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    try:
        return execute(path, quick=quick, timeout=900)
    except CellTimeoutError:
        raise RuntimeError(f"lesson {path.name} failed to run: a cell timed out") from None
    except CellExecutionError as error:
        raise RuntimeError(
            f"lesson {path.name} failed to run: {error.ename}: {error.evalue}"
        ) from None


def stream_text(notebook: nbformat.NotebookNode) -> str:
    """Everything the cells printed (stdout and stderr), in order."""
    return "".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.output_type == "stream"
    )


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    """Set environment variables for a kernel started inside the block."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
