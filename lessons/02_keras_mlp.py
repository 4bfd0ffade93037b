# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 2: The original Keras network
#
# In this lesson you will:
#
# - build the notebook's network in Keras: Flatten, Dense 32, 16 and 8 with ReLU, and
#   Dense 10 with softmax;
# - count its 25,874 parameters by hand;
# - count the steps of an epoch, train it for
#   <span data-expr="course.epochs()">10</span> epochs and read its accuracy and loss
#   curves and its confusion matrix, with a function of yours for each reading.

# %% [markdown]
# ## Setup

# %% tags=["setup"]
# The names your exercise answers can use; `mnist-course check` runs this cell too.
import math  # noqa: F401  (for your answers: math.ceil, ...)

import numpy as np

from mnist_course.exercises import check, hint, solution, use  # noqa: F401

# %%
from mnist_course import (
    config,
    course,
    keras_mlp,  # imports TensorFlow (a few seconds)
    plots,
)
from mnist_course.data import scale_pixels, split_validation

data = course.setup()
x_train, x_test = scale_pixels(data.x_train), scale_pixels(data.x_test)

# %% [markdown]
# ## 1. Building the model
#
# `keras_mlp.build_model` is the original notebook's model, layer for layer, compiled
# with Adam and sparse categorical cross-entropy ("sparse": the labels are digits 0-9,
# not one-hot vectors). `set_random_seed` inside it makes the initial weights
# repeatable. **Predict, then run:** before any training, what does it give the first
# training digit: ten probabilities near 0.1 each, or one near 1?

# %%
model = keras_mlp.build_model(seed=config.DEFAULT_SEED)
model.summary()
untrained = model.predict(x_train[:1], verbose=0)[0]
print(f"untrained probabilities: {untrained.min():.3f} to {untrained.max():.3f}, "
      f"sum {untrained.sum():.3f}")  # fmt: skip

# %% [markdown]
# ## 2. Counting the parameters by hand
#
# A Dense layer from `n` inputs to `m` outputs holds an `n x m` kernel and `m` biases:
# `(n + 1) * m` numbers; a network's total is the sum over its pairs of neighbouring
# sizes. Write it (`hint("count_parameters")` helps; `mnist-course check 2` checks it
# from a terminal), check it, and the lesson counts with yours.


# %% tags=["exercise"]
def count_parameters(layer_sizes):
    """Weights plus biases of dense layers of these sizes, e.g. (784, 32, 16, 8, 10)."""
    raise NotImplementedError("your code here")


# %%
check("count_parameters", count_parameters)

# %% [markdown]
# **Predict, then run.** Which layer holds most of the parameters, and roughly what
# share? For 784 -> 32 -> 16 -> 8 -> 10:

# %%
import itertools  # noqa: E402

count_parameters = use("count_parameters", count_parameters)
sizes = config.LAYER_SIZES
total = count_parameters(sizes)
for n, m in itertools.pairwise(sizes):
    layer = count_parameters((n, m))
    print(f"{n:4} -> {m:3}: {n} x {m} weights + {m} biases = {layer:6,} ({layer / total:.1%})")
print(f"total: {total:,}; Keras counts {model.count_params():,}")

# %% [markdown]
# ## 3. Training
#
# <span data-expr="course.epochs()">10</span> epochs, batches of 32, the last 10% of the
# training set held out for validation.
# One detail differs from the original notebook on purpose: with a seed set,
# `model.fit` on NumPy arrays feeds the *same* order of samples in every epoch
# (TensorFlow issue 35682). The README reports it measured over five seeds against the
# NumPy network (with the command, `mnist-course parity --statistical --seeds 5
# --original-keras-shuffle`): the 95% interval of the difference contains zero, so five
# seeds cannot say whether it costs accuracy at all. The course trains through a
# `tf.data` pipeline that reshuffles every epoch, to be safe; lesson 6 shows the
# repeated order.
#
# A *step* is one batch of 32 images: their loss, its gradients, one update of the
# weights. How many steps make an epoch? Every batch holds 32 images except perhaps the
# last, which holds what is left over, and Keras trains on that one too.
# **Predict first:** this run trains on
# <span data-expr="len(x_fit)" data-format=",">54,000</span> images, and
# <span data-expr="len(x_fit) / config.DEFAULT_BATCH_SIZE"
# data-format=",.1f">1,687.5</span>
# batches' worth. How many steps? Then write `steps_per_epoch(num_samples, batch_size)`
# (`hint("steps_per_epoch")` helps), check it, and the cell after counts the course's
# epoch with yours.


