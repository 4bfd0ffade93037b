"""What an exception's message and the line that raised it say about the mistake.

Each reading takes NumPy's words (the shapes it names) or the arrays on the line that
raised, and says what they mean for this network: a per-row value that lost its axis,
a product whose operand needs a transpose, a gradient that belongs to another layer,
the class axis indexed with sample numbers.
"""

from __future__ import annotations

import re
import traceback

from .. import config


def row_without_keepdims(text: str) -> str | None:
    """(n, k) against (n,): a per-row sum or max that lost its axis, lined up with k."""
    found = re.search(
        r"shapes \((\d+),\s*(\d+)\) \((\d+),?\)|shapes \((\d+),?\) \((\d+),\s*(\d+)\)", text
    )
    if not found:
        return None
    rows, columns, single = (
        (found[1], found[2], found[3]) if found[1] else (found[5], found[6], found[4])
    )
    if single != rows or single == columns:
        return None
    return (
        f"An array of ({rows}, {columns}) met one of ({single},): one value per row (a sum or "
        f"max over axis=1) lost its axis, and NumPy lines it up with the {columns} columns "
        "instead of the rows; keep it with keepdims=True (or [:, None])"
    )


def column_vector(text: str) -> str | None:
    """(n, k) against (k, 1): a per-unit vector of k values shaped as a column."""
    shapes = [(int(a), int(b)) for a, b in re.findall(r"\((\d+),\s*(\d+)\)", text)]
    for rows, units in shapes:
        if (units, 1) in shapes and rows != units and units != 1:
            return (
                f"An array of ({units}, 1), a column, met one of ({rows}, {units}): a vector "
                f"of {units} per-unit values (a bias) shaped as a column, so NumPy lines it up "
                f"with the {rows} rows; keep it 1-D, shape ({units},) (np.zeros(n), not "
                "np.zeros((n, 1)))"
            )
    return None


def mixed_layers(text: str, raised_in: str = "") -> str | None:
    """(n, a) against (n, b): tensors of two layers of different widths met."""
    found = re.search(r"shapes \((\d+),\s*(\d+)\) \((\d+),\s*(\d+)\)", text)
    if not found:
        return None
    rows, first, other_rows, second = (int(g) for g in found.groups())
    if rows != other_rows or first == second:
        return None
    layer_function = raised_in in ("relu_backward", "relu_forward", "dense_backward",
                                    "dense_forward", "backward", "forward")  # fmt: skip
    if rows in (first, second) and not layer_function:  # (n, n): made from the batch size
        other = second if first == rows else first
        layers = [f"dense_{i}" for i, units in enumerate(config.LAYER_SIZES[1:], 1)
                  if units == rows]  # fmt: skip
        also = (
            f"; or, as {layers[0]} has {rows} units too, a tensor of {layers[0]} handed to "
            "another layer"
            if layers
            else ""
        )
        return (
            f"A ({rows}, {first}) array met a ({rows}, {second}) one: {rows} is this batch's "
            f"size, so one may be a square made from the batch (np.eye(len(labels)), "
            f"np.eye(n)) where an axis of {other} belongs (np.eye({other})[labels]: a row per "
            f"sample, a column per class){also}"
        )
    if config.NUM_CLASSES in (first, second) and raised_in == "relu_backward":
        return (
            f"A ({rows}, {first}) array met a ({rows}, {second}) one in relu_backward: the "
            f"{config.NUM_CLASSES}-wide one is the logits' gradient, which reached a ReLU "
            "unchanged, a tensor of one layer handed to another: the last Dense layer's "
            "backward was skipped, or its grad_x not passed down (grad = "
            "layer.backward(grad) for every layer, the last included)"
        )
    return (
        f"A ({rows}, {first}) array met a ({rows}, {second}) one: the same batch, but two "
        f"layers' widths ({first} and {second} units): a tensor of one layer handed to "
        "another; backward runs from the last layer to the first, each layer taking the "
        "gradient the layer above it returned (and its own z for the ReLU mask)"
    )


