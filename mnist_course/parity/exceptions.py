"""When a function under test raises: which one, on what, and what the shapes say.

``watched`` wraps each function that is not the reference's own, so that an exception
names the function that raised and the shapes it was given, and a result whose shape
differs from the reference's on the same inputs is remembered: the usual reason why a
later function raises (a transposed operand, a batch-sized axis where a feature axis
belongs). ``explain`` turns an exception into that sentence.
"""

from __future__ import annotations

import itertools
import linecache
import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from .. import config
from ..numpy_mlp import functional as F

# What each function returns, by position, to name a wrong-shaped result.
RESULT_NAMES: dict[str, tuple[str, ...]] = {
    "dense_backward": ("grad_x", "grad_kernel", "grad_bias"),
}


class Raised(Exception):
    """``function`` raised ``error`` on arguments of shapes ``shapes``."""

    def __init__(self, function: str, shapes: list, error: Exception) -> None:
        super().__init__(f"{function} raised {type(error).__name__}: {error}")
        self.function, self.shapes, self.error = function, shapes, error


@dataclass
class WrongShape:
    function: str
    result: str
    shape: tuple[int, ...]
    expected: tuple[int, ...]


@dataclass
class Watch:
    """What the watched functions saw: the first result shaped unlike the reference's."""

    batch_size: int
    wrong_shapes: list[WrongShape] = field(default_factory=list)


def watched(ops, watch: Watch) -> SimpleNamespace:
    """``ops`` with every function that differs from ``functional``'s wrapped."""
    wrapped = dict(vars(ops))
    for name, function in vars(ops).items():
        reference = getattr(F, name, None)
        if callable(function) and callable(reference) and function is not reference:
            wrapped[name] = _watch(name, function, reference, watch)
    return SimpleNamespace(**wrapped)


def _watch(name, function, reference, watch: Watch):
    def call(*args, **kwargs):
        try:
            result = function(*args, **kwargs)
        except Raised:
            raise
        except Exception as error:
            raise Raised(name, [_shape(arg) for arg in args], error) from error
        if not watch.wrong_shapes:
            _compare_shapes(name, result, reference, args, kwargs, watch)
        return result

    return call


def _compare_shapes(name, result, reference, args, kwargs, watch: Watch) -> None:
    try:
        with np.errstate(all="ignore"):
            expected = reference(*args, **kwargs)
    except Exception:  # the inputs themselves are wrong: an earlier function's doing
        return
    results = result if isinstance(result, tuple) else (result,)
    expecteds = expected if isinstance(expected, tuple) else (expected,)
    labels = RESULT_NAMES.get(name, tuple(f"result {i + 1}" for i in range(len(expecteds))))
    for label, ours, theirs in zip(labels, results, expecteds):
        if theirs is not None and ours is not None and np.shape(ours) != np.shape(theirs):
            watch.wrong_shapes.append(WrongShape(name, label, np.shape(ours), np.shape(theirs)))
            return


def _shape(value) -> object:
    return np.shape(value) if isinstance(value, np.ndarray) else type(value).__name__


def explain(error: Exception, watch: Watch | None = None) -> str:
    """The cause of an exception raised while the ladder ran the functions under test."""
    inner = error.error if isinstance(error, Raised) else error
    message = f"{type(inner).__name__}: {inner}"
    if isinstance(error, Raised):
        shapes = ", ".join(str(shape) for shape in error.shapes)
        message = f"{error.function} raised {message} (given {shapes})"
    for note in getattr(error, "__notes__", []):  # where in fit it happened
        message += f"; {note}"
    message += where_raised(inner)
    if watch is not None and watch.wrong_shapes:
        return f"{message}. {_what_the_shape_says(watch.wrong_shapes[0], watch.batch_size)}"
    given = error.shapes if isinstance(error, Raised) else []
    batch_size = watch.batch_size if watch is not None else None
    reading = _wrong_axis(str(inner), batch_size) or _label_indexing(str(inner), given)
    reading = reading or _matmul_operands(inner)
    return f"{message}. {reading or _from_message(str(inner))}"


def _matmul_operands(error: BaseException) -> str | None:
    """A product whose inner sizes differ, read from the line that raised: the arrays it
    names, their shapes, and which one transposed would fit."""
    if "matmul" not in str(error) and "not aligned" not in str(error):
        return None
    frames = [
        (frame, line)
        for frame, line in traceback.walk_tb(error.__traceback__)
        if not any(
            part in frame.f_code.co_filename.replace("\\", "/")
            for part in ("/parity/", "site-packages", "/numpy/", "<")
        )
    ]  # the course's code or a learner's, not the ladder's or NumPy's
    if not frames:
        return None
    frame, line_number = frames[-1]
    source = linecache.getline(frame.f_code.co_filename, line_number).strip()
    names = [n for n in re.findall(r"[A-Za-z_]\w*", source.split("=", 1)[-1])]
    arrays = {n: frame.f_locals[n] for n in names if isinstance(frame.f_locals.get(n), np.ndarray)}
    shapes = ", ".join(f"{n} {v.shape}" for n, v in arrays.items())
    found = list(arrays.items())
    for (left, a), (right, b) in itertools.pairwise(found):
        if a.ndim == 2 and b.ndim == 2 and a.shape[1] != b.shape[0]:
            if a.shape[1] == b.shape[1]:
                return (
                    f"The product on `{source}` multiplies {left} {a.shape} by {right} "
                    f"{b.shape}: inner sizes {a.shape[1]} and {b.shape[0]}; with {right}.T "
                    f"the shapes fit ({a.shape} @ {b.shape[::-1]})"
                )
            if a.shape[0] == b.shape[0]:
                return (
                    f"The product on `{source}` multiplies {left} {a.shape} by {right} "
                    f"{b.shape}: inner sizes {a.shape[1]} and {b.shape[0]}; with {left}.T "
                    f"the shapes fit ({a.shape[::-1]} @ {b.shape})"
                )
    return f"The product on `{source}` has inner sizes that differ ({shapes})" if shapes else None


