"""``parity.learner``'s rule and adapters for the page, where Keras does not exist.

``mnist_course.parity`` imports Keras when imported; in Pyodide this module loads the same
``parity/learner.py`` source on its own (its two type-only imports stubbed), so the page
follows exactly the rule ``mnist-course parity --mine`` follows: one source, not a copy.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

_NAME = "mnist_course._page_parity"
_package = types.ModuleType(_NAME)
_package.__path__ = []  # a package with no files: only the two stubs below
sys.modules[_NAME] = _package
for _stub, _names in (("report", ["ParityReport"]), ("rungs", ["OptimizerFactory"])):
    _module = types.ModuleType(f"{_NAME}.{_stub}")
    for _name in _names:
        setattr(_module, _name, object)
    sys.modules[f"{_NAME}.{_stub}"] = _module
_source = (Path(__file__).resolve().parent.parent / "parity" / "learner.py").read_text(encoding="utf-8")
_source = _source.replace("from .. import config", "from mnist_course import config")
_source = _source.replace("from ..", "from mnist_course.")
_learner = types.ModuleType(f"{_NAME}.learner")
_learner.__package__ = _NAME
exec(compile(_source, "parity/learner.py", "exec"), _learner.__dict__)

LEARNER_NAMES = _learner.LEARNER_NAMES
LearnerAdam = _learner.LearnerAdam
_written = _learner._written
learner_ops = _learner.learner_ops
written = _learner.written