def none_operand(error: BaseException) -> str | None:
    """An operation on None: which argument of the raising function is None, and that the
    function before it returned nothing there."""
    if not isinstance(error, TypeError) or "NoneType" not in str(error):
        return None
    frames = [frame for frame, _ in traceback.walk_tb(error.__traceback__)]
    for frame in reversed(frames):
        code = frame.f_code
        arguments = code.co_varnames[: code.co_argcount]
        empty = [name for name in arguments if frame.f_locals.get(name, 0) is None]
        if empty and "/numpy/" not in code.co_filename.replace("\\", "/"):
            return (
                f"{code.co_name} was given {', '.join(empty)} = None: the function that "
                "computed it returned None there (a missing return, or a result skipped by "
                "a flag such as need_grad_x, for the layer whose gradient is still needed)"
            )
    return None


def label_indexing(text: str, given: list) -> str | None:
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
                "shorter; the last batch of an epoch is partial), or with the labels: an "
                "array of one row per sample indexed by them (np.eye(len(labels))[labels] "
                f"where np.eye({config.NUM_CLASSES})[labels] belongs)"
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


def from_message(text: str) -> str:
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


def transposed_inside(text: str, given: list, function: str) -> str | None:
    """(a, b) against (b, a) where the function was handed only one of the two shapes: the
    transpose was made inside it, not by its caller."""
    found = re.search(r"shapes \((\d+),\s*(\d+)\) \((\d+),\s*(\d+)\)", text)
    if not found or not function:
        return None
    first, second = (int(found[1]), int(found[2])), (int(found[3]), int(found[4]))
    arrays = [shape for shape in given if isinstance(shape, tuple)]
    if first != second[::-1] or first[0] == first[1] or not arrays:
        return None
    made = [shape for shape in (first, second) if shape not in arrays]
    if len(made) != 1:
        return None
    handed = ", ".join(str(shape) for shape in arrays)
    return (
        f"{function} was handed {handed}, none shaped {made[0]}: the {made[0]} operand was "
        f"made inside {function}, a .T (or a transposed product) where none belongs"
    )


def other_readings(text: str) -> str | None:
    """A kernel's gradient written into a bias, a 1-D array where the logits belong, and
    float64 arrays met by a float32 model inside fit."""
    found = re.search(r"from shape \((\d+),\s*(\d+)\) into shape \((\d+),?\)", text)
    if found and int(found[2]) == int(found[3]):
        return (
            f"A ({found[1]}, {found[2]}) gradient was written where a ({found[3]},) bias "
            "belongs: the kernel's gradient went to the bias, so dense_backward returned "
            "grad_kernel and grad_bias in the other order (return grad_x, grad_kernel, "
            "grad_bias)"
        )
    if "axis 1 is out of bounds for array of dimension 1" in text:
        return (
            "A 1-D array where a 2-D one (the logits, one row per sample) belongs: the "
            "labels were handed in the logits' place (the arguments in the other order, "
            "f(labels, logits) for f(logits, labels))"
        )
    found = re.search(r"(\w+(?:\.\w+)?)\(\) got an unexpected keyword argument '(\w+)'", text)
    if found:
        return (
            f"{found[1]} does not take {found[2]}=: the call reached another kind of object "
            f"than the one meant (one whose method takes {found[2]}); look at which object "
            "the raising line picks (an index off by one in a list of layers, or a layer "
            "where another belongs)"
        )
    found = re.search(r"expected (float\d+) inputs \(this model's dtype\), got (float\d+)", text)
    if found:
        return (
            f"The ladder hands fit {found[1]} arrays; {found[2]} ones reached the model, so "
            f"fit (or what it calls) converted them: an astype(float), np.asarray(..., "
            f"dtype=float) or np.array(x, float) where the arrays' own dtype belongs"
        )
    return None
