"""Gradients recomputed from their inputs with known mistakes (see ``recompute``): the
logits' gradient from the logits and labels, a ReLU's from the gradient above it and z,
a kernel's from the forward pass's cached tensors and the gradient of its output.
"""

from __future__ import annotations

import numpy as np

from .. import config
from .recompute import close_to, first_match, logsoftmax64, softmax64


def logits_gradient(ours, theirs, evidence):
    """d loss / d logits, from logits that matched and the labels: which entries differ."""
    inputs = evidence.inputs or {}
    z, labels = inputs.get("logits"), inputs.get("labels")
    if evidence.kind != "gradient" or z is None or labels is None or ours.shape != np.shape(z):
        return None
    n, rows = len(labels), np.arange(len(labels))
    z64 = np.asarray(z, np.float64)
    one_hot = np.eye(ours.shape[1])[labels]
    named = first_match(
        ours,
        theirs,
        [
            (lambda: (softmax64(z64, axis=0) - one_hot) / n, "softmax taken over the batch "
             "(axis 0) where each row's classes (axis 1) belong"),
            (lambda: (1 / (1 + np.exp(-z64)) - one_hot) / n, "the sigmoid of each logit "
             "where softmax belongs"),
            (lambda: (z64 - one_hot) / n, "the logits themselves where their softmax "
             "belongs: (softmax(z) - one_hot) / n, not (z - one_hot) / n"),
            (lambda: (logsoftmax64(z64) - one_hot) / n, "log-softmax where softmax "
             "belongs: (softmax(z) - one_hot) / n"),
            (lambda: _rows_indexed_by_labels(softmax64(z64), labels) / n, "grad[labels] -= 1 "
             "subtracts 1 from whole rows numbered by the labels; each row needs 1 off at its "
             "own label: grad[np.arange(n), labels] -= 1"),
        ],
    )  # fmt: skip
    if named:
        return f"the logits agree with Keras's, their gradient does not: {named}"
    scaled = (ours - np.asarray(theirs, np.float64)) * n  # in units of 1 / batch size
    at_label = np.zeros(ours.shape, bool)
    at_label[rows, labels] = True
    elsewhere = np.abs(scaled[~at_label]).max(initial=0)
    if elsewhere < 1e-6 and np.abs(scaled[at_label]).max() > 1e-6:
        amounts = scaled[at_label]
        if not np.allclose(amounts, amounts[0], rtol=1e-4):
            return (
                "only each row's true-class entry differs, by different amounts: the label's "
                "term (softmax - one_hot) / n is computed another way there"
            )
        if np.isclose(amounts[0], 1, rtol=1e-4):
            return (
                f"only each row's true-class entry differs, by +1/{n}: the one-hot was never "
                "subtracted; the gradient is (softmax(z) - one_hot(labels)) / n"
            )
        if np.isclose(amounts[0], 1 - n, rtol=1e-4):
            return (
                f"only each row's true-class entry differs, every one by -{n - 1}/{n}: the "
                f"1 at the label was subtracted after dividing by n ({n}), so it is not "
                "divided; subtract the one-hot first, then divide: (softmax - one_hot) / n"
            )
        return (
            f"only each row's true-class entry differs, every one by {amounts[0]:+.4g}/{n}: "
            f"the value subtracted at the label is {1 - amounts[0]:.4g} where 1 belongs "
            "(a one-hot of 1.0; label smoothing is not in Keras's loss here)"
        )
    labels_row = _labels_subtracted(scaled, at_label, np.asarray(labels))
    if labels_row:
        return labels_row
    # Rows that differ by +1/n at the label and -1/n at one other column: the one-hot's 1
    # sits at that column instead (rows where it is the label itself agree).
    rounded = np.round(scaled)
    if not np.allclose(scaled, rounded, atol=1e-4) or not np.abs(rounded).any():
        return None
    moved = np.flatnonzero(np.abs(rounded).sum(axis=1) > 0)
    columns = np.argmin(rounded, axis=1)
    if not all(
        rounded[row, labels[row]] == 1
        and rounded[row, columns[row]] == -1
        and np.abs(rounded[row]).sum() == 2
        for row in moved
    ):
        return None
    unmoved = np.setdiff1d(np.arange(n), moved)
    predicted = np.asarray(z).argmax(axis=1)
    if np.array_equal(columns[moved], predicted[moved]) and np.array_equal(
        predicted[unmoved], labels[unmoved]
    ):
        where = "each row's predicted class (argmax of the logits)"
    elif len(np.unique((columns[moved] - labels[moved]) % config.NUM_CLASSES)) == 1:
        where = f"the label {int((columns[moved[0]] - labels[moved[0]]) % config.NUM_CLASSES):+d}"
    else:
        where = "another class than the label"
    return f"the one-hot's 1 is at {where} where each row's label belongs"


def _rows_indexed_by_labels(probs, labels):
    probs = probs.copy()
    probs[labels] -= 1
    return probs


def masked_in_place(ours, theirs, evidence):
    """The gradient of a ReLU's output, masked after it was recorded: relu_backward wrote
    over the gradient it was given."""
    z = (evidence.inputs or {}).get("masked by")
    if evidence.kind != "gradient" or z is None or np.shape(z) != ours.shape:
        return None
    masked = np.asarray(theirs, np.float64) * (np.asarray(z) > 0)
    if close_to(ours, masked) and not close_to(ours, theirs):
        return (
            "this gradient is Keras's with zeros where the ReLU's input z <= 0: it was "
            "masked after it was passed down, so relu_backward wrote over the gradient it "
            "was given (grad[z <= 0] = 0, or grad *= mask); return a new array"
        )
    return None


