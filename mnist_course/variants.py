"""Beyond the original network: the improvements its README invites, measured alike.

Each variant is a compiled Keras model with the course's optimiser and loss, so the
only difference between rows of the comparison is the architecture.
"""

from __future__ import annotations

import time

from . import config, keras_mlp

VARIANTS: tuple[str, ...] = (
    "original MLP",
    "MLP + Dropout",
    "MLP + BatchNormalization",
    "small CNN",
)


def build_variant(name: str, seed: int = config.DEFAULT_SEED):
    """A compiled Keras model: the original MLP, with Dropout, with BatchNorm, or a small CNN."""
    keras = keras_mlp.keras
    if name == "original MLP":
        return keras_mlp.build_model(seed=seed)
    keras.utils.set_random_seed(seed)
    layers = [keras.Input(shape=config.IMAGE_SHAPE)]
    if name == "small CNN":
        layers += [
            keras.layers.Reshape((*config.IMAGE_SHAPE, 1)),
            keras.layers.Conv2D(16, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Conv2D(32, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Flatten(),
            keras.layers.Dense(32, activation="relu"),
        ]
    elif name in ("MLP + Dropout", "MLP + BatchNormalization"):
        layers.append(keras.layers.Flatten())
        for units in config.HIDDEN_UNITS:
            if name == "MLP + Dropout":
                layers += [keras.layers.Dense(units, activation="relu"), keras.layers.Dropout(0.1)]
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
    model.compile(
        optimizer=keras_mlp.make_adam(),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def compare_variants(
    x_train, y_train, x_test, y_test, *, epochs: int, names: tuple[str, ...] = VARIANTS
) -> list[dict]:
    """Train each variant the same way; one row per variant for a table."""
    rows = []
    for name in names:
        model = build_variant(name)
        start = time.perf_counter()
        history = keras_mlp.train(model, x_train, y_train, epochs=epochs, verbose=0)
        seconds = time.perf_counter() - start
        _, test_accuracy = keras_mlp.evaluate(model, x_test, y_test)
        rows.append(
            {
                "model": name,
                "parameters": model.count_params(),
                "test accuracy": round(test_accuracy, 4),
                "best val accuracy": round(max(history.history["val_accuracy"]), 4),
                "training seconds": round(seconds, 1),
            }
        )
    return rows
