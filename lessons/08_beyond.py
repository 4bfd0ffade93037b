# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 8: Beyond the original network
#
# In this lesson you will:
#
# - try the improvements the original notebook's README invites: Dropout,
#   BatchNormalization, and a small convolutional network, and see what each computes;
# - write Dropout's forward and backward passes, and train your NumPy network with them
#   beside Keras's `Dropout`;
# - compare them with the 32-16-8 MLP over several seeds, with an interval per model,
#   and learn when one seed per model cannot rank them.
#
# **The budget.** This lesson must run in under a minute on two cores, and it trains
# <span data-expr="len(variants.VARIANTS) * len(seeds)">16</span> models
# (<span data-expr="len(variants.VARIANTS)">4</span> models x
# <span data-expr="len(seeds)">4</span> seeds). So each trains for
# <span data-expr="epochs">2</span> epochs on the first
# <span data-expr="num_train" data-format=",">6,000</span> training images (the last
# <span data-expr="held_out" data-format=",">600</span> of them held out for validation;
# batch 32, Adam, as everywhere), and the CNN is small: 8 and 16 filters, where the
# [simple MNIST convnet](https://keras.io/examples/vision/mnist_convnet/) of
# Keras's examples uses 32 and 64. Section 2 prints what one more seed of all four
# models would cost. What the lesson measures is how far each model gets on a short,
# equal budget, not the best each can do; the experiments at the end change the budget.

# %% [markdown]
# ## Setup

# %% tags=["setup"]
# The names your exercise answers can use; `mnist-course check` runs this cell too.
import math  # noqa: F401

import numpy as np

from mnist_course.exercises import check, hint, solution, use  # noqa: F401

# %%
from pathlib import Path
from types import SimpleNamespace

from mnist_course import config, course, plots, stats, variants
from mnist_course.data import flatten_images, scale_pixels
from mnist_course.exercises.answers import learner_functions
from mnist_course.exercises.predictions import check_value
from mnist_course.numpy_mlp import functional
from mnist_course.numpy_mlp.dropout_training import fit_with_dropout

data = course.setup()
num_train = min(config.VARIANT_TRAIN_IMAGES, len(data.y_train))
seeds = config.VARIANT_SEEDS[:2] if course.quick() else config.VARIANT_SEEDS
epochs = config.VARIANT_EPOCHS
held_out = round(num_train * config.VALIDATION_SPLIT)
print(
    f"each model: {epochs} epochs on {num_train:,} images ({num_train - held_out:,} to train, "
    f"{held_out:,} to validate), seeds {seeds}"
)

# %% [markdown]
# ## 1. The candidates
#
# **Dropout** (rate `p = 0.1`, after each hidden layer). During training, each unit's
# output is set to 0 with probability `p`, afresh for every example and step, and the
# units kept are multiplied by `1 / (1 - p)`. A unit with output `a` then passes on, on
# average, `(1 - p) * a / (1 - p) + p * 0 = a`: the same as without Dropout, which is
# why nothing needs changing at test time, when Dropout does nothing. The network
# cannot count on any one unit being there, so it spreads what it learns: a regulariser.
#
# **Write it.** `dropout_forward(x, rate, training, rng)` returns the output and `keep`,
# the boolean mask of the units kept (True where `rng.random(x.shape) >= rate`: draw
# from the generator passed in, so a seed fixes the masks). In training the kept units
# are divided by `1 - rate`; with `training=False` it returns `x` unchanged (itself or a
# copy, as you like) and a mask of all True.


# %% tags=["exercise"]
def dropout_forward(x, rate, training, rng):
    """(output, keep): drop each unit with probability rate, divide the kept by 1 - rate."""
    raise NotImplementedError("your code here")


# %%
check("dropout_forward", dropout_forward)

# %% [markdown]
# **Predict, then run.** Drop with `rate = 0.5` from 100,000 units that all hold 1.0.
# What share of the outputs is 0, what value do the others hold, and what is their
# mean? Then set `rate` to 0.9: which of the three numbers changes?