# %% tags=["exercise"]
def steps_per_epoch(num_samples, batch_size):
    """Steps in one epoch of Keras's fit: every full batch, then the partial rest."""
    raise NotImplementedError("your code here")


# %%
check("steps_per_epoch", steps_per_epoch)

# %%
steps_per_epoch = use("steps_per_epoch", steps_per_epoch)
x_fit = split_validation(x_train, data.y_train, config.VALIDATION_SPLIT)[0]
epoch_steps = steps_per_epoch(len(x_fit), config.DEFAULT_BATCH_SIZE)
print(f"{len(x_fit):,} training images in batches of {config.DEFAULT_BATCH_SIZE}: "
      f"{epoch_steps:,} steps per epoch, the last batch of "
      f"{len(x_fit) - (epoch_steps - 1) * config.DEFAULT_BATCH_SIZE}")  # fmt: skip

# %% [markdown]
# So an epoch here is <span data-expr="epoch_steps" data-format=",">1,688</span> steps.
# One compile setting of `build_model` is for
# speed only: `steps_per_execution=32` lets Keras run 32 steps each time Python hands
# over to TensorFlow's compiled code, instead of one. Each step computes exactly what
# it did before; what shrinks is Keras's Python work between steps, a sizeable share of
# the time for a network this small. The next cell measures both claims on the
# first 5,000 images: the same weights, and the fastest of epochs 2 to 4 (the first
# includes compiling; the fastest is the least disturbed by whatever else the computer
# is doing). **Predict, then run:** how many times faster is 32 steps per call?

# %%
timed = {}
for steps in (1, config.KERAS_STEPS_PER_EXECUTION):
    trial = keras_mlp.build_model(seed=config.DEFAULT_SEED)
    trial.compile(
        optimizer=keras_mlp.make_adam(),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=steps,
    )
    run = keras_mlp.train(trial, x_train[:5000], data.y_train[:5000], epochs=4, verbose=0)
    timed[steps] = (trial.get_weights(), min(run.seconds_per_epoch[1:]))
    print(f"{steps:2} step(s) per call: {timed[steps][1]:.2f} s per epoch")
(one, _), (many, _) = timed.values()
print("the same weights, bit for bit:", all(np.array_equal(a, b) for a, b in zip(one, many)))

# %%
history = keras_mlp.train(model, x_train, data.y_train, epochs=course.epochs(), verbose=2)

# %%
test_loss, test_accuracy = keras_mlp.evaluate(model, x_test, data.y_test)
print(f"test accuracy {test_accuracy:.4f}, test loss {test_loss:.4f}")
plots.training_curves({"Keras": history})

# %% [markdown]
# Read the curves the way you will read every training run: does the training loss fall
# every epoch, and does the validation loss follow it? Where the validation loss stops
# falling for good while the training loss still falls, the network has started to memorise
# its training set rather than learn digits. It also wobbles from epoch to epoch (one run,
# one validation set), so one rise says little; the usual marker is the epoch of its lowest
# value (where Keras's `EarlyStopping(restore_best_weights=True)` goes back to). Write
# `lowest_epoch(val_losses)`, that epoch counted from 1 as Keras prints them, the first one
# if two tie. **Predict first** from the curves: which epoch will it be?


# %% tags=["exercise"]
def lowest_epoch(val_losses):
    """The epoch, counted from 1, of the lowest validation loss; the first if tied."""
    raise NotImplementedError("your code here")


# %%
check("lowest_epoch", lowest_epoch)

# %%
lowest_epoch = use("lowest_epoch", lowest_epoch)
val_loss = history.history["val_loss"]
best_epoch = lowest_epoch(val_loss)
print("validation loss per epoch:", " ".join(f"{loss:.4f}" for loss in val_loss))
print(f"lowest after epoch {best_epoch} of {len(val_loss)}"
      + (": still falling at the end" if best_epoch == len(val_loss) else ""))  # fmt: skip

# %% [markdown]
# ## 4. Which digits does it confuse?
#
# Row `i`, column `j` of the confusion matrix counts the test digits of class `i` that
# the network called `j`. The diagonal is what it gets right; every other cell is a
# mistake. Write `most_confused(counts)`: the (true digit, predicted digit) of the
# largest cell off the diagonal (the first in reading order if several tie).
# **Predict first:** which true digit will be most often mistaken, and for which other?


# %% tags=["exercise"]
def most_confused(counts):
    """(true digit, predicted digit) of the largest off-diagonal cell of ``counts``."""
    raise NotImplementedError("your code here")


# %%
check("most_confused", most_confused)

# %%
from sklearn.metrics import confusion_matrix  # noqa: E402