def relu_gradient(ours, theirs, evidence):
    """d loss / d z below a ReLU, from the gradient above it (which matched) and z."""
    inputs = evidence.inputs or {}
    grad_a, z = inputs.get("gradient above"), inputs.get("relu input")
    if evidence.kind != "gradient" or grad_a is None or z is None or np.shape(z) != ours.shape:
        return None
    grad_a, z = np.asarray(grad_a, np.float64), np.asarray(z, np.float64)
    named = first_match(
        ours,
        theirs,
        [
            (lambda: grad_a, "the gradient passed through everywhere: the mask (z > 0) is "
             "missing"),
            (lambda: grad_a * (z >= 0), "the mask z >= 0, which passes the gradient where z "
             "is exactly 0 (the blank first image: all its z are 0); TensorFlow passes none "
             "there: z > 0"),
            (lambda: grad_a * (grad_a > 0), "the mask taken from the gradient above (grad > 0, "
             "or np.maximum(grad, 0)) where it must come from the layer's input: z > 0"),
            (lambda: grad_a * (z < 0), "the mask reversed: passed where z < 0, blocked where "
             "z > 0"),
            (lambda: grad_a * np.sign(z), "np.sign(z) as the mask: it is -1 where z < 0, "
             "so the gradient comes through negated there; the mask is 0 or 1, (z > 0)"),
            (lambda: grad_a * z, "multiplied by z where the mask (z > 0) belongs"),
            (lambda: grad_a * np.maximum(z, 0), "multiplied by ReLU(z), the layer's output, "
             "where the mask (z > 0) belongs"),
            (lambda: (z > 0).astype(float), "the mask (z > 0) alone: the gradient from above "
             "is not multiplied in"),
        ],
    )  # fmt: skip
    if named:
        return (
            f"the gradient above this ReLU matched, the one below does not: ReLU backward "
            f"has {named}"
        )
    return None


def kernel_gradient(ours, theirs, evidence):
    """d loss / d kernel: Keras's own transposed and reshaped, or x.T @ grad_y with the
    wrong x (another tensor the forward pass cached)."""
    inputs = evidence.inputs or {}
    if evidence.kind != "gradient" or "kernel input" not in inputs or ours.ndim != 2:
        return None
    theirs = np.asarray(theirs, np.float64)
    if ours.shape == theirs.shape and close_to(ours, theirs.T.reshape(ours.shape)):
        return (
            "equal to Keras's transposed and then reshaped to the kernel's shape: "
            "(grad_y.T @ x).reshape(kernel.shape) where a transpose belongs; "
            "grad_kernel = x.T @ grad_y"
        )
    grad_y = np.asarray(inputs["output gradient"], np.float64)
    right = inputs["kernel input"]
    for name, cached in inputs.get("cached", {}).items():
        cached = np.asarray(cached, np.float64)
        if name == right or len(cached) != len(grad_y):
            continue
        if close_to(ours, cached.T @ grad_y):  # any shape: close_to needs the same one
            return (
                f"ours is ({name}).T @ grad_y: the kernel's gradient is taken with {name} "
                f"where this layer's input, {right}, belongs (the wrong entry of the "
                "forward cache)"
            )
    return None


def one_value_everywhere(ours, theirs, evidence):
    """Every entry of ours the same number where Keras's differ: a reduction with no axis
    (a scalar broadcast into every unit); for a bias, grad_y summed over every axis."""
    theirs = np.asarray(theirs, np.float64)
    if ours.size < 2 or ours.shape != theirs.shape or not np.all(ours == ours.flat[0]):
        return None
    value = float(ours.flat[0])
    if value == 0 or np.allclose(theirs, theirs.flat[0]):  # all zeros: "never computed"
        return None
    for total, how in ((theirs.sum(), "summed"), (theirs.mean(), "averaged")):
        if np.isclose(value, total, rtol=1e-4, atol=0) and evidence.kind == "gradient":
            return (
                f"every entry of ours is the same number, {value:.6g}, Keras's {ours.size} "
                f"entries {how}: a reduction over every axis where one value per unit "
                "belongs; a bias gradient is grad_y.sum(axis=0) (with no axis, .sum() gives "
                "one scalar, broadcast into every bias)"
            )
    return (
        f"every entry of ours is the same number, {value:.6g}, where Keras's differ: a "
        "scalar broadcast where one value per unit belongs (a sum, mean or max with no "
        "axis)"
    )


def _labels_subtracted(scaled, at_label, labels) -> str | None:
    """Each row off by minus its label's value (the class number) off the label, and by
    1 less at it: the integer labels subtracted where the one-hot belongs."""
    columns = scaled.shape[1]
    if columns < 3:
        return None
    other = scaled[np.arange(len(labels)), (labels + 1) % columns]  # a column not the label's
    expected = np.where(at_label, other[:, None] + 1, other[:, None])
    if np.allclose(scaled, expected, atol=1e-6) and np.allclose(other, -labels, atol=1e-6):
        return (
            "each row is off by minus its label's value (the class number) in every column, "
            "and the label's own entry lacks its -1: the integer labels were subtracted "
            "(softmax - labels[:, None]) where the one-hot belongs (1 at the label's column "
            "only)"
        )
    return None