# %%
dropout_forward = use("dropout_forward", dropout_forward)
rate = 0.5  # try 0.9
ones = np.ones((1000, 100))
out, keep = dropout_forward(ones, rate, True, np.random.default_rng(0))
print(
    f"rate {rate}: share zeroed {1 - keep.mean():.4f}, kept units hold "
    f"{np.unique(out[keep])}, mean output {out.mean():.4f} (the input's mean: 1)"
)

# %% [markdown]
# **Its backward pass.** The output is `x * keep / (1 - rate)`, entry by entry, so
# `dL/dx = dL/dout * keep / (1 - rate)`: the *same* mask and the same scale as the
# forward pass. A dropped unit passed nothing on, so it gets no gradient; drawing a new
# mask here would send gradients through units that never took part. This is why
# `dropout_forward` returns `keep`: the backward pass needs it.


# %% tags=["exercise"]
def dropout_backward(grad_out, keep, rate):
    """The gradient w.r.t. Dropout's input, from the forward pass's keep mask."""
    raise NotImplementedError("your code here")


# %%
check("dropout_backward", dropout_backward)
dropout_backward = use("dropout_backward", dropout_backward)

# %% [markdown]
# Section 3 trains your NumPy network with these two functions after each hidden ReLU,
# beside Keras's `Dropout`.
#
# **BatchNormalization**, built here as Dense, then BatchNormalization, then ReLU, so
# it acts on the *pre-activations* `z` of each hidden layer. In training, for each unit
# it takes the mean `mu` and variance `var` of `z` over the 32 examples of the batch and
# outputs `gamma * (z - mu) / sqrt(var + eps) + beta`: mean 0 and variance 1 over the
# batch, then a learned scale `gamma` and shift `beta` per unit (so the layer can undo
# the normalisation if that helps). A test image has no batch to average over, so at
# test time it uses running averages of `mu` and `var` kept during training
# (`moving = 0.99 * moving + 0.01 * batch value` in Keras). Two consequences, derived:
#
# - in training, the Dense layer's bias `b` has no effect:
#   `(z + b) - mean(z + b) = z - mean(z)` (at test time the running averages do not
#   cancel it);
# - the same image gets a different output in training and at test time.
#
# Its four numbers per unit (four arrays per layer: `gamma`, `beta`, the two running
# averages) are counted as parameters, although only two are learned by gradient
# descent:

# %%
batch_norm_model = variants.build_variant("MLP + BatchNormalization")
for layer in batch_norm_model.layers:
    if "batch_normalization" in layer.name:
        print(layer.name, [(v.path.split("/")[-1], v.shape, v.trainable) for v in layer.variables])
digits = scale_pixels(data.x_train[:32])
at_test_time = batch_norm_model(digits, training=False).numpy()
in_training = batch_norm_model(digits, training=True).numpy()  # also updates the averages
print(
    "untrained, same 32 digits: largest difference between training and test-time "
    f"outputs {np.abs(in_training - at_test_time).max():.3f}"
)

# %% [markdown]
# Before any training, the running averages are 0 and 1, so at test time the layer
# passes `z` through almost unchanged, while in training it normalises it: the two
# outputs differ, as derived.
#
# **A small CNN** reads the image as an image. A 3 x 3 convolution slides one set of
# 9 weights (and a bias) over every position of the image: the same stroke detector
# everywhere, so a stroke moved by a few pixels is still found. Two convolutions with
# 2 x 2 max-pooling, then Dense 32 and Dense 10. Its parameters, counted by hand as in
# lesson 2 (a filter over `c` input channels has `9c + 1` numbers; each convolution
# trims 1 pixel per side, each pooling halves, rounding down): 28 -> 26 -> 13 -> 11 -> 5.

