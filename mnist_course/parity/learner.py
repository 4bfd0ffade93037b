"""The ladder on a learner's own functions: ``parity(my_functions)`` in a notebook.

A learner writes ``relu``, ``dense_forward``, ``softmax``, ``cross_entropy``,
``cross_entropy_backward``, ``relu_backward``, ``dense_backward`` and ``adam_step`` in
the lessons (the exercises' names and signatures). ``learner_ops`` turns them into the
functional names ``numpy_mlp``'s layers call, ``LearnerAdam`` steps with their
``adam_step``, and ``parity_of`` runs the whole ladder on them. A function the learner
has not written falls back to the reference, and the report says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from .. import config
from ..data import MnistData
from ..numpy_mlp import Adam
from ..numpy_mlp import functional as F
from .report import ParityReport

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
LEARNER_NAMES: tuple[str, ...] = (*OPS_NAMES, "adam_step")


def learner_ops(answers: dict[str, Callable]) -> SimpleNamespace:
    """The reference's functions, with each one the learner wrote put in its place."""
    ops = dict(vars(F))
    for learner_name, ops_name in OPS_NAMES.items():
        if learner_name in answers:
            ops[ops_name] = answers[learner_name]
    if "dense_backward" in answers:
        ops["dense_backward"] = _without_need_grad_x(answers["dense_backward"])
    return SimpleNamespace(**ops)


def _without_need_grad_x(dense_backward: Callable) -> Callable:
    """The exercise's ``dense_backward(grad_y, x, kernel)`` has no ``need_grad_x``."""

    def adapted(grad_y, x, kernel, *, need_grad_x=True):
        grad_x, grad_kernel, grad_bias = dense_backward(grad_y, x, kernel)
        return (grad_x if need_grad_x else None), grad_kernel, grad_bias

    return adapted


class LearnerAdam(Adam):
    """Adam whose step is the learner's ``adam_step(param, grad, m, v, t, lr, b1, b2, eps)``."""

    adam_step: Callable  # set on a subclass by ``learner_optimizer``

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.init_state(params)
        self.iterations += 1
        for index, (param, grad) in enumerate(zip(params, grads)):
            new_param, m, v = type(self).adam_step(
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


def learner_optimizer(adam_step: Callable) -> type:
    """An optimizer class (called with no arguments, as the ladder does) over ``adam_step``."""
    return type("LearnerAdam", (LearnerAdam,), {"adam_step": staticmethod(adam_step)})


def parity_of(
    answers: dict[str, Callable],
    dtype: str = "float64",
    *,
    seed: int = config.DEFAULT_SEED,
    batch_size: int = config.DEFAULT_BATCH_SIZE,
    steps: int | None = None,
    data: MnistData | None = None,
) -> ParityReport:
    """The parity ladder on a learner's functions; the report lists which are theirs.

    ``steps`` of rung 5 default to ``config.LEARNER_PARITY_STEPS`` for the dtype (fewer in
    float32, where right answers that round differently drift apart: see there).
    """
    from .ladder import run_ladder

    unknown = sorted(set(answers) - set(LEARNER_NAMES))
    mine = [name for name in LEARNER_NAMES if name in answers]
    missing = [name for name in LEARNER_NAMES if name not in answers]
    notes = [f"yours: {', '.join(mine) or 'none'}"]
    if steps is None:
        steps = config.LEARNER_PARITY_STEPS[dtype]
    if missing:
        notes.append(f"not written yet, the reference stands in: {', '.join(missing)}")
    if unknown:
        notes.append(f"not on the ladder: {', '.join(unknown)}")
    optimizer = learner_optimizer(answers["adam_step"]) if "adam_step" in answers else Adam
    return run_ladder(
        dtype=dtype,
        seed=seed,
        batch_size=batch_size,
        steps=steps,
        data=data,
        ops=learner_ops(answers),
        optimizer_class=optimizer,
        learner=True,
        notes=notes,
    )


def parity_of_lessons(folder: Path, dtype: str = "float64", **options) -> ParityReport:
    """``parity_of`` on the functions defined in the exercise cells of a lessons folder.

    A function still raising ``NotImplementedError`` (the lesson's stub) counts as not
    written yet: the reference stands in for it.
    """
    from ..exercises.answers import learner_functions

    found = learner_functions(folder)
    answers = {
        name: found[name] for name in LEARNER_NAMES if name in found and _written(name, found[name])
    }
    return parity_of(answers, dtype, **options)


def _written(name: str, function: Callable) -> bool:
    """False for a stub: called on the exercise's first case, it raises NotImplementedError."""
    from ..exercises import get_exercise

    case = get_exercise(name).cases()[0]
    try:
        function(*[np.copy(arg) if isinstance(arg, np.ndarray) else arg for arg in case.args])
    except NotImplementedError:
        return False
    except Exception:
        return True
    return True


parity = parity_of  # in a notebook: parity(my_functions)
