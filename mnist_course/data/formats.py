"""Reading MNIST from the two formats it is published in.

- Keras's ``mnist.npz``: a zip of four ``.npy`` arrays, read with ``allow_pickle=False``
  so that a file can never run code when it is opened.
- The four official IDX files (``train-images-idx3-ubyte`` and friends), gzipped or not.

Both readers return a dict of the four arrays and turn every way a file can be broken
into a one-line ``DataError``; checking the arrays' contents is ``verify``'s job.
"""

from __future__ import annotations

import gzip
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np

from .errors import DataError

ARRAY_NAMES: tuple[str, ...] = ("x_train", "y_train", "x_test", "y_test")

IDX_FILE_NAMES: dict[str, str] = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_GZIP_MAGIC = b"\x1f\x8b"
_IDX_UBYTE = 0x08  # IDX type code for unsigned bytes, the only type MNIST uses


def read_npz(path: Path) -> dict[str, np.ndarray]:
    """Read the four arrays from an ``.npz`` in Keras's layout, never unpickling."""
    head = _read_head(path, 4)
    if not head.startswith(_ZIP_MAGICS):
        raise DataError(f"{path}: not an .npz file (it does not start with a zip header)")
    try:
        # Open the file ourselves: np.load leaks its handle when the zip is unreadable.
        with open(path, "rb") as file, np.load(file, allow_pickle=False) as archive:
            missing = [name for name in ARRAY_NAMES if name not in archive.files]
            if missing:
                raise DataError(
                    f"{path}: missing array(s) {', '.join(missing)}; an MNIST .npz holds "
                    f"{', '.join(ARRAY_NAMES)} (the layout of keras.datasets.mnist)"
                )
            return {name: archive[name] for name in ARRAY_NAMES}
    except DataError:
        raise
    except ValueError as error:
        if "pickle" in str(error) or "Object arrays" in str(error):
            raise DataError(
                f"{path}: holds object arrays, which only load by unpickling; refusing "
                "to unpickle (MNIST arrays are plain uint8)"
            ) from None
        raise DataError(f"{path}: unreadable .npz ({error}); is it truncated?") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError) as error:
        raise DataError(f"{path}: truncated or corrupt .npz ({error})") from None


def read_idx(path: Path) -> np.ndarray:
    """Read one IDX file of unsigned bytes (gzipped or not) into an array of its shape."""
    raw = _read_bytes(path)
    if raw.startswith(_GZIP_MAGIC):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as error:
            raise DataError(f"{path}: truncated or corrupt gzip ({error})") from None
    if len(raw) < 4:
        raise DataError(f"{path}: too short to be an IDX file ({len(raw)} bytes)")
    zero_1, zero_2, type_code, ndim = raw[:4]
    if zero_1 != 0 or zero_2 != 0 or type_code != _IDX_UBYTE or ndim == 0:
        magic = int.from_bytes(raw[:4], "big")
        raise DataError(
            f"{path}: bad magic number 0x{magic:08x}; an MNIST IDX file starts with "
            "0x00000801 (labels) or 0x00000803 (images)"
        )
    header_size = 4 + 4 * ndim
    if len(raw) < header_size:
        raise DataError(f"{path}: truncated IDX header")
    dims = struct.unpack(f">{ndim}I", raw[4:header_size])
    expected = header_size + int(np.prod(dims, dtype=np.int64))
    if len(raw) != expected:
        raise DataError(
            f"{path}: the header promises {dims} = {expected} bytes with the header, "
            f"the file holds {len(raw)}; it is truncated or corrupt"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header_size).reshape(dims)


def find_idx_files(folder: Path) -> dict[str, Path]:
    """Locate the four official IDX files in a folder, ``.gz`` or not."""
    found: dict[str, Path] = {}
    for name, file_name in IDX_FILE_NAMES.items():
        for candidate in (folder / file_name, folder / f"{file_name}.gz"):
            if candidate.is_file():
                found[name] = candidate
                break
    missing = [IDX_FILE_NAMES[name] for name in ARRAY_NAMES if name not in found]
    if missing:
        raise DataError(
            f"{folder}: missing IDX file(s) {', '.join(missing)} (.gz or not); "
            "a folder must hold all four official MNIST files, or name an .npz instead"
        )
    return found


def read_idx_folder(folder: Path) -> dict[str, np.ndarray]:
    """Read the four official IDX files from a folder."""
    return {name: read_idx(path) for name, path in find_idx_files(folder).items()}


def _read_head(path: Path, size: int) -> bytes:
    head = _read_bytes(path, size)
    if not head:
        raise DataError(f"{path}: the file is empty")
    return head


def _read_bytes(path: Path, size: int = -1) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read(size)
    except OSError as error:
        raise DataError(f"{path}: cannot read ({error.strerror or error})") from None