# %%
by_hand = {
    "conv 8 filters": 8 * (9 * 1 + 1),
    "conv 16 filters": 16 * (9 * 8 + 1),
    "dense 5*5*16 -> 32": (5 * 5 * 16 + 1) * 32,
    "dense 32 -> 10": (32 + 1) * 10,
}
print(by_hand, "total", sum(by_hand.values()))
for name in variants.VARIANTS:
    print(f"{name:26} {variants.build_variant(name).count_params():7,} parameters (Keras)")

# %% [markdown]
# The CNN has fewer parameters than the MLP: most of the MLP's are the 784 x 32 weights
# of its first layer, one per pixel and unit, while a filter reuses its 9 weights at
# every position.
#
# ## 2. Measured alike, over seeds
#
# Same data, optimiser, batch size and epochs for every model; the seed sets the
# initial weights, the Dropout masks and the order of the batches. Each model is
# trained once per seed and scored on all
# <span data-expr="len(data.y_test)" data-format=",">10,000</span> test digits.
#
# **An interval over seeds.** `n` seeds give `n` accuracies (here
# <span data-expr="len(seeds)">4</span>); their mean is itself a little random (other
# seeds would give another mean). The 95% interval printed beside each mean is
# `mean ± t * s / sqrt(n)`: `s` is the spread (standard deviation) of the `n` seeds'
# accuracies, `s / sqrt(n)` how much a mean of `n` of them varies, and `t` (from
# Student's t-distribution; here <span data-expr="t_95" data-format=".2f">3.18</span>, for
# `n =` <span data-expr="len(seeds)">4</span>) widens it for having only `n` values to
# estimate `s` from, the more the fewer. If the seeds' accuracies spread like a normal
# distribution, intervals built this way contain the true mean in 95% of experiments.
# A model whose seeds disagree a lot gets a wide interval; one that reaches past 1.0, an
# accuracy no model can have, says only that these few seeds cannot pin the mean down.

# %%
rows = variants.compare_variants(data, num_train=num_train, epochs=epochs, seeds=seeds)
accuracies = variants.accuracies_by_model(rows)
seconds = {
    name: np.median([r["training seconds"] for r in rows if r["model"] == name])
    for name in accuracies
}
t_95 = stats.t_factor(len(seeds))
print(f"{len(seeds)} seeds: t = {t_95:.2f}")
print(f"{'model':26} {'mean test acc.':>14} {'95% interval':>18} {'s per run':>9}")
for name, values in accuracies.items():
    mean, low, high = stats.mean_interval(values)
    print(f"{name:26} {mean:14.4f}   [{low:.4f}, {high:.4f}] {seconds[name]:9.1f}")
print(f"one more seed of all four models: about {sum(seconds.values()):.0f} s of training")
by_seed_0 = sorted(accuracies, key=lambda name: -accuracies[name][0])
by_mean = sorted(accuracies, key=lambda name: -np.mean(accuracies[name]))
print("ranked by seed 0 alone:", " > ".join(by_seed_0))
print("ranked by the mean:    ", " > ".join(by_mean))
plots.seed_intervals(
    accuracies,
    reference="original MLP",
    title=f"{epochs} epochs, {num_train:,} images, {len(seeds)} seeds",
)

# %% [markdown]
# Each grey dot is one seed. Compare how far apart two seeds of the same model land
# with the gaps between the models' means: where the dots of two models overlap, one
# run of each could have ranked them either way (compare the two rankings printed
# above). The blue bar is the 95% interval for a model's mean accuracy over these
# seeds. Is each variant different from the original? The interval of the *difference*
# of the two means answers that: `difference ± t * sqrt(s1²/n1 + s2²/n2)`, Welch's
# interval, which does not assume the two models' spreads are equal (`mnist-course
# compare` uses it too):

# %%
for name, values in accuracies.items():
    if name != "original MLP":
        difference, low, high = stats.difference_interval(values, accuracies["original MLP"])
        verdict = "differs" if low > 0 or high < 0 else "cannot tell apart"
        print(f"{name:26} - original: {difference:+.4f}, [{low:+.4f}, {high:+.4f}]: {verdict}")

