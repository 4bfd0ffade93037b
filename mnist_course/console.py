"""Output that survives any console: marks a legacy code page cannot show become words.

A Windows console, or output redirected to a file, may use a legacy code page such as
cp1252, which has no ``✓`` or ``✗``. Rather than stop at the first check mark with a
UnicodeEncodeError, the command line writes a plain ASCII word for each such mark.
"""

from __future__ import annotations

import codecs
import sys

ERROR_HANDLER = "mnist-course-ascii"
# What each of the course's marks becomes where it cannot be encoded
ASCII_WORDS = {
    "✓": "ok",
    "✗": "FAIL",
    "…": "...",
    "−": "-",
    "×": "x",
    "→": "->",
    "←": "<-",
    "►": ">",
    "─": "-",
    "│": "|",
    "η": "eta",
    "≈": "~",
    "≤": "<=",
    "≥": ">=",
    "±": "+/-",
    "·": ".",
    "—": "--",
    "–": "-",
}


def _ascii_words(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(ASCII_WORDS.get(char, "?") for char in bad), error.end


codecs.register_error(ERROR_HANDLER, _ascii_words)


def make_output_safe() -> None:
    """Let stdout and stderr fall back to ASCII words instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # absent on some replaced streams
        encoding = getattr(stream, "encoding", None) or "utf-8"
        if reconfigure is None or codecs.lookup(encoding).name == "utf-8":
            continue
        reconfigure(errors=ERROR_HANDLER)
