"""Beyond the original network: the improvements its README invites, measured alike.

Each variant is a compiled Keras model with the course's optimiser and loss, so the
only difference between rows of the comparison is the architecture. The comparison runs
every variant over several seeds: one seed per row cannot separate them.
"""

from __future__ import annotations

import time

from . import config, keras_mlp
from .data import MnistData, scale_pixels, split_validation

VARIANTS: tuple[str, ...] = (
    "original MLP",
    "MLP + Dropout",
    "MLP + BatchNormalization",
    "small CNN",
)


def build_variant(
    name: str,
    seed: int = config.DEFAULT_SEED,
    *,
    dropout: float = config.VARIANT_DROPOUT_RATE,
    filters: tuple[int, int] = (8, 16),
):
    """A compiled Keras model: the original MLP, with Dropout, with BatchNorm, or a small CNN.

    ``dropout`` is the rate of the Dropout layers (the share of units switched off);
    ``filters`` the number of filters of the CNN's two convolutions.
    """
    keras = keras_mlp.keras
    if name == "original MLP":
        return keras_mlp.build_model(seed=seed)
    keras.utils.set_random_seed(seed)
    layers = [keras.Input(shape=config.IMAGE_SHAPE)]
    if name == "small CNN":
        # 8 and 16 filters by default (Keras's MNIST example has 32 and 64): a third of
        # the arithmetic of 16 and 32, so that lesson 8 runs its seeds within its budget.
        layers += [
            keras.layers.Reshape((*config.IMAGE_SHAPE, 1)),
            keras.layers.Conv2D(filters[0], 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Conv2D(filters[1], 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Flatten(),
            keras.layers.Dense(32, activation="relu"),
        ]
    elif name in ("MLP + Dropout", "MLP + BatchNormalization"):
        layers.append(keras.layers.Flatten())
        for units in config.HIDDEN_UNITS:
            if name == "MLP + Dropout":
                layers += [
                    keras.layers.Dense(units, activation="relu"),
                    keras.layers.Dropout(dropout),
                ]
            else:
                layers += [
                    keras.layers.Dense(units),
                    keras.layers.BatchNormalization(),
                    keras.layers.Activation("relu"),
                ]
    else:
        raise ValueError(f"unknown variant {name!r}; the variants are {VARIANTS}")
    layers.append(keras.layers.Dense(config.NUM_CLASSES, activation="softmax"))
    model = keras.Sequential(layers, name=name.replace(" ", "_").replace("+", "and"))
    keras_mlp.compile_model(model)
    return model


def compare_variants(
    data: MnistData,
    *,
    num_train: int,
    epochs: int,
    seeds: tuple[int, ...],
    names: tuple[str, ...] = VARIANTS,
    dropout: float = config.VARIANT_DROPOUT_RATE,
) -> list[dict]:
    """Train each variant once per seed on the first ``num_train`` training images.

    One row per (variant, seed): test accuracy on the whole test set, accuracy on the
    images it trained on (the training part of the split, scored after training, with
    Dropout off, as the test set is), and training seconds.
    Each variant is compiled once and re-initialised for every further seed, which skips
    Keras's tracing of the training step (seconds per run); the weights, Dropout's random
    state and Adam's state are reset to exactly those of a fresh model with that seed.
    ``dropout`` is the rate of the Dropout model's layers.
    """
    x_train, y_train = scale_pixels(data.x_train[:num_train]), data.y_train[:num_train]
    x_fit, y_fit, _, _ = split_validation(x_train, y_train)  # what training fits to
    x_test = scale_pixels(data.x_test)
    rows = []
    for name in names:
        model = None
        for seed in seeds:
            if model is None:
                model = build_variant(name, seed=seed, dropout=dropout)
            else:
                reinitialise(model, build_variant(name, seed=seed, dropout=dropout))
            start = time.perf_counter()
            keras_mlp.train(model, x_train, y_train, epochs=epochs, seed=seed, verbose=0)
            seconds = time.perf_counter() - start
            _, test_accuracy = keras_mlp.evaluate(model, x_test, data.y_test)
            _, training_accuracy = keras_mlp.evaluate(model, x_fit, y_fit)
            rows.append(
                {
                    "model": name,
                    "seed": seed,
                    "parameters": model.count_params(),
                    "test accuracy": test_accuracy,
                    "training accuracy": training_accuracy,
                    "training seconds": seconds,
                }
            )
    return rows


def reinitialise(model, fresh) -> None:
    """Give a trained ``model`` the state of ``fresh`` (same architecture, not trained).

    Every variable is copied (weights, BatchNormalization's running statistics, Dropout's
    random-generator state), and Adam's step counter and moment estimates go back to 0.
    """
    for target, source in zip(model.variables, fresh.variables, strict=True):
        target.assign(source)
    for variable in model.optimizer.variables:
        if "learning_rate" not in variable.path:
            variable.assign(keras_mlp.tf.zeros_like(variable))


def accuracies_by_model(rows: list[dict]) -> dict[str, list[float]]:
    """``{model: [test accuracy of each seed]}`` from ``compare_variants``'s rows."""
    accuracies: dict[str, list[float]] = {}
    for row in rows:
        accuracies.setdefault(row["model"], []).append(row["test accuracy"])
    return accuracies