# %% [markdown]
# How to read it. An interval that excludes 0 says this budget separates the two models
# ("differs" above); one that contains 0 says these seeds cannot ("cannot tell apart"),
# which is not the same as "no difference". Why each model lands where it does is what
# the experiments below probe: section 1 says what each model computes, not how well it
# will do. Dropout, for one, is meant for a network that overfits: one that scores
# clearly better on the images it trained on than on new ones. Does a network trained
# for 2 short epochs overfit? Each model's accuracy on the images it trained on, scored
# after training as the test set is, beside its test accuracy (means over the seeds):

# %%
gaps = {}  # per seed: training accuracy - test accuracy (rows and accuracies share an order)
for name in accuracies:
    training = [r["training accuracy"] for r in rows if r["model"] == name]
    gaps[name] = np.subtract(training, accuracies[name])
    training, test = np.mean(training), np.mean(accuracies[name])
    print(f"{name:26} training {training:.4f}, test {test:.4f}, gap {gaps[name].mean():+.4f}")
difference, low, high = stats.difference_interval(gaps["MLP + Dropout"], gaps["original MLP"])
verdict = "smaller" if high < 0 else "larger" if low > 0 else "not told apart"
print(f"Dropout's gap - the original's: {difference:+.4f}, [{low:+.4f}, {high:+.4f}]: {verdict}")

# %% [markdown]
# The gap is how much better a model does on the digits it trained on than on new
# ones: what it has memorised rather than learned. Dropout is meant to shrink it, and
# the last line says whether it did here, with Welch's interval over the seeds. Before
# you read a "larger" as "Dropout generalises worse", remember the budget: a few short
# epochs, while every step of Dropout's model trains a network thinned at random, which
# learns more slowly (compare the two training accuracies above). Whether it ends with
# the smaller gap is a question for a longer run: experiment 2 below lengthens the
# budget and prints both accuracies; predict what more epochs do to each gap.
#
# ## 3. Your Dropout in your network, beside Keras's
#
# Your NumPy network, built from your functions of lessons 3 and 4 (read from your lesson
# files as lesson 6 reads them; the course's where yours are missing or do not pass)
# with your `dropout_forward` and `dropout_backward` after each hidden ReLU, where
# Keras's model has its `Dropout` layers. Same budget as section 2: the same images,
# epochs, batch size, Adam, rate and seeds. One thing cannot be the same: from one seed,
# NumPy and TensorFlow draw different initial weights, masks and batch orders, so seed
# 0 of yours and seed 0 of Keras's are two different runs. Chance plays a part in both,
# so compare the intervals over seeds, never one run with one run.
#
# **Predict first.** Section 2 printed whether Keras's Dropout model differs from the
# original MLP on this budget. Will yours differ from your network without Dropout in
# the same direction, and will your Dropout model and Keras's be told apart?

# %%
yours = learner_functions(Path("."))  # name -> the function in your lesson files
ops = SimpleNamespace(softmax=functional.softmax)  # used only to predict, never to train
for exercise_name, op_name in (
    ("dense_forward", "dense_forward"),
    ("relu", "relu_forward"),
    ("cross_entropy", "cross_entropy"),
    ("cross_entropy_backward", "cross_entropy_backward"),
    ("relu_backward", "relu_backward"),
    ("dense_backward", "dense_backward"),
):
    setattr(ops, op_name, use(exercise_name, yours.get(exercise_name)))

x_fit_numpy = flatten_images(scale_pixels(data.x_train[:num_train]))
x_test_numpy = flatten_images(scale_pixels(data.x_test))
side_by_side = {
    "Keras MLP": accuracies["original MLP"],
    "Keras MLP + Dropout": accuracies["MLP + Dropout"],
}
first_losses = {}
for label, dropout_rate in (("your MLP", 0.0), ("your MLP + Dropout", config.VARIANT_DROPOUT_RATE)):
    side_by_side[label] = []
    for seed in seeds:
        model, losses = fit_with_dropout(
            x_fit_numpy,
            data.y_train[:num_train],
            rate=dropout_rate,
            seed=seed,
            epochs=epochs,
            forward=dropout_forward,
            backward=dropout_backward,
            ops=ops,
        )
        side_by_side[label].append(model.evaluate(x_test_numpy, data.y_test)[1])
        first_losses.setdefault(label, losses)
