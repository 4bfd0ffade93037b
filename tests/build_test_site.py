"""Builds the test session's site (quick mode) into FOLDER/site; run by tests/conftest.py
in a process of its own, so that the build runs while the other tests do.

    python tests/build_test_site.py FOLDER

Writes FOLDER/built when the site is complete, FOLDER/failed (and the traceback to its
output) when the build fails.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from mnist_course.site.build_site import build

REPO = Path(__file__).resolve().parent.parent


def main(folder: Path) -> int:
    try:
        build(REPO, out=folder / "site", work=folder / "src", quick=True)
    except BaseException:
        traceback.print_exc()
        (folder / "failed").write_text("failed", encoding="utf-8")
        return 1
    (folder / "built").write_text("ok", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
