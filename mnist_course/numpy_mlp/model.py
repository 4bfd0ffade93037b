"""The 784-32-16-8-10 network from scratch: Dense and ReLU layers, softmax at the end.

Every parameter lives in one flat vector, and each layer's kernel and bias are *views*
into it (likewise for the gradients). Layers read and write their own arrays as usual,
while the optimiser updates all 25,874 numbers with a handful of array operations
instead of a loop over eight arrays: that is most of the NumPy trainer's speed.
"""

from __future__ import annotations

import itertools
import os
from types import ModuleType

import numpy as np
from numpy.typing import DTypeLike

from .. import config
from . import functional as F
from .layers import Dense, ReLU
from .metrics import accuracy


class MLP:
    """A multilayer perceptron with Keras's weight layout and ``get_weights()`` order.

    ``forward`` returns logits; ``predict_proba`` applies the softmax that the Keras
    model's last layer applies. The loss is computed from the logits, which is both
    more accurate and what Keras itself does when the last layer is a softmax.
    """

    def __init__(
        self,
        layer_sizes: tuple[int, ...] = config.LAYER_SIZES,
        *,
        dtype: DTypeLike = "float32",
        seed: int | None = config.DEFAULT_SEED,
        ops: ModuleType = F,
    ) -> None:
        self.ops = ops  # ``functional`` by default; a parity test may pass a planted copy
        self.dtype = config.check_dtype(dtype)
        self.layer_sizes = tuple(layer_sizes)
        rng = np.random.default_rng(seed)
        self.flat_params = np.zeros(config.count_parameters(self.layer_sizes), self.dtype)
        self.flat_grads = np.zeros_like(self.flat_params)
        self.layers: list[Dense | ReLU] = []
        offset, views = 0, []
        for shape in config.weight_layout(self.layer_sizes).values():  # the one layout
            size = int(np.prod(shape))
            views.append(self.flat_params[offset : offset + size].reshape(shape))
            views.append(self.flat_grads[offset : offset + size].reshape(shape))
            offset += size
        shapes = list(itertools.pairwise(self.layer_sizes))
        for number, (fan_in, fan_out) in enumerate(shapes, start=1):
            kernel, grad_kernel, bias, grad_bias = views[4 * number - 4 : 4 * number]
            kernel[...] = F.glorot_uniform(fan_in, fan_out, rng, self.dtype)  # biases stay 0
            self.layers.append(
                Dense(f"dense_{number}", kernel, bias, grad_kernel, grad_bias, ops=ops)
            )
            if number < len(shapes):
                self.layers.append(ReLU(f"relu_{number}", ops=ops))

    # --- forward and backward ----------------------------------------------------------

    def forward(self, x: np.ndarray, trace: dict | None = None) -> np.ndarray:
        """(batch, 784) inputs -> (batch, 10) logits, remembering what backward needs.

        With a ``trace`` dict, every layer's output is also stored under its name.
        """
        for layer in self.layers:
            x = layer.forward(x)
            if trace is not None:
                trace[layer.name] = x
        return x

    def backward(self, grad_logits: np.ndarray, trace: dict | None = None) -> None:
        """Fill every layer's ``grads`` from the gradient of the loss w.r.t. the logits.

        With a ``trace`` dict, the gradient w.r.t. every layer's output is stored too.
        """
        grad = grad_logits
        for layer in reversed(self.layers):
            if trace is not None:
                trace[layer.name] = grad
            if layer is self.layers[0]:  # nothing below needs a gradient: skip that product
                layer.backward(grad, need_grad_x=False)
            else:
                grad = layer.backward(grad)

    def loss_and_gradients(self, x: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
        """One forward and backward pass: returns (mean loss, logits); gradients are stored."""
        logits = self.forward(x)
        self.backward(self.ops.cross_entropy_backward(logits, labels))
        return self.ops.cross_entropy(logits, labels), logits

    # --- prediction --------------------------------------------------------------------

    def predict_proba(self, x: np.ndarray, batch_size: int = 10_000) -> np.ndarray:
        """Class probabilities, (N, 10). Accepts (N, 784) or (N, 28, 28) scaled pixels."""
        x = self.check_inputs(x)
        return np.concatenate(
            [
                self.ops.softmax(self.forward(x[i : i + batch_size]))
                for i in range(0, len(x), batch_size)
            ]
        )

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Predicted digits, (N,)."""
        return self.predict_proba(x).argmax(axis=1)

    def evaluate(self, x: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
        """(mean cross-entropy loss, accuracy) on a whole data set, like ``model.evaluate``."""
        x = self.check_inputs(x, labels)
        logits = self.forward(x)
        return self.ops.cross_entropy(logits, labels), accuracy(logits, labels)

    def check_inputs(self, x: np.ndarray, labels: np.ndarray | None = None) -> np.ndarray:
        """Return ``x`` as (N, 784) or raise ``ValueError`` saying what was expected."""
        x = np.asarray(x)
        n_in = self.layer_sizes[0]
        if x.ndim == 3 and x.shape[1] * x.shape[2] == n_in:
            x = x.reshape(len(x), n_in)  # what keras.layers.Flatten does
        if x.ndim != 2 or x.shape[1] != n_in:
            raise ValueError(f"expected inputs of shape (N, {n_in}) or (N, 28, 28), got {x.shape}")
        if x.dtype != self.dtype:
            raise ValueError(
                f"expected {self.dtype} inputs (this model's dtype), got {x.dtype}; "
                "scale raw pixels with mnist_course.data.scale_pixels(images, dtype)"
            )
        if labels is not None:
            labels = np.asarray(labels)
            if labels.shape != (len(x),) or labels.dtype.kind not in "iu":
                raise ValueError(
                    f"expected integer labels of shape ({len(x)},), "
                    f"got {labels.dtype} {labels.shape}"
                )
            if len(labels) and (labels.min() < 0 or labels.max() >= self.layer_sizes[-1]):
                raise ValueError(f"labels must be 0..{self.layer_sizes[-1] - 1}")
        return x

    # --- weights, in Keras's order -----------------------------------------------------

    @property
    def dense_layers(self) -> list[Dense]:
        return [layer for layer in self.layers if isinstance(layer, Dense)]

    def named_parameters(self) -> dict[str, np.ndarray]:
        """``{"dense_1/kernel": view, "dense_1/bias": view, ...}`` in ``get_weights()`` order."""
        return self._named("params")

    def named_gradients(self) -> dict[str, np.ndarray]:
        """The gradients of the last backward pass, named and ordered as the parameters."""
        return self._named("grads")

    def _named(self, which: str) -> dict[str, np.ndarray]:
        return {
            f"{layer.name}/{name}": array
            for layer in self.dense_layers
            for name, array in getattr(layer, which).items()
        }

    def get_weights(self) -> list[np.ndarray]:
        """Copies of [kernel_1, bias_1, ..., kernel_4, bias_4], as Keras's ``get_weights()``."""
        return [array.copy() for array in self.named_parameters().values()]

    def set_weights(self, weights: list[np.ndarray]) -> None:
        """Load arrays in ``get_weights()`` order; refuse a wrong count, shape or dtype."""
        targets = self.named_parameters()
        if len(weights) != len(targets):
            raise ValueError(
                f"expected {len(targets)} arrays ({', '.join(targets)}), got {len(weights)}"
            )
        for (name, target), array in zip(targets.items(), weights):
            array = np.asarray(array)
            if array.shape != target.shape:
                raise ValueError(f"{name}: expected shape {target.shape}, got {array.shape}")
            if array.dtype.kind != "f":
                raise ValueError(f"{name}: expected floating-point values, got {array.dtype}")
        for target, array in zip(targets.values(), weights):
            target[...] = array  # into the views, so the flat vector sees the new values

    def save(self, path: str | os.PathLike) -> None:
        """Write the weights to an ``.npz`` (no pickle), keyed ``dense_1/kernel`` and so on."""
        np.savez(path, **self.named_parameters())

    @classmethod
    def load(cls, path: str | os.PathLike, *, dtype: DTypeLike = "float32") -> MLP:
        """Rebuild a model from ``save``'s file (layer sizes are read from the kernels)."""
        with np.load(path, allow_pickle=False) as archive:
            num_layers = sum(name.endswith("/kernel") for name in archive.files)
            names = config.weight_names((0,) * (num_layers + 1))
            missing = [name for name in names if name not in archive.files]
            if missing or not num_layers:
                raise ValueError(f"{path}: not a saved MLP (missing {missing or names})")
            weights = [archive[name] for name in names]
        sizes = (*(kernel.shape[0] for kernel in weights[::2]), weights[-2].shape[1])
        model = cls(sizes, dtype=dtype, seed=None)
        model.set_weights(weights)
        return model
