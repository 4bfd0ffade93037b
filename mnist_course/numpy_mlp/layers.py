"""Dense and ReLU layers: each remembers what its backward pass will need.

A layer's parameters and their gradients are held under the same names
(``params["kernel"]`` and ``grads["kernel"]``), so an optimiser can pair them up.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import ModuleType

import numpy as np

from . import functional as F


def accepting_need_grad_x(dense_backward: Callable) -> Callable:
    """``dense_backward`` as the layers call it. The exercise's ``dense_backward(grad_y,
    x, kernel)`` has no ``need_grad_x`` (the first layer's skipped product): it computes
    grad_x anyway, and the layer drops it."""
    try:
        parameters = inspect.signature(dense_backward).parameters
    except (TypeError, ValueError):  # a callable with no signature to read: assume none
        parameters = {}
    if "need_grad_x" in parameters or any(
        parameter.kind is inspect.Parameter.VAR_KEYWORD for parameter in parameters.values()
    ):
        return dense_backward

    def adapted(grad_y, x, kernel, *, need_grad_x=True):
        grad_x, grad_kernel, grad_bias = dense_backward(grad_y, x, kernel)
        return (grad_x if need_grad_x else None), grad_kernel, grad_bias

    return adapted


class Dense:
    """y = x @ kernel + bias, with kernel (fan_in, fan_out) as in Keras."""

    def __init__(
        self,
        name: str,
        kernel: np.ndarray,
        bias: np.ndarray,
        grad_kernel: np.ndarray,
        grad_bias: np.ndarray,
        ops: ModuleType = F,
    ) -> None:
        self.name = name
        self.ops = ops  # the functions that do the arithmetic (parity tests swap in a copy)
        self.params = {"kernel": kernel, "bias": bias}
        self.grads = {"kernel": grad_kernel, "bias": grad_bias}
        self.x: np.ndarray | None = None  # the input of the last forward pass

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x = x
        return self.ops.dense_forward(x, self.params["kernel"], self.params["bias"])

    def backward(self, grad_y: np.ndarray, need_grad_x: bool = True) -> np.ndarray | None:
        """Store the parameter gradients; return the gradient for the layer below."""
        dense_backward = accepting_need_grad_x(self.ops.dense_backward)
        grad_x, grad_kernel, grad_bias = dense_backward(
            grad_y, self.x, self.params["kernel"], need_grad_x=need_grad_x
        )
        self.grads["kernel"][...] = grad_kernel  # written in place: the arrays are views
        self.grads["bias"][...] = grad_bias  # into the model's flat gradient vector
        return grad_x


class ReLU:
    """a = max(z, 0), elementwise."""

    def __init__(self, name: str, ops: ModuleType = F) -> None:
        self.name = name
        self.ops = ops
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.z: np.ndarray | None = None

    def forward(self, z: np.ndarray) -> np.ndarray:
        self.z = z
        return self.ops.relu_forward(z)

    def backward(self, grad_a: np.ndarray) -> np.ndarray:
        return self.ops.relu_backward(grad_a, self.z)
