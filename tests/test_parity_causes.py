"""The ladder names causes read from a failing tensor's own inputs, Adam's NaNs and
what ``fit`` reported (the catalogue is ``planted_bugs_inputs``)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("mnist_course.keras_mlp")
from mnist_course.numpy_mlp import MLP, Adam
from mnist_course.parity import run_ladder
from mnist_course.parity.diagnose import Evidence, diagnose
from tests.planted_bugs_inputs import PLANTED_FROM_INPUTS, PLANTED_FROM_INPUTS_FLOAT32

pytestmark = pytest.mark.keras
CATALOGUE = {
    **{name: ("float64", *bug) for name, bug in PLANTED_FROM_INPUTS.items()},
    **{name: ("float32", *bug) for name, bug in PLANTED_FROM_INPUTS_FLOAT32.items()},
}


@pytest.mark.parametrize(
    ("dtype", "bug", "rung", "tensor", "cause"), CATALOGUE.values(), ids=CATALOGUE
)
def test_a_cause_read_from_the_inputs_is_named(subset, dtype, bug, rung, tensor, cause):
    report = run_ladder(dtype=dtype, steps=2, batch_size=8, data=subset, **bug)
    failure = report.first_failure
    assert failure is not None, "the planted bug went unnoticed"
    assert (failure.rung, failure.name) == (rung, tensor), report.table()
    assert cause in failure.diagnosis, failure.diagnosis


def test_a_backward_pass_that_stops_early_is_named_not_a_key_error(subset, monkeypatch):
    def backward_skipping_the_first_layer(self, grad_logits, trace=None):
        grad = grad_logits
        for layer in reversed(self.layers[1:]):
            if trace is not None:
                trace[layer.name] = grad
            grad = layer.backward(grad)

    monkeypatch.setattr(MLP, "backward", backward_skipping_the_first_layer)
    failure = run_ladder(dtype="float64", steps=2, batch_size=8, data=subset).first_failure
    assert (failure.rung, failure.name) == (3, "d loss / d dense_1 output")
    assert "the backward pass never reached dense_1" in failure.diagnosis
    assert "KeyError" not in failure.diagnosis


def test_a_kernel_gradient_taken_with_the_wrong_cached_input_is_named():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(8, 16))
    grad_y = rng.normal(size=(8, 8))
    right = np.maximum(z, 0).T @ grad_y
    inputs = {
        "kernel input": "relu_2 output",
        "output gradient": grad_y,
        "cached": {"dense_2 output": z, "relu_2 output": np.maximum(z, 0)},
    }
    cause = diagnose("k", z.T @ grad_y, right, Evidence("gradient", inputs=inputs))
    assert "taken with dense_2 output where this layer's input, relu_2 output" in cause


@pytest.mark.parametrize(
    "patch",
    [
        "epoch-accuracy-over-full-batches",
        "validation-on-training",
        "loss-of-batch-means",
        "accuracy-scored-wrong",
    ],
)
def test_an_epoch_metric_counted_wrong_is_named_when_the_training_agrees(
    subset, monkeypatch, patch
):
    from mnist_course.numpy_mlp import train

    original_one_epoch, original_evaluate = train.train_one_epoch, MLP.evaluate
    if patch == "epoch-accuracy-over-full-batches":

        def one_epoch(model, optimizer, x, y, order, batch_size, **options):
            metrics = original_one_epoch(model, optimizer, x, y, order, batch_size, **options)
            steps = -(-len(order) // batch_size)
            metrics["accuracy"] *= len(order) / (steps * batch_size)  # divided by steps x 8
            return metrics

        monkeypatch.setattr(train, "train_one_epoch", one_epoch)
        tensor, cause = "accuracy of each epoch, as fit reports it", "divided by steps x batch size"
    elif patch == "accuracy-scored-wrong":

        def evaluate(self, x, labels):  # a right loss, an accuracy off by one sample
            loss, accuracy = original_evaluate(self, x, labels)
            return loss, accuracy + 1 / len(labels)

        monkeypatch.setattr(MLP, "evaluate", evaluate)
        tensor = "val_accuracy of each epoch, as fit reports it"
        cause = "the scoring (evaluate, or the accuracy function it calls)"
    elif patch == "loss-of-batch-means":

        def one_epoch(model, optimizer, x, y, order, batch_size, **options):
            loss_sum, correct = 0.0, 0
            for start in range(0, len(order), batch_size):
                batch = order[start : start + batch_size]
                loss, logits = model.loss_and_gradients(x[batch], y[batch])
                optimizer.step([model.flat_params], [model.flat_grads])
                loss_sum += loss  # a batch's mean, not weighted by its size
                correct += int((logits.argmax(axis=1) == y[batch]).sum())
            return {"loss": loss_sum / len(order), "accuracy": correct / len(order)}

        monkeypatch.setattr(train, "train_one_epoch", one_epoch)
        tensor, cause = "loss of each epoch, as fit reports it", "adds its batches' loss"
    else:
        seen = {}

        def one_epoch(model, optimizer, x, y, order, batch_size, **options):
            seen["train"] = (x, y)
            return original_one_epoch(model, optimizer, x, y, order, batch_size, **options)

        def evaluate(self, x, labels):  # scores the training data it last saw
            return original_evaluate(self, *seen.get("train", (x, labels)))

        monkeypatch.setattr(train, "train_one_epoch", one_epoch)
        monkeypatch.setattr(MLP, "evaluate", evaluate)
        tensor, cause = (
            "val_loss of each epoch, as fit reports it",
            "validation is measured on the training data",
        )
    failure = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset).first_failure
    assert failure is not None and (failure.rung, failure.name) == (5, tensor), failure
    assert cause in failure.diagnosis, failure.diagnosis


def test_gradients_that_add_up_between_steps_are_named(subset, monkeypatch):
    from mnist_course.numpy_mlp import layers

    def backward_adding_up(self, grad_y, need_grad_x=True):
        grad_x, grad_kernel, grad_bias = self.ops.dense_backward(
            grad_y, self.x, self.params["kernel"], need_grad_x=need_grad_x
        )
        self.grads["kernel"][...] += grad_kernel  # never reset between steps
        self.grads["bias"][...] = grad_bias
        return grad_x

    monkeypatch.setattr(layers.Dense, "backward", backward_adding_up)
    failure = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset).first_failure
    assert failure is not None and failure.rung == 3, failure  # fit's path, run a second time
    assert "twice the gradient for dense_1/kernel, dense_2/kernel" in failure.diagnosis, (
        failure.diagnosis
    )


def test_a_forward_pass_that_skips_a_layer_is_named(subset, monkeypatch):
    def forward_without_the_last_relu(self, x, trace=None):
        for layer in self.layers:
            if layer.name == "relu_3":
                continue
            x = layer.forward(x)
            if trace is not None:
                trace[layer.name] = x
        return x

    monkeypatch.setattr(MLP, "forward", forward_without_the_last_relu)
    failure = run_ladder(dtype="float64", steps=2, batch_size=8, data=subset).first_failure
    assert (failure.rung, failure.name) == (1, "relu_3 output"), failure
    assert "the forward pass never ran relu_3" in failure.diagnosis


def test_a_gradient_handed_to_the_wrong_layer_is_named(subset, monkeypatch):
    def backward_passing_one_gradient(self, grad_logits, trace=None):
        for layer in reversed(self.layers):
            if trace is not None:
                trace[layer.name] = grad_logits
            layer.backward(grad_logits)  # the logits' gradient to every layer

    monkeypatch.setattr(MLP, "backward", backward_passing_one_gradient)
    failure = run_ladder(dtype="float64", steps=2, batch_size=8, data=subset).first_failure
    assert failure.rung == 3 and "raised" in failure.name, failure
    assert "a tensor of one layer handed to another" in failure.diagnosis, failure.diagnosis


def test_a_step_size_wrong_only_from_the_second_step_is_named(subset, monkeypatch):
    from mnist_course import config
    from mnist_course.numpy_mlp import optim

    original = optim.adam_step_size

    def power_of_the_factor(learning_rate, beta_1, beta_2, t, *args, **kwargs):
        factor = (1 - config.BETA_1**t) / (1 - config.BETA_1) ** t  # exactly 1 at t = 1
        return original(learning_rate, beta_1, beta_2, t, *args, **kwargs) * factor

    monkeypatch.setattr(optim, "adam_step_size", power_of_the_factor)
    report = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset)
    failure = report.first_failure
    assert failure is not None and failure.rung == 5, report.table()
    assert "(1 - beta_1)**t where 1 - beta_1**t belongs" in failure.diagnosis, failure.diagnosis


def test_a_layer_that_remembers_its_output_is_named(subset, monkeypatch):
    from mnist_course.numpy_mlp import layers

    def forward_remembering_the_output(self, x):
        self.x = self.ops.dense_forward(x, self.params["kernel"], self.params["bias"])
        return self.x

    monkeypatch.setattr(layers.Dense, "forward", forward_remembering_the_output)
    failure = run_ladder(dtype="float64", steps=2, batch_size=8, data=subset).first_failure
    assert failure.rung == 3 and "raised" in failure.name, failure
    assert "dense_4's kernel gradient came out (10, 10)" in failure.diagnosis, failure.diagnosis
    assert "remembered the layer's output where its input belongs" in failure.diagnosis


def test_images_cast_before_the_first_layer_are_not_blamed_on_dense_forward(subset, monkeypatch):
    original = MLP.forward

    def forward_in_float64(self, x, trace=None):
        return original(self, np.asarray(x, dtype=float), trace=trace)

    monkeypatch.setattr(MLP, "forward", forward_in_float64)
    report = run_ladder(dtype="float32", steps=2, batch_size=8, data=subset)
    failure = report.first_failure
    assert failure.name == "dtype of every traced tensor (float32)", report.table()
    assert "the images reached the first layer as float64" in failure.diagnosis
    assert "made it from float32 inputs" not in failure.diagnosis


def test_batches_cast_by_fit_are_named_as_a_cast_not_as_changed_rows(subset, monkeypatch):
    from mnist_course.numpy_mlp import train

    original = train.train_one_epoch

    def one_epoch_in_float64(model, optimizer, x, y, order, batch_size, **options):
        return original(model, optimizer, x.astype(float), y, order, batch_size, **options)

    monkeypatch.setattr(train, "train_one_epoch", one_epoch_in_float64)
    report = run_ladder(dtype="float32", steps=4, batch_size=8, data=subset)
    failing = [row.name for row in report.rows if row.rung == 5 and not row.passed]
    assert failing[0] == "each batch's images in x's dtype", report.table()
    assert "samples of every epoch, in order" not in failing
    assert "each batch is cast" in report.first_failure.diagnosis


def test_training_labels_given_to_evaluate_are_named(subset, monkeypatch):
    from mnist_course.numpy_mlp import train

    original_one_epoch, original_evaluate, seen = train.train_one_epoch, MLP.evaluate, {}

    def one_epoch(model, optimizer, x, y, order, batch_size, **options):
        seen["y"] = y
        return original_one_epoch(model, optimizer, x, y, order, batch_size, **options)

    def evaluate_with_training_labels(self, x, labels):  # fit's evaluate(x_val, y)
        return original_evaluate(self, x, seen["y"])

    monkeypatch.setattr(train, "train_one_epoch", one_epoch)
    monkeypatch.setattr(MLP, "evaluate", evaluate_with_training_labels)
    failure = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset).first_failure
    assert failure.rung == 5 and "raised" in failure.name, failure
    assert "the training set's size" in failure.diagnosis, failure.diagnosis
    assert "y where y_val belongs" in failure.diagnosis


def _one_epoch_with(monkeypatch, before_each_epoch=None, step_first=False):
    """train_one_epoch as a learner rewrites it: a hook at each epoch's start, or the
    optimiser's step taken before the batch's gradients."""
    from mnist_course.numpy_mlp import train

    def one_epoch(model, optimizer, x, y, order, batch_size, **options):
        if before_each_epoch:
            before_each_epoch(optimizer)
        loss_sum, correct = 0.0, 0
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            if step_first:
                optimizer.step([model.flat_params], [model.flat_grads])
            loss, logits = model.loss_and_gradients(x[batch], y[batch])
            if not step_first:
                optimizer.step([model.flat_params], [model.flat_grads])
            loss_sum += loss * len(batch)
            correct += int((logits.argmax(axis=1) == y[batch]).sum())
        return {"loss": loss_sum / len(order), "accuracy": correct / len(order)}

    monkeypatch.setattr(train, "train_one_epoch", one_epoch)


def test_a_step_taken_before_its_gradients_is_named(subset, monkeypatch):
    _one_epoch_with(monkeypatch, step_first=True)
    failure = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset).first_failure
    assert failure is not None and failure.rung == 5, failure
    assert "fit's step 1 (epoch 1, step 1)" in failure.diagnosis, failure.diagnosis
    assert "optimizer.step comes before loss_and_gradients" in failure.diagnosis


def test_adams_moments_cleared_each_epoch_are_named(subset, monkeypatch):
    def clear(optimizer):
        optimizer.momentums, optimizer.velocities = [], []

    _one_epoch_with(monkeypatch, before_each_epoch=clear)
    failure = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset).first_failure
    assert failure is not None and failure.rung == 5, failure
    assert "(epoch 2, step 1)" in failure.diagnosis, failure.diagnosis
    assert "m and v start again from 0 here while t carries on" in failure.diagnosis


def test_an_optimiser_replaced_each_epoch_is_named(subset, monkeypatch):
    _one_epoch_with(monkeypatch, before_each_epoch=lambda optimizer: optimizer.__init__())
    failure = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset).first_failure
    assert failure is not None and failure.name == "optimiser steps taken", failure
    assert "its step count starts again each epoch" in failure.diagnosis, failure.diagnosis


def test_a_step_size_of_0_at_the_first_step_is_named(subset, monkeypatch):
    from mnist_course.numpy_mlp import optim

    def step_size_from_t_minus_1(learning_rate, beta_1, beta_2, t, *args, **kwargs):
        return learning_rate * np.sqrt(1 - beta_2 ** (t - 1)) / (1 - beta_1**t)

    monkeypatch.setattr(optim, "adam_step_size", step_size_from_t_minus_1)
    failure = run_ladder(dtype="float64", steps=2, batch_size=8, data=subset).first_failure
    assert failure is not None and failure.rung == 4, failure
    assert "the step size is 0 at t = 1" in failure.diagnosis, failure.diagnosis


def test_an_update_never_stored_is_named(subset):
    from mnist_course.numpy_mlp.optim import adam_step

    class AdamRebindingItsParameters(Adam):
        def step(self, params, grads):
            self.init_state(params)
            self.iterations += 1
            for param, grad, m, v in zip(params, grads, self.momentums, self.velocities):
                param, m[...], v[...] = adam_step(param, grad, m, v, self.iterations)

    report = run_ladder(
        dtype="float64",
        steps=2,
        batch_size=8,
        data=subset,
        make_optimizer=AdamRebindingItsParameters,
    )
    failure = report.first_failure
    assert failure is not None and failure.rung == 4, report.table()
    assert "computed but never stored" in failure.diagnosis, failure.diagnosis


def test_a_learning_rate_changed_in_the_loop_is_named(subset, monkeypatch):
    def decay(optimizer):
        optimizer.learning_rate *= 0.5

    _one_epoch_with(monkeypatch, before_each_epoch=decay)
    failure = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset).first_failure
    assert failure is not None and failure.rung == 5, failure
    assert "fit's step is 0.5 times one optimiser step" in failure.diagnosis, failure.diagnosis


def test_a_gradient_rescaled_before_adam_is_named(subset):
    class AdamClippingTheNorm(Adam):
        def step(self, params, grads):
            norm = np.sqrt(sum(float((grad**2).sum()) for grad in grads))
            scale = min(1.0, 1e-3 / norm)  # clip by the global norm
            super().step(params, [grad * scale for grad in grads])

    report = run_ladder(
        dtype="float64", steps=2, batch_size=8, data=subset, make_optimizer=AdamClippingTheNorm
    )
    failure = report.first_failure
    assert failure.name == "Adam m (first moments), every parameter", report.table()
    assert "Adam was handed the gradient times" in failure.diagnosis, failure.diagnosis


def test_pixels_scaled_twice_are_named_by_the_constant(subset, monkeypatch):
    original = MLP.forward

    def forward_rescaling(self, x, trace=None):
        return original(self, x / 255.0, trace=trace)  # the images arrive scaled already

    monkeypatch.setattr(MLP, "forward", forward_rescaling)
    failure = run_ladder(dtype="float64", steps=2, batch_size=8, data=subset).first_failure
    assert (failure.rung, failure.name) == (1, "dense_1 output"), failure
    assert "1/255 (255: the pixel scale" in failure.diagnosis, failure.diagnosis


def test_a_gradient_rebound_by_its_layer_is_named(subset, monkeypatch):
    from mnist_course.numpy_mlp import layers

    def backward_rebinding(self, grad_y, need_grad_x=True):
        grad_x, grad_kernel, grad_bias = self.ops.dense_backward(
            grad_y, self.x, self.params["kernel"], need_grad_x=need_grad_x
        )
        self.grads["kernel"][...] = grad_kernel
        self.grads["bias"] = grad_bias  # a new array: the model's vector never sees it
        return grad_x

    monkeypatch.setattr(layers.Dense, "backward", backward_rebinding)
    failure = run_ladder(dtype="float64", steps=2, batch_size=8, data=subset).first_failure
    assert failure.name == "the optimiser's gradients (flat_grads) are the layers'", failure
    assert "dense_1/bias (all 0)" in failure.diagnosis and "self.grads[name][...]" in (
        failure.diagnosis
    )


def test_a_backward_pass_in_forward_order_is_named(subset, monkeypatch):
    def backward_not_reversed(self, grad_logits, trace=None):
        grad = grad_logits
        for layer in self.layers:  # reversed(...) forgotten
            if trace is not None:
                trace[layer.name] = grad
            if layer is self.layers[0]:
                layer.backward(grad, need_grad_x=False)
            else:
                grad = layer.backward(grad)

    monkeypatch.setattr(MLP, "backward", backward_not_reversed)
    failure = run_ladder(dtype="float64", steps=2, batch_size=8, data=subset).first_failure
    assert failure.rung == 3 and "raised" in failure.name, failure
    assert "the gradients reached the layers in another order" in failure.diagnosis, (
        failure.diagnosis
    )


@pytest.mark.parametrize("patch", ["swapped", "count"])
def test_a_metric_read_against_kerass_other_metrics_is_named(subset, monkeypatch, patch):
    original = MLP.evaluate

    def evaluate(self, x, labels):
        loss, accuracy = original(self, x, labels)
        if patch == "swapped":
            return accuracy, loss  # unpacked in the other order
        return loss, accuracy * len(labels)  # the count of right answers

    monkeypatch.setattr(MLP, "evaluate", evaluate)
    failure = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset).first_failure
    assert failure is not None and failure.rung == 5, failure
    expected = (
        "fit's val_loss is Keras's val_accuracy"
        if patch == "swapped"
        else "the number of validation samples"
    )
    assert expected in failure.diagnosis, failure.diagnosis


def test_the_models_own_arrays_in_float64_are_named():
    from mnist_course.parity.dtypes import dtype_row, model_arrays

    model = MLP(dtype="float32", seed=0)
    model.flat_grads = model.flat_grads.astype(np.float64)  # made without the model's dtype
    row = dtype_row(3, model_arrays(model, "gradient"), "float32")
    assert not row.passed and "the model's gradient vector (flat_grads)" in row.diagnosis
    assert "made without the run's dtype" in row.diagnosis


def test_a_square_made_from_the_batch_is_told_from_a_layer_handed_on():
    from mnist_course.parity.exception_readings import mixed_layers

    text = "operands could not be broadcast together with shapes (32,10) (32,32) "
    assert "np.eye(len(labels))" in mixed_layers(text, "cross_entropy_backward")
    assert "a tensor of one layer handed to another" in mixed_layers(text, "relu_backward")


def test_an_epoch_accuracy_measured_after_each_step_is_named(subset, monkeypatch):
    from mnist_course.numpy_mlp import train

    def one_epoch(model, optimizer, x, y, order, batch_size, **options):
        loss_sum, correct = 0.0, 0
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            model.loss_and_gradients(x[batch], y[batch])
            optimizer.step([model.flat_params], [model.flat_grads])
            logits = model.forward(x[batch])  # after the step: the updated parameters
            loss = model.ops.cross_entropy(logits, y[batch])
            loss_sum += loss * len(batch)
            correct += int((logits.argmax(axis=1) == y[batch]).sum())
        return {"loss": loss_sum / len(order), "accuracy": correct / len(order)}

    monkeypatch.setattr(train, "train_one_epoch", one_epoch)
    report = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset)
    failure = report.first_failure
    assert failure is not None and failure.name.startswith("loss of each epoch"), report.table()
    assert "measured after each batch's step" in failure.diagnosis, failure.diagnosis


def test_readings_from_the_numbers_alone():
    """Readings that need no run: each from a tensor written as a mistake makes it."""
    from mnist_course.parity.exception_readings import column_vector
    from mnist_course.parity.fit_checks import steps_fault

    g = np.random.default_rng(0).normal(size=(8, 10))
    implied = diagnose("v", 0.01 * g**2, 0.001 * g**2, Evidence("adam_v", grad=g.ravel()))
    assert "with beta_2 = 0.99, where Keras's is 0.999" in implied
    started = diagnose("v", 0.001 * g**2 + 0.999, 0.001 * g**2, Evidence("adam_v", grad=g))
    assert "plus 0.999 in every element (beta_2)" in started
    per_row = diagnose("g", g + (np.arange(8) / 8)[:, None], g, Evidence("gradient"))
    assert "each row is off by its own constant" in per_row
    kernel = np.random.default_rng(1).normal(size=(16, 8))
    grad = np.random.default_rng(2).normal(size=(16, 8))
    evidence = Evidence("gradient", inputs={"param before": kernel})
    assert "a weight decay (L2) term" in diagnose("k", grad + 1e-2 * kernel, grad, evidence)
    text = "operands could not be broadcast together with shapes (32,16) (16,1) "
    assert "shaped as a column" in column_vector(text)
    assert "the epoch loop runs too few times" in steps_fault(50, 100, 50, 50)
    assert "starts again each epoch" in steps_fault(50, 100, 50, 100)


def test_a_loss_off_by_ln_10_is_named():
    logits = np.random.default_rng(0).normal(size=(8, 10))
    evidence = Evidence("loss", logits=logits)
    said = diagnose("loss", np.array(2.0 - np.log(10)), np.array(2.0), evidence)
    assert "= -ln 10, the log of the class count" in said, said


def test_a_layer_never_built_is_told_from_one_the_loop_skipped():
    from types import SimpleNamespace

    from mnist_course.parity.missing import never_recorded

    names = ["dense_1", "relu_1", "dense_2", "relu_2", "dense_3", "relu_3", "dense_4"]
    built = SimpleNamespace(layers=[SimpleNamespace(name=n) for n in names if n != "relu_3"])
    row = never_recorded(1, "relu_3 output", None, np.zeros((8, 8)), built, names[:5])
    assert "the model has no layer relu_3: it was never built" in row.diagnosis
    every = SimpleNamespace(layers=[SimpleNamespace(name=n) for n in names])
    recorded = [n for n in names if not n.startswith("relu")]
    row = never_recorded(3, "d loss / d relu_3 output", None, np.zeros((8, 8)), every, recorded)
    assert "the backward pass skips relu_3 while it reaches layers on both sides" in row.diagnosis


def test_a_difference_that_is_a_multiple_of_an_input_names_that_input():
    rng = np.random.default_rng(1)
    z, bias = rng.normal(size=(8, 16)), rng.normal(size=16)
    evidence = Evidence("forward", inputs={"the bias": bias})
    assert "ours is Keras's plus the bias" in diagnose("dense_2 output", z + bias, z, evidence)
    kernel, grad = rng.normal(size=(16, 8)), rng.normal(size=(16, 8))
    evidence = Evidence("gradient", inputs={"param before": kernel})
    cause = diagnose("k", grad + 0.01 * kernel, grad, evidence)
    assert "plus 0.01 x param before" in cause or "weight" in cause, cause


def test_the_same_rows_in_another_order_are_named():
    rng = np.random.default_rng(2)
    probs = rng.dirichlet(np.ones(10), size=8)
    moved = probs[[1, 0, 2, 3, 4, 5, 7, 6]]
    cause = diagnose("probabilities", moved, probs, Evidence("softmax"))
    assert "the same rows as Keras's, 4 of them moved" in cause, cause
    columns = probs[:, [0, 1, 2, 3, 4, 5, 6, 7, 9, 8]]
    cause = diagnose("probabilities", columns, probs, Evidence("softmax"))
    assert "the same columns as Keras's, 2 of them moved" in cause, cause


def test_batches_of_near_equal_sizes_are_named(subset, monkeypatch):
    from mnist_course.numpy_mlp import train

    def split_evenly(order, batch_size):  # np.array_split: no smaller last batch
        return np.array_split(order, len(order) // batch_size)

    monkeypatch.setattr(train, "batches_of", split_evenly)
    failure = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset).first_failure
    assert failure is not None and failure.rung == 5, failure
    assert "split into near-equal parts" in failure.diagnosis, failure.diagnosis


class AdamStateInFloat32(Adam):
    def init_state(self, params):
        if not self.momentums:
            self.momentums = [np.zeros(p.shape, np.float32) for p in params]
            self.velocities = [np.zeros(p.shape, np.float32) for p in params]


class AdamStartsAtTheFirstGradient(Adam):
    def step(self, params, grads):
        if not self.momentums:
            self.momentums = [g.copy() for g in grads]
            self.velocities = [g * g for g in grads]
        super().step(params, grads)


@pytest.mark.parametrize(
    ("optimizer", "tensor", "cause"),
    [
        (AdamStateInFloat32, "dtype of every traced tensor (float64)", "Adam's state were made"),
        (AdamStartsAtTheFirstGradient, "Adam m (first moments), every parameter",
         "the moments started at the first gradient"),
    ],
)  # fmt: skip
def test_adams_state_is_read_as_a_whole(subset, optimizer, tensor, cause):
    failure = run_ladder(
        dtype="float64", steps=2, batch_size=8, data=subset, make_optimizer=optimizer
    ).first_failure
    assert (failure.rung, failure.name) == (4, tensor), failure
    assert cause in failure.diagnosis, failure.diagnosis


def test_a_layer_that_keeps_its_first_input_is_named(subset, monkeypatch):
    from mnist_course.numpy_mlp import layers

    def forward_storing_once(self, x):
        if self.x is None:  # the input of the first batch, kept for every later one
            self.x = x
        return self.ops.dense_forward(x, self.params["kernel"], self.params["bias"])

    monkeypatch.setattr(layers.Dense, "forward", forward_storing_once)
    failure = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset).first_failure
    assert failure is not None and "raised" in failure.name, failure
    assert "the input this layer kept is not this batch's" in failure.diagnosis, failure.diagnosis


@pytest.mark.parametrize(
    ("renamed", "cause"),
    [({"accuracy": "acc"}, "keeps accuracy's values under 'acc'"),
     ({"val_loss": None, "val_accuracy": None}, "the validation metrics are never written")],
)  # fmt: skip
def test_a_history_with_other_counts_is_read_with_its_keys(subset, monkeypatch, renamed, cause):
    from mnist_course.history import TrainingHistory

    original = TrainingHistory.record

    def record(self, metrics, seconds):
        metrics = {renamed.get(key, key): value for key, value in metrics.items()}
        original(self, {key: value for key, value in metrics.items() if key}, seconds)

    monkeypatch.setattr(TrainingHistory, "record", record)
    failure = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset).first_failure
    assert failure is not None and failure.rung == 5, failure
    assert cause in failure.diagnosis, failure.diagnosis


def test_a_loss_divided_by_a_fixed_batch_size_is_named():
    logits = np.array([[2.0, 1.0, 0.5], [0.1, 3.0, 0.2]])
    cause = diagnose("loss", np.array(0.3 * 2 / 32), np.array(0.3), Evidence("loss", logits=logits))
    assert "= 2/32" in cause and "the default batch size" in cause, cause


def test_a_later_row_that_raised_says_why_in_the_table():
    from mnist_course.parity.report import Comparison, ParityReport

    inf = float("inf")
    first = Comparison(1, "relu_1 output", [], inf, inf, 1e-12, False, "the first cause")
    later = Comparison(3, "your backward: every parameter's gradient", [], inf, inf, 0.0, False,
                       "it raised ValueError: shapes (32,8) (8,32)")  # fmt: skip
    table = ParityReport("float64", {}, rows=[first, later]).table()
    assert "Likely cause: the first cause" in table
    assert "    it raised ValueError: shapes (32,8) (8,32)" in table
    assert table.count("the first cause") == 1  # the first failure's cause is said once


def test_a_backward_pass_that_skips_the_last_layers_product_is_named(subset, monkeypatch):
    def backward_keeping_the_logits_gradient(self, grad_logits, trace=None):
        grad = grad_logits
        for layer in reversed(self.layers):
            if trace is not None:
                trace[layer.name] = grad
            if layer is self.layers[-1]:
                layer.backward(grad)  # its grad_x never kept: the next layer gets grad_logits
            else:
                grad = layer.backward(grad)

    monkeypatch.setattr(MLP, "backward", backward_keeping_the_logits_gradient)
    failure = run_ladder(dtype="float64", steps=2, batch_size=8, data=subset).first_failure
    assert failure is not None and failure.rung == 3, failure
    assert "the logits' gradient, which reached a ReLU unchanged" in failure.diagnosis, (
        failure.diagnosis
    )


def test_a_learners_composition_that_raised_names_the_real_error():
    from mnist_course.parity.compositions import _raised
    from mnist_course.parity.exceptions import Raised

    wrapped = Raised("relu_backward", [(8, 4)], ValueError("operands could not be broadcast"))
    assert _raised(wrapped) == "relu_backward raised ValueError: operands could not be broadcast"
    assert _raised(KeyError("w")) == "KeyError: 'w'"


def test_an_accuracy_function_that_counts_wrong_is_named(subset, monkeypatch):
    from mnist_course.numpy_mlp import metrics, model

    def accuracy_of_confident_rows(logits, labels):  # right only where p(label) > 0.5
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        probabilities = shifted / shifted.sum(axis=1, keepdims=True)
        return float((probabilities[np.arange(len(labels)), labels] > 0.5).mean())

    monkeypatch.setattr(metrics, "accuracy", accuracy_of_confident_rows)
    monkeypatch.setattr(model, "accuracy", accuracy_of_confident_rows)
    failure = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset).first_failure
    assert failure is not None and failure.rung == 5, failure
    assert "the accuracy function itself is wrong" in failure.diagnosis, failure.diagnosis


def test_a_forward_pass_that_hands_the_images_to_every_layer_is_named(subset, monkeypatch):
    def forward_from_the_images(self, x, trace=None):
        values = x
        for layer in self.layers:
            values = layer.forward(x if layer.name.startswith("dense") else values)
            if trace is not None:
                trace[layer.name] = values
        return values

    monkeypatch.setattr(MLP, "forward", forward_from_the_images)
    failure = run_ladder(dtype="float64", steps=2, batch_size=8, data=subset).first_failure
    assert failure is not None and "raised" in failure.name, failure
    assert "the images' 784 pixels, where dense_2's kernel" in failure.diagnosis, failure.diagnosis


def test_batches_that_start_at_one_are_named(subset, monkeypatch):
    from mnist_course.numpy_mlp import train

    def from_one(order, batch_size):  # range(1, n, batch_size): sample order[0] never trains
        return [order[start : start + batch_size] for start in range(1, len(order), batch_size)]

    monkeypatch.setattr(train, "batches_of", from_one)
    failure = run_ladder(dtype="float64", steps=4, batch_size=8, data=subset).first_failure
    assert failure is not None and failure.rung == 5, failure
    assert "one sample of each epoch never trains" in failure.diagnosis, failure.diagnosis


def test_an_optimiser_step_outside_the_batch_loop_is_named():
    from mnist_course.parity.fit_checks import steps_fault

    cause = steps_fault(taken=2, steps=100, per_epoch=50, trained=100)
    assert "the optimiser's step sits outside the batch loop" in cause, cause


def test_readings_from_grade_s10():
    """Grade s10's general patterns, each from the numbers a mistake makes."""
    from mnist_course.parity.fit_checks import batch_sizes_fault
    from mnist_course.parity.fit_metrics import metric_fault
    from mnist_course.parity.training import _few_against

    # m updated with beta_2 where beta_1 belongs: the other beta's value, not a setting.
    g = np.random.default_rng(0).normal(size=(8, 10))
    v = (1 - 0.999) * g**2  # right: only m is wrong
    evidence = Evidence("adam_m", grad=g, inputs={"other moment": v})
    m = diagnose("m", (1 - 0.999) * g, (1 - 0.9) * g, evidence)
    assert "beta_2's value, so the m update uses beta_2 where beta_1 belongs" in m, m
    # One epoch short: said in epochs, not as two lists that look alike.
    one_epoch = [8, 8, 4]
    cause = batch_sizes_fault(one_epoch, one_epoch, epochs=2)
    assert cause.startswith("1 epoch of batches where Keras's fit trains 2"), cause
    shown = _few_against([8, 8, 4], [8, 8, 4, 8, 8, 4])
    assert shown == "has 3 entries, Keras's 6; the first 3 agree", shown
    # Parameters that agree with a training loss that does not: never "the training is right".
    cause = metric_fault("loss", [3.06], [1.60], trained_alike=True, samples=20, sizes=[8, 8, 4],
                         evaluated=None)  # fmt: skip
    assert "training is right" not in cause and "changed after the forward pass" in cause, cause


def test_a_function_that_writes_into_its_input_is_named(subset):
    """Grade s10: softmax's gradient computed in the logits' own buffer gives the right
    gradient while the caller's logits change under it."""
    from tests.planted_bugs import planted

    def gradient_in_the_logits(logits, labels):
        logits -= logits.max(axis=1, keepdims=True)
        np.exp(logits, out=logits)
        logits /= logits.sum(axis=1, keepdims=True)
        logits[np.arange(len(labels)), labels] -= 1
        return logits / len(labels)

    ops = planted(cross_entropy_backward=gradient_in_the_logits)
    report = run_ladder(dtype="float64", steps=2, batch_size=8, data=subset, ops=ops)
    failure = report.first_failure
    assert failure is not None and failure.rung == 3, report.table()
    assert "cross_entropy_backward wrote into its argument logits" in failure.diagnosis, (
        failure.diagnosis
    )


def test_a_call_that_reached_another_kind_of_object_is_read():
    from mnist_course.parity.exception_readings import other_readings

    text = "ReLU.backward() got an unexpected keyword argument 'need_grad_x'"
    reading = other_readings(text)
    assert reading.startswith("ReLU.backward does not take need_grad_x=: the call reached")
