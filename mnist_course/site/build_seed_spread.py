"""The home page's sentence on seed spread, from measured numbers, never typed.

Two single trainings end a little apart by chance. How far is measured by
``mnist-course compare --seeds 5`` (test accuracy, mean ± standard deviation over seeds),
whose results the README's "Results" table holds; this build's own accuracies are in
``metrics.json``. ``seed_spread`` reads both and writes ``generated/seed_spread.md``,
which ``docs/index.md`` includes under the results table.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

ROW = re.compile(r"^\| (Keras|NumPy) \| (\d\.\d+) ± (\d\.\d+) \|", re.MULTILINE)
DIFFERENCE = re.compile(r"^\| Keras − NumPy \| (.+?) \|$", re.MULTILINE)
SETTING = re.compile(r"Test accuracy after (\d+) epochs.*?over seeds (\d+-\d+)", re.DOTALL)


@dataclass(frozen=True)
class SeedStudy:
    """The README's results: each network's mean and standard deviation over seeds."""

    epochs: int
    seeds: str  # "0-4"
    mean: dict[str, float]
    std: dict[str, float]
    difference: str  # the README's words on the difference of the means

    @property
    def single_run_spread(self) -> float:
        """The standard deviation of the gap between one Keras and one NumPy run."""
        return math.hypot(self.std["Keras"], self.std["NumPy"])


def read_seed_study(readme: str) -> SeedStudy:
    """The seed study in the README's "Results" section; ValueError when it is not there."""
    rows = {name: (float(mean), float(std)) for name, mean, std in ROW.findall(readme)}
    setting, difference = SETTING.search(readme), DIFFERENCE.search(readme)
    if set(rows) != {"Keras", "NumPy"} or setting is None or difference is None:
        raise ValueError("README.md: no Results table of test accuracy over seeds")
    return SeedStudy(
        epochs=int(setting.group(1)),
        seeds=setting.group(2),
        mean={name: mean for name, (mean, _) in rows.items()},
        std={name: std for name, (_, std) in rows.items()},
        difference=difference.group(1),
    )


def seed_spread(study: SeedStudy, keras: float, numpy: float, epochs: int) -> str:
    """The sentence: how far single runs spread, and where this build's gap stands."""
    gap = abs(keras - numpy)
    spread = study.single_run_spread
    verdict = (
        "within what the seeds alone give"
        if gap <= 2 * spread
        else "more than the seeds alone give at that length of training"
    )
    return (
        f"How far apart is chance? Over seeds {study.seeds}, after {study.epochs} epochs "
        "(the README's results, measured with `mnist-course compare --seeds 5`), test "
        f"accuracy spreads by a standard deviation of {study.std['Keras']:.4f} for Keras "
        f"and {study.std['NumPy']:.4f} for NumPy, so two single runs differ by about "
        f"{spread:.4f} by chance; the difference of the means is {study.difference}. "
        f"This build's two runs ({epochs} epochs, one seed) are {gap:.4f} apart: "
        f"{verdict} (twice {spread:.4f})."
    )


def write_seed_spread(readme: Path, metrics: dict, out: Path) -> str:
    """Write ``seed_spread.md`` into ``out`` from the README and ``metrics.json``'s data."""
    study = read_seed_study(readme.read_text(encoding="utf-8"))
    results = metrics["results"]
    text = seed_spread(
        study,
        results["keras"]["test_accuracy"],
        results["numpy"]["test_accuracy"],
        metrics["epochs"],
    )
    (out / "seed_spread.md").write_text(text + "\n", encoding="utf-8")
    return text
