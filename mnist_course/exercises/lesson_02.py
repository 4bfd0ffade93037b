"""Exercises of lesson 2: the Keras model."""

from __future__ import annotations

import itertools

from .. import config
from .core import Case, Exercise

EXERCISES = [
    Exercise(
        name="count_parameters",
        lesson=2,
        title="Count the weights and biases of a chain of dense layers",
        reference=config.count_parameters,
        cases=lambda: [
            Case("the course's network 784-32-16-8-10", (config.LAYER_SIZES,)),
            Case("a single layer 3 -> 2", ((3, 2),)),
            Case("a wider network 784-128-10", ((784, 128, 10),)),
            Case("sizes given as a list, 2-3-4", ([2, 3, 4],)),
            Case("just an input layer: no dense layers at all", ((784,),)),
        ],
        hints=(
            "A dense layer from n inputs to m outputs has an n x m kernel and m biases.",
            "For sizes (784, 32, 16, 8, 10) there are four layers: 784->32, 32->16, ...",
            "sum((n + 1) * m for n, m in zip(layer_sizes, layer_sizes[1:]))",
        ),
        mistakes={
            "forgot the biases: each layer also has one bias per output": (
                lambda sizes: sum(n * m for n, m in itertools.pairwise(sizes))
            ),
            "one bias per input instead of per output": (
                lambda sizes: sum((n * m) + n for n, m in itertools.pairwise(sizes))
            ),
        },
        exact_dtype=False,
    ),
]
