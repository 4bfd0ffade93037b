"""The accuracies lesson 6's panel shows beside the learner's (issue 23), recorded at build.

Keras does not run in a browser, so the build trains the real Keras model on the page's own
subset (the file the page downloads, read back and digest-checked) with the panel's default
settings, and notes its test accuracy after every epoch up to ``config.PAGE_RECORDED_EPOCHS``
(a k-epoch run is the first k epochs of a longer one: same seed, same orders). The course's
NumPy reference is recorded the same way, through the page's own training loop
(``in_browser_training.PageTraining`` with no learner code). The page reads the JSON file;
nothing in it is typed by hand.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import numpy as np

from .. import config
from .build_page_subset import PageSubset
from .in_browser_training import PageTraining, load_subset

ACCURACIES_FILE = "recorded-accuracies.json"
# The panel's defaults: the only settings recorded (the epochs run 1..PAGE_RECORDED_EPOCHS).
RECORDED_SETTINGS = {
    "images": config.PAGE_TRAIN_IMAGES,
    "batchSize": config.DEFAULT_BATCH_SIZE,
    "seed": config.DEFAULT_SEED,
}


def reference_accuracies(subset, *, epochs: int, images: int, batch_size: int, seed: int):
    """The course's NumPy network trained by the page's loop: test accuracy after each epoch."""
    run = PageTraining(subset, {}, images=images, batch_size=batch_size, seed=seed)
    accuracies = []
    for _ in range(epochs):
        run.epoch()
        accuracies.append(run.test_accuracy())
    return accuracies


def keras_accuracies(subset, *, epochs: int, images: int, batch_size: int, seed: int):
    """The real Keras model on the same slices: test accuracy after each epoch."""
    import keras

    from .. import keras_mlp  # TensorFlow: only on the build machine

    x_train = subset["x_train"][:images].astype(np.float32) / 255  # (N, 28, 28)
    y_train = subset["y_train"][:images].astype(np.int64)
    x_test = subset["x_test"].astype(np.float32) / 255
    y_test = subset["y_test"].astype(np.int64)
    model = keras_mlp.build_model(seed=seed)
    accuracies: list[float] = []

    def note(epoch, logs):  # a plain call, not evaluate(): safe inside fit
        probs = np.asarray(model(x_test, training=False))
        accuracies.append(float((probs.argmax(axis=1) == y_test).mean()))

    data = keras_mlp.training_dataset(x_train, y_train, batch_size=batch_size, seed=seed)
    model.fit(
        data,
        epochs=epochs,
        shuffle=False,
        verbose=0,
        callbacks=[keras.callbacks.LambdaCallback(on_epoch_end=note)],
    )
    return accuracies


def record_accuracies(written: PageSubset) -> dict:
    """Both networks' test accuracies on the subset ``written``, with what produced them."""
    import keras
    import tensorflow as tf

    subset = load_subset(written.path.read_bytes(), written.sha256)
    epochs = config.PAGE_RECORDED_EPOCHS
    settings = {
        "epochs": epochs,
        "images": RECORDED_SETTINGS["images"],
        "batch_size": RECORDED_SETTINGS["batchSize"],
        "seed": RECORDED_SETTINGS["seed"],
    }
    return {
        "settings": {**RECORDED_SETTINGS, "epochs": list(range(1, epochs + 1))},
        "test_images": len(subset["y_test"]),
        "subset_sha256": written.sha256,
        "reference": {
            "test_accuracy": reference_accuracies(subset, **settings),
            "ran_on": f"CPython {platform.python_version()}, NumPy {np.__version__}",
        },
        "keras": {
            "test_accuracy": keras_accuracies(subset, **settings),
            "ran_on": f"Keras {keras.__version__}, TensorFlow {tf.__version__}",
        },
    }


def write_accuracies(written: PageSubset, dest: Path) -> Path:
    """Record both networks' accuracies and write them as JSON into ``dest`` (the site)."""
    path = dest / ACCURACIES_FILE
    text = json.dumps(record_accuracies(written), indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    return path
