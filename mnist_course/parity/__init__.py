"""Proof that the NumPy reference computes what Keras computes, tensor by tensor.

>>> from mnist_course.parity import run_ladder
>>> report = run_ladder(dtype="float64")
>>> print(report.table())
>>> parity_of(my_functions)   # the ladder on a learner's own functions (see ``learner``)

``bridge`` carries weights across, ``ladder`` runs the rungs (``rungs`` 1-4,
``training`` 5 and 6, ``stepwise`` 5 on a learner's functions), ``report`` holds one row
per compared tensor, ``diagnose`` names the likely cause of a failure (with ``ratios``,
``elements`` and ``exceptions``), and ``tolerances`` says how close is close enough.
Keras's side is a ``keras_sides.KerasSide``: ``LiveKeras`` (TensorFlow, imported only
then) or ``recorded.RecordedKeras`` (tensors the real model recorded at site build time).
"""

from .bridge import check_weights, keras_to_numpy, numpy_to_keras
from .ladder import run_ladder
from .learner import FALLBACK_RULE, parity_of
from .report import Comparison, ParityReport, compare
from .tolerances import RUNG_TITLES, TOLERANCES
from .training import StatisticalRung, run_statistical

__all__ = [
    "FALLBACK_RULE",
    "RUNG_TITLES",
    "TOLERANCES",
    "Comparison",
    "ParityReport",
    "StatisticalRung",
    "check_weights",
    "compare",
    "keras_to_numpy",
    "numpy_to_keras",
    "parity_of",
    "run_ladder",
    "run_statistical",
]
