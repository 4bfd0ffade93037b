"""The parity report: one row per compared tensor, printable and saved as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .diagnose import Evidence, diagnose
from .tolerances import RUNG_TITLES, TOLERANCES

if TYPE_CHECKING:
    from .training import StatisticalRung


@dataclass
class Comparison:
    """One tensor compared: NumPy's value ("ours") against Keras's ("theirs")."""

    rung: int
    name: str
    shape: list[int]
    max_abs: float
    max_rel: float
    tolerance: float
    passed: bool
    diagnosis: str | None = None
    ours_sample: float | None = None  # the values at the worst element, for the message
    theirs_sample: float | None = None
    note: str | None = None  # why a pass that is not Keras's exact value is still right
    against: str = "Keras"  # what "theirs" is: Keras, or the reference's step (rung 5)


@dataclass(frozen=True)
class Accepted:
    """Another right answer: ``value``, within ``tolerance``, is accepted, for ``reason``."""

    value: np.ndarray
    tolerance: float
    reason: str


def compare(
    rung: int,
    name: str,
    ours,
    theirs,
    tolerance: float,
    evidence: Evidence | None = None,
    accepted: Accepted | None = None,
) -> Comparison:
    """Compare two arrays; on failure, attach the likely cause (see ``diagnose``).

    ``max_rel`` is the largest absolute difference divided by the largest |theirs|, so
    that entries near zero do not count as huge relative errors. An answer that misses
    Keras's value but matches ``accepted`` passes, with its reason as the row's note.
    """
    ours, theirs = np.asarray(ours, np.float64), np.asarray(theirs, np.float64)
    row = Comparison(rung, name, list(theirs.shape), *errors(ours, theirs), tolerance, False)
    if row.max_abs < float("inf"):
        worst = np.unravel_index(_difference(ours, theirs).argmax(), theirs.shape)
        row.ours_sample, row.theirs_sample = float(ours[worst]), float(theirs[worst])
    row.passed = bool(row.max_rel <= tolerance)
    if not row.passed and accepted is not None:
        other = np.asarray(accepted.value, np.float64)
        if errors(ours, other)[1] <= accepted.tolerance:
            row.passed, row.note = True, accepted.reason
    if not row.passed:
        row.diagnosis = diagnose(name, ours, theirs, evidence or Evidence())
    return row


def _difference(ours: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        difference = np.asarray(np.abs(ours - theirs))  # 0-d for a loss
    difference[~np.isfinite(difference)] = float("inf")  # a NaN or inf on either side
    return difference


def errors(ours: np.ndarray, theirs: np.ndarray) -> tuple[float, float]:
    """(max abs, max abs / max |theirs|); inf for a shape mismatch."""
    if ours.shape != theirs.shape or not theirs.size:
        return float("inf"), float("inf")
    max_abs = float(_difference(ours, theirs).max())
    scale = float(np.abs(theirs).max())
    return max_abs, (max_abs / scale if scale > 0 else max_abs)


@dataclass
class ParityReport:
    dtype: str
    settings: dict
    rows: list[Comparison] = field(default_factory=list)
    statistical: StatisticalRung | None = None  # rung 6, when run
    notes: list[str] = field(default_factory=list)  # e.g. which functions are the learner's
    learner: bool = False  # the functions under test are a learner's
    none_yours: bool = False  # a learner's run in which none of theirs is written yet
    training_steps: int | None = None  # the steps rung 5's fit took

    @property
    def passed(self) -> bool:
        rungs_ok = all(row.passed for row in self.rows)
        return rungs_ok and (self.statistical is None or self.statistical.passed)

    @property
    def first_failure(self) -> Comparison | None:
        return next((row for row in self.rows if not row.passed), None)

    def title(self) -> str:
        """Whose functions ran, against what, with which settings."""
        whose = "your functions" if self.learner else "the NumPy reference"
        if self.none_yours:
            whose = "the course's functions, standing in for yours (none written yet)"
        settings = ", ".join(f"{k}={v}" for k, v in self.settings.items())
        return f"Parity ladder, {self.dtype}: {whose} against Keras ({settings})"

    def table(self) -> str:
        """For a terminal: the verdict first, then one table per rung, one row per tensor."""
        lines, first = [self.title(), *self.notes, "", self.verdict()], self.first_failure
        width = max((len(row.name) for row in self.rows), default=10)
        for rung in sorted({row.rung for row in self.rows}):
            tolerance = TOLERANCES[self.dtype][rung]
            lines += [
                "",
                f"Rung {rung}: {self.rung_title(rung)}",
                f"  tolerance {tolerance.value:.0e} relative: {tolerance.reason}",
                f"  {'tensor':<{width}}  {'max abs':>9}  {'max rel':>9}  result",
            ]
            notes: list[str] = []
            for row in (r for r in self.rows if r.rung == rung):
                verdict = "pass" if row.passed else "FAIL"
                if row.note:  # beyond the tolerance, but another right answer: not a "pass"
                    notes += [row.note] if row.note not in notes else []
                    exact = row.passed and row.max_abs == 0  # a note on a pass, not a reason
                    verdict = ("pass" if exact else "accepted") + "*" * (notes.index(row.note) + 1)
                lines.append(
                    f"  {row.name:<{width}}  {row.max_abs:9.2e}  {row.max_rel:9.2e}  {verdict}"
                )
                if not row.passed and row.max_abs == float("inf") and row is not first:
                    lines.append(f"    {row.diagnosis}")  # no numbers to read: say why
            lines += [f"  {'*' * number} {note}" for number, note in enumerate(notes, start=1)]
        if self.statistical is not None:
            lines += [
                "",
                f"Rung 6: {RUNG_TITLES[6]}",
                *("  " + s for s in self.statistical.summary),
                f"  {'pass' if self.statistical.passed else 'FAIL'}",
            ]
        return "\n".join(lines)

    def rung_title(self, rung: int) -> str:
        """The rung's title; rung 5's says how many steps its rows cover, as they do."""
        if rung != 5:
            return RUNG_TITLES[rung]
        from .training import training_samples  # the rung's own arithmetic, said once

        steps = self.training_steps
        batch_size = int(self.settings.get("batch_size", 32))
        epochs = f"two epochs of the first {training_samples(batch_size, steps):,} digits"
        if self.learner:
            return (
                f"training through numpy_mlp.fit (the course's loop and backward "
                f"composition) with your pieces, {epochs} ({steps} steps): "
                "at every step, yours against the reference's step from the same weights, "
                "batch and Adam state (the reference matches Keras's fit: mnist-course parity)"
            )
        return RUNG_TITLES[5].replace("two epochs", f"{epochs} ({steps} steps)")

    def verdict(self) -> str:
        failure = self.first_failure
        if failure is None:
            whose = "your network" if self.learner else "the NumPy network"
            if self.none_yours:
                whose = "the course's network (none of your functions is written yet)"
            return (
                f"All rungs pass: {whose} computes what Keras computes."
                if self.passed
                else "Rung 6 fails: the accuracy distributions differ."
            )
        where = f"FIRST DIVERGENCE: rung {failure.rung}, {failure.name}"
        if failure.ours_sample is not None:
            where += (
                f": {'yours' if self.learner else 'ours'} {failure.ours_sample!r} vs "
                f"{failure.against} {failure.theirs_sample!r} "
                f"(max rel {failure.max_rel:.2e} > {failure.tolerance:.0e})"
            )
        return f"{where}.\nLikely cause: {failure.diagnosis}"

    def to_markdown(self) -> str:
        """A Markdown table, one row per tensor, then the verdict (the site includes it)."""
        header = (
            "| rung | tensor | max abs | max rel | tolerance | result |\n"
            "|---|---|---:|---:|---:|---|"
        )
        rows = [
            f"| {r.rung} | `{r.name}` | {r.max_abs:.2e} | {r.max_rel:.2e} | {r.tolerance:.0e} | "
            f"{_result(r)} |"
            for r in self.rows
        ]
        return "\n".join([self.title(), *self.notes, "", self.verdict(), "", header, *rows])

    def _repr_markdown_(self) -> str:  # shown by Jupyter
        return self.to_markdown()

    def to_dict(self) -> dict:
        tolerances = {str(rung): asdict(t) for rung, t in TOLERANCES[self.dtype].items()}
        return {
            "dtype": self.dtype,
            "settings": self.settings,
            "passed": self.passed,
            "tolerances": tolerances,
            "rows": [_json_safe(asdict(row)) for row in self.rows],
            "statistical": None if self.statistical is None else self.statistical.to_dict(),
            "notes": self.notes,
            "learner": self.learner,
            "verdict": self.verdict(),
        }

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(self.to_dict(), indent=2, allow_nan=False) + "\n", encoding="utf-8"
        )


def _json_safe(row: dict) -> dict:
    """JSON has no inf or NaN: write them as strings."""
    return {
        key: str(value) if isinstance(value, float) and not np.isfinite(value) else value
        for key, value in row.items()
    }


def _result(row) -> str:
    """A Markdown table's result: a note on an exact pass is a remark, not a reason."""
    if row.note:
        return f"{'pass' if row.passed and row.max_abs == 0 else 'accepted'} ({row.note})"
    return "pass" if row.passed else "**FAIL**"
