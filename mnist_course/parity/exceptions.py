"""When a function under test raises: which one, on what, and what the shapes say.

``watched`` wraps each function that is not the reference's own, so that an exception
names the function that raised and the shapes it was given, and a result whose shape
differs from the reference's on the same inputs is remembered: the usual reason why a
later function raises (a transposed operand, a batch-sized axis where a feature axis
belongs). ``explain`` turns an exception into that sentence.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from .. import config
from ..numpy_mlp import functional as F
from .exception_readings import (
    column_vector,
    from_message,
    label_indexing,
    mixed_layers,
    none_operand,
    other_readings,
    row_without_keepdims,
    transposed_inside,
)
from .raising_line import broadcast_operands, matmul_operands, stored_gradient

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
    others: dict = field(default_factory=dict)  # the reference's other results' shapes


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
            others = {other: np.shape(value) for other, value in zip(labels, expecteds)
                      if other != label and value is not None}  # fmt: skip
            watch.wrong_shapes.append(
                WrongShape(name, label, np.shape(ours), np.shape(theirs), others)
            )
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
    reading = _wrong_axis(str(inner), batch_size) or label_indexing(str(inner), given)
    raised_in = error.function if isinstance(error, Raised) else _deepest_function(inner)
    reading = reading or broadcast_operands(inner) or row_without_keepdims(str(inner))
    reading = reading or column_vector(str(inner))
    reading = (
        other_readings(str(inner)) or reading or transposed_inside(str(inner), given, raised_in)
    )
    reading = reading or mixed_layers(str(inner), raised_in)
    reading = reading or matmul_operands(inner) or stored_gradient(inner) or none_operand(inner)
    return f"{message}. {reading or from_message(str(inner))}"


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


def _deepest_function(error: BaseException) -> str:
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if "/numpy/" not in frame.filename.replace("\\", "/")]  # fmt: skip
    return frames[-1].name if frames else ""


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
    swapped = [other for other, shape in wrong.others.items() if shape == wrong.shape]
    if swapped:
        order = ", ".join(RESULT_NAMES.get(wrong.function, ()))
        return (
            f"{said}, the shape of its {swapped[0]}: {wrong.result} and {swapped[0]} are "
            f"returned in each other's place" + (f" (return {order})" if order else "")
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
