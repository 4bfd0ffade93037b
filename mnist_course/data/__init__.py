"""Verified MNIST: one loader for every source, and the preprocessing the models share.

>>> from mnist_course.data import load_mnist
>>> data = load_mnist()          # file, cache, download or the offline subset
>>> print(data.describe())
"""

from .errors import DataError, SubsetWarning
from .formats import IDX_FILE_NAMES, read_idx, read_idx_folder, read_npz
from .preprocess import flatten_images, scale_pixels, split_validation
from .sources import (
    CACHE_ENV,
    DATA_ENV,
    KERAS_MNIST_URL,
    MnistData,
    cache_dir,
    download_mnist,
    load_mnist,
    load_path,
    load_subset,
)
from .verify import OFFICIAL_DIGESTS, array_digest, verify_arrays

__all__ = [
    "CACHE_ENV",
    "DATA_ENV",
    "IDX_FILE_NAMES",
    "KERAS_MNIST_URL",
    "OFFICIAL_DIGESTS",
    "DataError",
    "MnistData",
    "SubsetWarning",
    "array_digest",
    "cache_dir",
    "download_mnist",
    "flatten_images",
    "load_mnist",
    "load_path",
    "load_subset",
    "read_idx",
    "read_idx_folder",
    "read_npz",
    "scale_pixels",
    "split_validation",
    "verify_arrays",
]
