"""A row for a tensor the code under test never produced: a layer the forward or the
backward pass skipped, so its trace has no entry for it (not a KeyError in the ladder)."""

from __future__ import annotations

import numpy as np

from .report import Comparison


def never_recorded(rung: int, name: str, above, theirs: np.ndarray, model=None,
                   recorded=()) -> Comparison:  # fmt: skip
    """The failed row for ``name``; ``above``: the row before it, if any; ``model`` and
    ``recorded`` (the layers traced) tell a layer never built from one the loop skipped."""
    row = Comparison(rung, name, list(np.shape(theirs)), np.inf, np.inf, 0.0, False)
    agreed = f" ({above.name} agrees with Keras's)" if above is not None and above.passed else ""
    layer = name.removeprefix("d loss / d ").removesuffix(" output")
    built = [each.name for each in getattr(model, "layers", [])]
    if built and layer not in built:
        row.diagnosis = (
            f"the model has no layer {layer}: it was never built (its layers: "
            f"{', '.join(built)}); the code that makes the layers leaves it out (a range or "
            "condition that skips it)"
        )
        return row
    later = [each for each in built[built.index(layer) + 1 :] if each in recorded] if built else []
    if rung == 3 and later and any(each in recorded for each in built[: built.index(layer)]):
        row.diagnosis = (
            f"the backward pass skips {layer} while it reaches layers on both sides of it: the "
            "loop passes over it (a filter on the layer's kind, or a step of 2); every layer "
            "has a backward, the ReLUs' included"
        )
        return row
    if rung == 1:
        row.diagnosis = (
            f"the forward pass never ran {layer}: no output was recorded for it{agreed}; "
            "the loop over the layers leaves it out (a range or slice that skips it), so "
            "every layer after it sees another input"
        )
    else:
        row.diagnosis = (
            f"the backward pass never reached {layer}: no gradient was recorded for its "
            f"output{agreed}; the loop over the layers stops before it (a range or a slice "
            "such as layers[1:] that leaves it out), so its parameters get no gradient"
        )
    return row


def gradients_not_in_the_vector(numpy_model) -> Comparison | None:
    """A row: the gradients the optimiser steps on (the model's flat vector) are the
    layers' gradients, which the rows above compared. A layer that rebinds its gradient
    (``self.grads[name] = ...``) leaves its view of the vector, so the optimiser steps on
    stale numbers while every gradient row passes."""
    vector = getattr(numpy_model, "flat_grads", None)
    if vector is None:
        return None
    named = numpy_model.named_gradients()
    layers = np.concatenate([np.ravel(grad) for grad in named.values()])
    row = Comparison(3, "the optimiser's gradients (flat_grads) are the layers'", [len(layers)],
                     0.0, 0.0, 0.0, True)  # fmt: skip
    if layers.shape == vector.shape and np.array_equal(layers, vector):
        return row
    stale, start = [], 0
    for name, grad in named.items():
        part = vector[start : start + grad.size]
        start += grad.size
        if part.shape != np.ravel(grad).shape or not np.array_equal(part, np.ravel(grad)):
            stale.append(f"{name} ({'all 0' if not np.any(part) else 'other numbers'})")
    row.passed, row.max_abs, row.max_rel = False, np.inf, np.inf
    row.diagnosis = (
        f"the gradients the layers computed (the rows above) are not in the vector the "
        f"optimiser steps on for {', '.join(stale)}: the layer rebinds its gradient to a new "
        "array (self.grads[name] = ...), which leaves its view of the model's vector; write "
        "into it: self.grads[name][...] = ..."
    )
    return row


def fit_path_row(numpy_model, x, y) -> Comparison | None:
    """A row: ``loss_and_gradients``, the path ``fit`` trains through, leaves the gradients
    the rows above compared (forward, cross_entropy_backward, backward called one by one)."""
    if not hasattr(numpy_model, "loss_and_gradients"):
        return None
    named = {
        name: np.array(grad, np.float64) for name, grad in numpy_model.named_gradients().items()
    }
    compared = np.concatenate([np.ravel(grad) for grad in named.values()])
    with np.errstate(all="ignore"):
        numpy_model.loss_and_gradients(x, y)
    again = numpy_model.named_gradients()
    through = np.concatenate([np.ravel(grad).astype(np.float64) for grad in again.values()])
    scale = max(float(np.abs(compared).max(initial=0)), 1e-300)
    alike = through.shape == compared.shape
    worst = float(np.abs(through - compared).max(initial=0)) if alike else np.inf
    name = "loss_and_gradients (fit's path) gives the gradients above"
    row = Comparison(3, name, [len(compared)], worst, worst / scale, 1e-9, worst <= 1e-9 * scale)
    if not row.passed and alike:
        doubled = [
            key
            for key, second in again.items()
            if np.any(named[key]) and np.allclose(second, 2 * named[key], rtol=1e-6)
        ]
        if doubled:
            row.diagnosis = (
                f"a second pass on the same batch leaves twice the gradient for "
                f"{', '.join(doubled)}: those gradients add up from pass to pass (+= where = "
                "belongs, or never reset to 0), so every step of fit uses the sum of all so far"
            )
            return row
    if not row.passed:
        row.diagnosis = (
            "the rows above call forward, cross_entropy_backward and backward one by one; "
            "MLP.loss_and_gradients, which fit trains through, composes them another way and "
            "leaves other gradients (another loss gradient, the probabilities or the logits "
            "passed where the other belongs, or a step of its own)"
        )
    return row
