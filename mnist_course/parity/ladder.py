"""The parity ladder: the NumPy reference against Keras, one rung at a time.

Rungs 1-4 each test one piece in isolation (forward, loss, backward, one Adam step)
from identical inputs; rung 5 runs both training loops side by side; rung 6 compares
whole training runs statistically. Each rung's tolerance, per dtype, and the reason for
it are in ``tolerances``. If the reference raises, the ladder stops at that rung with a
failing row that says why, instead of a traceback.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from .. import config
from ..data import MnistData, flatten_images, load_mnist, scale_pixels
from ..numpy_mlp import MLP, Adam
from ..numpy_mlp import functional as F
from .bridge import keras_to_numpy
from .diagnose import diagnose_exception
from .report import Comparison, ParityReport, compare
from .tolerances import STATISTICAL_REASON, TOLERANCES

# Logits far outside float's exp range: softmax must subtract the row maximum first.
EXTREME_LOGITS = [[1000.0, 0.0, -1000.0, 10.0, 20.0, 30.0, -5.0, 700.0, 999.0, 1.0]]
DEFAULT_STEPS = config.PARITY_STEPS


def run_ladder(
    *,
    dtype: str = "float64",
    seed: int = config.DEFAULT_SEED,
    batch_size: int = config.DEFAULT_BATCH_SIZE,
    steps: int = DEFAULT_STEPS,
    data: MnistData | None = None,
    ops: ModuleType = F,
    optimizer_class: type = Adam,
) -> ParityReport:
    """Run rungs 1-5 on real digits; ``ops`` and ``optimizer_class`` are the reference's parts.

    The first image of the batch is replaced by a blank one: with zero biases, every
    pre-activation of that image is exactly 0, where ReLU's gradient convention shows.
    """
    from .. import keras_mlp  # TensorFlow: paid only here

    if dtype not in TOLERANCES:
        raise ValueError(f"dtype must be one of {tuple(TOLERANCES)}, got {dtype!r}")
    data = data if data is not None else load_mnist()
    if batch_size < 2 or steps < 1 or batch_size * steps > len(data.x_train):
        raise ValueError(
            "need batch_size >= 2, steps >= 1 and batch_size * steps <= "
            f"{len(data.x_train)} training images; got {batch_size} and {steps}"
        )
    x_all = scale_pixels(data.x_train[: batch_size * steps], dtype)
    y_all = data.y_train[: batch_size * steps].astype(np.int64)
    x = x_all[:batch_size].copy()
    x[0] = 0  # the blank probe image
    settings = {
        "seed": seed,
        "batch_size": batch_size,
        "steps": steps,
        "data": data.source + (" (subset)" if data.is_subset else ""),
    }
    report = ParityReport(dtype, settings)
    ladder = _Ladder(dtype, batch_size, ops, optimizer_class, report)
    with keras_mlp.floatx(dtype):  # Keras's constants and losses in the model's dtype
        keras_model = keras_mlp.build_model(dtype=dtype, seed=seed)
        initial_weights = keras_model.get_weights()
        numpy_model = MLP(dtype=dtype, seed=None, ops=ops)
        keras_to_numpy(keras_model, numpy_model)
        y = y_all[:batch_size]
        rungs = [
            lambda: ladder.forward(numpy_model, keras_model, x),
            lambda: ladder.loss(numpy_model, keras_model, x, y),
            lambda: ladder.gradients(numpy_model, keras_model, x, y),
            lambda: ladder.adam_step(numpy_model, keras_model),
            lambda: ladder.training(initial_weights, x_all, y_all, seed),
        ]
        for number, rung in enumerate(rungs, start=1):
            try:
                rung()
            except Exception as error:  # the reference under test raised: report, stop
                report.rows.append(
                    Comparison(
                        number,
                        "the NumPy reference raised",
                        [],
                        float("inf"),
                        float("inf"),
                        ladder.tolerance[number],
                        False,
                        diagnose_exception(error),
                    )
                )
                break
    return report


class _Ladder:
    """The rungs, sharing what they pass from one to the next (gradients to Adam)."""

    def __init__(self, dtype, batch_size, ops, optimizer_class, report):
        self.dtype, self.ops, self.optimizer_class = dtype, ops, optimizer_class
        self.rows = report.rows
        self.context = {"batch_size": batch_size}
        self.tolerance = {rung: t.value for rung, t in TOLERANCES[dtype].items()}

    def add(self, rung, name, ours, theirs, **context):
        row = compare(rung, name, ours, theirs, self.tolerance[rung], {**self.context, **context})
        self.rows.append(row)
        return row

    def forward(self, numpy_model, keras_model, x):
        from . import keras_side

        ours: dict = {}
        self.logits = numpy_model.forward(flatten_images(x), trace=ours)
        self.probs = self.ops.softmax(self.logits)
        theirs, theirs_probs = keras_side.forward(keras_model, x)
        for name in theirs:
            self.add(1, f"{name} output", ours[name], theirs[name], kind="forward")
        self.add(1, "probabilities", self.probs, theirs_probs, kind="softmax")
        self.add(
            1, "probabilities, from model(x)", self.probs, keras_model(x).numpy(), kind="softmax"
        )
        extreme = np.array(EXTREME_LOGITS, dtype=self.dtype)
        with np.errstate(over="ignore", invalid="ignore"):
            ours_extreme = self.ops.softmax(extreme)
        self.add(
            1,
            "softmax of extreme logits",
            ours_extreme,
            keras_side.softmax(extreme),
            kind="softmax",
        )

    def loss(self, numpy_model, keras_model, x, y):
        from . import keras_side

        from_logits, from_probs = keras_side.losses(keras_model, x, y)
        self.add(
            2,
            "loss (in fit: from the logits)",
            self.ops.cross_entropy(self.logits, y),
            from_logits,
            kind="loss",
        )
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            ours_clipped = self.ops.cross_entropy_from_probs(self.probs, y)
        self.add(2, "loss (from probabilities: clipped)", ours_clipped, from_probs, kind="loss")

    def gradients(self, numpy_model, keras_model, x, y):
        from . import keras_side

        ours: dict = {}
        numpy_model.forward(flatten_images(x))
        numpy_model.backward(self.ops.cross_entropy_backward(self.logits, y), trace=ours)
        theirs, self.keras_grads = keras_side.gradients(keras_model, x, y)
        previous = None
        for name in reversed(list(theirs)):  # from the logits down to the first layer
            via = None
            if previous is not None and previous.passed:
                via = "relu" if name.startswith("dense") else "dense"
            previous = self.add(
                3,
                f"d loss / d {name} output",
                ours[name],
                theirs[name],
                kind="gradient",
                upstream_passed_via=via,
            )
        for (name, grad), keras_grad in zip(
            numpy_model.named_gradients().items(), self.keras_grads
        ):
            self.add(3, f"d loss / d {name}", grad, keras_grad, kind="gradient")

    def adam_step(self, numpy_model, keras_model):
        """One step from the same (Keras's) gradients, so that only Adam is compared."""
        before = numpy_model.get_weights()
        params = list(numpy_model.named_parameters().values())
        self.optimizer_class().step(params, [g.copy() for g in self.keras_grads])
        keras_model.optimizer.apply_gradients(
            zip(self.keras_grads, keras_model.trainable_variables)
        )
        for (name, ours), theirs, weights_before, grad in zip(
            numpy_model.named_parameters().items(),
            keras_model.get_weights(),
            before,
            self.keras_grads,
        ):
            self.add(
                4,
                f"{name} after 1 step",
                ours,
                theirs,
                kind="adam",
                before=weights_before,
                grad=grad,
                step=1,
            )

    def training(self, initial_weights, x_all, y_all, seed):
        """Both training loops from the same weights, on the same batches in the same order."""
        from .. import keras_mlp

        batch_size = self.context["batch_size"]
        numpy_model = MLP(dtype=self.dtype, seed=None, ops=self.ops)
        numpy_model.set_weights(initial_weights)
        optimizer = self.optimizer_class()
        keras_model = keras_mlp.build_model(dtype=self.dtype, seed=seed)
        keras_model.set_weights(initial_weights)
        with np.errstate(over="ignore", invalid="ignore"):
            for start in range(0, len(x_all), batch_size):
                x_batch = x_all[start : start + batch_size]
                y_batch = y_all[start : start + batch_size]
                numpy_model.loss_and_gradients(flatten_images(x_batch), y_batch)
                optimizer.step([numpy_model.flat_params], [numpy_model.flat_grads])
                keras_model.train_on_batch(x_batch, y_batch)
        steps = len(x_all) // batch_size
        for name, ours, theirs in zip(
            config.weight_names(), numpy_model.get_weights(), keras_model.get_weights()
        ):
            self.add(5, f"{name} after {steps} steps", ours, theirs)


def run_statistical(
    *,
    seeds: int = 3,
    epochs: int = config.DEFAULT_EPOCHS,
    data: MnistData | None = None,
    verbose: int = 0,
    keras_reshuffle: bool = True,
) -> dict:
    """Rung 6: train each implementation from ``seeds`` seeds; compare mean test accuracy."""
    from ..runs import IMPLEMENTATIONS, format_seed_study, train_both
    from ..stats import difference_interval

    data = data if data is not None else load_mnist()
    accuracies: dict[str, list[float]] = {impl: [] for impl in IMPLEMENTATIONS}
    for seed in range(seeds):
        results = train_both(
            data, epochs=epochs, seed=seed, keras_reshuffle=keras_reshuffle, verbose=verbose
        )
        for impl, result in results.items():
            accuracies[impl].append(result.test_accuracy)
    difference, low, high = difference_interval(*accuracies.values())
    return {
        "seeds": seeds,
        "epochs": epochs,
        "test_accuracy": accuracies,
        "difference": difference,
        "interval_95": [low, high],
        "passed": low <= 0 <= high,
        "reason": STATISTICAL_REASON,
        "summary": format_seed_study(accuracies).splitlines(),
    }
