"""The ladder on a learner's own functions: ``parity_of(my_functions)`` in a notebook.

A learner writes ``relu``, ``dense_forward``, ``softmax``, ``cross_entropy``,
``cross_entropy_backward``, ``relu_backward``, ``dense_backward`` and ``adam_step`` in
the lessons (the exercises' names and signatures), and the compositions ``backward`` and
``train_step``. ``learner_ops`` turns the pieces into the functional names
``numpy_mlp``'s layers call, ``LearnerAdam`` steps with their ``adam_step``; the
compositions get rows of their own (``compositions``); ``parity_of`` runs the whole
ladder on them.

One rule, in the notebook and the terminal alike (``FALLBACK_RULE``): every function
you have written runs as you wrote it, whether or not its exercise check passes; only
one not written yet (still the lesson's stub, raising ``NotImplementedError``) is
replaced by the reference. The report lists both.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import numpy as np

from .. import config
from ..data import MnistData
from ..numpy_mlp import Adam
from ..numpy_mlp import functional as F
from ..numpy_mlp.layers import accepting_need_grad_x

if TYPE_CHECKING:  # the page loads this module without the ladder's other modules
    from .keras_sides import KerasSide
    from .report import ParityReport
    from .rungs import OptimizerFactory

FALLBACK_RULE = config.PARITY_FALLBACK_RULE

# The learner's name -> the name numpy_mlp's layers call it by.
OPS_NAMES: dict[str, str] = {
    "relu": "relu_forward",
    "dense_forward": "dense_forward",
    "softmax": "softmax",
    "cross_entropy": "cross_entropy",
    "cross_entropy_backward": "cross_entropy_backward",
    "relu_backward": "relu_backward",
    "dense_backward": "dense_backward",
}
# The compositions that join the pieces, each tested beside the course's (``compositions``).
COMPOSITIONS: tuple[str, ...] = ("backward", "train_step")
LEARNER_NAMES: tuple[str, ...] = (*OPS_NAMES, "adam_step", *COMPOSITIONS)
# adam_step(param, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon) -> (param, m, v)
AdamStep = Callable[..., tuple[np.ndarray, np.ndarray, np.ndarray]]


def learner_ops(answers: dict[str, Callable]) -> SimpleNamespace:
    """The reference's functions, with each one the learner wrote put in its place."""
    ops = dict(vars(F))
    for learner_name, ops_name in OPS_NAMES.items():
        if learner_name in answers:
            ops[ops_name] = answers[learner_name]
    if "dense_backward" in answers:
        ops["dense_backward"] = accepting_need_grad_x(answers["dense_backward"])
    return SimpleNamespace(**ops)


class LearnerAdam(Adam):
    """Adam whose step is the learner's ``adam_step``, with Keras's default settings."""

    def __init__(self, adam_step: AdamStep) -> None:
        super().__init__()
        self.adam_step = adam_step

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.init_state(params)
        self.iterations += 1
        for index, (param, grad) in enumerate(zip(params, grads)):
            new_param, m, v = self.adam_step(
                param,
                grad,
                self.momentums[index],
                self.velocities[index],
                self.iterations,
                self.learning_rate,
                self.beta_1,
                self.beta_2,
                self.epsilon,
            )
            param[...] = new_param  # in place: the model's flat vector must see it
            self.momentums[index] = np.asarray(m, param.dtype)
            self.velocities[index] = np.asarray(v, param.dtype)


def written(answers: dict[str, Callable]) -> dict[str, Callable]:
    """The ladder's functions among ``answers`` that are written (``FALLBACK_RULE``)."""
    return {
        name: answers[name]
        for name in LEARNER_NAMES
        if answers.get(name) is not None and _written(name, answers[name])
    }


def parity_of(
    answers: dict[str, Callable],
    dtype: str = "float64",
    *,
    seed: int = config.DEFAULT_SEED,
    batch_size: int = config.DEFAULT_BATCH_SIZE,
    steps: int = config.PARITY_STEPS,
    data: MnistData | None = None,
    keras: KerasSide | None = None,
) -> ParityReport:
    """The parity ladder on a learner's functions; the report lists which are theirs.

    ``answers`` maps exercise names to functions (other exercises' are ignored);
    stubs fall back to the reference (``FALLBACK_RULE``). Rung 5 checks every one of
    ``steps`` training steps from the learner's own state (see ``stepwise``). ``keras``
    is Keras's side (``keras_sides``): live by default, or ``recorded.RecordedKeras``.
    """
    from ..exercises import EXERCISES
    from .ladder import run_ladder

    unknown = sorted(set(answers) - set(LEARNER_NAMES) - set(EXERCISES))
    mine = written(answers)
    missing = [name for name in LEARNER_NAMES if name not in mine]
    compositions = {name: mine[name] for name in COMPOSITIONS if name in mine}
    if "train_step" in mine and is_written(answers, "minibatch_indices"):
        compositions["minibatch_indices"] = answers["minibatch_indices"]  # rung 5's batches
    ran = [*mine, *(["minibatch_indices"] if "minibatch_indices" in compositions else [])]
    from .whose import whose_notes

    notes = [f"yours: {', '.join(ran) or 'none'}", *whose_notes(answers, mine, ran)]
    if missing:
        notes.append(f"not written yet, the reference stands in: {', '.join(missing)}")
    if unknown:
        notes.append(f"not on the ladder: {', '.join(unknown)}")
    notes.append(f"the rule: {FALLBACK_RULE}")
    make_optimizer: OptimizerFactory = Adam
    if "adam_step" in mine:
        make_optimizer = functools.partial(LearnerAdam, mine["adam_step"])
    report = run_ladder(
        dtype=dtype,
        seed=seed,
        batch_size=batch_size,
        steps=steps,
        data=data,
        ops=learner_ops(mine),
        make_optimizer=make_optimizer,
        compositions=compositions,
        learner=True,
        notes=notes,
        keras=keras,
    )
    report.none_yours = not ran  # the verdict must not call the course's network yours
    return report


def is_written(answers: dict[str, Callable], name: str) -> bool:
    """``answers`` holds a ``name`` that is no longer the lesson's stub."""
    return answers.get(name) is not None and _written(name, answers[name])


def parity_of_lessons(folder: Path, dtype: str = "float64", **options) -> ParityReport:
    """``parity_of`` on the functions defined in the exercise cells of a lessons folder."""
    from ..exercises.answers import learner_functions

    return parity_of(learner_functions(folder), dtype, **options)


def _written(name: str, function: Callable) -> bool:
    """False for a stub: called on the exercise's first case, it raises NotImplementedError."""
    from ..exercises import get_exercise

    case = get_exercise(name).cases()[0]
    try:
        with np.errstate(all="ignore"):
            function(*[np.copy(arg) if isinstance(arg, np.ndarray) else arg for arg in case.args])
    except NotImplementedError:
        return False
    except Exception:
        return True
    return True
