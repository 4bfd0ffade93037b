"""Fingerprints read from a tensor's own inputs: the tensor recomputed with known mistakes.

Where the row above a tensor matched Keras, the mistake is in the one function between
them, and that function's input is known (``Evidence.inputs``: Keras's own tensors).
Each known mistake is recomputed from that input; one that gives ours is named. Where
none does, what ours does on each part of the input (the positive and the negative
values of a ReLU's input, each row's true class) is said instead: evidence, not a guess.
"""

from __future__ import annotations

import numpy as np


def close_to(ours, candidate) -> bool:
    candidate = np.asarray(candidate, np.float64)
    if candidate.shape != ours.shape or not np.isfinite(candidate).all():
        return False
    scale = max(float(np.abs(candidate).max(initial=0)), 1e-300)
    return bool(np.allclose(ours, candidate, rtol=1e-4, atol=1e-5 * scale))


def first_match(ours, theirs, candidates) -> str | None:
    """The meaning of the first candidate equal to ours, and far closer to it than Keras's
    value is (a candidate within rounding of Keras's own explains nothing)."""
    miss = float(np.max(np.abs(ours - np.asarray(theirs, np.float64)), initial=0))
    with np.errstate(all="ignore"):
        for make, meaning in candidates:
            try:
                candidate = make()
            except (IndexError, ValueError):  # this mistake cannot happen on these inputs
                continue
            if close_to(ours, candidate) and np.max(np.abs(ours - candidate)) < 0.05 * miss:
                return meaning
    return None


def softmax64(z, axis=1):
    shifted = np.exp(z - z.max(axis=axis, keepdims=True))
    return shifted / shifted.sum(axis=axis, keepdims=True)


def logsoftmax64(z, axis=1):
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def relu_output(ours, theirs, evidence):
    """A ReLU's output, its input z (Keras's dense output, which matched) known."""
    z = (evidence.inputs or {}).get("relu input")
    if evidence.kind != "forward" or z is None or np.shape(z) != ours.shape:
        return None
    z = np.asarray(z, np.float64)
    named = first_match(
        ours,
        theirs,
        [
            (lambda: np.minimum(z, 0), "np.minimum where np.maximum belongs"),
            (lambda: z, "no ReLU applied: its input passed through unchanged"),
            (lambda: np.abs(z), "|z| (np.abs) where max(z, 0) belongs"),
            (lambda: (z > 0).astype(float), "the mask z > 0 returned where z * (z > 0) belongs"),
        ],
    )
    positive, negative = z > 0, z < 0
    said = [_on_part(ours, z, positive, "positive"), _on_part(ours, z, negative, "negative")]
    return (
        f"this ReLU's input (the dense layer's output, above) agrees with Keras's; where it "
        f"is {said[0]}, where it is {said[1]}: "
        + (named or "ReLU is max(z, 0): z where z > 0, else 0")
    )


def _on_part(ours, z, part, which) -> str:
    if not part.any():
        return f"{which}, there are no such values"
    right = z[part] if which == "positive" else np.zeros(int(part.sum()))
    if np.allclose(ours[part], right):
        return f"{which}, ours is right"
    if np.allclose(ours[part], 0):
        return f"{which}, ours is 0 where Keras keeps z"
    if np.allclose(ours[part], z[part]):
        return f"{which}, ours keeps z where Keras has 0"
    cap = float(ours[part].max())
    if which == "positive" and np.allclose(ours[part], np.minimum(z[part], cap)):
        return f"{which}, ours is capped at {cap:.4g} (np.clip(z, 0, {cap:.4g}): no ReLU caps)"
    slope = ours[part] / z[part]
    if np.allclose(slope, slope[0], rtol=1e-4):
        keras_slope = 1 if which == "positive" else 0
        return f"{which}, ours is {slope[0]:.4g} z (Keras's slope there is {keras_slope})"
    return f"{which}, ours differs"


def probabilities(ours, theirs, evidence):
    """Softmax's output, from logits that matched."""
    z = (evidence.inputs or {}).get("logits")
    if evidence.kind != "softmax" or z is None or np.shape(z) != ours.shape or ours.ndim != 2:
        return None
    z = np.asarray(z, np.float64)
    named = first_match(
        ours,
        theirs,
        [
            (lambda: softmax64(np.maximum(z, 0)), "softmax of ReLU(logits): a ReLU applied to "
             "the output layer too (only rows with a negative logit differ); the last Dense "
             "layer's activation is softmax alone"),
            (lambda: 1 / (1 + np.exp(-z)), "the sigmoid of each logit where softmax belongs"),
            (lambda: np.exp(z - z.max(axis=1, keepdims=True)), "exp(z - max z) not divided "
             "by its row's sum: softmax's normalisation missing"),
            (lambda: softmax64(z - z.max(axis=0)), "the maximum subtracted per class (over "
             "the batch, axis 0) where each row's own maximum belongs"),
            (lambda: logsoftmax64(z), "log-probabilities (log-softmax) where probabilities "
             "belong"),
            (lambda: softmax64(softmax64(z)), "softmax applied twice: the output of the "
             "forward pass is already probabilities, and softmax is taken of them again "
             "(the last layer's softmax belongs in one place)"),
            (lambda: softmax64(z, axis=0), "softmax over the wrong axis, the batch (axis 0): "
             "each column sums to 1 where each row (a sample's classes, axis 1) should"),
            (lambda: np.exp(z - z.max(axis=1, keepdims=True)) / np.exp(z).sum(axis=1,
             keepdims=True), "the maximum subtracted in the numerator only: exp(z - max) / "
             "sum(exp(z)); subtract it in both (or neither: the shift cancels)"),
            (lambda: np.exp(z) / np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1,
             keepdims=True), "the maximum subtracted in the denominator only: exp(z) / "
             "sum(exp(z - max)); subtract it in both"),
            (lambda: np.exp(z) / np.exp(z).sum(), "divided by the sum over the whole batch "
             "(no axis) where each row's own sum belongs: sum(axis=1, keepdims=True)"),
        ],
    )  # fmt: skip
    if named:
        return f"the logits agree with Keras's, the probabilities do not: {named}"
    return None


