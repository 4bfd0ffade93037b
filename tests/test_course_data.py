"""The lessons' data: the offline subset's warning is a line of output, with no path."""

from __future__ import annotations

import os
import warnings

from mnist_course import course
from mnist_course.data import SubsetWarning


def test_subset_warning_is_said_without_this_machines_path(monkeypatch, capsys):
    def offline_load():
        warnings.warn("Full MNIST unavailable (no network)", SubsetWarning, stacklevel=2)
        warnings.warn("something else", RuntimeWarning, stacklevel=2)
        return "the subset"

    monkeypatch.setattr(course, "load_mnist", offline_load)
    monkeypatch.delenv(course.QUICK_ENV, raising=False)
    course.data.cache_clear()
    try:
        with warnings.catch_warnings(record=True) as shown:
            warnings.simplefilter("always")
            assert course.data() == "the subset"
    finally:
        course.data.cache_clear()
    out = capsys.readouterr().out
    assert "Note: Full MNIST unavailable (no network)" in out
    assert os.sep + "mnist_course" not in out
    # only the other warning is still a warning
    assert [w.category for w in shown] == [RuntimeWarning]
