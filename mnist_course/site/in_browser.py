"""What the site's in-page Python runs (in Pyodide, inside a Web Worker) for the editors.

The one place that joins the page to the exercises: the page sends a lesson's setup
code and the learner's code, this returns the text that ``check()`` prints.
"""

from __future__ import annotations

import contextlib
import io

from .. import exercises
from ..exercises import check_source


def check_text(name: str, code: str, setup: str = "") -> str:
    """Run ``setup`` then ``code`` in a fresh namespace, as ``mnist-course check`` does, and
    return what ``check()`` prints for the function ``name``."""
    return check_source(name, code, setup=setup).message


def printed(function_name: str, *args) -> str:
    """What ``hint(...)`` or ``solution(...)`` prints, as text."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        getattr(exercises, function_name)(*args)
    return buffer.getvalue().rstrip("\n")
