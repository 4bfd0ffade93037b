"""Checking that four arrays really are MNIST before anything trains on them.

Every set of arrays gets the structural checks (shapes, dtypes, matching counts, labels
0-9, images that are not blank). The full set (60,000 + 10,000) must also match the
official arrays byte for byte: SHA-256 digests of each array's raw C-order bytes. Those
hold whatever compression the file used, so a re-compressed copy still verifies while a
single changed pixel or label does not.
"""

from __future__ import annotations

import hashlib

import numpy as np

from .. import config
from .errors import DataError

OFFICIAL_DIGESTS: dict[str, str] = {
    "x_train": "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
    "y_train": "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
    "x_test": "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
    "y_test": "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
}


def array_digest(array: np.ndarray) -> str:
    """SHA-256 of an array's raw C-order bytes (independent of how a file compressed it)."""
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def verify_arrays(arrays: dict[str, np.ndarray], origin: str) -> bool:
    """Raise ``DataError`` unless the arrays are well-formed MNIST.

    Returns True when they are the full official set (digests checked), False for a
    well-formed set of another size (digests cannot apply).
    """

    def fail(problem: str) -> None:
        raise DataError(f"{origin}: {problem}")

    for name, array in arrays.items():
        if array.dtype == object:
            fail(f"{name} is an object array; MNIST arrays are plain uint8")
        expected_ndim = 3 if name.startswith("x") else 1
        if array.ndim != expected_ndim or (
            expected_ndim == 3 and array.shape[1:] != config.IMAGE_SHAPE
        ):
            want = "(N, 28, 28)" if expected_ndim == 3 else "(N,)"
            fail(f"{name} has shape {array.shape}; expected {want}")
        if array.dtype != np.uint8:
            fail(f"{name} has dtype {array.dtype}; expected uint8 (raw pixels 0-255, labels 0-9)")
        if array.shape[0] == 0:
            fail(f"{name} is empty")
    for split in ("train", "test"):
        images, labels = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if len(images) != len(labels):
            fail(f"x_{split} has {len(images)} images but y_{split} has {len(labels)} labels")
        if labels.max() >= config.NUM_CLASSES:
            fail(f"y_{split} holds label {int(labels.max())}; labels must be 0-9")
        if images.max() == 0:
            fail(f"x_{split} is all zeros (blank images)")

    if (len(arrays["y_train"]), len(arrays["y_test"])) != (config.NUM_TRAIN, config.NUM_TEST):
        return False
    for name, expected in OFFICIAL_DIGESTS.items():
        if array_digest(arrays[name]) != expected:
            fail(
                f"{name} differs from the official MNIST (SHA-256 mismatch): "
                "the file is corrupt or was altered"
            )
    return True
