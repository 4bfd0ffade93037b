"""The NumPy network as a whole: gradients, the sanity checks a teacher runs, its API."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mnist_course import config
from mnist_course.data import flatten_images, scale_pixels
from mnist_course.gradcheck import numerical_gradient, relative_error
from mnist_course.numpy_mlp import MLP, SGD, Adam, TrainingDivergedError, fit
from mnist_course.numpy_mlp import functional as F


def test_layer_structure_and_parameter_count():
    model = MLP()
    assert model.flat_params.size == config.NUM_PARAMETERS == 25_874
    shapes = [array.shape for array in model.get_weights()]
    assert shapes == [(784, 32), (32,), (32, 16), (16,), (16, 8), (8,), (8, 10), (10,)]
    assert list(model.named_parameters()) == config.weight_names()
    assert all(not bias.any() for bias in model.get_weights()[1::2]), "biases start at zero"


def test_parameters_are_views_into_the_flat_vector():
    model = MLP()
    model.flat_params[:] = 0.5
    assert all((array == 0.5).all() for array in model.named_parameters().values())


def test_whole_network_gradient_matches_finite_differences():
    rng = np.random.default_rng(7)
    model = MLP(dtype="float64", seed=3)
    x, labels = rng.random((4, 784)), rng.integers(0, 10, 4)
    model.loss_and_gradients(x, labels)
    analytic = model.flat_grads.copy()

    def loss():
        return F.cross_entropy(model.forward(x), labels)

    numeric = numerical_gradient(loss, model.flat_params)
    assert relative_error(analytic, numeric) < 1e-7
    for name, grad in model.named_gradients().items():  # and tensor by tensor
        params = model.named_parameters()[name]
        assert relative_error(grad, numerical_gradient(loss, params)) < 1e-7, name


def test_initial_loss_is_close_to_ln_10(subset):
    x = scale_pixels(subset.x_train[:1000])
    for seed in range(3):
        loss, _ = MLP(seed=seed).evaluate(x, subset.y_train[:1000])
        assert abs(loss - math.log(10)) < 0.15, f"seed {seed}: initial loss {loss:.3f}"


def test_overfits_100_images(subset):
    x, y = scale_pixels(subset.x_train[:100]), subset.y_train[:100]
    model = MLP(seed=0)
    fit(model, x, y, epochs=150, batch_size=20, optimizer=Adam(learning_rate=1e-2), verbose=0)
    loss, accuracy = model.evaluate(x, y)
    assert accuracy == 1.0, f"only {accuracy:.2%} of 100 training images after 150 epochs"
    assert loss < 0.05


def test_same_seed_gives_bit_identical_training(subset):
    x, y = scale_pixels(subset.x_train[:500]), subset.y_train[:500]
    runs = []
    for _ in range(2):
        model = MLP(seed=11)
        history = fit(
            model, x, y, epochs=2, batch_size=32, validation_split=0.2, seed=11, verbose=0
        )
        runs.append((model.flat_params.copy(), history.history))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    assert runs[0][1] == runs[1][1]
    other = MLP(seed=12)
    fit(other, x, y, epochs=2, batch_size=32, validation_split=0.2, seed=12, verbose=0)
    assert not np.array_equal(other.flat_params, runs[0][0])


def test_history_has_keras_keys_and_one_value_per_epoch(subset):
    x, y = scale_pixels(subset.x_train[:300]), subset.y_train[:300]
    history = fit(MLP(), x, y, epochs=3, validation_split=0.1, verbose=0)
    assert list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert all(len(values) == 3 for values in history.history.values())
    assert len(history.seconds_per_epoch) == 3


def test_validation_data_is_used_as_given(subset):
    x, y = scale_pixels(subset.x_train[:200]), subset.y_train[:200]
    x_val, y_val = scale_pixels(subset.x_test[:50]), subset.y_test[:50]
    model = MLP()
    history = fit(model, x, y, epochs=1, validation_data=(x_val, y_val), verbose=0)
    assert history.history["val_loss"][-1] == pytest.approx(model.evaluate(x_val, y_val)[0])


def test_progress_output(subset, capsys):
    x, y = scale_pixels(subset.x_train[:64]), subset.y_train[:64]
    fit(MLP(), x, y, epochs=2, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Epoch 1/2 - ") and "loss: " in lines[0] and len(lines) == 2
    fit(MLP(), x, y, epochs=1, verbose=0)
    assert capsys.readouterr().out == ""


def test_nan_loss_stops_training_naming_epoch_and_step(subset):
    x, y = scale_pixels(subset.x_train[:256]), subset.y_train[:256]
    with pytest.raises(TrainingDivergedError, match=r"at epoch 1 of 5, step \d+ of 8"):
        fit(MLP(), x, y, epochs=5, batch_size=32, optimizer=SGD(learning_rate=1e9), verbose=0)


@pytest.mark.parametrize(
    ("x", "message"),
    [
        (np.zeros((4, 100), np.float32), r"shape \(N, 784\) or \(N, 28, 28\), got \(4, 100\)"),
        (np.zeros((4, 28, 28), np.uint8), "expected float32 inputs.*got uint8.*scale_pixels"),
        (np.zeros((4, 784), np.float64), "expected float32 inputs.*got float64"),
        (np.full((4, 784), np.nan, np.float32), "NaN or infinite"),
    ],
)
def test_bad_inputs_get_a_value_error(x, message):
    with pytest.raises(ValueError, match=message):
        fit(MLP(), x, np.zeros(4, np.int64), epochs=1, verbose=0)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (np.zeros(3, np.int64), r"shape \(4,\)"),
        (np.zeros(4), "integer labels"),
        (np.array([0, 1, 2, 10]), "labels must be 0..9"),
    ],
)
def test_bad_labels_get_a_value_error(labels, message):
    with pytest.raises(ValueError, match=message):
        MLP().evaluate(np.zeros((4, 784), np.float32), labels)


def test_accepts_images_or_flat_vectors(subset):
    images = scale_pixels(subset.x_test[:10])
    model = MLP()
    np.testing.assert_array_equal(
        model.predict_proba(images), model.predict_proba(flatten_images(images))
    )
    assert model.predict(images).shape == (10,)


def test_save_and_load_round_trip(tmp_path):
    model = MLP(seed=5)
    model.save(tmp_path / "weights.npz")
    loaded = MLP.load(tmp_path / "weights.npz")
    for saved, restored in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(saved, restored)
    with np.load(tmp_path / "weights.npz", allow_pickle=False) as archive:
        assert archive.files == config.weight_names()


def test_set_weights_refuses_wrong_count_shape_order_and_dtype():
    model, weights = MLP(), MLP(seed=1).get_weights()
    with pytest.raises(ValueError, match="expected 8 arrays"):
        model.set_weights(weights[:7])
    with pytest.raises(
        ValueError, match=r"dense_1/kernel: expected shape \(784, 32\), got \(32, 784\)"
    ):
        model.set_weights([weights[0].T, *weights[1:]])
    swapped = [weights[1], weights[0], *weights[2:]]
    with pytest.raises(ValueError, match="dense_1/kernel: expected shape"):
        model.set_weights(swapped)
    with pytest.raises(ValueError, match="dense_2/bias: expected floating-point"):
        model.set_weights([*weights[:3], weights[3].astype(np.int32), *weights[4:]])
    before = model.get_weights()[0].copy()
    np.testing.assert_array_equal(model.get_weights()[0], before)  # refused: nothing changed


def test_adam_equals_the_paper_with_a_rescaled_epsilon():
    """Keras's form is the paper's with epsilon_hat = epsilon * sqrt(1 - beta_2^t).

    One more Keras detail: the bias corrections use beta_1 and beta_2 rounded to float32.
    """
    beta_1_power_base, beta_2_power_base = float(np.float32(0.9)), float(np.float32(0.999))
    rng = np.random.default_rng(0)
    param = rng.normal(size=50)
    paper = param.copy()
    adam = Adam()
    m = v = np.zeros(50)
    for t in range(1, 6):
        grad = rng.normal(size=50)
        adam.step([param], [grad])
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        correction_1, correction_2 = 1 - beta_1_power_base**t, 1 - beta_2_power_base**t
        m_hat, v_hat = m / correction_1, v / correction_2
        paper -= 1e-3 * m_hat / (np.sqrt(v_hat) + 1e-7 / math.sqrt(correction_2))
    np.testing.assert_allclose(param, paper, rtol=1e-13)


def test_adam_first_step_is_shorter_than_the_textbook_by_keras_float32_betas():
    """With a large gradient (epsilon negligible) the first step is lr * sign(g) exactly."""
    param = np.zeros(1)
    Adam().step([param], [np.array([1e4])])
    assert param[0] / -1e-3 - 1 == pytest.approx(-6.6757e-6, rel=1e-3)


def test_sgd_step():
    param, grad = np.array([1.0, 2.0]), np.array([10.0, -10.0])
    SGD(learning_rate=0.1).step([param], [grad])
    np.testing.assert_allclose(param, [0.0, 3.0])


def test_flush_subnormals_zeroes_only_subnormal_values():
    from mnist_course.numpy_mlp.optim import flush_subnormals

    array = np.array([1e-40, -1e-41, 1e-37, -2.0, 0.0], dtype=np.float32)
    flush_subnormals(array)
    np.testing.assert_array_equal(array, np.array([0, 0, 1e-37, -2.0, 0], dtype=np.float32))
