"""Rung 5, training through ``fit``; rung 6, whole runs over seeds.

Rung 5 hands NumPy's ``fit`` and Keras's ``fit`` the same samples in the same order:
Keras is given ``numpy_mlp.batches.epoch_orders``, the orders ``fit`` draws for the
seed. The last batch of each epoch is partial, so batching, shuffling, the partial
batch and the per-epoch metrics are all on the rung.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from .. import config
from ..data import MnistData, load_mnist, scale_pixels
from ..numpy_mlp import MLP, Adam, fit
from ..numpy_mlp.batches import epoch_orders
from .diagnose import Evidence
from .exceptions import in_evaluate
from .fit_checks import (
    FitTrace,
    batch_sizes_fault,
    keras_batch_sizes,
    order_fault,
    orders_fault,
    steps_fault,
    which_batch,
)
from .fit_metrics import metric_rows
from .metric_readings import swapped_arrays
from .probes import between_steps_cause
from .replay import replay_cause
from .rungs import Rungs
from .stepwise import CheckedAdam, Stepwise, add_rows, checked_model
from .tolerances import STATISTICAL_REASON

EPOCHS = config.PARITY_EPOCHS
VALIDATION_SAMPLES = config.PARITY_VALIDATION_SAMPLES


def training_samples(batch_size: int, steps: int) -> int:
    """How many samples give ``steps`` steps over ``EPOCHS`` epochs, the last batch partial."""
    per_epoch = max(1, steps // EPOCHS)
    return (per_epoch - 1) * batch_size + max(1, batch_size // 2)


def training(rungs: Rungs, data: MnistData, initial_weights, seed: int, steps: int) -> None:
    """Train from the same weights on the same order; compare (see ``stepwise`` for a
    learner's functions, checked step by step against the reference)."""
    setup = rungs.setup
    n = training_samples(setup.batch_size, steps)
    x = scale_pixels(data.x_train[:n], setup.dtype)
    y = data.y_train[:n].astype(np.int64)
    validation = (
        scale_pixels(data.x_train[n : n + VALIDATION_SAMPLES], setup.dtype),
        data.y_train[n : n + VALIDATION_SAMPLES].astype(np.int64),
    )
    trace = FitTrace(x, y)
    rungs.measured.training_steps = EPOCHS * math.ceil(n / setup.batch_size)

    def numpy_fit(model: MLP, optimizer: Adam):
        model.set_weights(initial_weights)
        original = model.loss_and_gradients

        def counted(x_batch, y_batch):  # what fit did: every batch's samples and loss
            trace.attempted.append(len(x_batch))
            trace.params_before.append(model.flat_params.astype(np.float64))
            loss, logits = original(x_batch, y_batch)
            trace.record(x_batch, y_batch, loss, logits)
            return loss, logits

        model.loss_and_gradients = counted  # type: ignore[method-assign]
        try:
            history = fit(
                model,
                x,
                y,
                epochs=EPOCHS,
                batch_size=setup.batch_size,
                optimizer=optimizer,
                validation_data=validation,
                shuffle=True,
                seed=seed,
                verbose=0,
            )
        except Exception as error:
            if in_evaluate(error):  # after the epoch's last step, on the validation set
                error.add_note(
                    f"fit raised while scoring the validation set after step "
                    f"{len(trace.attempted)} (evaluate), not in a training step"
                    + swapped_arrays(str(error), n, len(validation[0]))
                )
            else:
                error.add_note(which_batch(trace.attempted, n, setup.batch_size))
            raise
        return model.get_weights(), history.history

    if setup.learner:
        stepwise = Stepwise(rungs.tolerance)
        model = checked_model(MLP(dtype=setup.dtype, seed=None, ops=setup.ops), stepwise)
        numpy_fit(model, CheckedAdam(setup.make_optimizer(), stepwise))
        add_rows(rungs, stepwise)
        return
    _against_keras(rungs, numpy_fit, (x, y, validation), initial_weights, seed, trace)


def _against_keras(rungs: Rungs, numpy_fit, arrays, initial_weights, seed: int, trace) -> None:
    """The reference's ``fit`` against Keras's: first what each did, then what it computed."""
    from .. import keras_mlp
    from . import keras_side

    setup, (x, y, validation) = rungs.setup, arrays
    orders = epoch_orders(len(x), EPOCHS, seed)  # the orders numpy_mlp.fit trains on
    optimizer = setup.make_optimizer()
    ours, our_metrics = numpy_fit(MLP(dtype=setup.dtype, seed=None, ops=setup.ops), optimizer)
    keras_model = keras_mlp.build_model(dtype=setup.dtype, seed=seed)
    keras_model.set_weights(initial_weights)
    their_metrics = keras_side.fit_in_order(
        keras_model, x, y, orders, setup.batch_size, validation, setup.dtype
    )
    keras_batches = keras_batch_sizes(len(x), setup.batch_size)
    steps = EPOCHS * len(keras_batches)
    visited = trace.epochs(len(keras_batches))
    shuffle_fault = orders_fault(orders, len(x))  # None: a new permutation every epoch
    what_fit_did = [
        ("optimiser steps taken", optimizer.iterations, int(keras_model.optimizer.iterations)),
        ("batch sizes, in order", np.array(trace.sizes), np.array(keras_batches * EPOCHS)),
        ("samples of every epoch, in order", _flat(visited), _flat(orders)),
        ("each batch's images in x's dtype", np.array([d == x.dtype for d in trace.dtypes], float),
         np.ones(len(trace.dtypes))),
        ("each batch's labels are its images' labels", np.array(trace.labels_match, float),
         np.ones(len(trace.labels_match))),
        ("each epoch a new shuffle of every sample", shuffle_fault is None, True),
    ]  # fmt: skip
    batches_fault = batch_sizes_fault(trace.sizes, keras_batches, EPOCHS)
    causes = {
        "optimiser steps taken": batches_fault
        or steps_fault(optimizer.iterations, steps, len(keras_batches), len(trace.samples)),
        "batch sizes, in order": batches_fault,
        "samples of every epoch, in order": order_fault(visited, orders, len(x)),
        "each batch's labels are its images' labels": (
            "a batch's labels are not the labels of its images: the images and the labels "
            "were put in different orders (shuffled apart, or one indexed by the order and "
            "the other not)"
        ),
        "each epoch a new shuffle of every sample": shuffle_fault,
        "each batch's images in x's dtype": (
            f"fit trained on {' and '.join(sorted(set(trace.dtypes)))} batches of {x.dtype} "
            "images: each batch is cast (x[batch].astype(float), np.asarray(batch, "
            "dtype=float)); the rows are x's own, but every step then computes in the "
            "batch's dtype"
        ),
    }
    for name, our_value, their_value in what_fit_did:
        row = rungs.add(5, name, our_value, their_value, tolerance=0)
        if not row.passed:
            row.diagnosis = causes.get(name) or (
                f"the two fits did different things: NumPy's {name} "
                f"{_few_against(our_value, their_value)} ({len(x)} samples in batches of "
                f"{setup.batch_size}, {EPOCHS} epochs: the last batch of each has "
                f"{keras_batches[-1]}); look at the loop, not the arithmetic"
            )
    fit_agreed = all(row.passed for row in rungs.rows[-len(what_fit_did) :])
    passed_so_far = all(row.passed for row in rungs.rows)
    probed = None
    for name, mine, theirs in zip(config.weight_names(), ours, keras_model.get_weights()):
        evidence = Evidence("training", earlier_rungs_passed=passed_so_far and fit_agreed)
        row = rungs.add(5, f"{name} after {steps} steps", mine, theirs, evidence)
        if not row.passed and evidence.earlier_rungs_passed and probed is None:
            probed = between_steps_cause(setup) or ""  # what starting from zero hid
            trace.steps_per_epoch = len(keras_batches)
            tolerance = rungs.tolerance[5]
            probed = probed or replay_cause(
                setup, x, y, trace, initial_weights, ours, tolerance, optimizer.iterations
            )
            row.diagnosis = probed or row.diagnosis
    earlier = passed_so_far and fit_agreed
    data = (x, y, *validation)
    metric_rows(rungs, ours, our_metrics, their_metrics, data, trace, keras_batches, earlier)


def _flat(orders: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(orders) if orders else np.array([], dtype=np.intp)


def _few_against(ours, theirs) -> str:
    """Two values side by side; for sequences, their lengths and where they first part."""
    a, b = (np.atleast_1d(np.asarray(v)).tolist() for v in (ours, theirs))
    if len(a) == 1 and len(b) == 1:
        return f"{a[0]}, Keras's {b[0]}"
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    shown = f"{a[at : at + 4]}..., Keras's {b[at : at + 4]}..." if at < min(len(a), len(b)) else ""
    return f"has {len(a)} entries, Keras's {len(b)}; " + (
        f"from entry {at + 1} NumPy's {shown}" if shown else f"the first {at} agree"
    )


@dataclass(frozen=True)
class StatisticalRung:
    """Rung 6: a seed study of both implementations (``SeedStudy.record()``) and its verdict."""

    dtype: str
    batch_size: int
    epochs: int
    seeds: list[int]
    test_accuracy: dict[str, list[float]]
    difference: float
    interval_95: list[float]
    summary: list[str]
    passed: bool
    reason: str = STATISTICAL_REASON

    def to_dict(self) -> dict:
        return asdict(self)


def run_statistical(
    *,
    seeds: int = 3,
    first_seed: int = config.DEFAULT_SEED,
    epochs: int = config.DEFAULT_EPOCHS,
    dtype: str = "float32",
    batch_size: int = config.DEFAULT_BATCH_SIZE,
    data: MnistData | None = None,
    verbose: int = 0,
    keras_reshuffle: bool = True,
) -> StatisticalRung:
    """Rung 6: train each from seeds ``first_seed`` on; compare mean test accuracy."""
    from ..runs import RunSettings, seed_study

    if seeds < 2:
        raise ValueError(f"rung 6 compares spreads over seeds: it needs at least 2, got {seeds}")
    data = data if data is not None else load_mnist()
    settings = RunSettings(
        "keras", epochs=epochs, batch_size=batch_size, dtype=dtype, keras_reshuffle=keras_reshuffle
    )
    chosen = list(range(first_seed, first_seed + seeds))
    record = seed_study(data, settings, chosen, verbose=verbose).record()
    low, high = record["interval_95"]
    return StatisticalRung(
        dtype=settings.dtype,
        batch_size=batch_size,
        epochs=epochs,
        passed=low <= 0 <= high,
        **record,
    )
