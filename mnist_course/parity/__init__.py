"""Proof that the NumPy reference computes what Keras computes, tensor by tensor.

>>> from mnist_course.parity import run_ladder
>>> report = run_ladder(dtype="float64")
>>> print(report.table())
>>> parity(my_functions)   # the ladder on a learner's own functions (see ``learner``)

``bridge`` carries weights across, ``ladder`` runs the rungs, ``report`` holds one row
per compared tensor, ``diagnose`` names the likely cause of a failure, and
``tolerances`` says how close is close enough, and why.
"""

from .bridge import check_weights, keras_to_numpy, numpy_to_keras
from .ladder import DEFAULT_STEPS, run_ladder
from .learner import parity, parity_of
from .report import Comparison, ParityReport, compare
from .tolerances import RUNG_TITLES, TOLERANCES
from .training import run_statistical

__all__ = [
    "DEFAULT_STEPS",
    "RUNG_TITLES",
    "TOLERANCES",
    "Comparison",
    "ParityReport",
    "check_weights",
    "compare",
    "keras_to_numpy",
    "numpy_to_keras",
    "parity",
    "parity_of",
    "run_ladder",
    "run_statistical",
]
