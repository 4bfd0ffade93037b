"""Figures of lessons 7 and 8: they draw what they are given and render."""

import numpy as np

from mnist_course import plots


def test_seed_intervals_draws_one_row_per_model_with_its_seeds():
    accuracies = {"original": [0.95, 0.96, 0.955], "CNN": [0.98, 0.985, 0.99]}
    figure = plots.seed_intervals(accuracies, reference="original", title="made up")
    (axis,) = figure.axes
    dots = sum(len(collection.get_offsets()) for collection in axis.collections)
    assert dots >= 6  # every seed of every model is drawn
    assert figure._repr_png_().startswith(b"\x89PNG")


def test_unchanged_weights_marks_the_pixels_that_never_moved():
    blank = np.zeros((28, 28))
    blank[0, :3] = 1
    border = np.zeros((28, 28), dtype=bool)
    border[0, :] = True
    change = np.ones((28, 28))
    change[0, :3] = 0
    figure = plots.unchanged_weights(blank, border, change)
    assert "3 pixels" in figure.axes[0].get_title()
    assert figure._repr_png_().startswith(b"\x89PNG")


def test_training_curves_mark_whole_epochs_only():
    from mnist_course.history import TrainingHistory

    history = TrainingHistory()
    for epoch in range(2):  # two epochs: matplotlib's default ticks would be 1.0, 1.2, ...
        metrics = {"loss": 1.0 - epoch / 4, "accuracy": 0.5 + epoch / 4}
        history.record({**metrics, "val_loss": 1.1, "val_accuracy": 0.5}, seconds=1.0)
    figure = plots.training_curves({"run": history})
    figure.canvas.draw()
    for axis in figure.axes:
        ticks = [tick for tick in axis.get_xticks() if 1 <= tick <= 2]
        assert ticks and all(float(tick).is_integer() for tick in ticks)
