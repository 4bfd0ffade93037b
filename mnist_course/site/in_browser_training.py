"""Lesson 6's page trains the learner's network (issue 23): runs in Pyodide, in the worker.

The page sends each editor's code by exercise name; they run in one namespace after the
lesson's setup, as in the notebook, so ``train_step`` calls the learner's own pieces.
Which functions are the learner's follows ``mnist-course parity --mine``'s rule
(``parity.learner.FALLBACK_RULE``): every written function runs as written; one still
raising ``NotImplementedError`` is replaced by the reference. ``train_step``, when written,
makes the steps; else the course's network steps with the learner's functions.
The worker calls ``epoch()`` once per epoch and posts each row, so the page can stop
between epochs, or end the worker when a function never returns.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import time

import numpy as np

from .. import config
from ..data import flatten_images
from ..numpy_mlp import MLP, Adam
from ..numpy_mlp import functional as F

# parity --mine's own rule and adapters: the parity package imports Keras only when run live.
from ..parity.learner import LEARNER_NAMES, LearnerAdam, _written, learner_ops, written

# The functions the page's training and ladder take from the learner: the pieces,
# adam_step, and the compositions backward and train_step.
TRAINED_NAMES: tuple[str, ...] = LEARNER_NAMES


def load_subset(content: bytes, sha256: str) -> dict[str, np.ndarray]:
    """The subset written by ``build_page_subset``; raises ValueError if its digest differs."""
    if hasattr(content, "to_bytes"):  # a JavaScript Uint8Array, in the worker
        content = content.to_bytes()
    digest = hashlib.sha256(content).hexdigest()
    if digest != sha256:
        raise ValueError(f"the training data's digest is {digest[:12]}..., not {sha256[:12]}...")
    with np.load(io.BytesIO(bytes(content))) as arrays:
        return {name: arrays[name] for name in arrays.files}


def learner_answers(code: dict[str, str], setup: str = "") -> dict:
    """Run the setup then every editor's code in one namespace; the functions named in
    ``code`` (a ``SyntaxError`` or other error while defining them propagates)."""
    namespace: dict = {"__name__": "__main__"}
    exec(setup, namespace)  # the learner's own code, in their own browser
    for source in code.values():
        exec(source, namespace)
    return {name: namespace[name] for name in code if callable(namespace.get(name))}


class PageTraining:
    """One training run on the page's subset; ``epoch()`` returns the history row."""

    def __init__(self, subset, answers, *, images, batch_size, seed) -> None:
        self.x_train = flatten_images(subset["x_train"][:images]).astype(np.float32) / 255
        self.y_train = subset["y_train"][:images].astype(np.int64)
        self.x_val = flatten_images(subset["x_val"]).astype(np.float32) / 255
        self.y_val = subset["y_val"].astype(np.int64)
        self.x_test = flatten_images(subset["x_test"]).astype(np.float32) / 255
        self.y_test = subset["y_test"].astype(np.int64)
        self.batch_size, self.rng, self.done = batch_size, np.random.default_rng(seed), 0
        self.mine = written({k: v for k, v in answers.items() if k in LEARNER_NAMES})
        self.train_step = answers.get("train_step")
        if self.train_step is not None and not _written("train_step", self.train_step):
            self.train_step = None
        self.model = MLP(seed=seed, ops=learner_ops(self.mine))
        make = (
            functools.partial(LearnerAdam, self.mine["adam_step"])
            if "adam_step" in self.mine
            else Adam
        )
        self.optimizer = make()
        if self.train_step is not None:
            from ..exercises.lesson_06_train_step import adam_state

            self.params = self.model.get_weights()
            self.state = adam_state(self.params)

    def functions(self) -> dict[str, str]:
        """Each trained function: "yours" or "reference"."""
        mine = {*self.mine, *(["train_step"] if self.train_step is not None else [])}
        if "train_step" not in mine:  # the model's own backward runs, not theirs
            mine.discard("backward")
        return {name: "yours" if name in mine else "reference" for name in TRAINED_NAMES}

    def _step(self, x_batch, y_batch) -> tuple[float, np.ndarray]:
        if self.train_step is not None:
            loss, logits = self.train_step(
                self.params, self.state, x_batch, y_batch, config.LEARNING_RATE
            )
            return float(loss), np.asarray(logits)
        loss, logits = self.model.loss_and_gradients(x_batch, y_batch)
        self.optimizer.step([self.model.flat_params], [self.model.flat_grads])
        return float(loss), logits

    def epoch(self) -> dict[str, float]:
        """One pass in a new random order; metrics of each batch before its update, as Keras."""
        start = time.perf_counter()
        order = self.rng.permutation(len(self.y_train))
        loss_sum, correct = 0.0, 0
        with np.errstate(over="ignore", invalid="ignore"):
            for begin in range(0, len(order), self.batch_size):
                batch = order[begin : begin + self.batch_size]
                loss, logits = self._step(self.x_train[batch], self.y_train[batch])
                loss_sum += loss * len(batch)
                correct += int((logits.argmax(axis=1) == self.y_train[batch]).sum())
        if self.train_step is not None:
            self.model.set_weights([np.asarray(p, np.float32) for p in self.params])
        self.done += 1
        val_loss, val_accuracy = self.evaluate(self.x_val, self.y_val)
        return {
            "epoch": self.done,
            "loss": loss_sum / len(order),
            "accuracy": correct / len(order),
            "val_loss": val_loss,
            "val_accuracy": val_accuracy,
            "seconds": time.perf_counter() - start,
        }

    def evaluate(self, x, y) -> tuple[float, float]:
        logits = self.model.forward(x)
        loss = float(F.cross_entropy(logits, y))
        return loss, float((logits.argmax(axis=1) == y).mean())

    def test_accuracy(self) -> float:
        return self.evaluate(self.x_test, self.y_test)[1]

    def weights(self) -> list[dict]:
        """The trained weights as the draw page reads them (``build_figures.export_weights``):
        each array's shape and its little-endian float32 bytes in base64, Keras's order."""
        return [
            {
                "shape": list(array.shape),
                "data": base64.b64encode(np.asarray(array, "<f4").tobytes()).decode("ascii"),
            }
            for array in self.model.get_weights()
        ]
