"""``mnist-course figures``: train both networks, then draw every figure of the site.

``compute_results`` trains, runs the parity ladders and predicts; ``write_results``
draws and writes: PNG figures, each in a light and a dark variant (``NAME.png`` and
``NAME-dark.png``, for the site's two colour schemes), ``metrics.json`` with the numbers
behind them, and small Markdown tables that the site includes, so no figure or number on
the site is typed by hand.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from sklearn.metrics import confusion_matrix

from .. import config, plots
from ..data import MnistData, load_mnist
from ..parity import ParityReport, run_ladder
from ..runs import IMPLEMENTATIONS, NAMES, RunResult, RunSettings, format_results, train_both


@dataclass
class CourseResults:
    """Everything the site shows of one training of both networks, computed once."""

    data: MnistData
    epochs: int
    seed: int
    runs: dict[str, RunResult]  # "keras", "numpy"
    reports: dict[str, ParityReport]  # one parity ladder per dtype

    def metrics(self) -> dict:
        """The numbers behind every figure and table (``metrics.json`` adds the figures)."""
        return {
            "data": self.data.describe(),
            "epochs": self.epochs,
            "seed": self.seed,
            "results": {impl: run.summary() for impl, run in self.runs.items()},
            "parity": {
                dtype: {
                    "passed": report.passed,
                    "tensors": len(report.rows),
                    "verdict": report.verdict(),
                }
                for dtype, report in self.reports.items()
            },
        }


def compute_results(
    data: MnistData,
    *,
    epochs: int = config.DEFAULT_EPOCHS,
    seed: int = config.DEFAULT_SEED,
    verbose: int = 0,
) -> CourseResults:
    """Train Keras and NumPy with the same settings, and run the parity ladder per dtype."""
    runs = train_both(
        data, RunSettings(IMPLEMENTATIONS[0], epochs=epochs, seed=seed), verbose=verbose
    )
    reports = {dtype: run_ladder(dtype=dtype, seed=seed, data=data) for dtype in config.DTYPES}
    return CourseResults(data, epochs, seed, runs, reports)


def draw_figures(results: CourseResults) -> dict[str, Figure]:
    """The site's figures, by file name without ``.png``, in the scheme they are drawn in
    (``plots.drawn_in``). Both networks predict through the NumPy forward pass: with
    Keras's weights it gives Keras's predictions (rung 1)."""
    runs, y_test = results.runs, results.data.y_test
    wrong = np.flatnonzero(runs["numpy"].test_predictions != y_test)[:30]
    figures = {
        "network": plots.network_diagram(),
        "training_curves": plots.training_curves(
            {NAMES[impl]: run.history for impl, run in runs.items()}
        ),
        "confusion_matrices": plots.confusion_matrices(
            {
                NAMES[impl]: confusion_matrix(y_test, run.test_predictions)
                for impl, run in runs.items()
            }
        ),
        "misclassified": plots.digits(
            results.data.x_test[wrong],
            y_test[wrong],
            runs["numpy"].test_predictions[wrong],
            title="true → predicted (NumPy)",
        ),
        "first_layer_units": plots.first_layer_units(
            runs["numpy"].numpy_model().named_parameters()["dense_1/kernel"],
            title="NumPy network, trained",
        ),
        "parity_errors": plots.parity_errors(results.reports),
        "seconds_per_epoch": plots.seconds_per_epoch(
            {NAMES[impl]: run.summary()["median_seconds_per_epoch"] for impl, run in runs.items()}
        ),
    }
    return figures


def write_results(results: CourseResults, out: Path) -> dict:
    """Write the figures (light and dark), ``metrics.json``, the tables and the weights."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for scheme in plots.SCHEMES:  # drawn again, not recoloured: see plots.style
        with plots.drawn_in(scheme):
            for name, figure in draw_figures(results).items():
                figure.savefig(out / f"{name}{scheme.suffix}.png", dpi=100)
                written.append(f"{name}{scheme.suffix}.png")
    metrics = {**results.metrics(), "figures": sorted(written)}
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    for dtype, report in results.reports.items():
        report.save(out / f"parity_{dtype}.json")
        (out / f"parity_{dtype}.md").write_text(report.to_markdown() + "\n", encoding="utf-8")
    table = format_results(list(results.runs.values()), markdown=True)
    note = f"{results.epochs} epochs, seed {results.seed}; data: {metrics['data']}."
    (out / "results.md").write_text(f"{table}\n\n{note}\n", encoding="utf-8")
    export_weights({NAMES[impl]: run.weights for impl, run in results.runs.items()}, out)
    return metrics


def make_figures(
    out: Path,
    *,
    data: MnistData | None = None,
    epochs: int = config.DEFAULT_EPOCHS,
    seed: int = config.DEFAULT_SEED,
    verbose: int = 0,
) -> dict:
    """Train, run the parity ladder, and write figures, metrics.json and tables to ``out``."""
    data = data if data is not None else load_mnist()
    results = compute_results(data, epochs=epochs, seed=seed, verbose=verbose)
    return write_results(results, out)


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
    (out / "weights.json").write_text(text + "\n", encoding="utf-8")
    (out / "weights.js").write_text(f"window.mnistWeights = {text};\n", encoding="utf-8")
