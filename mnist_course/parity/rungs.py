"""Rungs 1-4: each piece of the reference against Keras, from identical inputs.

Keras's side is a ``keras_sides.KerasSide``: the live model, or tensors it recorded.

``Rungs`` adds one ``Comparison`` per tensor to the report and keeps what a later rung
needs from an earlier one in ``Measured``, a typed record, not loose attributes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..data import flatten_images
from ..numpy_mlp import Adam
from .bitwise import bitwise_row, flat
from .diagnose import Evidence
from .difference_terms import forward_inputs
from .dtypes import called_alone, dense_backward_results, dtype_row, model_arrays, optimizer_arrays
from .missing import fit_path_row, gradients_not_in_the_vector, never_recorded
from .ops import Ops
from .probes import second_step_ratio
from .report import Accepted, Comparison, compare
from .tolerances import (
    EXACT_BETAS_REASON,
    EXACT_SOFTMAX_REASON,
    EXTREME_LABELS,
    EXTREME_LOGITS,
    TOLERANCES,
    exact_softmax,
)

# Makes a fresh optimiser for each run: ``Adam`` itself, or ``partial(LearnerAdam, step)``.
OptimizerFactory = Callable[[], Adam]


@dataclass
class Setup:
    """What is under test, and how strictly: the reference claims bit equality at rung 4."""

    dtype: str
    batch_size: int
    ops: Ops
    make_optimizer: OptimizerFactory
    learner: bool = False  # a learner's answers: other right answers pass, with a note


@dataclass
class Measured:
    """What earlier rungs measured and later rungs use."""

    logits: np.ndarray | None = None
    probs: np.ndarray | None = None
    keras_gradients: list[np.ndarray] = field(default_factory=list)
    keras_outputs: dict = field(default_factory=dict)  # every layer's output, by name
    training_steps: int | None = None  # what rung 5's fit took, for the report's heading


class Rungs:
    def __init__(self, setup: Setup, rows: list[Comparison]) -> None:
        self.setup, self.rows, self.measured = setup, rows, Measured()
        self.tolerance = {rung: t.value for rung, t in TOLERANCES[setup.dtype].items()}

    def add(self, rung, name, ours, theirs, evidence=None, accepted=None, tolerance=None):
        evidence = evidence or Evidence()
        evidence.dtype, evidence.batch_size = self.setup.dtype, self.setup.batch_size
        tolerance = self.tolerance[rung] if tolerance is None else tolerance
        row = compare(rung, name, ours, theirs, tolerance, evidence, accepted)
        self.rows.append(row)
        return row

    def forward(self, numpy_model, keras, x):
        ours: dict = {}
        logits = numpy_model.forward(flatten_images(x), trace=ours)
        probs = self.setup.ops.softmax(logits)
        self.measured.logits, self.measured.probs = logits, probs
        theirs, theirs_probs = keras.forward(x)
        self.measured.keras_outputs = theirs
        previous = None  # a row's inputs are evidence only when the row above agreed
        for name in theirs:
            if name not in ours:  # the forward pass skipped this layer
                missing = f"{name} output"
                self.rows.append(
                    never_recorded(1, missing, previous, theirs[name], numpy_model, ours)
                )
                return
            agreed = previous is not None and previous.passed
            inputs = forward_inputs(name, theirs, numpy_model) if agreed or not previous else None
            evidence = Evidence("forward", inputs=inputs)
            previous = self.add(1, f"{name} output", ours[name], theirs[name], evidence)
        logits = {"logits": list(theirs.values())[-1]} if previous.passed else None
        self.add(1, "probabilities", probs, theirs_probs, Evidence("softmax", inputs=logits))
        traced = {f"{name} output": value for name, value in ours.items()}
        alone = called_alone(self.setup, numpy_model, flatten_images(x), theirs)
        traced = {**model_arrays(numpy_model, "parameter"), **traced, "probabilities": probs}
        self.rows.append(dtype_row(1, traced, self.setup.dtype, alone))
        real = keras.layer_outputs(x)
        for number, (name, output) in enumerate(real.items(), start=1):
            mine = ours.get(f"relu_{number}", probs)  # the last layer's output: probabilities
            kind = "forward" if number < len(real) else "softmax"
            self.add(1, f"{name} output, from a keras.Model", mine, output, Evidence(kind))
        extreme = np.array(EXTREME_LOGITS, dtype=self.setup.dtype)
        with np.errstate(over="ignore", invalid="ignore"):
            ours_extreme = self.setup.ops.softmax(extreme)
        exact = exact_softmax(extreme)
        accepted = Accepted(exact, 1e-4, EXACT_SOFTMAX_REASON) if self.setup.learner else None
        theirs_extreme = keras.softmax(extreme)
        self.add(
            1,
            "softmax of extreme logits",
            ours_extreme,
            theirs_extreme,
            Evidence("softmax", inputs={"logits": extreme}),
            accepted,
        )

    def loss(self, numpy_model, keras, x, y):
        from_logits, from_probs = keras.losses(x, y)
        ours = self.setup.ops.cross_entropy(self.measured.logits, y)
        forward_agreed = all(row.passed for row in self.rows if row.rung == 1)
        inputs = {"logits": self.measured.logits, "labels": y} if forward_agreed else None
        evidence = Evidence("loss", logits=self.measured.logits, inputs=inputs)
        self.add(2, "loss (in fit: from the logits)", ours, from_logits, evidence)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            clipped = self.setup.ops.cross_entropy_from_probs(self.measured.probs, y)
        self.add(2, "loss (from probabilities: clipped)", clipped, from_probs, Evidence("loss"))
        extreme = np.array(EXTREME_LOGITS, self.setup.dtype)
        label = np.array(EXTREME_LABELS, dtype=np.intp)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            ours_extreme = self.setup.ops.cross_entropy(extreme, label)
        theirs_extreme = keras.loss_from_logits(extreme, label)
        evidence = Evidence("loss", logits=extreme, inputs={"logits": extreme, "labels": label})
        self.add(2, "loss of extreme logits", ours_extreme, theirs_extreme, evidence)

    def gradients(self, numpy_model, keras, x, y):
        ours: dict = {}
        numpy_model.forward(flatten_images(x))
        grad_logits = self.setup.ops.cross_entropy_backward(self.measured.logits, y)
        numpy_model.backward(grad_logits, trace=ours)
        theirs, self.measured.keras_gradients = keras.gradients(x, y)
        outputs = self.measured.keras_outputs
        forward_agreed = all(row.passed for row in self.rows if row.rung == 1)
        previous = None
        for name in reversed(list(theirs)):  # from the logits down to the first layer
            via = None
            if previous is not None and previous.passed:
                via = "relu" if name.startswith("dense") else "dense"
            if name not in ours:  # the backward pass stopped before this layer
                missing = f"d loss / d {name} output"
                self.rows.append(
                    never_recorded(3, missing, previous, theirs[name], numpy_model, ours)
                )
                return
            inputs = {"logits": self.measured.logits, "labels": y}  # the logits' gradient
            inputs = inputs if forward_agreed else None
            if name != list(theirs)[-1] and name.startswith("dense"):
                above = name.replace("dense", "relu")
                inputs = {"gradient above": theirs[above], "relu input": outputs[name]}
                inputs = inputs if via else None  # evidence only when the row above agreed
            elif name != list(theirs)[-1]:  # a ReLU's output: its gradient, masked in place?
                inputs = {"masked by": outputs[name.replace("relu", "dense")]}
            evidence = Evidence("gradient", upstream_passed_via=via, inputs=inputs)
            previous = self.add(3, f"d loss / d {name} output", ours[name], theirs[name], evidence)
        traced = model_arrays(numpy_model, "gradient")
        traced["d loss / d logits (cross_entropy_backward's result)"] = grad_logits
        traced.update({f"d loss / d {name} output": value for name, value in ours.items()})
        traced.update(
            dense_backward_results(self.setup, numpy_model, flatten_images(x), outputs, theirs)
        )
        alone = called_alone(self.setup, numpy_model, None, outputs, theirs, y)
        self.rows.append(dtype_row(3, traced, self.setup.dtype, alone))
        named = numpy_model.named_gradients()
        cached = {"the images x": flatten_images(x)}
        cached.update({f"{name} output": value for name, value in outputs.items()})
        for (name, grad), keras_grad in zip(named.items(), self.measured.keras_gradients):
            inputs = None
            if name.endswith("/kernel"):
                layer = name.split("/")[0]
                number = int(layer.split("_")[1])
                inputs = {
                    "kernel input": f"relu_{number - 1} output" if number > 1 else "the images x",
                    "output gradient": theirs[layer],
                    "cached": cached,
                }
            inputs = {**(inputs or {}), "param before": numpy_model.named_parameters()[name]}
            self.add(3, f"d loss / d {name}", grad, keras_grad, Evidence("gradient", inputs=inputs))
        self.rows.extend(filter(None, [gradients_not_in_the_vector(numpy_model)]))
        self.rows.extend(filter(None, [fit_path_row(numpy_model, flatten_images(x), y)]))
        real = keras.model_gradients(x, y)
        for (name, grad), keras_grad in zip(named.items(), real):
            self.add(
                3, f"d loss / d {name}, tape over the model", grad, keras_grad, Evidence("gradient")
            )

    def adam_step(self, numpy_model, keras):
        """One step from the same (Keras's) gradients, so that only Adam is compared."""
        grads = self.measured.keras_gradients
        before = numpy_model.get_weights()
        optimizer = self.setup.make_optimizer()
        optimizer.step(list(numpy_model.named_parameters().values()), [g.copy() for g in grads])
        momentums, velocities, iterations, theirs_after = keras.adam_step(grads)
        self.rows.append(dtype_row(4, optimizer_arrays(optimizer), self.setup.dtype))
        flat_grad = np.concatenate([g.ravel() for g in grads])
        for kind, ours, theirs, other in (
            ("adam_m", optimizer.momentums, momentums, optimizer.velocities),
            ("adam_v", optimizer.velocities, velocities, optimizer.momentums),
        ):
            label = "m (first moments)" if kind == "adam_m" else "v (second moments)"
            self.add(
                4,
                f"Adam {label}, every parameter",
                flat(ours),
                flat(theirs),
                Evidence(kind, grad=flat_grad, inputs={"other moment": flat(other)}),
            )
        self.add(
            4,
            "Adam step count t",
            optimizer.iterations,
            iterations,
            Evidence("adam_t"),
            tolerance=0,
        )
        after = numpy_model.get_weights()
        exact = self._exact_betas_step(before, grads) if self.setup.learner else None
        probe = second_step_ratio(self.setup)
        for index, (name, grad) in enumerate(zip(numpy_model.named_parameters(), grads)):
            accepted, start = None, {"param before": before[index]}
            if exact is not None:
                accepted = Accepted(
                    exact[index] - before[index], self.tolerance[4], EXACT_BETAS_REASON
                )
            self.add(
                4,
                f"{name} update (after minus before)",
                after[index] - before[index],
                theirs_after[index] - before[index],
                Evidence("adam_update", grad=grad, second_step_ratio=probe, inputs=start),
                accepted,
            )
        bitwise_row(self, after, theirs_after, exact, before, grads)

    def _exact_betas_step(self, before, grads):
        params = [w.copy() for w in before]
        Adam(round_betas=False).step(params, [g.copy() for g in grads])
        return params
