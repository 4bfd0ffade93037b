"""How the initial weights' scale sets the gradients' size, layer by layer (lesson 4)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from .model import MLP


def rms(values: np.ndarray) -> float:
    """Root mean square of an array."""
    return float(np.sqrt(np.mean(np.square(values))))


def gradient_scales(
    gradients_of: Callable[[list[np.ndarray]], tuple], scales: Iterable[float], seeds: Iterable[int]
) -> tuple[dict, dict, dict]:
    """Gradient sizes at initial weights whose kernels are s times Glorot's draw (biases 0).

    ``gradients_of(params)`` returns (loss, [each Dense output's gradient], [each kernel's
    gradient]), first layer first. For each scale s, every kernel of the reference's draw
    for each seed (lesson 3's ``init_params``) is multiplied by s. Returns three dicts by
    scale, means over the seeds: RMS of each layer's output gradient (the backward signal),
    RMS of each kernel's gradient, and the loss.
    """
    seeds = tuple(seeds)
    signal, kernel_gradients, losses = {}, {}, {}
    for scale in scales:
        runs = []
        for seed in seeds:
            params = [scale * p for p in MLP(dtype="float64", seed=seed).get_weights()]
            loss, output_grads, kernel_grads = gradients_of(params)
            runs.append(([rms(g) for g in output_grads], [rms(g) for g in kernel_grads], loss))
        signal[scale] = np.mean([run[0] for run in runs], axis=0)
        kernel_gradients[scale] = np.mean([run[1] for run in runs], axis=0)
        losses[scale] = float(np.mean([run[2] for run in runs]))
    return signal, kernel_gradients, losses
