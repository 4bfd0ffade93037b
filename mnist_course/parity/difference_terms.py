"""Ours minus Keras's as a multiple of a tensor the row is computed from, or the same
numbers in another place.

A fault often adds a term: the bias added twice, the parameter kept in its own
gradient, the gradient itself mixed into Adam's step. Then ours - Keras's is c times one
of the row's inputs (``Evidence.inputs``, Keras's own tensors), element for element, and
naming that input and c is evidence, not a guess. Likewise the same numbers moved: the
rows of a batch in another order, or the columns (the units or classes) permuted.
"""

from __future__ import annotations

import numpy as np

from .constant_ratios import ratio_in_constants

_FIT = 1e-5  # the part of the difference that c x tensor must leave unexplained, at most


def difference_is_a_term(ours, theirs, evidence):
    """'ours is Keras's plus 1 x the bias': the difference fits one input times a constant."""
    if np.shape(ours) != np.shape(theirs) or np.size(ours) < 2 or not np.isfinite(ours).all():
        return None
    difference = np.asarray(ours, np.float64) - np.asarray(theirs, np.float64)
    size = float(np.linalg.norm(difference))
    if size <= 1e-6 * max(float(np.linalg.norm(np.asarray(theirs, np.float64))), 1e-300):
        return None
    for label, tensor in _candidates(evidence, difference.shape):
        norm = float(np.sum(tensor * tensor))
        if norm == 0:
            continue
        factor = float(np.sum(difference * tensor)) / norm
        if factor and np.linalg.norm(difference - factor * tensor) <= _FIT * size:
            return _term(label, factor, evidence)
    return None


def forward_inputs(name: str, keras_outputs: dict, numpy_model) -> dict:
    """What a forward row is computed from: a ReLU's input, or a dense layer's bias."""
    if name.startswith("relu"):
        return {"relu input": keras_outputs[name.replace("relu", "dense")]}
    return {"the bias": numpy_model.named_parameters().get(f"{name}/bias")}


def _candidates(evidence, shape):
    """(label, tensor as float64 in ``shape``) for the row's inputs that can be a term."""
    inputs = dict((getattr(evidence, "inputs", None) or {}).items())
    if getattr(evidence, "grad", None) is not None:
        inputs.setdefault("the gradient", evidence.grad)
    for label, value in inputs.items():
        if label in ("labels", "cached") or not isinstance(value, np.ndarray):
            continue
        tensor = np.asarray(value, np.float64)
        if tensor.ndim == 1 and len(shape) == 2 and tensor.shape[0] == shape[1]:
            tensor = np.broadcast_to(tensor, shape)  # a bias, added to every row
        if tensor.shape == shape and np.isfinite(tensor).all():
            yield label, tensor


def _term(label: str, factor: float, evidence) -> str:
    if np.isclose(abs(factor), 1, rtol=1e-4):
        amount = f"{'plus' if factor > 0 else 'minus'} {label}"
        why = (
            f"{label} added once more than it belongs"
            if factor > 0
            else f"{label} subtracted where it belongs once less (or left out)"
        )
    else:
        spelled = ratio_in_constants(abs(factor), evidence)
        amount = f"{'plus' if factor > 0 else 'minus'} {abs(factor):.6g} x {label}"
        why = f"a term in {label} that Keras does not have" + (f" ({spelled})" if spelled else "")
    return (
        f"ours is Keras's {amount}, element for element: {why}; look for where this "
        f"value uses {label}"
    )


def moved_elements(ours, theirs, evidence=None):
    """The same rows (or columns) as Keras's, in another order."""
    if np.shape(ours) != np.shape(theirs) or np.ndim(ours) != 2 or not np.isfinite(ours).all():
        return None
    ours, theirs = np.asarray(ours, np.float64), np.asarray(theirs, np.float64)
    scale = max(float(np.abs(theirs).max(initial=0)), 1e-300)
    if np.allclose(ours, theirs, rtol=1e-6, atol=1e-9 * scale):
        return None
    for axis, what in ((0, "rows"), (1, "columns")):
        if ours.shape[axis] < 2:
            continue
        sorted_ours = np.sort(ours, axis=axis)
        if np.allclose(sorted_ours, np.sort(theirs, axis=axis), rtol=1e-6, atol=1e-9 * scale):
            lines = _permuted_lines(ours, theirs, axis, scale)
            if lines is not None:
                moved = int((lines != np.arange(len(lines))).sum())
                meaning = (
                    "the samples (or their labels) in another order: data and labels "
                    "shuffled apart, or batches taken in another order"
                    if axis == 0
                    else "the units (or classes) in another order: an index or a kernel's "
                    "columns permuted"
                )
                return f"the same {what} as Keras's, {moved} of them moved: {meaning}"
    return None


