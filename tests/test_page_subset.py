"""The MNIST subset written into the site for lesson 6's in-page training (issue 23)."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from mnist_course import config
from mnist_course.data import MnistData
from mnist_course.site import build_page_subset


def fake_mnist(train: int, test: int) -> MnistData:
    rng = np.random.default_rng(1)
    return MnistData(
        x_train=rng.integers(0, 256, (train, 28, 28), dtype=np.uint8),
        y_train=(np.arange(train) % 10).astype(np.uint8),
        x_test=rng.integers(0, 256, (test, 28, 28), dtype=np.uint8),
        y_test=(np.arange(test) % 10).astype(np.uint8),
        source="file",
        location="/somewhere/mnist.npz",
        official=False,
    )


def test_slices_have_the_configured_sizes_and_do_not_overlap():
    data = fake_mnist(12_000, 3_000)
    arrays = build_page_subset.draw_subset(data)
    assert len(arrays["y_train"]) == config.PAGE_TRAIN_IMAGES
    assert len(arrays["y_val"]) == config.PAGE_VALIDATION_IMAGES
    assert len(arrays["y_test"]) == config.PAGE_TEST_IMAGES
    assert all(array.dtype == np.uint8 for array in arrays.values())
    # Each training image is distinct here, so rows are found back by their pixels.
    train_rows = {image.tobytes() for image in arrays["x_train"]}
    assert not train_rows & {image.tobytes() for image in arrays["x_val"]}
    source_rows = {image.tobytes() for image in data.x_train}
    assert train_rows <= source_rows


def test_same_seed_same_digits_other_seed_others():
    data = fake_mnist(12_000, 3_000)
    first = build_page_subset.draw_subset(data, seed=0)
    again = build_page_subset.draw_subset(data, seed=0)
    other = build_page_subset.draw_subset(data, seed=1)
    assert all(np.array_equal(first[name], again[name]) for name in first)
    assert not np.array_equal(first["x_train"], other["x_train"])


def test_written_file_matches_its_digest_and_script(tmp_path):
    written = build_page_subset.write_subset(fake_mnist(12_000, 3_000), tmp_path)
    content = written.path.read_bytes()
    assert hashlib.sha256(content).hexdigest() == written.sha256
    script = (tmp_path / build_page_subset.SUBSET_SCRIPT).read_text(encoding="utf-8")
    about = json.loads(script.removeprefix("window.mnistCourseSubset = ").rstrip(";\n"))
    assert about["sha256"] == written.sha256 and about["bytes"] == len(content)
    assert "LeCun" in about["attribution"] and "CC BY-SA 3.0" in about["attribution"]
    assert "/somewhere" not in script  # the builder's path never lands on the site
    with np.load(written.path) as loaded:
        assert loaded["x_train"].shape == (config.PAGE_TRAIN_IMAGES, 28, 28)


def test_too_small_mnist_is_a_one_line_error():
    with pytest.raises(ValueError, match="needs 11000 training"):
        build_page_subset.draw_subset(fake_mnist(5_000, 3_000))