print(f"{'model':22} {'mean test acc.':>14} {'95% interval':>18}   seeds {seeds}")
for name, values in side_by_side.items():
    mean, low, high = stats.mean_interval(values)
    print(f"{name:22} {mean:14.4f}   [{low:.4f}, {high:.4f}]   {np.round(values, 4)}")
for label, losses in first_losses.items():
    print(f"{label}, seed {seeds[0]}: training loss per epoch {np.round(losses, 4)}")
for first, second in (
    ("your MLP + Dropout", "your MLP"),
    ("Keras MLP + Dropout", "Keras MLP"),
    ("your MLP + Dropout", "Keras MLP + Dropout"),
):
    difference, low, high = stats.difference_interval(side_by_side[first], side_by_side[second])
    verdict = "differs" if low > 0 or high < 0 else "cannot tell apart"
    print(f"{first} - {second}: {difference:+.4f}, [{low:+.4f}, {high:+.4f}]: {verdict}")
plots.seed_intervals(
    side_by_side,
    reference="Keras MLP + Dropout",
    title=f"your Dropout and Keras's: {epochs} epochs, {num_train:,} images, {len(seeds)} seeds",
)

# %% [markdown]
# Read the three verdicts printed above, not a single seed. The first two say what
# Dropout does on this short budget in each framework; the third whether your Dropout
# network and Keras's can be told apart with these seeds ("cannot tell apart" is not
# "the same": more seeds narrow the interval). The training losses per epoch of the
# first seed are measured with Dropout on, as Keras measures them: the network with
# Dropout is scored on a thinned copy of itself at every step. Which of the two losses
# did you expect higher, and does a higher training loss mean a worse test accuracy?
#
# ## Summary
#
# - Dropout zeroes units at random in training and rescales the rest, so nothing
#   changes on average; at test time it is off. Its backward pass uses the forward
#   pass's mask and scale; you wrote both and trained your network with them.
# - BatchNormalization normalises each unit's pre-activations over the batch, then
#   applies a learned scale and shift; at test time it uses running averages.
# - A CNN shares 3 x 3 filters over the image: fewer parameters, a different model.
# - One seed per model cannot rank models whose gap is smaller than the spread between
#   seeds (here several points for some models): compare means over seeds, with an
#   interval on the difference.

# %% [markdown]
# ## Open experiments
#
# Change one thing, predict, run, explain. To stay within the lesson's budget, each
# cell trains with seed 0 only, and prints section 2's seed-0 result beside it; with
# its value as given a cell would only repeat section 2's run (one seed, the same
# numbers), so it trains once you change the value. Add seeds before you trust a gap.
#
# 1. **More Dropout.** Set `rate` to 0.5. Predict: higher or lower test accuracy after
#    2 epochs, and why? Then try 0.0: which model of section 2 is that?
# 2. **A longer run.** Set `more_epochs` to 5 (or the course's 10). Predict which model
#    gains most from it, and whether BatchNormalization's spread over seeds shrinks
#    (for that, add `seeds=(0, 1, 2, 3)` to the call: four times the time).
# 3. **Less data.** Set `few_images` to `2_000`, then `20_000`. Predict: does the CNN's
#    lead over the MLP grow or shrink with less data? Explain with what each model
#    has to learn from scratch.

# %%
section_2 = {row["model"]: row["test accuracy"] for row in rows if row["seed"] == seeds[0]}


