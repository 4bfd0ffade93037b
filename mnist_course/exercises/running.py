"""Running a learner's code: a time limit, and where in their code an error happened.

The time limit is a watchdog thread that raises ``AnswerTimeout`` inside the checking
thread (``PyThreadState_SetAsyncExc``). That works in Jupyter's main thread and on
Linux, macOS and Windows alike, for Python-level loops. Its limit: an exception can only
be delivered between Python bytecodes, so a hang inside one long C call (one enormous
NumPy operation) is stopped only when that call returns. Where there are no threads
(Pyodide in the browser), answers run without a limit here; the page runs them in a
worker it can stop.
"""

from __future__ import annotations

import ctypes
import linecache
import sys
import sysconfig
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from .. import config

_COURSE_CODE = str(Path(__file__).resolve().parent.parent)  # the mnist_course package
# Frames in these folders are Python's or NumPy's; the learner's line is the last other one.
_LIBRARY_CODE = tuple(
    {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
)


class AnswerTimeout(BaseException):
    """Raised inside an answer that ran too long (BaseException: `except Exception` in the
    learner's code must not swallow it)."""


def call_with_time_limit(function: Callable, *args, seconds: float | None = None):
    """``function(*args)``, stopped with ``AnswerTimeout`` after ``seconds``."""
    seconds = config.EXERCISE_TIMEOUT_SECONDS if seconds is None else seconds
    if sys.platform == "emscripten":  # no threads: nothing could interrupt us
        return function(*args)
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def interrupt() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _raise_in_thread(target, AnswerTimeout)

    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    try:
        return function(*args)
    finally:
        with lock:
            state["done"] = True
            timer.cancel()
            if state["fired"]:  # fired as the answer returned: drop it if still pending
                _raise_in_thread(target, None)


def _raise_in_thread(thread_id: int, exception: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )


def timeout_message() -> str:
    seconds = config.EXERCISE_TIMEOUT_SECONDS
    return (
        f"did not return within {seconds:g} s and was stopped: a loop that never ends? "
        "(a `while` loop whose condition never changes)"
    )


def register_source(filename: str, source: str) -> None:
    """Let tracebacks show lines of code compiled from a string under ``filename``."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


def learner_location(error: BaseException) -> str:
    """``cell 14, line 3: return np.maximum(z, 0)``: the learner's last line in the traceback.

    An error raised inside NumPy is reported at the learner's line that called NumPy.
    """
    frames = [frame for frame in _frames(error) if _is_learner_code(frame.filename)]
    if not frames:
        return "(not in your code)"
    frame = frames[-1]
    line = linecache.getline(frame.filename, frame.lineno).strip()
    return f"{_place(frame.filename)}line {frame.lineno}: {line}"


def _frames(error: BaseException):
    return traceback.extract_tb(error.__traceback__)


def _is_learner_code(filename: str) -> bool:
    if filename.startswith(("<lesson", "<answer", "<ipython-input-")) or _jupyter_cell(filename):
        return True
    if filename.startswith("<") or filename.startswith(_COURSE_CODE):
        return filename == "<string>"
    return not filename.startswith(_LIBRARY_CODE)


def _place(filename: str) -> str:
    """The cell a line is in: ours (``<lesson 3, cell 14>``) or Jupyter's (``In [14]``)."""
    if filename.startswith("<lesson"):
        return cell_place(filename) + ", "
    number = _jupyter_cell(filename)
    if number is not None:
        return f"cell {number}, "
    if filename.startswith("<"):
        return ""
    return f"{Path(filename).name}, "


def cell_place(filename: str) -> str:
    """Where a cell compiled under ``filename`` is, in the learner's words.

    ``<lesson 3, 03_forward_pass.py, cell 14>`` (compiled at its own lines of the file):
    ``03_forward_pass.py``; ``<lesson 3, cell 14>``: ``cell 14``; ``<answer setup>``:
    ``answer setup``.
    """
    parts = filename.strip("<>").split(", ")
    return parts[1] if len(parts) > 1 else parts[0]


def _jupyter_cell(filename: str) -> int | None:
    """The execution count of the Jupyter cell compiled under ``filename``, if any."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    return getattr(getattr(shell, "compile", None), "_filename_map", {}).get(filename)
