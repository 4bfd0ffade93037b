"""What NumPy's ``fit`` did, before what it computed: batches, the samples of each epoch
in order, and how it averaged each epoch's metrics.

Rung 5 gives Keras the orders ``epoch_orders`` draws for the seed, so a fault in how
``fit`` walks the data (the same order every epoch, no shuffle, a skipped partial batch,
images and labels shuffled apart) would otherwise surface only as weights that drift,
which looks like state kept between steps. Here each batch ``fit`` trains on is traced
back to the samples it holds, and the evidence names the fault. What Keras's ``fit``
does is stated from its documented behaviour (batches of ``batch_size``, the last one
partial; metrics averaged over samples), not recomputed with the library's own code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np


def keras_batch_sizes(num_samples: int, batch_size: int) -> list[int]:
    """The batch sizes of one epoch of Keras's ``fit``: full batches, then the rest."""
    full, rest = divmod(num_samples, batch_size)
    return [batch_size] * full + ([rest] if rest else [])


def batch_sizes_fault(ours: list[int], keras: list[int], epochs: int) -> str | None:
    """What NumPy's batch sizes say, against Keras's ``keras`` (one epoch's) ``epochs`` times."""
    if ours == keras * epochs:
        return None
    if len(keras) > 1 and keras[-1] < keras[0] and ours == keras[:-1] * epochs:
        return (
            f"every epoch stops before its partial last batch ({keras[-1]} samples): it never "
            "trains (n // batch_size batches, or a range that stops at n - batch_size); "
            "Keras trains on it"
        )
    if ours == [keras[0]] * (len(keras) * epochs):
        return (
            f"every batch has {keras[0]} samples, the last of each epoch too, where Keras's "
            f"last has {keras[-1]}: the last batch was filled up with samples from the start"
        )
    if len(ours) == len(keras) * epochs:
        short = [ours[e * len(keras) + len(keras) - 1] for e in range(epochs)]
        if all(sum(ours[e * len(keras) : (e + 1) * len(keras)]) == sum(keras) - 1
               for e in range(epochs)) and short == [keras[-1] - 1] * epochs:  # fmt: skip
            return (
                f"every epoch's last batch holds {keras[-1] - 1} where Keras's has "
                f"{keras[-1]}: one sample of each epoch never trains (the batches start at "
                "1, range(1, n, batch_size), or stop one short)"
            )
        return f"as many steps as Keras, in batches of other sizes: {ours[:4]}..."
    if not ours:
        return None  # no step at all: steps_fault says so
    if len(ours) % len(keras) == 0 and ours == keras * (len(ours) // len(keras)):
        ran = len(ours) // len(keras)
        guess = "range(1, epochs)?" if ran == epochs - 1 else "range(epochs + 1)?"
        return (
            f"{ran} epoch{'s' if ran != 1 else ''} of batches where Keras's fit trains "
            f"{epochs}: each epoch's batches are Keras's, but the epoch loop (or the list "
            f"of epoch orders) runs {ran} time{'s' if ran != 1 else ''}, not epochs = "
            f"{epochs}" + (f" ({guess})" if abs(ran - epochs) == 1 else "")
        )
    return _other_batches(ours, keras)


def _other_batches(ours: list[int], keras: list[int]) -> str:
    """Fit's batches, one epoch's, set beside Keras's, and what their sizes say."""
    covered = np.cumsum(ours)  # an epoch ends at the batch that reaches every sample
    mine = ours[: int(np.searchsorted(covered, sum(keras))) + 1]
    said = (
        f"fit's epoch has {len(mine)} batches ({_sizes(mine)}: {sum(mine)} samples) where "
        f"Keras's has {len(keras)} ({_sizes(keras)}: {sum(keras)} samples)"
    )
    if abs(mine[0] - keras[0]) == 1 and len(set(mine[:-1])) == 1:
        return said + (
            f": every batch holds {mine[0]} where batch_size is {keras[0]}, an off-by-one "
            "in the slice (i : i + batch_size + 1, or a step of batch_size - 1)"
        )
    if sum(mine) == sum(keras) and max(mine) - min(mine) <= 1:
        return said + (
            ": the epoch was split into near-equal parts (np.array_split(order, count)) "
            f"where Keras takes slices of batch_size {keras[0]} and a smaller last one"
        )
    if sum(mine) < sum(keras):
        return said + ": samples are left out of every epoch (the loop's range stops early)"
    return said + ": samples are trained more than once an epoch (overlapping slices)"


def _sizes(sizes: list[int]) -> str:
    counts: dict[int, int] = {}
    for size in sizes:
        counts[size] = counts.get(size, 0) + 1
    return ", ".join(f"{count} of {size}" for size, count in counts.items())


@dataclass
class FitTrace:
    """Every batch NumPy's ``fit`` trained on: its samples (by index), labels and loss."""

    x: np.ndarray
    y: np.ndarray
    samples: list[np.ndarray] = field(default_factory=list)
    labels_match: list[bool] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    correct: list[int] = field(default_factory=list)
    attempted: list[int] = field(default_factory=list)  # every batch's size, before it runs
    dtypes: list[str] = field(default_factory=list)  # every batch's images' dtype
    params_before: list[np.ndarray] = field(default_factory=list)  # before each step (replay)
    steps_per_epoch: int = 0

    def __post_init__(self) -> None:
        self._index = {}
        for i, row in enumerate(self.x):
            self._index.setdefault(row.tobytes(), i)

    @property
    def sizes(self) -> list[int]:
        return [len(batch) for batch in self.samples]

    def record(self, x_batch, y_batch, loss, logits) -> None:
        x_batch = np.asarray(x_batch)
        self.dtypes.append(str(x_batch.dtype))
        # A batch cast to another dtype still holds x's rows: found in x's own dtype, and
        # the cast is a row of its own ("dtype of every batch").
        as_x = x_batch.astype(self.x.dtype, copy=False)
        found = np.array([self._index.get(row.tobytes(), -1) for row in as_x])
        self.samples.append(found)
        labels = np.asarray(y_batch).reshape(-1)
        self.labels_match.append(
            bool(len(labels) == len(found) and np.array_equal(self.y[found], labels))
        )
        self.losses.append(float(loss))
        predicted = np.asarray(logits).argmax(axis=-1).reshape(-1)
        self.correct.append(
            int((predicted == labels).sum()) if len(predicted) == len(labels) else 0
        )

    def epochs(self, steps_per_epoch: int) -> list[np.ndarray]:
        """The samples visited in each epoch, in order (a full epoch's steps each)."""
        return [
            np.concatenate(self.samples[start : start + steps_per_epoch] or [np.array([], int)])
            for start in range(0, len(self.samples), steps_per_epoch)
        ]


def order_fault(visited: list[np.ndarray], given: list[np.ndarray], num_samples: int) -> str | None:
    """What NumPy's fit did with the data, against the orders Keras was given (None: same)."""
    everyone = np.arange(num_samples)
    for epoch, (ours, theirs) in enumerate(zip(visited, given), start=1):
        if np.array_equal(ours, theirs):
            continue
        if (ours < 0).any():
            return f"epoch {epoch} trained on rows that are not in x: the images were changed"
        missing = np.setdiff1d(everyone, ours)
        repeated = len(ours) - len(np.unique(ours))
        if len(missing) and not repeated and np.array_equal(ours, theirs[: len(ours)]):
            return (
                f"epoch {epoch} stops after {len(ours)} of {num_samples} samples: the last "
                f"{len(missing)} (the partial last batch) never trained; Keras trains on it"
            )
        if len(missing) or repeated:
            return (
                f"epoch {epoch} visits {num_samples - len(missing)} of {num_samples} samples "
                f"({repeated} more than once): the batches do not cover the epoch's order once"
            )
        if np.array_equal(ours, everyone):
            return f"epoch {epoch} is not shuffled: the samples in their own order 0..n-1"
        if epoch > 1 and np.array_equal(ours, visited[0]):
            return (
                f"epoch {epoch} repeats epoch 1's order where Keras was given a new one: the "
                "same order every epoch (the generator re-created from the seed inside the "
                "epoch loop, or the order drawn once before it); draw each epoch's "
                "permutation from one generator made once per run"
            )
        if np.array_equal(ours, theirs[theirs]):
            return (
                f"epoch {epoch} visits the samples in the order applied twice, order[order]: "
                "x and y were reordered by the epoch's order and then gathered by it again "
                "(x = x[order] before a loop that takes x[order[i:i + n]]); apply it once"
            )
        return (
            f"epoch {epoch} is a shuffle of all {num_samples} samples, but not the one "
            "epoch_orders(seed) gives: the order drawn from another generator or seed, or "
            "drawn twice (once for the images, once more for the loop)"
        )
    if len(visited) != len(given):
        return f"{len(visited)} epochs trained where {len(given)} were asked for"
    return None


def orders_fault(orders: list[np.ndarray], num_samples: int) -> str | None:
    """What is wrong with the orders themselves (shuffle on): None when each is a new
    permutation of every sample, as Keras's ``fit(shuffle=True)`` draws them."""
    for epoch, order in enumerate(orders, start=1):
        if not np.array_equal(np.sort(order), np.arange(num_samples)):
            return f"epoch {epoch}'s order does not hold every sample exactly once"
        if np.array_equal(order, np.arange(num_samples)):
            return f"epoch {epoch}'s order is 0..n-1: not shuffled"
        if epoch > 1 and any(np.array_equal(order, earlier) for earlier in orders[: epoch - 1]):
            return (
                f"epoch {epoch}'s order repeats an earlier epoch's: the same order every "
                "epoch (a generator re-created from the seed for each epoch, or one order "
                "reused); draw every epoch from one generator"
            )
    return None


def which_batch(batches: list[int], n: int, batch_size: int) -> str:
    if not batches:
        return "fit raised before its first batch"
    size, per_epoch = batches[-1], math.ceil(n / batch_size)
    partial = (
        f" (the partial last batch of its epoch; the others have {batch_size})"
        if size < batch_size
        else ""
    )
    return (
        f"fit raised on step {len(batches)}, a batch of {size}{partial}; {per_epoch} steps an epoch"
    )


def steps_fault(taken: int, steps: int, per_epoch: int, trained: int) -> str | None:
    """The optimiser handed to fit took the wrong number of steps: fit ran fewer steps
    (``trained``, its batches counted by the trace), or restarted the count."""
    if taken == 0:
        return (
            "the optimiser handed to fit never stepped: fit made and stepped its own (an "
            "Adam() inside fit), so the state passed in is not the one that trained"
        )
    if taken == steps // per_epoch != per_epoch and trained == steps:  # once per epoch
        return (
            f"fit trained all {trained} batches but the optimiser stepped {taken} times, once "
            "per epoch: the optimiser's step sits outside the batch loop (indented one level "
            "too little), so it steps once on the last batch's gradients"
        )
    if trained < steps and taken == trained:
        return (
            f"fit trained {trained} steps where {steps} belong, {trained / per_epoch:g} "
            f"epoch(s) of {per_epoch} steps: the epoch loop runs too few times (range(1, "
            "epochs), or a loop left early)"
        )
    if taken == per_epoch and trained == steps > per_epoch:
        return (
            f"fit trained all {trained} steps, but the optimiser handed to it counts {taken}, "
            "one epoch's: its step count starts again each epoch (a new optimiser, or t "
            "reset, inside the epoch loop)"
        )
    return None
