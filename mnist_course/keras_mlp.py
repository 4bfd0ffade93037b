"""The original notebook's network in Keras: 784-32-16-8-10, Adam, sparse cross-entropy.

Importing this module imports TensorFlow (about 3 s); nothing else in ``mnist_course``
does until it calls here.

One finding is kept on purpose. With a seed set, ``model.fit`` on NumPy arrays with
``shuffle=True`` feeds the *same* sample order in every epoch (TensorFlow issue 35682).
Over seeds 0-4 that scored 0.30 points below the NumPy network, 95% interval
[-0.63, +0.04] (``mnist-course parity --dtype float32 --statistical --seeds 5
--original-keras-shuffle``): too few seeds to say it costs accuracy. The course trains
through a ``tf.data`` pipeline that reshuffles every epoch; ``reshuffle_each_epoch=False``
reproduces the original notebook's behaviour.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager

# Set before TensorFlow loads: quiet C++ logs, and one fixed choice of CPU kernels
# (oneDNN changes results in the last bits, so runs compare only under one setting).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import keras
import numpy as np
import tensorflow as tf

from . import config
from .data.preprocess import split_validation
from .history import METRIC_KEYS, TrainingHistory


@contextmanager
def floatx(dtype: str):
    """Temporarily make ``dtype`` Keras's default float type.

    Two places where Keras quietly uses ``floatx()`` (float32 by default) whatever the
    model's dtype: the optimiser stores its learning rate in it, and ``fit``, ``predict``
    and ``evaluate`` cast NumPy float inputs to it. A float64 model needs both in float64,
    or it computes with float32 rounding of 1e-3 and of every pixel.
    """
    previous = keras.config.floatx()
    keras.config.set_floatx(dtype)
    try:
        yield
    finally:
        keras.config.set_floatx(previous)


def build_model(*, dtype: str = "float32", seed: int | None = config.DEFAULT_SEED) -> keras.Model:
    """The original model, compiled: Flatten, Dense 32/16/8 relu, Dense 10 softmax; Adam."""
    dtype = config.check_dtype(dtype).name  # Keras takes the dtype's name
    if seed is not None:
        keras.utils.set_random_seed(seed)  # Python, NumPy and TensorFlow seeds at once
    with floatx(dtype):
        dense = [
            keras.layers.Dense(units, activation="relu", dtype=dtype, name=f"dense_{number}")
            for number, units in enumerate(config.HIDDEN_UNITS, start=1)
        ]
        model = keras.Sequential(
            [
                keras.Input(shape=config.IMAGE_SHAPE, dtype=dtype),
                keras.layers.Flatten(dtype=dtype, name="flatten"),
                *dense,
                keras.layers.Dense(
                    config.NUM_CLASSES,
                    activation="softmax",
                    dtype=dtype,
                    name=f"dense_{len(dense) + 1}",
                ),
            ],
            name="mnist_mlp",
        )
        compile_model(model)
    return model


def compile_model(model: keras.Model) -> None:
    """Compile with the course's Adam, loss and metric (every Keras model of the course)."""
    model.compile(
        optimizer=make_adam(),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=config.KERAS_STEPS_PER_EXECUTION,  # speed only: see config
    )


def model_dtype(model: keras.Model) -> str:
    """'float32' or 'float64': the dtype of the model's weights."""
    return str(model.weights[0].dtype)


def make_adam() -> keras.optimizers.Adam:
    """Adam with the course's (Keras's default) hyper-parameters, spelled out."""
    return keras.optimizers.Adam(
        learning_rate=config.LEARNING_RATE,
        beta_1=config.BETA_1,
        beta_2=config.BETA_2,
        epsilon=config.ADAM_EPSILON,
    )


def train(
    model: keras.Model,
    x: np.ndarray,
    y: np.ndarray,
    *,
    epochs: int = config.DEFAULT_EPOCHS,
    batch_size: int = config.DEFAULT_BATCH_SIZE,
    validation_split: float = config.VALIDATION_SPLIT,
    seed: int = config.DEFAULT_SEED,
    reshuffle_each_epoch: bool = True,
    verbose: int = 1,
) -> TrainingHistory:
    """Fit ``model`` on scaled images (N, 28, 28); return the same history as the NumPy side.

    The validation set is the last ``validation_split`` of ``x``, as Keras's own
    ``validation_split`` takes it. ``reshuffle_each_epoch=False`` calls ``model.fit`` on
    the arrays as the original notebook did (same order every epoch once seeded).
    """
    x_train, y_train, x_val, y_val = split_validation(x, y, validation_split)
    if reshuffle_each_epoch:
        train_data = training_dataset(x_train, y_train, batch_size=batch_size, seed=seed)
        fit_args = {"x": train_data, "shuffle": False}  # the pipeline shuffles
    else:
        fit_args = {"x": x_train, "y": y_train, "batch_size": batch_size, "shuffle": True}
    timer = _EpochTimer()
    with floatx(model_dtype(model)):  # Keras casts NumPy inputs to floatx(): keep float64
        result = model.fit(
            **fit_args,
            epochs=epochs,
            validation_data=(x_val, y_val),
            callbacks=[timer],
            verbose=verbose,
        )
    history = TrainingHistory()
    for epoch, seconds in enumerate(timer.seconds):
        history.record({key: result.history[key][epoch] for key in METRIC_KEYS}, seconds)
    return history


def training_dataset(
    x: np.ndarray, y: np.ndarray, *, batch_size: int, seed: int
) -> tf.data.Dataset:
    """Batches in a new random order every epoch, the whole set shuffled (buffer = N).

    ``reshuffle_each_iteration=True`` draws a fresh order each time Keras starts an
    epoch; the seed makes that sequence of orders the same on every run.
    """
    return (
        tf.data.Dataset.from_tensor_slices((x, y))
        .shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
        .batch(batch_size)
    )


def record_epoch_orders(
    x: np.ndarray,
    y: np.ndarray,
    *,
    reshuffle_each_epoch: bool,
    epochs: int = 3,
    batch_size: int = config.DEFAULT_BATCH_SIZE,
    seed: int = config.DEFAULT_SEED,
) -> list[np.ndarray]:
    """The labels in the order training saw them, one array per epoch.

    Trains a fresh model eagerly with a ``train_step`` that notes each batch's labels:
    the way the same-order-every-epoch behaviour of ``model.fit`` on arrays was found.
    """
    model = build_model(seed=seed)
    seen: list[np.ndarray] = []
    original_step = model.train_step

    def recording_step(data):
        seen.append(np.asarray(data[1]))
        return original_step(data)

    model.train_step = recording_step
    model.compile(optimizer=make_adam(), loss="sparse_categorical_crossentropy", run_eagerly=True)
    train(
        model,
        x,
        y,
        epochs=epochs,
        batch_size=batch_size,
        seed=seed,
        verbose=0,
        reshuffle_each_epoch=reshuffle_each_epoch,
    )
    steps = len(seen) // epochs
    return [np.concatenate(seen[epoch * steps : (epoch + 1) * steps]) for epoch in range(epochs)]


def evaluate(model: keras.Model, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(mean loss, accuracy) on a whole data set."""
    with floatx(model_dtype(model)):
        loss, accuracy = model.evaluate(x, y, batch_size=1024, verbose=0)
    return float(loss), float(accuracy)


class _EpochTimer(keras.callbacks.Callback):
    """Wall-clock seconds of each epoch, validation included (as the NumPy loop measures)."""

    def __init__(self) -> None:
        super().__init__()
        self.seconds: list[float] = []

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self._start)