def _permuted_lines(ours, theirs, axis, scale):
    """For each of our rows (columns), the index of Keras's equal one; None if not all match."""
    ours_lines = ours if axis == 0 else ours.T
    theirs_lines = theirs if axis == 0 else theirs.T
    found = []
    for line in ours_lines:
        close = np.flatnonzero(
            np.all(np.isclose(theirs_lines, line, rtol=1e-6, atol=1e-9 * scale), axis=1)
        )
        if not len(close):
            return None
        found.append(int(close[0]))
    return np.array(found)


def scaled_lines(ours, theirs, evidence=None):
    """Each row (or column) of ours is Keras's times a factor of its own: a per-sample or
    per-unit scale is wrong (a normalisation by the wrong sum, a per-row weight)."""
    if np.shape(ours) != np.shape(theirs) or np.ndim(ours) != 2 or not np.isfinite(ours).all():
        return None
    ours, theirs = np.asarray(ours, np.float64), np.asarray(theirs, np.float64)
    if (theirs == 0).any() or min(ours.shape) < 2:
        return None
    ratio = ours / theirs
    rounding = 1e-12 if getattr(evidence, "dtype", "float64") == "float64" else 1e-6
    for axis, what in ((1, "row"), (0, "column")):
        factors = ratio.mean(axis=axis, keepdims=True)
        if not np.allclose(ratio, factors, rtol=rounding, atol=0):
            continue
        factors = factors.ravel()
        if np.ptp(factors) < 100 * rounding:
            return None  # one factor for all (or rounding): a constant ratio, read elsewhere
        added = _added_to_the_sum(factors, evidence) if what == "row" else None
        if added:
            return added
        scaled = np.flatnonzero(np.abs(factors - 1) > 100 * rounding)
        if len(scaled) < len(factors):  # the others agree: name the lines that do not
            label = "class" if what == "column" and len(factors) == 10 else what
            times = ", ".join(f"{factors[i]:.4g}" for i in scaled[:4])
            return (
                f"only whole {what}s differ: {label} {', '.join(map(str, scaled[:8]))}, each "
                f"Keras's times a factor ({times}; the rest agree)"
            )
        shown = ", ".join(f"{value:.4g}" for value in factors[:4])
        softmax = (
            ": softmax divided by another sum than each row's own sum of exp (over the "
            "whole batch, or another axis); sum(axis=1, keepdims=True)"
            if getattr(evidence, "kind", "") == "softmax" and what == "row"
            else ": a scale per sample or per unit is wrong (a normalisation by the wrong "
            "sum, or a per-row weight)"
        )
        return (
            f"each {what} of ours is Keras's {what} times a factor of its own ({what}s 0-3: "
            f"{shown}){softmax}"
        )
    return None


def _added_to_the_sum(factors, evidence) -> str | None:
    """Softmax rows scaled by s / (s + c), s each row's sum of exp: c added to the sum."""
    logits = (getattr(evidence, "inputs", None) or {}).get("logits")
    if getattr(evidence, "kind", "") != "softmax" or logits is None:
        return None
    z = np.asarray(logits, np.float64)
    for sums, how in ((np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1), "shifted"),
                      (np.exp(z).sum(axis=1), "unshifted")):  # fmt: skip
        added = (1 / factors - 1) * sums
        if np.isfinite(added).all() and np.allclose(added, added[0], rtol=1e-3):
            return (
                f"each row is Keras's times s / (s + {added[0]:.3g}), s its sum of exp "
                f"({how} logits): {added[0]:.3g} is added to softmax's denominator (an "
                "epsilon in the sum); softmax divides by the row's sum alone"
            )
    return None
