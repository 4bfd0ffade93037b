"""The MNIST subset that lesson 6's page trains on (issue 23), drawn when the site is built.

Runs on the build machine, from the MNIST the build loaded (the official, verified set when
it is there). The page gets a compressed uint8 ``.npz`` (training, validation and test
slices) and a small script that sets ``window.mnistCourseSubset`` with the file's SHA-256
digest, the counts and MNIST's attribution: the page checks the digest before training.
Neither file is ever committed: both are written into the built site only.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import config
from ..data import MnistData

SUBSET_FILE = "mnist-subset.npz"
SUBSET_SCRIPT = "mnist-subset.js"
# Shown on the page beside the data (the MNIST database's authors and licence).
ATTRIBUTION = (
    "MNIST database of handwritten digits by Yann LeCun, Corinna Cortes and Christopher "
    "J. C. Burges, made from NIST's Special Databases 1 and 3; licensed under Creative "
    "Commons Attribution-Share Alike 3.0 (CC BY-SA 3.0). This is a subset, unchanged "
    "pixels."
)


@dataclass(frozen=True)
class PageSubset:
    """What was written: the file, its digest and size, and the number of images per slice."""

    path: Path
    sha256: str
    size: int
    counts: dict[str, int]


def draw_subset(data: MnistData, seed: int = config.DEFAULT_SEED) -> dict[str, np.ndarray]:
    """Training and validation slices drawn without overlap from the training set, and a
    test slice from the test set; same seed, same digits. Raises ValueError (one line)
    when the loaded MNIST is smaller than the slices."""
    sizes = (config.PAGE_TRAIN_IMAGES, config.PAGE_VALIDATION_IMAGES, config.PAGE_TEST_IMAGES)
    train, validation, test = sizes
    if len(data.y_train) < train + validation or len(data.y_test) < test:
        raise ValueError(
            f"the page's subset needs {train + validation} training and {test} test images; "
            f"the loaded MNIST has {len(data.y_train)} and {len(data.y_test)}"
        )
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(data.y_train))
    picked_test = np.sort(rng.permutation(len(data.y_test))[:test])
    slices = {
        "train": np.sort(order[:train]),
        "val": np.sort(order[train : train + validation]),
    }
    arrays = {f"x_{name}": data.x_train[rows] for name, rows in slices.items()}
    arrays |= {f"y_{name}": data.y_train[rows] for name, rows in slices.items()}
    arrays |= {"x_test": data.x_test[picked_test], "y_test": data.y_test[picked_test]}
    return {name: np.ascontiguousarray(array, dtype=np.uint8) for name, array in arrays.items()}


def write_subset(data: MnistData, dest: Path, seed: int = config.DEFAULT_SEED) -> PageSubset:
    """Write the subset and its script into the folder ``dest`` of the built site."""
    arrays = draw_subset(data, seed)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    content = buffer.getvalue()
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / SUBSET_FILE
    path.write_bytes(content)
    digest = hashlib.sha256(content).hexdigest()
    counts = {name[2:]: len(array) for name, array in arrays.items() if name.startswith("y_")}
    about = {
        "file": SUBSET_FILE,
        "sha256": digest,
        "bytes": len(content),
        "counts": counts,
        "seed": seed,
        "source": data.describe(),
        "attribution": ATTRIBUTION,
    }
    script = f"window.mnistCourseSubset = {json.dumps(about, indent=1)};\n"
    (dest / SUBSET_SCRIPT).write_text(script, encoding="utf-8")
    return PageSubset(path=path, sha256=digest, size=len(content), counts=counts)
