"""What a training run returns, the same for the Keras and the NumPy networks."""

from __future__ import annotations

from dataclasses import dataclass, field

METRIC_KEYS: tuple[str, ...] = ("loss", "accuracy", "val_loss", "val_accuracy")


@dataclass
class TrainingHistory:
    """Per-epoch metrics under Keras's keys, plus the wall-clock seconds of each epoch.

    ``history`` is what ``model.fit(...).history`` holds in Keras: ``loss`` and
    ``accuracy`` averaged over the epoch's batches (weighted by batch size, measured
    before each batch's update), ``val_loss`` and ``val_accuracy`` on the validation set
    after the epoch.
    """

    history: dict[str, list[float]] = field(
        default_factory=lambda: {key: [] for key in METRIC_KEYS}
    )
    seconds_per_epoch: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        return len(self.seconds_per_epoch)

    def record(self, metrics: dict[str, float], seconds: float) -> None:
        for key, value in metrics.items():
            self.history.setdefault(key, []).append(float(value))
        self.seconds_per_epoch.append(float(seconds))

    def to_dict(self) -> dict:
        return {"history": self.history, "seconds_per_epoch": self.seconds_per_epoch}
