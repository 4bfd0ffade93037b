"""What the site's in-page Python runs (in Pyodide, inside a Web Worker) for the editors.

The one place that joins the page to the exercises: the page sends a lesson's setup
code and the learner's code, this returns the text that ``check()`` prints.
"""

from __future__ import annotations

import contextlib
import io
import linecache


def check_text(name: str, code: str, setup: str = "") -> str:
    """Run ``setup`` then ``code`` in a fresh namespace and check the function ``name``."""
    from .exercises import check

    namespace: dict = {"__name__": "__exercise__"}
    exec(compile(setup, "<setup>", "exec"), namespace)
    # Registered so that a message can quote the learner's line, as it does in a notebook.
    linecache.cache["<your code>"] = (len(code), None, code.splitlines(True), "<your code>")
    try:
        exec(compile(code, "<your code>", "exec"), namespace)
    except Exception as error:  # the learner's cell, whatever it raises
        return f"✗ {name}: your code did not run: {type(error).__name__}: {error}"
    return check(name, namespace.get(name), quiet=True).message


def printed(function_name: str, *args) -> str:
    """What ``hint(...)`` or ``solution(...)`` prints, as text."""
    from . import exercises

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        getattr(exercises, function_name)(*args)
    return buffer.getvalue().rstrip("\n")
