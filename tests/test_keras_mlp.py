"""The Keras model: exactly the original, seeded, and trained with a reshuffling pipeline."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_course import config
from mnist_course.data import scale_pixels, split_validation
from mnist_course.numpy_mlp import MLP, fit

keras = pytest.importorskip("keras")  # a hard dependency; this only names the module
keras_mlp = pytest.importorskip("mnist_course.keras_mlp")

pytestmark = pytest.mark.keras


def test_model_is_the_original():
    model = keras_mlp.build_model()
    layers = model.layers
    assert [type(layer).__name__ for layer in layers] == ["Flatten"] + ["Dense"] * 4
    assert [layer.units for layer in layers[1:]] == [32, 16, 8, 10]
    activations = [layer.activation.__name__ for layer in layers[1:]]
    assert activations == ["relu", "relu", "relu", "softmax"]
    assert model.input_shape == (None, 28, 28)
    assert model.count_params() == config.NUM_PARAMETERS == 25_874
    assert [w.path.replace("mnist_mlp/", "") for w in model.weights] == config.weight_names()
    assert model.loss == "sparse_categorical_crossentropy"
    optimizer = model.optimizer
    assert isinstance(optimizer, keras.optimizers.Adam)
    assert float(optimizer.learning_rate) == pytest.approx(1e-3, rel=1e-7)
    assert (optimizer.beta_1, optimizer.beta_2, optimizer.epsilon) == (0.9, 0.999, 1e-7)


def test_float64_model_has_a_float64_learning_rate():
    model = keras_mlp.build_model(dtype="float64")
    assert {w.dtype for w in model.get_weights()} == {np.dtype("float64")}
    assert model.optimizer.learning_rate.dtype == "float64"
    assert keras.config.floatx() == "float32", "floatx must be restored"


def test_glorot_initialisation_and_zero_biases():
    weights = keras_mlp.build_model(seed=1).get_weights()
    assert all(not bias.any() for bias in weights[1::2])
    limit = np.sqrt(6 / (784 + 32))
    assert np.abs(weights[0]).max() <= limit and np.abs(weights[0]).max() > 0.9 * limit


def test_weights_cross_to_numpy_and_give_the_same_predictions(subset):
    model = keras_mlp.build_model(dtype="float64", seed=2)
    twin = MLP(dtype="float64")
    twin.set_weights(model.get_weights())  # no transposes: the same layout
    x = scale_pixels(subset.x_test[:200], np.float64)
    np.testing.assert_allclose(twin.predict_proba(x), model(x).numpy(), rtol=1e-12)


def test_same_seed_gives_identical_training(subset):
    x, y = scale_pixels(subset.x_train[:640]), subset.y_train[:640]
    runs = []
    for _ in range(2):
        model = keras_mlp.build_model(seed=4)
        keras_mlp.train(model, x, y, epochs=2, seed=4, verbose=0)
        runs.append(model.get_weights())
    for first, second in zip(*runs):
        np.testing.assert_array_equal(first, second)


def test_steps_per_execution_changes_no_number(subset):
    """Many steps per graph call is a speed setting: the same weights and history, bit for bit.

    2,300 examples: 2,070 train, 65 batches (the last one partial) an epoch: two full
    calls of ``KERAS_STEPS_PER_EXECUTION`` = 32 steps and a call of one, as a real epoch
    has full calls and a shorter last one; 230 validate.
    """
    assert config.KERAS_STEPS_PER_EXECUTION == 32  # the docstring's arithmetic
    x, y = scale_pixels(subset.x_train[:2300]), subset.y_train[:2300]
    runs = []
    for steps in (1, config.KERAS_STEPS_PER_EXECUTION):
        model = keras_mlp.build_model(seed=3)
        model.compile(
            optimizer=keras_mlp.make_adam(),
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
            steps_per_execution=steps,
        )
        history = keras_mlp.train(model, x, y, epochs=2, seed=3, verbose=0)
        runs.append((model.get_weights(), history.history))
    (weights_one, history_one), (weights_many, history_many) = runs
    for one, many in zip(weights_one, weights_many, strict=True):
        np.testing.assert_array_equal(one, many)
    assert history_one == history_many


def test_pipeline_reshuffles_every_epoch_and_repeats_per_seed():
    x, y = np.zeros((50, 28, 28), np.float32), np.arange(50)

    def epoch_orders(seed):
        dataset = keras_mlp.training_dataset(x, y, batch_size=10, seed=seed)
        return [np.concatenate([labels.numpy() for _, labels in dataset]) for _ in range(3)]

    orders = epoch_orders(seed=0)
    assert all(sorted(order) == list(range(50)) for order in orders)
    assert not np.array_equal(orders[0], orders[1]) and not np.array_equal(orders[1], orders[2])
    for first, again in zip(orders, epoch_orders(seed=0)):
        np.testing.assert_array_equal(first, again)


def test_history_matches_the_numpy_side(subset):
    x, y = scale_pixels(subset.x_train[:320]), subset.y_train[:320]
    model = keras_mlp.build_model()
    history = keras_mlp.train(model, x, y, epochs=2, verbose=0)
    numpy_history = fit(MLP(), x, y, epochs=2, validation_split=config.VALIDATION_SPLIT, verbose=0)
    assert list(history.history) == list(numpy_history.history)
    assert [len(v) for v in history.history.values()] == [2, 2, 2, 2]
    assert len(history.seconds_per_epoch) == 2


def test_original_array_mode_still_trains(subset):
    x, y = scale_pixels(subset.x_train[:320]), subset.y_train[:320]
    model = keras_mlp.build_model()
    history = keras_mlp.train(model, x, y, epochs=1, reshuffle_each_epoch=False, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_validation_split_is_keras_own():
    from keras.src.trainers.data_adapters.array_slicing import train_validation_split

    x, y = np.arange(1001), np.arange(1001) % 10
    (keras_x, keras_y), (keras_x_val, keras_y_val) = train_validation_split(
        (x, y), validation_split=0.1
    )
    for ours, theirs in zip(
        split_validation(x, y, 0.1), (keras_x, keras_y, keras_x_val, keras_y_val)
    ):
        np.testing.assert_array_equal(ours, theirs)
