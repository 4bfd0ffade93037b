"""``mnist-course figures``: train both networks, then draw every figure of the site.

Writes PNG figures, ``metrics.json`` with the numbers behind them, and small Markdown
tables that the site includes, so no figure or number on the site is typed by hand.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
from sklearn.metrics import confusion_matrix

from . import config, plots
from .data import MnistData, load_mnist, scale_pixels
from .runs import train_both

NAMES = {"keras": "Keras", "numpy": "NumPy"}


def make_figures(
    out: Path,
    *,
    data: MnistData | None = None,
    epochs: int = config.DEFAULT_EPOCHS,
    seed: int = config.DEFAULT_SEED,
    verbose: int = 0,
) -> dict:
    """Train, run the parity ladder, and write figures, metrics.json and tables to ``out``."""
    from .parity import run_ladder

    data = data if data is not None else load_mnist()
    out.mkdir(parents=True, exist_ok=True)
    results = train_both(data, epochs=epochs, seed=seed, verbose=verbose)
    x_test = scale_pixels(data.x_test)
    # Both predict through the NumPy forward pass: with Keras's trained weights it gives
    # Keras's predictions (rung 1 of the parity ladder shows they agree).
    models = {impl: result.numpy_model() for impl, result in results.items()}
    predictions = {impl: model.predict(x_test) for impl, model in models.items()}
    reports = {dtype: run_ladder(dtype=dtype, seed=seed, data=data) for dtype in config.DTYPES}

    wrong = np.flatnonzero(predictions["numpy"] != data.y_test)[:30]
    figures = {
        "network": plots.network_diagram(),
        "training_curves": plots.training_curves(
            {NAMES[impl]: result.history for impl, result in results.items()}
        ),
        "confusion_matrices": plots.confusion_matrices(
            {NAMES[impl]: confusion_matrix(data.y_test, p) for impl, p in predictions.items()}
        ),
        "misclassified": plots.digits(
            data.x_test[wrong],
            data.y_test[wrong],
            predictions["numpy"][wrong],
            title="true → predicted (NumPy)",
        ),
        "first_layer_units": plots.first_layer_units(
            models["numpy"].named_parameters()["dense_1/kernel"], title="NumPy network, trained"
        ),
        "parity_errors": plots.parity_errors(reports),
        "seconds_per_epoch": plots.seconds_per_epoch(
            {
                NAMES[impl]: float(np.median(r.history.seconds_per_epoch))
                for impl, r in results.items()
            }
        ),
    }
    for name, figure in figures.items():
        figure.savefig(out / f"{name}.png", dpi=100)

    metrics = {
        "data": data.describe(),
        "epochs": epochs,
        "seed": seed,
        "results": {
            impl: {
                "test_accuracy": r.test_accuracy,
                "test_loss": r.test_loss,
                "val_accuracy": r.history.history["val_accuracy"][-1],
                "median_seconds_per_epoch": float(np.median(r.history.seconds_per_epoch)),
                "misclassified": int((predictions[impl] != data.y_test).sum()),
            }
            for impl, r in results.items()
        },
        "parity": {
            dtype: {
                "passed": report.passed,
                "tensors": len(report.rows),
                "verdict": report.verdict(),
            }
            for dtype, report in reports.items()
        },
        "figures": sorted(f"{name}.png" for name in figures),
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    for dtype, report in reports.items():
        report.save(out / f"parity_{dtype}.json")
        (out / f"parity_{dtype}.md").write_text(report._repr_markdown_() + "\n")
    (out / "results.md").write_text(_results_table(metrics) + "\n")
    export_weights({NAMES[impl]: r.weights for impl, r in results.items()}, out)
    return metrics


def export_weights(weights: dict[str, list[np.ndarray]], out: Path) -> None:
    """The trained weights for the draw-a-digit page: ``weights.json`` and ``weights.js``.

    Each array is float32, little-endian, base64-encoded: exact, and about a third the
    size of decimal text (~140 kB per network). ``weights.js`` holds the same object as
    a script that sets ``window.mnistWeights``, so that the page also works when opened
    straight from disk, where a page may not fetch() a JSON file.
    """
    payload = {
        name: [
            {
                "shape": list(array.shape),
                "data": base64.b64encode(np.asarray(array, "<f4").tobytes()).decode("ascii"),
            }
            for array in arrays
        ]
        for name, arrays in weights.items()
    }
    text = json.dumps(payload)
    (out / "weights.json").write_text(text + "\n")
    (out / "weights.js").write_text(f"window.mnistWeights = {text};\n")


def _results_table(metrics: dict) -> str:
    rows = ["| | Keras | NumPy |", "|---|---:|---:|"]
    results = metrics["results"]
    for label, key, fmt in (
        ("test accuracy", "test_accuracy", "{:.4f}"),
        ("test loss", "test_loss", "{:.4f}"),
        ("validation accuracy, last epoch", "val_accuracy", "{:.4f}"),
        ("misclassified test digits", "misclassified", "{:,}"),
        ("seconds per epoch", "median_seconds_per_epoch", "{:.2f}"),
    ):
        rows.append(
            f"| {label} | {fmt.format(results['keras'][key])} | "
            f"{fmt.format(results['numpy'][key])} |"
        )
    note = f"{metrics['epochs']} epochs, seed {metrics['seed']}; data: {metrics['data']}."
    return "\n".join([*rows, "", note])