def softmax_batch_maximum(ours, theirs, evidence):
    """NaN rows exactly where the batch's maximum, not the row's, was subtracted: a row far
    below the batch's largest logit underflows to 0 / 0."""
    z = (evidence.inputs or {}).get("logits")
    if evidence.kind != "softmax" or z is None or ours.ndim != 2 or np.isfinite(ours).all():
        return None
    z = np.asarray(z, np.float64)
    with np.errstate(all="ignore"):
        underflows = np.exp(z - z.max()).sum(axis=1) == 0
    bad_rows = ~np.isfinite(ours).all(axis=1)
    if underflows.any() and np.array_equal(bad_rows, underflows):
        return (
            f"NaN in row {_rows(bad_rows)} only, whose logits all lie far below the batch's "
            "largest: the batch's maximum was subtracted (z.max()), not each row's; exp "
            "underflows to 0 in the whole row and 0 / 0 is NaN: z.max(axis=1, keepdims=True)"
        )
    return None


def _rows(mask) -> str:
    return ", ".join(str(int(i)) for i in np.flatnonzero(mask))


def loss_from_logits(ours, theirs, evidence):
    """The mean loss, from logits that matched and the labels."""
    inputs = evidence.inputs or {}
    z, labels = inputs.get("logits"), inputs.get("labels")
    if evidence.kind != "loss" or z is None or labels is None or np.size(ours) != 1:
        return None
    z, rows = np.asarray(z, np.float64), np.arange(len(labels))
    probs, shifted = softmax64(z), z - z.max(axis=1, keepdims=True)
    low = 1e-7  # Keras's epsilon: it clips plain probabilities to [1e-7, 1 - 1e-7]
    named = first_match(
        ours,
        theirs,
        [
            (lambda: -np.log(np.clip(probs, low, 1 - low))[rows, labels].mean(), "the loss "
             "is taken from clipped probabilities, -log(clip(softmax(z), 1e-7, 1 - 1e-7)), "
             "not from the logits: the same for ordinary logits, at most -log(1e-7) = 16.1 "
             "per sample for extreme ones; Keras's fit takes log-softmax of the logits"),
            (lambda: -logsoftmax64(z - z.max(axis=0))[rows, labels].mean(), "log-softmax "
             "of the logits shifted by each class's maximum over the batch (max over axis "
             "0): a different shift per class changes every row's result; subtract each "
             "row's own maximum (axis=1, keepdims=True)"),
            (lambda: -np.log(probs[:, labels]).mean(), "every row indexed with every label: "
             "probs[:, labels] picks an (n, n) block, where probs[np.arange(n), labels] picks "
             "each row's own label"),
            *[(lambda eps=eps: -np.log(probs[rows, labels] + eps).mean(), f"-log(p + {eps:g}): "
               f"an epsilon {eps:g} added inside the log; Keras takes log-softmax of the "
               "logits, with no epsilon") for eps in (1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15)],
            (lambda: -(shifted - np.exp(shifted).sum(axis=1, keepdims=True))[rows, labels]
             .mean(), "log-softmax without its log: z - max(z) - sum(exp(z - max(z))) where "
             "log(sum(exp(z - max(z)))) belongs"),
            (lambda: -logsoftmax64(z, axis=0)[rows, labels].mean(), "log-softmax normalised "
             "over the batch (axis 0) where each row (axis 1) belongs"),
            (lambda: -logsoftmax64(z).mean(), "the mean of every class's -log p, where only "
             "each sample's label counts"),
            (lambda: -np.log(probs.max(axis=1)).mean(), "-log of each row's largest "
             "probability (the predicted class) where the label's belongs"),
            (lambda: -(shifted - np.log(np.exp(shifted)).sum(axis=1, keepdims=True))[rows,
             labels].mean(), "log-softmax with the log inside the sum, sum(log(exp(.))), "
             "where log(sum(exp(.))) belongs"),
            (lambda: -(np.eye(z.shape[1])[labels] * np.log(probs) + (1 - np.eye(z.shape[1])
             [labels]) * np.log(1 - probs)).sum(axis=1).mean(), "the binary cross-entropy, "
             "-(y log p + (1 - y) log(1 - p)) summed over the classes: the categorical loss "
             "has only the label's -log p"),
        ],
    )  # fmt: skip
    if named:
        return f"the logits agree with Keras's, the loss does not: {named}"
    return None
