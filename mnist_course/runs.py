"""Training runs of either implementation, their results on disk, and side-by-side tables.

The command line is a thin layer over this module; lessons and benchmarks call it too.
"""

from __future__ import annotations

import functools
import json
import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

import numpy as np

from . import config
from .data import MnistData, load_mnist, scale_pixels
from .history import TrainingHistory
from .numpy_mlp import MLP, fit

IMPLEMENTATIONS: tuple[str, ...] = ("keras", "numpy")
NAMES: dict[str, str] = {"keras": "Keras", "numpy": "NumPy"}  # as tables and figures show them
RUN_FILES: tuple[str, ...] = ("history.json", "metrics.json", "weights.npz")


@dataclass
class RunSettings:
    impl: str
    epochs: int = config.DEFAULT_EPOCHS
    batch_size: int = config.DEFAULT_BATCH_SIZE
    seed: int = config.DEFAULT_SEED
    dtype: str = "float32"
    validation_split: float = config.VALIDATION_SPLIT
    # Keras only: False feeds the arrays to model.fit as the original notebook did, which
    # repeats one sample order every epoch once seeded (TensorFlow issue 35682).
    keras_reshuffle: bool = True

    def __post_init__(self) -> None:
        if self.impl not in IMPLEMENTATIONS:
            raise ValueError(f"impl must be one of {IMPLEMENTATIONS}, got {self.impl!r}")
        self.dtype = config.check_dtype(self.dtype).name  # a name: metrics.json holds it
        if self.epochs < 1 or self.batch_size < 1:
            raise ValueError("epochs and batch_size must be positive")


@dataclass
class RunResult:
    settings: RunSettings
    history: TrainingHistory
    test_loss: float
    test_accuracy: float
    weights: list[np.ndarray]  # get_weights() order
    data: MnistData = field(repr=False)

    def numpy_model(self) -> MLP:
        """The trained weights in a NumPy ``MLP``: for a Keras run it predicts what Keras
        predicts (rung 1 of the parity ladder shows the two forward passes agree)."""
        model = MLP(dtype=self.settings.dtype, seed=None)
        model.set_weights(self.weights)
        return model

    @functools.cached_property
    def test_predictions(self) -> np.ndarray:
        """The predicted digit of every test image, (N,), through ``numpy_model``."""
        return self.numpy_model().predict(scale_pixels(self.data.x_test, self.settings.dtype))

    def summary(self) -> dict[str, float | int]:
        """The final numbers of the run: the rows of ``format_results``."""
        return {
            "test_accuracy": self.test_accuracy,
            "test_loss": self.test_loss,
            "val_accuracy": self.history.history["val_accuracy"][-1],
            "median_seconds_per_epoch": float(np.median(self.history.seconds_per_epoch)),
            "misclassified": int((self.test_predictions != self.data.y_test).sum()),
        }

    def metrics(self) -> dict:
        """What metrics.json holds: results, timing, data source, settings, versions."""
        return {
            "impl": self.settings.impl,
            "test_accuracy": self.test_accuracy,
            "test_loss": self.test_loss,
            "seconds_per_epoch": self.history.seconds_per_epoch,
            "settings": vars(self.settings),
            "data": {
                "description": self.data.describe(),
                "source": self.data.source,
                "location": self.data.location,
                "official": self.data.official,
                "subset": self.data.is_subset,
            },
            "versions": library_versions(self.settings.impl),
        }


def train_run(
    settings: RunSettings, data: MnistData | None = None, *, verbose: int = 1
) -> RunResult:
    """Train one implementation on MNIST and evaluate it on the test set."""
    data = data if data is not None else load_mnist()
    x_train = scale_pixels(data.x_train, settings.dtype)  # (N, 28, 28) in 0..1
    x_test = scale_pixels(data.x_test, settings.dtype)
    options = {
        "epochs": settings.epochs,
        "batch_size": settings.batch_size,
        "validation_split": settings.validation_split,
        "seed": settings.seed,
        "verbose": verbose,
    }
    if settings.impl == "numpy":
        model = MLP(dtype=settings.dtype, seed=settings.seed)
        history = fit(model, x_train, data.y_train, **options)
        test_loss, test_accuracy = model.evaluate(x_test, data.y_test)
    else:
        from . import keras_mlp  # imports TensorFlow: only a Keras run pays for it

        model = keras_mlp.build_model(dtype=settings.dtype, seed=settings.seed)
        history = keras_mlp.train(
            model, x_train, data.y_train, reshuffle_each_epoch=settings.keras_reshuffle, **options
        )
        test_loss, test_accuracy = keras_mlp.evaluate(model, x_test, data.y_test)
    return RunResult(settings, history, test_loss, test_accuracy, model.get_weights(), data)