def where_raised(error: BaseException) -> str:
    """' (in FUNCTION, FILE line N)': the deepest frame in the course's code, not the ladder's."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [
        frame
        for frame in frames
        if "mnist_course" in frame.filename.replace("\\", "/")
        and "/parity/" not in frame.filename.replace("\\", "/")
    ]
    if not ours:
        return ""
    frame = ours[-1]
    return f" (in {frame.name}, {Path(frame.filename).name} line {frame.lineno})"


def in_evaluate(error: BaseException) -> bool:
    """True when the error rose while a model scored data (``evaluate``), not in a step."""
    return any(frame.name == "evaluate" for frame in traceback.extract_tb(error.__traceback__))


def _wrong_axis(text: str, batch_size: int | None) -> str | None:
    """A batch-sized value where a feature-sized one belongs, or one per class where one
    per sample belongs: a reduction over the wrong axis."""
    into = re.search(r"from shape \((\d+),?\) into shape \((\d+),?\)", text)
    if into and batch_size and int(into[1]) == batch_size and int(into[2]) != batch_size:
        return (
            f"A value with one entry per sample (the batch of {batch_size}) was written where "
            f"{into[2]} entries, one per unit, belong: a sum or mean over the features "
            "(axis=1) where the batch (axis=0) belongs; a bias gradient is grad_y.sum(axis=0)"
        )
    pair = re.search(r"broadcast together with shapes \((\d+),?\) \((\d+),?\)", text)
    classes = config.NUM_CLASSES
    if pair and classes in (int(pair[1]), int(pair[2])) and int(pair[1]) != int(pair[2]):
        samples = int(pair[2]) if int(pair[1]) == classes else int(pair[1])
        return (
            f"One value per class ({classes}) met one per sample ({samples}): an argmax, sum "
            "or mean over the batch (axis=0) where the classes (axis=1) belong, as in "
            "logits.argmax(axis=1)"
        )
    return None


def _what_the_shape_says(wrong: WrongShape, batch_size: int) -> str:
    said = (
        f"Before that, {wrong.function} returned {wrong.result} of shape {wrong.shape} "
        f"where the reference's is {wrong.expected}"
    )
    if len(wrong.shape) == 2 and wrong.shape == wrong.expected[::-1]:
        return (
            f"{said}: a transposed operand (a transposed kernel or gradient); Keras's "
            "layout is (inputs, outputs), so grad_kernel = x.T @ grad_y"
        )
    if batch_size in wrong.shape and batch_size not in wrong.expected:
        return (
            f"{said}: an axis of {batch_size}, the batch size, where a feature axis "
            "belongs: a sum or mean over the wrong axis (the batch is axis 0)"
        )
    if len(wrong.shape) != len(wrong.expected):
        return f"{said}: {len(wrong.shape)} axes where {len(wrong.expected)} belong"
    return f"{said}: look at how {wrong.result} is computed"


def _label_indexing(text: str, given: list) -> str | None:
    """What NumPy's indexing messages say about indexing probabilities by the labels."""
    arrays = [shape for shape in given if isinstance(shape, tuple)]
    rows = next((shape[0] for shape in arrays if len(shape) == 2), None)
    out_of_bounds = re.search(r"index (-?\d+) is out of bounds for axis (\d) with size (\d+)", text)
    if out_of_bounds:
        index, axis, size = (int(group) for group in out_of_bounds.groups())
        if size == config.NUM_CLASSES and axis == 1:
            return (
                f"An index {index} into the {size} classes: the class axis was indexed with "
                "sample numbers (probs[labels, rows] for probs[rows, labels]: rows are "
                "samples, columns classes)"
            )
        if axis == 0:
            return (
                f"Row {index} of a batch of {size}: the rows were indexed past the batch "
                "(np.arange of the full batch size, or of len(labels) where the batch is "
                "shorter; the last batch of an epoch is partial), or with the labels"
            )
    broadcast = re.search(
        r"could not be broadcast together with shapes \((\d+),?\) \((\d+),?\)", text
    )
    if broadcast:
        first, second = (int(group) for group in broadcast.groups())
        return (
            f"Two index arrays of {first} and {second}: the row numbers and the labels "
            f"must both have one entry per sample{f' ({rows} in this batch)' if rows else ''}; "
            "np.arange of a fixed size where this batch is smaller (the last batch of an epoch "
            "is partial), or labels of another batch"
        )
    if "only integers" in text or "must be of integer" in text:
        return (
            "The labels are not integers: index with integer class labels (y.astype(int)); "
            "one-hot or float labels cannot pick a column"
        )
    if "too many indices" in text:
        return (
            "Two indices into an array with one axis: the probabilities were flattened, or "
            "a per-sample vector indexed as if it were (samples, classes)"
        )
    return None


def _from_message(text: str) -> str:
    """What the exception's own shapes say, when no wrong result was seen first."""
    shapes = [
        tuple(int(n) for n in found.split(",") if n.strip())
        for found in re.findall(r"\((\d+(?:,\s*\d+)+)\)", text)
    ]
    for first in shapes:
        if len(first) == 2 and first[::-1] in shapes and first[0] != first[1]:
            return (
                f"Shapes {first} and {first[::-1]}: a transposed kernel or gradient; "
                "Keras's layout is (inputs, outputs), so grad_kernel = x.T @ grad_y"
            )
    return "It raised before its result could be compared"
