"""The init-scale study of lesson 4: gradients of scaled Glorot draws, measured."""

import numpy as np

from mnist_course.numpy_mlp import MLP
from mnist_course.numpy_mlp.init_scale import gradient_scales, rms


def test_gradient_scales_scale_the_draw_and_average_over_seeds():
    seen = []

    def gradients_of(params):  # stands in for the lesson's: records what it was given
        seen.append(params)
        return float(params[0].sum()), [params[0]], [params[2]]

    signal, kernels, losses = gradient_scales(gradients_of, (1.0, 2.0), seeds=(0, 1))
    assert len(seen) == 4
    draws = [MLP(dtype="float64", seed=seed).get_weights() for seed in (0, 1)]
    np.testing.assert_allclose(seen[2][0], 2.0 * draws[0][0])  # scale 2, seed 0
    np.testing.assert_allclose(seen[2][1], 0.0)  # biases stay 0
    np.testing.assert_allclose(signal[2.0], [np.mean([rms(2 * d[0]) for d in draws])])
    np.testing.assert_allclose(kernels[1.0], [np.mean([rms(d[2]) for d in draws])])
    assert losses[2.0] == np.mean([2 * d[0].sum() for d in draws])
