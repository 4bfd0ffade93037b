"""Rung 5, both training loops through their own ``fit``; rung 6, whole runs over seeds.

Rung 5 hands NumPy's ``fit`` and Keras's ``fit`` the same samples in the same order:
``numpy_mlp.fit`` shuffles with ``default_rng(seed)``, and Keras is given the orders
that generator draws. The last batch of each epoch is partial, so batching, shuffling,
the partial batch and the per-epoch metrics are all on the rung.
"""

from __future__ import annotations

import numpy as np

from .. import config
from ..data import MnistData, load_mnist, scale_pixels
from ..numpy_mlp import MLP, Adam, fit
from ..numpy_mlp import functional as F
from .diagnose import Evidence
from .report import Accepted
from .rungs import Rungs
from .tolerances import EXACT_BETAS_REASON, STATISTICAL_REASON

EPOCHS = config.PARITY_EPOCHS
VALIDATION_SAMPLES = config.PARITY_VALIDATION_SAMPLES


def training_samples(batch_size: int, steps: int) -> int:
    """How many samples give ``steps`` steps over ``EPOCHS`` epochs, the last batch partial."""
    per_epoch = max(1, steps // EPOCHS)
    return (per_epoch - 1) * batch_size + max(1, batch_size // 2)


def training(rungs: Rungs, data: MnistData, initial_weights, seed: int, steps: int) -> None:
    """Train both from the same weights, on the same order, and compare what each reports."""
    from .. import keras_mlp
    from . import keras_side

    setup = rungs.setup
    n = training_samples(setup.batch_size, steps)
    x = scale_pixels(data.x_train[:n], setup.dtype)
    y = data.y_train[:n].astype(np.int64)
    validation = (
        scale_pixels(data.x_train[n : n + VALIDATION_SAMPLES], setup.dtype),
        data.y_train[n : n + VALIDATION_SAMPLES].astype(np.int64),
    )
    rng = np.random.default_rng(seed)  # what numpy_mlp.fit draws its orders from
    orders = [rng.permutation(n) for _ in range(EPOCHS)]

    def numpy_fit(ops, optimizer):
        model = MLP(dtype=setup.dtype, seed=None, ops=ops)
        model.set_weights(initial_weights)
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
        return model.get_weights(), history.history

    ours, our_metrics = numpy_fit(setup.ops, setup.optimizer_class())
    keras_model = keras_mlp.build_model(dtype=setup.dtype, seed=seed)
    keras_model.set_weights(initial_weights)
    their_metrics = keras_side.fit_in_order(keras_model, x, y, orders, setup.batch_size, validation)
    exact = exact_metrics = None
    if setup.learner:  # the exact-betas formula is right too: the reference's, run with it
        exact, exact_metrics = numpy_fit(F, Adam(round_betas=False))
    steps = EPOCHS * -(-n // setup.batch_size)
    passed_so_far = all(row.passed for row in rungs.rows)
    for index, (name, theirs) in enumerate(zip(config.weight_names(), keras_model.get_weights())):
        accepted = exact and Accepted(exact[index], rungs.tolerance[5], EXACT_BETAS_REASON)
        evidence = Evidence("training", earlier_rungs_passed=passed_so_far)
        rungs.add(5, f"{name} after {steps} steps", ours[index], theirs, evidence, accepted)
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        accepted = exact_metrics and Accepted(
            exact_metrics[key], rungs.tolerance[5], EXACT_BETAS_REASON
        )
        evidence = Evidence("training", earlier_rungs_passed=passed_so_far)
        rungs.add(
            5,
            f"{key} of each epoch, as fit reports it",
            our_metrics[key],
            their_metrics[key],
            evidence,
            accepted,
        )


def run_statistical(
    *,
    seeds: int = 3,
    first_seed: int = config.DEFAULT_SEED,
    epochs: int = config.DEFAULT_EPOCHS,
    data: MnistData | None = None,
    verbose: int = 0,
    keras_reshuffle: bool = True,
) -> dict:
    """Rung 6: train each from seeds ``first_seed`` on (float32); compare mean accuracy."""
    from ..runs import RunSettings, seed_study
    from ..stats import difference_interval

    data = data if data is not None else load_mnist()
    settings = RunSettings("keras", epochs=epochs, keras_reshuffle=keras_reshuffle)
    chosen = list(range(first_seed, first_seed + seeds))
    study = seed_study(data, settings, chosen, verbose=verbose)
    difference, low, high = difference_interval(*study.test_accuracy.values())
    return {
        "seeds": chosen,
        "epochs": epochs,
        "test_accuracy": study.test_accuracy,
        "difference": difference,
        "interval_95": [low, high],
        "passed": low <= 0 <= high,
        "reason": STATISTICAL_REASON,
        "summary": study.summary().splitlines(),
    }