most_confused = use("most_confused", most_confused)
predictions = model.predict(x_test, verbose=0).argmax(axis=1)
counts = confusion_matrix(data.y_test, predictions)
true_digit, called = most_confused(counts)
print(f"most frequent mistake: {counts[true_digit, called]} test {true_digit}s called {called}")
plots.confusion_matrices({"Keras": counts})  # last: a cell shows the figure it ends with

# %% [markdown]
# ## Summary
#
# - The network has 25,874 parameters: (784+1)x32 + (32+1)x16 + (16+1)x8 + (8+1)x10.
# - An epoch is every full batch plus the partial last one:
#   <span data-expr="epoch_steps" data-format=",">1,688</span> steps of 32 here.
# - The validation loss was lowest after epoch
#   <span data-expr="best_epoch">9</span> of <span data-expr="len(val_loss)">10</span>;
#   the most frequent mistake was
#   <span data-expr="f'{true_digit} called {called}'">2 called 3</span>.
# - <span data-expr="course.epochs()">10</span> epochs of Adam reach
#   <span data-expr="test_accuracy" data-format=".1%">95.8%</span> test accuracy here
#   (the README gives five seeds' spread); lesson 8 shows how to do better.
# - From lesson 3 on, we rebuild every piece of this in NumPy.

# %% [markdown]
# ## Open experiments
#
# Change one thing, predict, run, explain. To keep the lesson short, each cell trains
# for 2 epochs with seed 0 and compares with epoch 2 of the run above (same seed, same
# data); one seed each, so treat a gap of a few tenths of a point as noise until more
# seeds agree. One epoch's seconds are rough too: other programs share the processor,
# and an epoch of a fraction of a second (quick mode's) is mostly fixed costs.
#
# 1. **Bigger batches.** Set `batch_size` to 128 (4 times 32). Predict the number of
#    steps per epoch, the seconds per epoch and the validation accuracy after 2 epochs,
#    then run. Explain the accuracy with the number of steps each setting takes and
#    what each step averages over. Try 8 too.
# 2. **No ReLU.** Remove every ReLU (`activation=None` in the hidden layers). Predict
#    the accuracy before you run: what do four Dense layers with nothing between them
#    compute? (Hint: multiply out `((x W1 + b1) W2 + b2) ...`; lesson 3 does it.)

# %%
after_2_epochs = history.history["val_accuracy"][1]


def short_run(model, batch_size=config.DEFAULT_BATCH_SIZE):
    """Train for 2 epochs with seed 0; print beside epoch 2 of the run above."""
    short = keras_mlp.train(
        model, x_train, data.y_train, epochs=2, batch_size=batch_size, verbose=0
    )
    steps = steps_per_epoch(len(x_fit), batch_size)
    print(
        f"{steps} steps per epoch, {short.seconds_per_epoch[-1]:.1f} s per epoch, "
        f"validation accuracy after 2 epochs {short.history['val_accuracy'][1]:.4f} "
        f"(the run above: {after_2_epochs:.4f}, {history.seconds_per_epoch[1]:.1f} s per epoch)"
    )
    return short.history["val_accuracy"][1]


# %%
batch_size = 128  # the run above used 32; try 8 too
_ = short_run(keras_mlp.build_model(seed=config.DEFAULT_SEED), batch_size=batch_size)

# %%
keras = keras_mlp.keras
keras.utils.set_random_seed(config.DEFAULT_SEED)
no_relu = keras.Sequential(
    [
        keras.Input(shape=config.IMAGE_SHAPE),
        keras.layers.Flatten(),
        *(keras.layers.Dense(units, activation=None) for units in config.HIDDEN_UNITS),
        keras.layers.Dense(config.NUM_CLASSES, activation="softmax"),
    ]
)
no_relu.compile(
    optimizer=keras_mlp.make_adam(),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
    steps_per_execution=config.KERAS_STEPS_PER_EXECUTION,
)
linear_accuracy = short_run(no_relu)

# %% [markdown]
# What the algebra says, and what it does not: without ReLUs the four layers multiply
# out to one affine map, `x W + b`, so the network is a linear classifier, one
# template per digit, however many layers it has. That bounds how well it can ever do;
# it says nothing about how fast either learns. This run: after 2 epochs the linear
# model's validation accuracy is
# <span data-expr="f'{linear_accuracy:.4f}'">0.9302</span>, the ReLU network's
# <span data-expr="f'{after_2_epochs:.4f}'">0.9518</span> (one seed each). To see the bound, give
# both a longer budget (`keras_mlp.train(..., epochs=10)` on each) and compare their
# last validation accuracies: which one is still improving?
