"""The MLP trained with Dropout after every hidden ReLU, as Keras's Dropout model is."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType, SimpleNamespace

import numpy as np

from .. import config
from ..data.preprocess import split_validation
from . import functional as F
from .batches import batches_of, epoch_orders
from .dropout import dropout_backward, dropout_forward
from .layers import ReLU
from .model import MLP
from .optim import Adam


def loss_and_gradients_with_dropout(
    model: MLP,
    x: np.ndarray,
    labels: np.ndarray,
    rate: float,
    rng: np.random.Generator,
    forward: Callable = dropout_forward,
    backward: Callable = dropout_backward,
) -> tuple[float, np.ndarray]:
    """``MLP.loss_and_gradients`` with Dropout after every hidden ReLU (Keras's placement)."""
    keeps = []
    for layer in model.layers:
        x = layer.forward(x)
        if isinstance(layer, ReLU):
            x, keep = forward(x, rate, True, rng)
            keeps.append(keep)
    logits = x
    grad = model.ops.cross_entropy_backward(logits, labels)
    for layer in reversed(model.layers):
        if isinstance(layer, ReLU):  # Dropout sits above this ReLU: undo it first
            grad = backward(grad, keeps.pop(), rate)
        if layer is model.layers[0]:
            layer.backward(grad, need_grad_x=False)
        else:
            grad = layer.backward(grad)
    return model.ops.cross_entropy(logits, labels), logits


def fit_with_dropout(
    x: np.ndarray,
    y: np.ndarray,
    *,
    rate: float,
    seed: int,
    epochs: int,
    batch_size: int = config.DEFAULT_BATCH_SIZE,
    forward: Callable = dropout_forward,
    backward: Callable = dropout_backward,
    ops: ModuleType | SimpleNamespace = F,
) -> tuple[MLP, list[float]]:
    """A fresh ``MLP(seed=seed)`` trained with Dropout as Keras's ``fit`` trains (the last
    10% held out, shuffled batches, Adam); returns it and each epoch's mean training loss.

    The seed sets the weights, the batch order and (through its own generator) the masks;
    ``ops`` holds the dense, ReLU and loss functions (the learner's, in lesson 8).
    """
    x_fit, y_fit, _, _ = split_validation(x, y)
    model = MLP(seed=seed, ops=ops)
    optimizer = Adam()
    masks = np.random.default_rng([seed, 1])  # apart from the weights' and the order's draws
    losses = []
    for order in epoch_orders(len(x_fit), epochs, seed, True):
        total = 0.0
        for batch in batches_of(order, batch_size):
            loss, _ = loss_and_gradients_with_dropout(
                model, x_fit[batch], y_fit[batch], rate, masks, forward, backward
            )
            optimizer.step([model.flat_params], [model.flat_grads])
            total += loss * len(batch)
        losses.append(total / len(order))
    return model, losses
