"""What the site's in-page Python runs (in Pyodide, inside a Web Worker) for the editors.

Runs in the reader's browser. The one place that joins the page to the exercises: the
page sends a lesson's setup code and the learner's code; ``check`` returns the verdict as
a record whose fields the page reads (it never parses the text).
"""

from __future__ import annotations

import contextlib
import io

from .. import exercises
from ..exercises import check_source


def check(name: str, code: str, setup: str = "") -> dict:
    """Run ``setup`` then ``code`` in a fresh namespace, as ``mnist-course check`` does, and
    return the verdict on the function ``name`` as ``Result.as_dict()``: ``name``,
    ``passed``, ``todo`` (not written yet), ``status``, ``summary`` and ``message`` (what
    ``check()`` prints). A plain dict becomes a plain JavaScript object in the worker."""
    return check_source(name, code, setup=setup).as_dict()


def printed(function_name: str, *args) -> str:
    """What ``hint(...)`` or ``solution(...)`` prints, as text."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        getattr(exercises, function_name)(*args)
    return buffer.getvalue().rstrip("\n")
