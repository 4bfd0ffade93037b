"""The parity ladder: the NumPy reference (or a learner's functions) against Keras.

Rungs 1-4 each test one piece in isolation (forward, loss, backward, one Adam step)
from identical inputs; rung 5 trains through both ``fit``s side by side; rung 6 compares
whole training runs statistically. Each rung's tolerance, per dtype, and the reason for
it are in ``tolerances``. If the reference raises, the ladder stops at that rung with a
failing row that says why, instead of a traceback.
"""

from __future__ import annotations

import numpy as np

from .. import config
from ..data import MnistData, flatten_images, load_mnist, scale_pixels
from ..numpy_mlp import MLP, Adam
from ..numpy_mlp import functional as F
from .bridge import check_weights
from .composed_training import train_step_through_training
from .compositions import backward_rows, train_step_rows
from .exceptions import Raised, Watch, explain, watched
from .inputs_kept import InputGuard, guarded, inputs_kept_row
from .keras_sides import KerasSide, LiveKeras, RecordingMismatch
from .report import Comparison, ParityReport
from .rungs import Ops, OptimizerFactory, Rungs, Setup
from .tolerances import TOLERANCES
from .training import run_statistical, training, training_samples

__all__ = ["run_ladder", "run_statistical"]


def run_ladder(
    *,
    dtype: str = "float64",
    seed: int = config.DEFAULT_SEED,
    batch_size: int = config.DEFAULT_BATCH_SIZE,
    steps: int = config.PARITY_STEPS,
    data: MnistData | None = None,
    ops: Ops = F,
    make_optimizer: OptimizerFactory = Adam,
    learner: bool = False,
    notes: list[str] | None = None,
    keras: KerasSide | None = None,
    compositions: dict | None = None,
) -> ParityReport:
    """Run rungs 1-5 on real digits; ``ops`` and ``make_optimizer`` are the parts under test.

    ``learner=True`` accepts other right answers (exact betas, a log-domain softmax)
    with a note, and does not demand bit equality. The first image of the batch is
    replaced by a blank one: with zero biases, every pre-activation of that image is
    exactly 0, where ReLU's gradient convention shows. ``keras`` is Keras's side
    (``keras_sides``): by default the live model; a ``recorded.RecordedKeras`` runs
    without TensorFlow.
    """
    if dtype not in TOLERANCES:
        raise ValueError(f"dtype must be one of {tuple(TOLERANCES)}, got {dtype!r}")
    if keras is None:
        keras = LiveKeras(dtype, seed)  # TensorFlow: paid only here
    elif not learner and not isinstance(keras, LiveKeras):
        raise ValueError(
            "a recorded Keras side serves the ladder on your functions (parity --mine): "
            "the plain ladder's rung 5 trains Keras's own fit, live"
        )
    elif (keras.dtype, keras.seed) != (dtype, seed):
        raise ValueError(
            f"Keras's side was recorded in {keras.dtype} with seed {keras.seed}; "
            f"this ladder runs in {dtype} with seed {seed}"
        )
    data = data if data is not None else load_mnist()
    needed = max(batch_size, training_samples(batch_size, steps))
    if batch_size < 2 or steps < 1 or needed > len(data.x_train):
        raise ValueError(
            f"need batch_size >= 2, steps >= 1 and enough of the {len(data.x_train)} "
            f"training images for {steps} steps; got {batch_size} and {steps}"
        )
    x = scale_pixels(data.x_train[:batch_size], dtype).copy()
    x[0] = 0  # the blank probe image
    y = data.y_train[:batch_size].astype(np.int64)
    settings = {
        "seed": seed,
        "batch_size": batch_size,
        "steps": steps,
        "data": data.source + (" (subset)" if data.is_subset else ""),
    }
    notes = [*(notes or []), *([keras.note] if keras.note else [])]
    report = ParityReport(dtype, settings, notes=notes, learner=learner)
    watch = Watch(batch_size)
    ops = watched(ops, watch)  # names the function that raises, and a wrong-shaped result
    guard = InputGuard()
    ops = guarded(ops, guard)  # notices a function writing into its inputs (rungs 1-3)
    rungs = Rungs(Setup(dtype, batch_size, ops, make_optimizer, learner), report.rows)
    initial_weights = keras.initial_weights()
    numpy_model = MLP(dtype=dtype, seed=None, ops=ops)
    check_weights(initial_weights, dtype=dtype, source="Keras weights")
    numpy_model.set_weights(initial_weights)
    compositions = compositions or {}
    flat, names = flatten_images(x), config.weight_names()

    def gradients() -> None:
        rungs.gradients(numpy_model, keras, x, y)
        guard.active = False
        report.rows.extend(filter(None, [inputs_kept_row(guard)]))
        if "backward" in compositions:  # the learner's: beside the course's, same pieces
            backward_rows(rungs, compositions["backward"], flat, y, initial_weights, names)

    def adam_step() -> None:
        rungs.adam_step(numpy_model, keras)
        if "train_step" in compositions:
            train_step_rows(rungs, compositions["train_step"], flat, y, initial_weights, names)

    steps_of_rungs = [
        lambda: rungs.forward(numpy_model, keras, x),
        lambda: rungs.loss(numpy_model, keras, x, y),
        gradients,
        adam_step,
        lambda: training(rungs, data, initial_weights, seed, steps),
    ]
    if "train_step" in compositions:  # the learner's, at every step of rung 5 too
        steps_of_rungs[4] = lambda: (
            training(rungs, data, initial_weights, seed, steps),
            train_step_through_training(rungs, compositions, data, initial_weights, seed, steps),
        )
    for number, rung in enumerate(steps_of_rungs, start=1):
        try:
            with np.errstate(all="ignore"):  # an overflow is reported in the rows, not above them
                rung()
        except RecordingMismatch:  # not the code under test: the recording does not fit
            raise
        except Exception as error:  # the reference under test raised: report, stop
            who = error.function if isinstance(error, Raised) else "the code under test"
            report.rows.append(
                Comparison(
                    number,
                    f"{who} raised",
                    [],
                    float("inf"),
                    float("inf"),
                    rungs.tolerance[number],
                    False,
                    explain(error, watch),
                )
            )
            break
        _name_bias_only(report.rows, number)
    report.training_steps = rungs.measured.training_steps
    return report


def _name_bias_only(rows: list[Comparison], rung: int) -> None:
    """When only bias rows of a rung fail and every kernel passes, say so."""
    failing = [row for row in rows if row.rung == rung and not row.passed]
    kernels = [row for row in rows if row.rung == rung and "/kernel" in row.name]
    if failing and kernels and all(k.passed for k in kernels):
        if all("/bias" in row.name for row in failing):
            failing[0].diagnosis = (
                "only the biases differ; every kernel agrees: look at what touches only the "
                f"bias (its gradient, grad_y summed over the batch, or its update). "
                f"{failing[0].diagnosis}"
            )
