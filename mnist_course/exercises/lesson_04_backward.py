"""Lesson 4's composition exercise: the whole backward pass over a forward cache.

``backward(grad_logits, cache, params, relu_backward, dense_backward)`` walks the
layers from the top down; ``cache`` holds (input, z) of every Dense layer, as lesson 4's
``forward`` keeps it. The two layer functions are passed in, so the check runs the
composition alone, and the lesson runs it on the learner's own pieces.
"""

from __future__ import annotations

import itertools

import numpy as np

from ..numpy_mlp import functional as F
from .compare import compare
from .core import Case, Exercise, rng
from .dtype_policy import in_float32, tolerances


def forward(x, params):
    """Logits, and the cache: (input, z) of every Dense layer; no ReLU on the logits."""
    cache, values = [], x
    num_layers = len(params) // 2
    for layer in range(num_layers):
        z = F.dense_forward(values, params[2 * layer], params[2 * layer + 1])
        cache.append((values, z))
        values = F.relu_forward(z) if layer < num_layers - 1 else z
    return values, cache


def backward(grad_logits, cache, params, relu_backward, dense_backward):
    """Every parameter's gradient, a list in params' order (kernel 1, bias 1, ...)."""
    grads = [None] * len(params)
    grad_z = grad_logits
    for layer in reversed(range(len(cache))):
        layer_input, _ = cache[layer]
        grad_input, grads[2 * layer], grads[2 * layer + 1] = dense_backward(
            grad_z, layer_input, params[2 * layer]
        )
        if layer > 0:  # the ReLU below this layer, masked by its own z
            grad_z = relu_backward(grad_input, cache[layer - 1][1])
    return grads


def _network(sizes, seed, batch=5):
    """(grad_logits, cache, params, relu_backward, dense_backward) for a random network."""
    generator = rng(seed)
    params = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        params += [generator.normal(size=(fan_in, fan_out)), generator.normal(size=fan_out)]
    logits, cache = forward(generator.normal(size=(batch, sizes[0])), params)
    labels = generator.integers(0, sizes[-1], batch).astype(np.intp)
    grad_logits = F.cross_entropy_backward(logits, labels)
    return grad_logits, cache, params, F.relu_backward, F.dense_backward


def _cases():
    return [
        # Equal widths first: a wrong cache entry has the right shape here, so it gives
        # wrong values (and is named) rather than a shape error.
        Case("3 layers, all 4 wide (4-4-4-4)", _network((4, 4, 4, 4), 51)),
        Case("4 layers, 6-5-4-3-2, like the course's network", _network((6, 5, 4, 3, 2), 52)),
        Case("2 layers, 7-3-4, a batch of 1", _network((7, 3, 4), 53, batch=1)),
        Case("1 layer, 5-3: no ReLU at all", _network((5, 3), 54)),
        in_float32(Case("4 layers, 6-5-4-3-2", _network((6, 5, 4, 3, 2), 52))),
    ]


def _validate(got, case, call):
    params = case.args[2]
    if not isinstance(got, list | tuple):
        return f"expected a list of {len(params)} gradients, got {type(got).__name__}"
    if len(got) != len(params):
        return (
            f"expected {len(params)} gradients (a kernel and a bias per layer, "
            f"{len(params) // 2} layers here), got {len(got)}"
        )
    expected = backward(*case.args)
    for position, (one_got, one_expected) in enumerate(zip(got, expected)):
        which = f"{'kernel' if position % 2 == 0 else 'bias'} {position // 2 + 1}"
        if getattr(one_got, "shape", None) != one_expected.shape:
            return (
                f"gradient {position + 1} ({which}) has shape {getattr(one_got, 'shape', None)}, "
                f"but {which} has shape {one_expected.shape}: the list follows params' order "
                "(kernel 1, bias 1, kernel 2, ...), each gradient shaped like its parameter"
            )
        rtol, atol = tolerances(one_expected, 1e-6, 1e-9)
        problem = compare(one_got, one_expected, rtol=rtol, atol=atol, exact_dtype=False)
        if problem:
            return f"gradient {position + 1} ({which}): {problem}"
    return None


def _no_mask(grad_logits, cache, params, relu_backward, dense_backward):
    return backward(grad_logits, cache, params, lambda grad, z: grad, dense_backward)


def _own_z(grad_logits, cache, params, relu_backward, dense_backward):
    grads, grad_z = [None] * len(params), grad_logits
    for layer in reversed(range(len(cache))):
        grad_input, grads[2 * layer], grads[2 * layer + 1] = dense_backward(
            grad_z, cache[layer][0], params[2 * layer]
        )
        if layer > 0:
            grad_z = relu_backward(grad_input, cache[layer][1])  # this layer's z, not the one below
    return grads


def _z_as_input(grad_logits, cache, params, relu_backward, dense_backward):
    grads, grad_z = [None] * len(params), grad_logits
    for layer in reversed(range(len(cache))):
        grad_input, grads[2 * layer], grads[2 * layer + 1] = dense_backward(
            grad_z,
            cache[layer][1],
            params[2 * layer],  # the layer's z, not its input
        )
        if layer > 0:
            grad_z = relu_backward(grad_input, cache[layer - 1][1])
    return grads


def _relu_on_logits(grad_logits, cache, params, relu_backward, dense_backward):
    masked = relu_backward(grad_logits, cache[-1][1])
    return backward(masked, cache, params, relu_backward, dense_backward)


def _top_down_order(grad_logits, cache, params, relu_backward, dense_backward):
    grads = backward(grad_logits, cache, params, relu_backward, dense_backward)
    pairs = [grads[i : i + 2] for i in range(0, len(grads), 2)]
    return [grad for pair in reversed(pairs) for grad in pair]


EXERCISE = Exercise(
    name="backward",
    lesson=4,
    title="The whole backward pass: every parameter's gradient from the forward cache",
    reference=backward,
    cases=_cases,
    hints=(
        "Walk the layers from the top down. Each Dense layer turns the gradient of its z into "
        "its kernel's, its bias's and its input's gradients; below every layer but the "
        "first, a ReLU masks that input's gradient with the z of the layer below.",
        "cache[k] = (input, z) of layer k (from 0); params = [kernel 1, bias 1, ...]; "
        "return a list like params, layer k's gradients at 2k and 2k + 1. The number of "
        "layers is len(params) // 2; the logits (the top z) get no ReLU.",
        "for k from len(cache) - 1 down to 0: grad_in, grads[2k], grads[2k+1] = "
        "dense_backward(grad_z, cache[k][0], params[2k]); if k > 0: "
        "grad_z = relu_backward(grad_in, cache[k - 1][1])",
    ),
    mistakes={
        "no ReLU mask between the layers: mask each input's gradient with relu_backward": (
            _no_mask
        ),
        "masked with the wrong cache entry: below layer k, use the z of layer k - 1, "
        "cache[k - 1][1]": _own_z,
        "passed the layer's z to dense_backward: it takes the layer's input, cache[k][0]": (
            _z_as_input
        ),
        "a ReLU applied to the logits: the top layer's z go to the loss with no ReLU": (
            _relu_on_logits
        ),
        "gradients in the wrong order (top layer first): return them in params' order, "
        "kernel 1, bias 1, kernel 2, ...": _top_down_order,
    },
    exact_dtype=False,
    validate=_validate,
)
