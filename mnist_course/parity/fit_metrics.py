"""Rung 5's per-epoch metrics: what fit reported against Keras's history, and, when they
differ, how they were counted (which average of the batches, over how many samples)
or on what data (validation on the training samples), judged from the batches fit
trained on (``fit_checks.FitTrace``) and its trained parameters.
"""

from __future__ import annotations

import numpy as np

from ..data import flatten_images
from ..numpy_mlp import MLP
from ..numpy_mlp import functional as F
from .diagnose import Evidence
from .fit_checks import FitTrace
from .metric_readings import across_metrics, after_the_step, history_counts
from .report import Comparison


def metric_rows(rungs, ours, our_metrics, their_metrics, data, trace, keras_batches, earlier):
    """One row per history key; ``ours``: NumPy's parameters after training on ``data``."""
    x, y, x_val, y_val = data
    trained_alike = all(row.passed for row in rungs.rows[-len(ours) :])
    evaluated = scored = by_function = None
    if trained_alike:  # NumPy's trained model scored on its training samples, its way
        model = MLP(dtype=rungs.setup.dtype, seed=None, ops=rungs.setup.ops)
        model.set_weights(ours)
        evaluated = model.evaluate(x, y)
        reference = MLP(dtype=rungs.setup.dtype, seed=None)  # and on validation_data, ours
        reference.set_weights(ours)
        logits = reference.forward(flatten_images(x_val))
        scored = (F.cross_entropy(logits, y_val), float((logits.argmax(axis=1) == y_val).mean()))
        by_function = _accuracy_function_fault(logits, y_val, scored[1])
    counts = {"training samples": len(x), "validation samples": len(x_val)}
    steps = len(keras_batches)
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        evidence = Evidence("training", earlier_rungs_passed=earlier)
        name = f"{key} of each epoch, as fit reports it"
        if key not in our_metrics:
            missing = Comparison(5, name, [], float("inf"), float("inf"), 0.0, False)
            missing.diagnosis = history_counts(key, our_metrics, their_metrics, steps) or (
                f"fit's history has no '{key}' (it has {sorted(our_metrics)}): Keras's "
                "history holds loss, accuracy, val_loss and val_accuracy, one per epoch"
            )
            rungs.rows.append(missing)
            continue
        row = rungs.add(5, name, our_metrics[key], their_metrics[key], evidence)
        if not row.passed:
            shaped = np.shape(our_metrics[key]) == np.shape(their_metrics[key])
            row.diagnosis = (
                history_counts(key, our_metrics, their_metrics, steps)
                or (by_function if key.endswith("accuracy") else None)
                or (shaped and averaging_fault(trace, our_metrics[key], key, steps))
                or across_metrics(key, our_metrics[key], their_metrics, counts)
                or after_the_step(
                    key, our_metrics[key], trace, x, y, ours, rungs.setup, len(keras_batches)
                )
                or metric_fault(
                    key,
                    our_metrics[key],
                    their_metrics[key],
                    trained_alike=trained_alike,
                    samples=len(x),
                    sizes=keras_batches,
                    evaluated=evaluated,
                    scored=scored,
                )
                or row.diagnosis
            )


def averaging_fault(trace: FitTrace, reported: list[float], key: str, steps: int) -> str | None:
    """The per-epoch metric NumPy's fit reported, against the other ways to average batches."""
    values = trace.losses if key == "loss" else None
    if key == "accuracy":
        values = [c / s for c, s in zip(trace.correct, trace.sizes)]
    if values is None or len(values) < steps:
        return None
    epochs = []  # per epoch: what fit reported, the sample mean, and the wrong averages
    for epoch, start in enumerate(range(0, len(values), steps)):
        if epoch >= len(reported):
            break
        batch_values, sizes = values[start : start + steps], trace.sizes[start : start + steps]
        total = float(np.sum(batch_values))
        epochs.append(
            {
                "reported": reported[epoch],
                "weighted": float(np.dot(batch_values, sizes) / sum(sizes)),
                "plain": float(np.mean(batch_values)),
                "as_full": total * sizes[0] / sum(sizes),
                "last": float(batch_values[-1]),
                "total": total,
                "per_sample": total / sum(sizes),
            }
        )
    if not epochs:
        return None

    def explains(average: str) -> bool:  # every epoch reports that average, and one differs
        return all(np.isclose(e["reported"], e[average], rtol=1e-9, atol=0) for e in epochs) and (
            any(e[average] != e["weighted"] for e in epochs)
        )

    first, weighted = epochs[0]["reported"], epochs[0]["weighted"]
    sizes = trace.sizes[:steps]
    if explains("per_sample"):
        return (
            f"each epoch's {key} adds its batches' {key} (each already a mean over its "
            f"batch) and divides by the {sum(sizes):,} samples: weight each batch's {key} by "
            f"its size ({key} * len(batch)); epoch 1 reports {first:.6g}, the sample mean "
            f"is {weighted:.6g}"
        )
    if explains("last"):
        return (
            f"each epoch's {key} is its last batch's {key} (a value overwritten every step, "
            f"not accumulated): epoch 1 reports {first:.6g}, the mean over its "
            f"{sum(sizes):,} samples is {weighted:.6g}"
        )
    if explains("total"):
        return (
            f"each epoch's {key} is the sum of its batches' {key}, not their mean over the "
            f"samples: epoch 1 reports {first:.6g}, the sample mean is {weighted:.6g}"
        )
    if explains("as_full"):
        return (
            f"each epoch's {key} weights every batch as a full one of {sizes[0]}: the "
            f"partial last batch of {sizes[-1]} counts as {sizes[0]} (loss * batch_size "
            f"where loss * len(batch) belongs), divided by the {sum(sizes):,} samples: "
            f"epoch 1 reports {first:.6g}, the sample mean is {weighted:.6g}; the "
            "parameters agree, so the training is right"
        )
    if explains("plain"):
        return (
            f"each epoch's {key} is the plain mean of its batches' {key}, where Keras "
            f"weights each batch by its size (the partial last batch of {sizes[-1]} "
            f"counts {sizes[-1]}/{sizes[0]} as much): epoch 1 reports {first:.6g}, the "
            f"sample mean is {weighted:.6g}"
        )
    return None