def experiment(names, **budget):
    """Train ``names`` on a budget (seed 0 unless told); print beside section 2's seed 0."""
    section_2_budget = {
        "num_train": num_train,
        "epochs": epochs,
        "seeds": seeds[:1],
        "dropout": config.VARIANT_DROPOUT_RATE,
    }
    budget = {**section_2_budget, **budget}
    if budget == section_2_budget:  # nothing changed yet: no need to train again
        for name in names:
            print(f"{name:26} section 2, seed 0: {section_2[name]:.4f} (change the value to run)")
        return
    for row in variants.compare_variants(data, names=names, **budget):
        print(
            f"{row['model']:26} seed {row['seed']}: test {row['test accuracy']:.4f}, training "
            f"{row['training accuracy']:.4f}   (section 2, seed 0: {section_2[row['model']]:.4f})"
        )


# %%
rate = config.VARIANT_DROPOUT_RATE  # 0.1, section 2's; try 0.5, then 0.0
experiment(("MLP + Dropout", "original MLP"), dropout=rate)

# %%
more_epochs = epochs  # try 5, then 10
experiment(variants.VARIANTS, epochs=more_epochs)

# %%
few_images = num_train  # try 2_000, then 20_000
experiment(("original MLP", "small CNN"), num_train=min(few_images, len(data.y_train)))


# %% [markdown]
# ## Exercises
#
# Predict first, write your prediction in the cell, then run it: the cell measures the
# answer and checks yours against it. Then explain what you see.
#
# 1. **Dropout's two modes.** The Dropout model is called twice on the same digit with
#    `training=True`, then twice with `training=False`. Predict which pairs agree
#    (True or False), then run, and explain with section 1.

# %%
your_prediction = {"two training calls agree": None, "two test-time calls agree": None}
dropout_model = variants.build_variant("MLP + Dropout", seed=0)
digit = scale_pixels(data.x_test[:1])
first, second = (dropout_model(digit, training=True).numpy() for _ in range(2))
test_time = dropout_model(digit, training=False).numpy()
measured = {
    "two training calls agree": bool(np.allclose(first, second)),
    "two test-time calls agree": bool(np.allclose(test_time, dropout_model(digit).numpy())),
}
check_value("Dropout's two modes", your_prediction, measured)

# %% [markdown]
# 2. **The bias before BatchNormalization.** Section 1 derived that the first Dense
#    layer's bias has no effect on what BatchNormalization outputs in training. The cell
#    adds 5 to every bias of that layer and measures whether the outputs change (by more
#    than float32 rounding), in training mode, then at test time. Predict both.

# %%
your_prediction = {"changes in training": None, "changes at test time": None}
first_dense = batch_norm_model.layers[1]  # layers[0] is Flatten
before = {mode: batch_norm_model(digits, training=mode).numpy() for mode in (True, False)}
first_dense.bias.assign(first_dense.bias + 5.0)
changes = {
    mode: np.abs(batch_norm_model(digits, training=mode).numpy() - before[mode]).max()
    for mode in (True, False)
}  # float32 rounding stays far below 1e-3
measured = {"changes in training": bool(changes[True] > 1e-3),
            "changes at test time": bool(changes[False] > 1e-3)}  # fmt: skip
check_value("the bias before BatchNormalization", your_prediction, measured)
if all(guess is not None for guess in your_prediction.values()):  # after your prediction
    for mode, change in changes.items():
        print(f"training={mode}: largest change of the outputs {change:.2e}")

# %% [markdown]
# 3. **Count by hand.** Give the CNN's first convolution 32 filters instead of 8. How
#    many parameters does each layer get now, and which layers change? Write your four
#    numbers in `your_counts`, as in section 1, then run the cell to compare with Keras.

# %%
your_counts = [None, None, None, None]  # the two convolutions, then the two Dense layers
wider = variants.build_variant("small CNN", filters=(32, 16))
keras_counts = [layer.count_params() for layer in wider.layers if layer.count_params()]
check_value("the wider CNN's parameters", your_counts, keras_counts)
