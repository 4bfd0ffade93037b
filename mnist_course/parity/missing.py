"""A row for a tensor the code under test never produced: a layer the forward or the
backward pass skipped, so its trace has no entry for it (not a KeyError in the ladder)."""

from __future__ import annotations

import numpy as np

from .report import Comparison


def never_recorded(rung: int, name: str, above, theirs: np.ndarray) -> Comparison:
    """The failed row for ``name``; ``above``: the row before it, if any."""
    row = Comparison(rung, name, list(np.shape(theirs)), np.inf, np.inf, 0.0, False)
    agreed = f" ({above.name} agrees with Keras's)" if above is not None and above.passed else ""
    layer = name.removeprefix("d loss / d ").removesuffix(" output")
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