def metric_fault(key: str, ours, theirs, *, trained_alike: bool, samples: int, sizes: list[int],
                 evaluated: tuple[float, float] | None,
                 scored: tuple[float, float] | None = None) -> str | None:  # fmt: skip
    """An epoch metric that differs when the training itself agreed (every parameter after
    the last step): how it was counted, or on what data. ``evaluated``: (loss, accuracy) of
    NumPy's trained parameters on the training samples; ``scored``: the same parameters
    scored by the course's reference on validation_data."""
    ours, theirs = np.asarray(ours, np.float64), np.asarray(theirs, np.float64)
    steps = len(sizes)
    if ours.shape != theirs.shape:
        per = "batch" if ours.size == steps * theirs.size else "something else"
        return (
            f"fit reports {ours.size} values of {key} where Keras reports one per epoch "
            f"({theirs.size}): one per {per}; append to the history once per epoch"
        )
    if ours.size and (theirs != 0).all():
        ratio = ours / theirs
        if np.allclose(ratio, ratio[0], rtol=1e-9):  # a count divided by the wrong number
            divisor, full = samples / ratio[0], steps * sizes[0]
            if abs(divisor - round(divisor)) < 1e-3 and round(divisor) != samples:
                said = f"every epoch's {key} is Keras's times {samples:,}/{round(divisor):,}"
                if round(divisor) == full:
                    return (
                        f"{said}: divided by steps x batch size ({steps} x {sizes[0]}) "
                        f"where the {samples:,} samples belong; the last batch has "
                        f"{sizes[-1]}, not {sizes[0]}"
                    )
                return f"{said}: divided by {round(divisor):,} where the {samples:,} samples belong"
    if not trained_alike:
        return None
    if key.startswith("val_") and evaluated is not None:
        value = evaluated[0] if key == "val_loss" else evaluated[1]
        if np.isclose(ours[-1], value, rtol=1e-9):
            return (
                f"the last epoch's {key} is the trained model's {key[4:]} on the training "
                "samples: validation is measured on the training data, not validation_data"
            )
    if key.startswith("val_") and scored is not None:
        value = scored[0] if key == "val_loss" else scored[1]
        if not np.isclose(ours[-1], value, rtol=1e-6):
            return (
                f"the trained parameters agree with Keras's, and scored on validation_data "
                f"by the course's reference their {key[4:]} is {value:.6g}, where fit "
                f"reports {ours[-1]:.6g}: the scoring (evaluate, or the {key[4:]} function "
                "it calls) computes it another way, or on other data"
            )
        return (
            f"the trained parameters agree with Keras's and score the last epoch's {key} "
            f"right on validation_data ({value:.6g}); an earlier epoch's differs: it was "
            "measured at another time (before the epoch's training, or with another "
            "epoch's parameters)"
        )
    if key.startswith("val_"):
        return (
            f"every parameter after the last step agrees with Keras's, so the steps are "
            f"right; only how {key} is computed or averaged differs: it is measured on other "
            "data or at another time than after each epoch, on validation_data"
        )
    return (
        f"every parameter after the last step agrees with Keras's, so the steps are right, "
        f"yet the {key} fit reports is not its batches' {key}: it is computed or averaged "
        "another way, or from logits changed after the forward pass that the step used "
        "(a function writing into an array it was handed, such as softmax or its gradient "
        "computed in place in the logits)"
    )


def _accuracy_function_fault(logits, labels, share: float) -> str | None:
    """The accuracy function fit's metrics come from, on logits whose right share is known."""
    from ..numpy_mlp import metrics  # the code under test, as evaluate calls it

    try:
        computed = float(metrics.accuracy(logits, labels))
    except Exception as error:  # the function itself raises: that is the finding
        return f"numpy_mlp.metrics.accuracy raised {type(error).__name__}: {error}"
    if abs(computed - share) <= 1e-9:
        return None
    return (
        f"numpy_mlp.metrics.accuracy gives {computed:.6g} on the validation logits, where "
        f"the share of rows whose largest logit is the label is {share:.6g}: the accuracy "
        "function itself is wrong (argmax over axis 1, compared with the labels, averaged)"
    )
