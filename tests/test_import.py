"""Importing the course and its NumPy parts must not pay for TensorFlow (about 3 s)."""

from __future__ import annotations

import subprocess
import sys

NUMPY_ONLY_MODULES = [
    "mnist_course",
    "mnist_course.config",
    "mnist_course.data",
    "mnist_course.numpy_mlp",
    "mnist_course.gradcheck",
    "mnist_course.history",
    "mnist_course.runs",
    "mnist_course.cli",
    "mnist_course.commands",
]


def test_numpy_parts_do_not_import_tensorflow_or_keras():
    code = (
        "import sys\n"
        + "".join(f"import {module}\n" for module in NUMPY_ONLY_MODULES)
        + "print(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, encoding="utf-8"
    )
    assert result.stdout.strip() == "[]", f"imported: {result.stdout.strip()}"


def test_the_keras_module_does_import_them():
    """The check above can fail: the same probe sees TensorFlow where it is imported."""
    code = "import sys, mnist_course.keras_mlp; print('tensorflow' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, encoding="utf-8"
    )
    assert result.stdout.strip() == "True"
