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
