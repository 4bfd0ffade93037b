"""The training loop, with the knobs a Keras user knows from ``model.fit``."""

from __future__ import annotations

import contextlib
import math
import time

import numpy as np

from .. import config
from ..data.preprocess import split_validation
from ..history import TrainingHistory
from .batches import batches_of, epoch_orders
from .model import MLP
from .optim import SGD, Adam


class TrainingDivergedError(RuntimeError):
    """The loss became NaN or infinite; the message names the epoch and step."""


def fit(
    model: MLP,
    x: np.ndarray,
    y: np.ndarray,
    *,
    epochs: int = config.DEFAULT_EPOCHS,
    batch_size: int = config.DEFAULT_BATCH_SIZE,
    optimizer: Adam | SGD | None = None,
    validation_split: float | None = None,
    validation_data: tuple[np.ndarray, np.ndarray] | None = None,
    shuffle: bool = True,
    seed: int | None = config.DEFAULT_SEED,
    verbose: int = 1,
) -> TrainingHistory:
    """Train ``model`` in place with mini-batches; return the per-epoch history.

    As in Keras: ``validation_split`` holds out the *last* fraction of ``x`` before any
    shuffling; ``shuffle`` draws a new order of the training samples every epoch (from
    ``seed``, so a run is repeatable); the last batch of an epoch may be smaller.
    ``verbose``: 0 silent, 1 a progress bar and a line per epoch, 2 a line per epoch.
    """
    if epochs < 1 or batch_size < 1:
        raise ValueError(f"epochs and batch_size must be positive, got {epochs}, {batch_size}")
    x = model.check_inputs(x, y)
    if not np.isfinite(x).all():
        raise ValueError("x contains NaN or infinite values; the network cannot learn from them")
    if validation_split is not None and validation_data is not None:
        raise ValueError("pass validation_split or validation_data, not both")
    if validation_split:
        x, y, x_val, y_val = split_validation(x, y, validation_split)
    elif validation_data is not None:
        x_val, y_val = validation_data
        x_val = model.check_inputs(x_val, y_val)
    else:
        x_val = y_val = None
    optimizer = optimizer if optimizer is not None else Adam()
    history = TrainingHistory()

    with one_blas_thread():
        for epoch, order in enumerate(epoch_orders(len(x), epochs, seed, shuffle), start=1):
            start = time.perf_counter()
            metrics = train_one_epoch(
                model,
                optimizer,
                x,
                y,
                order,
                batch_size,
                epoch=(epoch, epochs),
                progress_bar=verbose == 1,
            )
            if x_val is not None:
                metrics["val_loss"], metrics["val_accuracy"] = model.evaluate(x_val, y_val)
            seconds = time.perf_counter() - start
            history.record(metrics, seconds)
            if verbose:
                print(
                    f"Epoch {epoch}/{epochs} - {seconds:.2f}s - {format_metrics(metrics)}",
                    flush=True,
                )
    return history


def train_one_epoch(
    model: MLP,
    optimizer: Adam | SGD,
    x: np.ndarray,
    y: np.ndarray,
    order: np.ndarray,
    batch_size: int,
    epoch: tuple[int, int] = (1, 1),
    progress_bar: bool = False,
) -> dict[str, float]:
    """One pass over ``x`` in the given order; returns the epoch's mean loss and accuracy.

    Like Keras, the metrics of each batch are measured before that batch's update and
    averaged over samples. ``epoch`` is (this epoch, of how many), for messages.
    """
    batches = batches_of(order, batch_size)
    num_steps = len(batches)
    loss_sum, num_correct = 0.0, 0
    bar = _NoBar()
    if progress_bar:  # tqdm only then: the page's ladder trains here, and has no tqdm
        from tqdm import tqdm  # plain text: works in a terminal and a notebook alike

        bar = tqdm(
            total=num_steps,
            desc=f"Epoch {epoch[0]}/{epoch[1]}",
            unit="step",
            leave=False,
            mininterval=0.25,
        )
    with (
        bar,
        np.errstate(over="ignore", invalid="ignore"),  # a diverging run is reported below
    ):
        for step, batch in enumerate(batches):
            x_batch, y_batch = x[batch], y[batch]  # gather by index: no copy of the whole set
            loss, logits = model.loss_and_gradients(x_batch, y_batch)
            if not math.isfinite(loss):
                raise TrainingDivergedError(
                    f"the loss became {loss} at epoch {epoch[0]} of {epoch[1]}, step {step + 1} "
                    f"of {num_steps}; try a smaller learning rate, and check that the inputs "
                    "are scaled to 0..1"
                )
            optimizer.step([model.flat_params], [model.flat_grads])
            loss_sum += loss * len(batch)
            num_correct += int((logits.argmax(axis=1) == y_batch).sum())
            bar.update()
    return {"loss": loss_sum / len(order), "accuracy": num_correct / len(order)}


def format_metrics(metrics: dict[str, float]) -> str:
    """'loss: 0.2345 - accuracy: 0.9312 - ...', as Keras prints an epoch."""
    return " - ".join(f"{key}: {value:.4f}" for key, value in metrics.items())


@contextlib.contextmanager
def one_blas_thread():
    """One BLAS thread while the NumPy network trains.

    One batch's matrices are small (32 x 784 at most): a second thread saves little when
    the machine is idle and, when another process holds a core, the two threads wait on
    each other and an epoch takes three times as long (../shared/TOOLCHAIN.md, measured:
    0.151 s idle and 0.47 s beside a busy process with two threads; 0.166 s and 0.157 s
    with one). threadpoolctl is absent in the browser's Python, where there is no BLAS.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


class _NoBar(contextlib.nullcontext):
    """No progress bar: ``update`` does nothing."""

    def update(self, *_) -> None:
        pass
