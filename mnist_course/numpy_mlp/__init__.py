"""The same network from scratch in NumPy: forward, hand-written backprop, Adam, training.

One small file per idea: ``functional`` (the arithmetic), ``layers`` (Dense, ReLU),
``model`` (the MLP), ``optim`` (SGD, Adam) and ``train`` (the loop).
"""

from . import functional
from .layers import Dense, ReLU
from .model import MLP
from .optim import SGD, Adam
from .train import TrainingDivergedError, fit

__all__ = ["MLP", "SGD", "Adam", "Dense", "ReLU", "TrainingDivergedError", "fit", "functional"]
