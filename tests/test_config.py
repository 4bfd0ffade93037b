"""The course's settings: config's check of a dtype, and course's quick mode."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_course import config, course
from mnist_course.cli import build_parser
from mnist_course.data import scale_pixels
from mnist_course.numpy_mlp import MLP
from mnist_course.runs import RunSettings


@pytest.mark.parametrize("dtype", ["float32", np.float32, np.dtype("float64"), "f8"])
def test_check_dtype_accepts_the_course_dtypes(dtype):
    assert config.check_dtype(dtype) == np.dtype(dtype)
    assert config.check_dtype(dtype).name in config.DTYPES


@pytest.mark.parametrize("dtype", ["float16", np.int32, "floatx", None, 3])
def test_check_dtype_names_the_allowed_dtypes(dtype):
    with pytest.raises(ValueError, match=r"^dtype must be one of float32, float64; got "):
        config.check_dtype(dtype)


@pytest.mark.parametrize(
    "make",
    [
        lambda: scale_pixels(np.zeros((1, 28, 28), np.uint8), "float16"),
        lambda: MLP(dtype="float16"),
        lambda: RunSettings("numpy", dtype="float16"),
    ],
    ids=["scale_pixels", "MLP", "RunSettings"],
)
def test_every_dtype_argument_is_checked_the_same_way(make):
    with pytest.raises(ValueError, match="dtype must be one of float32, float64; got 'float16'"):
        make()


def test_run_settings_keep_the_dtype_name():
    assert RunSettings("numpy", dtype=np.float64).dtype == "float64"


def test_quick_mode_trains_the_site_networks_on_a_budget_of_examples():
    assert course.quick_epochs(config.NUM_TRAIN) == course.QUICK_EPOCHS == 2
    assert course.quick_epochs(4_000) == 30  # the offline subset: 120,000 examples
    assert course.quick_epochs(1_000_000) == course.QUICK_EPOCHS


def test_quick_mode_is_described_once(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["site", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert course.QUICK_MODE in help_text
