"""Keras's side of the ladder as an interface: live (TensorFlow) or recorded (a file).

Rungs 1-4 ask Keras the same questions either way: its initial weights, every layer's
output, the loss, every gradient, and Adam's state and weights after one step. ``LiveKeras``
answers by running the real model; ``recorded.RecordedKeras`` answers from tensors the real
model wrote when the site was built, and refuses a question it was not asked then. Rung 5
on a learner's functions needs nothing more from Keras (``stepwise``: each step against the
reference's); rung 5 of the plain ladder trains Keras's ``fit``, so it is live only.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np


class RecordingMismatch(ValueError):
    """Keras's recorded side was asked a question it was not asked when recorded."""


# (momentums, velocities, step count, every weight after the step)
AdamAfter = tuple[list[np.ndarray], list[np.ndarray], int, list[np.ndarray]]


class KerasSide(Protocol):
    """What rungs 1-4 read from Keras, for one dtype and seed."""

    dtype: str
    seed: int
    note: str | None  # a line for the report, when the answers are not computed now

    def initial_weights(self) -> list[np.ndarray]: ...
    def forward(self, x: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]: ...
    def layer_outputs(self, x: np.ndarray) -> dict[str, np.ndarray]: ...
    def softmax(self, logits: np.ndarray) -> np.ndarray: ...
    def losses(self, x: np.ndarray, y: np.ndarray) -> tuple[float, float]: ...
    def loss_from_logits(self, logits: np.ndarray, labels: np.ndarray) -> float: ...
    def gradients(
        self, x: np.ndarray, y: np.ndarray
    ) -> tuple[dict[str, np.ndarray], list[np.ndarray]]: ...
    def model_gradients(self, x: np.ndarray, y: np.ndarray) -> list[np.ndarray]: ...
    def adam_step(self, grads: list[np.ndarray]) -> AdamAfter: ...


class LiveKeras:
    """The real Keras model, built with ``seed`` in ``dtype`` (imports TensorFlow)."""

    note = None

    def __init__(self, dtype: str, seed: int) -> None:
        from .. import keras_mlp  # TensorFlow: paid only here
        from . import keras_side

        self.dtype, self.seed = dtype, seed
        self._floatx, self._side = keras_mlp.floatx, keras_side
        with self._floatx(dtype):  # Keras's constants and losses in the model's dtype
            self.model = keras_mlp.build_model(dtype=dtype, seed=seed)

    def initial_weights(self):
        return self.model.get_weights()

    def forward(self, x):
        with self._floatx(self.dtype):
            return self._side.forward(self.model, x)

    def layer_outputs(self, x):
        return self._side.layer_outputs(self.model, x, dtype=self.dtype)

    def softmax(self, logits):
        with self._floatx(self.dtype):
            return self._side.softmax(logits)

    def losses(self, x, y):
        return self._side.losses(self.model, x, y, dtype=self.dtype)

    def loss_from_logits(self, logits, labels):
        return self._side.loss_from_logits(logits, labels)

    def gradients(self, x, y):
        return self._side.gradients(self.model, x, y, dtype=self.dtype)

    def model_gradients(self, x, y):
        return self._side.model_gradients(self.model, x, y, dtype=self.dtype)

    def adam_step(self, grads):
        with self._floatx(self.dtype):
            self.model.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
            momentums, velocities, iterations = self._side.adam_state(self.model.optimizer)
        return momentums, velocities, iterations, self.model.get_weights()