def train_both(data: MnistData, settings: RunSettings, *, verbose: int = 0) -> dict[str, RunResult]:
    """Keras, then NumPy, with the same ``settings`` (its ``impl`` is set for each)."""
    return {
        impl: train_run(replace(settings, impl=impl), data, verbose=verbose)
        for impl in IMPLEMENTATIONS
    }


@dataclass
class SeedStudy:
    """Test accuracies of both implementations over several seeds, and their comparison."""

    seeds: list[int]
    test_accuracy: dict[str, list[float]]
    results: dict[int, dict[str, RunResult]] = field(repr=False)

    def summary(self) -> str:
        from .stats import format_seed_study  # SciPy: paid only here

        return format_seed_study(self.test_accuracy)

    def record(self) -> dict:
        """The one saved shape of a study: ``compare --seeds``'s seeds.json and rung 6."""
        from .stats import difference_interval

        difference, low, high = difference_interval(*self.test_accuracy.values())
        return {
            "seeds": list(self.seeds),
            "test_accuracy": self.test_accuracy,
            "difference": difference,
            "interval_95": [low, high],
            "summary": self.summary().splitlines(),
        }


def seed_study(
    data: MnistData,
    settings: RunSettings,
    seeds: list[int],
    *,
    verbose: int = 0,
    on_seed: Callable[[int, dict[str, RunResult]], None] | None = None,
) -> SeedStudy:
    """Train both implementations once per seed (``settings.seed`` is replaced by each).

    ``on_seed(seed, results)`` is called after each seed, for a caller that prints or
    saves as it goes. ``compare --seeds`` and rung 6 of the parity ladder both use this.
    """
    if not seeds:
        raise ValueError("a seed study needs at least one seed")
    accuracies: dict[str, list[float]] = {impl: [] for impl in IMPLEMENTATIONS}
    all_results: dict[int, dict[str, RunResult]] = {}
    for seed in seeds:
        results = train_both(data, replace(settings, seed=seed), verbose=verbose)
        for impl, result in results.items():
            accuracies[impl].append(result.test_accuracy)
        all_results[seed] = results
        if on_seed is not None:
            on_seed(seed, results)
    return SeedStudy(list(seeds), accuracies, all_results)


def existing_run_files(out_dir: Path) -> list[Path]:
    """The files of an earlier run in ``out_dir`` that ``save_run`` would replace."""
    return [out_dir / name for name in RUN_FILES if (out_dir / name).exists()]


def save_run(result: RunResult, out_dir: Path) -> None:
    """Write history.json, metrics.json and weights.npz (the 8 arrays, get_weights order)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "history.json").write_text(
        json.dumps(result.history.to_dict(), indent=2) + "\n", encoding="utf-8"
    )
    (out_dir / "metrics.json").write_text(
        json.dumps(result.metrics(), indent=2) + "\n", encoding="utf-8"
    )
    result.numpy_model().save(out_dir / "weights.npz")


def library_versions(impl: str) -> dict[str, str]:
    packages = ["numpy", "mnist-course"] + (["tensorflow", "keras"] if impl == "keras" else [])
    versions = {"python": platform.python_version()}
    for package in packages:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            # tensorflow-cpu installs the module "tensorflow" under another distribution name
            versions[package] = (
                metadata.version(f"{package}-cpu") if package == "tensorflow" else "?"
            )
    return versions


# The rows of the results table: label, key of ``RunResult.summary()``, format.
RESULT_ROWS: tuple[tuple[str, str, str], ...] = (
    ("test accuracy", "test_accuracy", "{:.4f}"),
    ("test loss", "test_loss", "{:.4f}"),
    ("validation accuracy, last epoch", "val_accuracy", "{:.4f}"),
    ("misclassified test digits", "misclassified", "{:,}"),
    ("seconds per epoch (median)", "median_seconds_per_epoch", "{:.2f}"),
)


def format_results(results: Sequence[RunResult], *, markdown: bool = False) -> str:
    """The results table, one column per run: plain text for a terminal, or Markdown."""
    names = [NAMES[result.settings.impl] for result in results]
    summaries = [result.summary() for result in results]
    rows = [
        [label, *(fmt.format(summary[key]) for summary in summaries)]
        for label, key, fmt in RESULT_ROWS
    ]
    if markdown:
        lines = ["| |" + "".join(f" {name} |" for name in names), "|---|" + "---:|" * len(names)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    width = max(len(row[0]) for row in rows)
    return "\n".join(
        f"{label:<{width}}  " + "  ".join(f"{value:>10}" for value in values)
        for label, *values in [["", *names], *rows]
    )
