"""A constant ratio that no listed mistake gives, written in the network's own numbers.

``known_ratios`` names the factors of known mistakes. A ratio outside that list can
still be a plain expression in the constants the network is built from (the pixel scale
255, the batch size, the classes, Adam's betas and learning rate): 0.01 is
(1 - beta_1)^2, 0.00392 is 1/255. Saying so points at the constant that entered twice or
went missing, which is evidence; the ladder does not guess where.
"""

from __future__ import annotations

import math

import numpy as np

from .. import config

_POWERS = ((1, "{}"), (-1, "1/{}"), (2, "{}^2"), (-2, "1/{}^2"), (0.5, "sqrt({})"),
           (-0.5, "1/sqrt({})"))  # fmt: skip


def _constants(evidence) -> list[tuple[float, str]]:
    """(value, symbol) of the constants a row's tensor can carry: Adam's for its rows,
    the data's for the others."""
    adam = [(1 - config.BETA_1, "(1 - beta_1)"), (1 - config.BETA_2, "(1 - beta_2)"),
            (config.BETA_1, "beta_1"), (config.BETA_2, "beta_2"),
            (config.LEARNING_RATE, "lr")]  # fmt: skip
    data = [(255.0, "255"), (float(config.NUM_CLASSES), str(config.NUM_CLASSES))]
    if evidence is not None and evidence.batch_size:
        data.append((float(evidence.batch_size), str(evidence.batch_size)))
    kind = getattr(evidence, "kind", "")
    if kind in ("adam_m", "adam_v"):  # a moment carries only its own beta
        return [entry for entry in adam if ("beta_1" if kind == "adam_m" else "beta_2") in entry[1]]
    if kind.startswith("adam"):
        return adam
    return data if kind in ("forward", "softmax", "loss", "gradient") else data + adam


_MEANINGS = {"255": "the pixel scale, 0..255 to 0..1", str(config.NUM_CLASSES): "the classes",
             "lr": "the learning rate"}  # fmt: skip


def ratio_in_constants(ratio: float, evidence=None) -> str | None:
    """'1/255 (255: the pixel scale...)': every way ``ratio`` is one of the row's constants
    to a small power, or else a product of two of them; None when none is."""
    if not math.isfinite(ratio) or ratio <= 0 or math.isclose(ratio, 1, rel_tol=1e-3):
        return None
    constants = _constants(evidence)
    meanings = dict(_MEANINGS)
    if evidence is not None and evidence.batch_size:
        meanings[str(evidence.batch_size)] = "the batch size"
    found = [form.format(symbol) for value, symbol in constants for power, form in _POWERS
             if math.isclose(ratio, value**power, rel_tol=1e-4)]  # fmt: skip
    if not found:
        found = [f"{_power(a_symbol, a)} x {_power(b_symbol, b)}"
                 for (first, a_symbol), (second, b_symbol) in _pairs(constants)
                 for a, b in ((1, 1), (1, -1), (-1, 1), (-1, -1))
                 if math.isclose(ratio, first**a * second**b, rel_tol=1e-4)]  # fmt: skip
    if not found:
        return None
    meant = [f"{symbol}: {meaning}" for symbol, meaning in meanings.items()
             if any(symbol in expression for expression in found)]  # fmt: skip
    said = " = ".join(dict.fromkeys(found))
    return said + (f" ({'; '.join(meant)})" if meant else "")


def _pairs(constants):
    for i, first in enumerate(constants):
        for second in constants[i + 1 :]:
            yield first, second


def _power(symbol: str, exponent: int) -> str:
    return symbol if exponent == 1 else f"1/{symbol}"


def constant_offset(ours, theirs, evidence):
    """Ours minus Keras's the same number in every element, or in every element of each
    row: a constant (or a per-sample term) added where none belongs."""
    if np.size(ours) < 2 or np.shape(ours) != np.shape(theirs) or not np.isfinite(ours).all():
        return None
    difference = np.asarray(ours, np.float64) - np.asarray(theirs, np.float64)
    scale = max(float(np.abs(theirs).max(initial=0)), 1e-300)
    if np.abs(difference).max() < 1e-6 * scale:
        return None
    first = float(difference.flat[0])
    if np.allclose(difference, first, rtol=1e-6, atol=1e-9 * scale):
        spelled = ratio_in_constants(abs(first), evidence)
        return (
            f"ours is Keras's {'plus' if first > 0 else 'minus'} {abs(first):.6g} in every "
            f"element{f' ({spelled})' if spelled else ''}: a constant added where none "
            "belongs (a moment or sum started from it rather than 0, or a term left in)"
        )
    if difference.ndim == 2 and np.allclose(difference, difference[:, :1], rtol=1e-6,
                                            atol=1e-9 * scale):  # fmt: skip
        rows = ", ".join(f"{float(value):+.4g}" for value in difference[:4, 0])
        return (
            f"each row is off by its own constant, the same in all {difference.shape[1]} "
            f"columns (rows 0-3: {rows}): a per-sample term added to every column, where "
            "it belongs in one (the label's) or none"
        )
    return None
