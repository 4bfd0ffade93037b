"""What an epoch metric's own numbers say, read against Keras's other metrics.

Before any averaging is examined: a metric equal to another key of Keras's history (the
two swapped), one epoch behind Keras's (measured before the epoch trained), or a constant
multiple that is a count of samples (a count where a fraction belongs).
"""

from __future__ import annotations

import re

import numpy as np


def across_metrics(key: str, ours, their_metrics: dict, counts: dict[str, int]) -> str | None:
    ours = np.asarray(ours, np.float64)
    theirs = np.asarray(their_metrics.get(key, []), np.float64)
    if ours.shape != theirs.shape or not ours.size:
        return None
    for other, values in their_metrics.items():
        values = np.asarray(values, np.float64)
        if other != key and values.shape == ours.shape and np.allclose(ours, values, rtol=1e-6):
            return (
                f"fit's {key} is Keras's {other}, epoch for epoch: the two values swapped "
                f"(a pair unpacked in the other order, as {other}, {key} = ...)"
            )
    if len(ours) > 1 and np.allclose(ours[1:], theirs[:-1], rtol=1e-6):
        return (
            f"each epoch's {key} is Keras's of the epoch before (epoch 2 reports epoch 1's): "
            "it is measured before the epoch trains; measure it after the epoch's last step"
        )
    if (theirs != 0).all():
        ratio = ours / theirs
        if np.allclose(ratio, ratio[0], rtol=1e-9):
            for what, count in counts.items():
                if np.isclose(ratio[0], count, rtol=1e-9):
                    return (
                        f"every epoch's {key} is Keras's times {count:,}, the number of "
                        f"{what}: a count or a sum where their mean belongs (divide by "
                        f"{count:,})"
                    )
    return None


def after_the_step(key: str, reported, trace, x, y, final_weights, setup, steps: int):
    """An epoch's loss or accuracy measured after each batch's step, not before it: the
    batches replayed on the parameters each step left (recorded by the trace)."""
    from ..numpy_mlp import MLP

    if key not in ("loss", "accuracy") or len(trace.params_before) != len(trace.samples):
        return None
    afters = [*trace.params_before[1:], np.concatenate([np.ravel(w) for w in final_weights])]
    model = MLP(dtype=setup.dtype, seed=None, ops=setup.ops)
    x = model.check_inputs(x)
    values = []
    for batch, params in zip(trace.samples, afters):
        model.flat_params[...] = params
        with np.errstate(all="ignore"):
            logits = model.forward(x[batch])
            value = (setup.ops.cross_entropy(logits, y[batch]) if key == "loss"
                     else float((logits.argmax(axis=1) == y[batch]).mean()))  # fmt: skip
        values.append(value * len(batch))
    epochs = [sum(values[start : start + steps]) / sum(trace.sizes[start : start + steps])
              for start in range(0, len(values), steps)]  # fmt: skip
    reported = np.asarray(reported, np.float64)
    if len(epochs) == len(reported) and np.allclose(epochs, reported, rtol=1e-6):
        return (
            f"each epoch's {key} is measured after each batch's step, on the updated "
            "parameters, where Keras measures it before the step, from the forward pass it "
            "trains on: use the loss and logits that pass returned"
        )
    return None


def history_counts(key: str, our_metrics: dict, their_metrics: dict, steps: int) -> str | None:
    """A history key with another number of values than Keras's one per epoch, read with
    the whole history: a value kept under another name, a validation never recorded, the
    last epoch only, one per batch, or appended twice."""
    ours = np.asarray(our_metrics.get(key, []), np.float64).ravel()
    theirs = np.asarray(their_metrics[key], np.float64).ravel()
    if ours.shape == theirs.shape:
        return None
    for other, values in our_metrics.items():
        values = np.asarray(values, np.float64).ravel()
        if other not in their_metrics and values.shape == theirs.shape:
            if np.allclose(values, theirs, rtol=1e-6):
                return (
                    f"fit's history keeps {key}'s values under '{other}' (equal to Keras's "
                    f"{key}, epoch for epoch): the key is misspelt; Keras's history names it "
                    f"'{key}'"
                )
    epochs = len(theirs)
    filled = sorted(k for k, v in our_metrics.items() if np.size(v) == epochs)
    if not ours.size and key.startswith("val_") and filled:
        return (
            f"fit's history has no {key} values, while {', '.join(filled)} have one per epoch: "
            "the validation metrics are never written to the history (measured after the "
            "epoch's values were appended, or not appended at all)"
        )
    if not ours.size:
        return f"fit's history has no {key} values: {key} is never appended to it"
    if ours.size == 1 and epochs > 1:
        return (
            f"fit's history holds one {key} value where Keras has {epochs} (one per epoch): "
            f"the history is re-made or assigned each epoch (history['{key}'] = [value]), so "
            "only the last survives; append to one list made before the loop"
        )
    if ours.size == steps * epochs:
        return f"fit reports one {key} per batch ({ours.size}): average the epoch's batches"
    if ours.size == 2 * epochs:
        return f"fit reports two {key} values per epoch ({ours.size}): it is appended twice"
    return (
        f"fit reports {ours.size} values of {key} where Keras reports one per epoch "
        f"({epochs}): append to the history once per epoch"
    )


def swapped_arrays(message: str, training: int, validation: int) -> str:
    """What a validation-time shape error's sizes say: a training array (its size is the
    training set's) handed to evaluate beside a validation one."""
    sizes = [int(size) for size in re.findall(r"\((\d+),", message)]
    if training == validation or training not in sizes or validation not in sizes:
        return ""
    return (
        f"; {training} is the training set's size and {validation} the validation set's: "
        "evaluate was given a training array beside a validation one (y where y_val "
        "belongs, or x where x_val belongs)"
    )
