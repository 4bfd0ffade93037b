# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 7: Evaluation and error analysis
#
# In this lesson you will:
#
# - write `confusion_matrix` and `precision_recall`, and evaluate three networks with
#   them side by side: yours (trained in lesson 6), the course's NumPy reference and
#   Keras's;
# - count how many of their largest confusions the networks share;
# - look at the digits your network gets wrong;
# - see what the 32 units of the first layer respond to;
# - find the pixels whose weights training can never change, and prove it.

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

from mnist_course import config, course, plots
from mnist_course.data import scale_pixels, split_validation
from mnist_course.exercises.answers import learner_functions
from mnist_course.learner_run import load_learner_run
from mnist_course.numpy_mlp import MLP, fit

data = course.setup()
x_train, x_test = scale_pixels(data.x_train), scale_pixels(data.x_test)
numpy_model = MLP(seed=config.DEFAULT_SEED)
initial_weights = numpy_model.get_weights()  # kept for section 5
fit(
    numpy_model,
    x_train,
    data.y_train,
    epochs=course.epochs(),
    validation_split=config.VALIDATION_SPLIT,
    verbose=0,
)
keras_run = course.keras_run()  # the run of lesson 6, or trained now if there is none

# %% [markdown]
# **Your network.** Lesson 6 trained your network from your own functions and saved its
# weights. Here your `dense_forward`, `relu` and `softmax` (read from your lesson files,
# as lesson 6 reads them; the course's where yours are missing or do not pass) run it
# on the <span data-expr="len(data.y_test)" data-format=",">10,000</span> test digits.
# Where lesson 6 ran with the course's functions in place of yours (on the published
# site, or before you write them), "yours" is trained exactly as the reference is, and
# the two agree on every digit; with your own functions they part.

# %%
yours = learner_functions(Path("."))  # name -> the function in your lesson files
your_ops = SimpleNamespace(
    dense_forward=use("dense_forward", yours.get("dense_forward")),
    relu_forward=use("relu", yours.get("relu")),
    softmax=use("softmax", yours.get("softmax")),
)
your_model = MLP(seed=config.DEFAULT_SEED, ops=your_ops)
try:
    your_run = load_learner_run(quick=course.quick())  # saved by lesson 6
    your_weights, your_initial_weights = your_run.params, your_run.initial_params
except FileNotFoundError as missing:
    print(f"{missing}; until then the reference network's weights stand in, so 'yours'")
    print("and 'reference' agree below")
    your_weights, your_initial_weights = numpy_model.get_weights(), initial_weights
if your_initial_weights is None:  # a run saved by an older lesson 6
    print("your saved run has no initial weights: rerun lesson 6 (the reference's stand in)")
    your_initial_weights = initial_weights
your_model.set_weights(your_weights)
predictions = {
    "yours": your_model.predict(x_test),
    "reference": numpy_model.predict(x_test),
    # Keras's trained weights, read by the NumPy forward pass (the parity ladder's
    # first rung shows the two forward passes agree to rounding).
    "Keras": keras_run.numpy_model().predict(x_test),
}
alike = int((predictions["yours"] == predictions["reference"]).sum())
print(f"yours and the reference predict {alike:,} of {len(x_test):,} test digits alike")

# %% [markdown]
# ## 1. Confusion matrices side by side
#
# Accuracy says how often a network is right, not how it is wrong. A *confusion
# matrix* counts every (true digit, predicted digit) pair: `counts[i, j]` is the number
# of test digits `i` the network called `j`. Rows are the truth, columns the
# predictions (scikit-learn's convention); the diagonal holds the right answers, and
# every other cell one kind of mistake. A digit may be missing from a small sample, so
# the matrix's size comes from `num_classes`, not from the labels.


# %% tags=["exercise"]
def confusion_matrix(y_true, y_pred, num_classes=10):
    """counts[i, j] = number of samples of true class i predicted as j."""
    raise NotImplementedError("your code here")


# %%
check("confusion_matrix", confusion_matrix)

# %% [markdown]
# **Predict, then run.** The three networks have the same architecture and budget
# (their accuracies are in the figure's titles). Will their largest mistakes
# be the same pairs of digits? Guess how many of one network's ten largest confusions
# (off-diagonal cells) another network's ten share.

# %%
confusion_matrix = use("confusion_matrix", confusion_matrix)
matrices = {name: confusion_matrix(data.y_test, p) for name, p in predictions.items()}


def largest_confusions(counts, how_many=10):
    """The ``how_many`` largest off-diagonal cells, as (true, predicted) pairs."""
    mistakes = counts * (1 - np.eye(len(counts), dtype=counts.dtype))
    order = np.argsort(mistakes, axis=None, kind="stable")[::-1][:how_many]
    return [tuple(int(i) for i in np.unravel_index(flat, counts.shape)) for flat in order]


top = {name: largest_confusions(counts) for name, counts in matrices.items()}
shared_by_reference_and_keras = len([pair for pair in top["reference"] if pair in top["Keras"]])
for first, second in (("yours", "Keras"), ("reference", "Keras"), ("yours", "reference")):
    shared = [pair for pair in top[first] if pair in top[second]]
    print(f"{first} and {second}: {len(shared)} of the 10 largest confusions shared")
    cells = ", ".join(
        f"{t}->{p} {matrices[first][t, p]}/{matrices[second][t, p]}" for t, p in top[first]
    )
    print(f"  the 10 largest of {first}, counts {first}/{second}: {cells}")
plots.confusion_matrices(matrices)  # last: a cell shows the figure it ends with

# %% [markdown]
# Read the counts above: where the networks share a pair, the pair is hard in itself;
# where a pair is large for one network and small for the other, that mistake belongs
# to one training run, not to the digits. Two
# networks with nearly the same accuracy can spread their mistakes differently, so
# "they make the same mistakes" is true only for the shared pairs the count names.
#
# ## 2. Precision and recall per digit
#
# *Recall* of digit 5: of all the real 5s (row 5), the share the network found.
# *Precision* of 5: of all the images it called 5 (column 5), the share that really
# were. A class can have high recall and low precision when the network calls too many
# things by its name. Both come from the confusion matrix: the diagonal cell over the
# column's sum, and over the row's. A digit never predicted has no precision to speak
# of (0 / 0): count it as 0, as scikit-learn does.


# %% tags=["exercise"]
def precision_recall(counts):
    """(precision, recall): two arrays with one value per class."""
    raise NotImplementedError("your code here")


# %%
check("precision_recall", precision_recall)

# %% [markdown]
# **Predict, then run.** Which digit has the lowest recall for your network, and is it
# the same digit for the other two?

# %%
precision_recall = use("precision_recall", precision_recall)
scores = {name: precision_recall(counts) for name, counts in matrices.items()}
print("digit " + "".join(f"{name + ' P/R':>17}" for name in scores))
for digit in range(config.NUM_CLASSES):
    row = "".join(f"{p[digit]:9.3f}/{r[digit]:.3f}" for p, r in scores.values())
    print(f"{digit:5} {row}")
for name, (precision, recall) in scores.items():
    print(f"{name}: lowest recall digit {recall.argmin()}, lowest precision {precision.argmin()}")

# %% [markdown]
# ## 3. The digits your network gets wrong
#
# Some mistakes are forgivable: digits a person would hesitate over. Others show what
# a network that sees only pixels, not strokes, finds hard. **Predict, then run:** of the
# first 30 it gets wrong, how many would you have read wrong too?

# %%
wrong = np.flatnonzero(predictions["yours"] != data.y_test)
print(f"{len(wrong)} of {len(data.y_test)} test digits misclassified by your network")
plots.digits(
    data.x_test[wrong[:30]],
    data.y_test[wrong[:30]],
    predictions["yours"][wrong[:30]],
    title="true → predicted (your network)",
)

# %% [markdown]
# ## 4. What the first layer looks for
#
# Each of the 32 first-layer units computes a weighted sum of the 784 pixels. Drawn as
# 28 x 28 images, the weights show what lights a unit up (red: ink here raises its
# output; blue: ink here lowers it). **Predict, then run:** will the pictures look like
# digits, like strokes, or like noise near the edges?

# %%
plots.first_layer_units(
    your_model.named_parameters()["dense_1/kernel"],
    title="first-layer weights of your network",
)

# %% [markdown]
# ## 5. Pixels that never learn
#
# Near the edges, the pictures above look like noise. Why? Take one weight,
# `W[i, j]`, from pixel `i` to unit `j`. The first layer computes
# `z[b, j] = sum_i x[b, i] W[i, j] + bias[j]` for each image `b` of a batch, so
#
# `dL/dW[i, j] = sum_b x[b, i] * dL/dz[b, j]`.
#
# If pixel `i` is 0 in every image of the batch, every term is 0 and so is the
# gradient, whatever the rest of the network does. If it is 0 in *every* training
# image, its gradient is 0 at every step. Adam then keeps its moving averages at
# `m = 0` and `v = 0`, and its step `lr * m / (sqrt(v) + eps)` is exactly 0: those 32
# weights end where they started, bit for bit. Which pixels are these? Write
# `never_inked(images)`: a (28, 28) boolean array, True where the pixel is 0 in every
# image (`hint("never_inked")`), and check it. **Predict, then run:** how many of the 784,
# and are they all on the border?


# %% tags=["exercise"]
def never_inked(images):
    """(28, 28) booleans: True where the pixel is 0 in every one of the (N, 28, 28) images."""
    raise NotImplementedError("your code here")


# %%
check("never_inked", never_inked)

# %%
never_inked = use("never_inked", never_inked)
border = np.ones(config.IMAGE_SHAPE, dtype=bool)
border[1:-1, 1:-1] = False  # the outermost ring of pixels
blank = never_inked(data.x_train)  # (28, 28): no ink in any training image
print(f"pixels blank in all {len(data.x_train):,} training images: {blank.sum()}")
inked_border = int((border & ~blank).sum())
print(f"border pixels: {border.sum()}, of which blank everywhere: {(blank & border).sum()}, "
      f"inked in some image: {inked_border}")  # fmt: skip
print(f"blank everywhere but not on the border: {(blank & ~border).sum()}")

# %% [markdown]
# So "the border is blank" is only partly true:
# <span data-expr="inked_border">57</span> of the
# <span data-expr="int(border.sum())">108</span> border pixels carry ink in some digit,
# and some blank pixels lie inside the outermost ring (the figure below shows where). The
# network trains on
# the first 90% of the training set (the rest is validation), so the pixels it never
# sees inked are those blank in that part. Compare every row of the trained kernel with
# the same row before training:

# %%
trained_kernel = your_model.named_parameters()["dense_1/kernel"]  # (784, 32), yours
initial_kernel = your_initial_weights[0]  # the one your network started from in lesson 6
unchanged = (trained_kernel == initial_kernel).all(axis=1)  # (784,): row kept bit for bit
images_fit, *_ = split_validation(data.x_train, data.y_train, config.VALIDATION_SPLIT)
blank_in_fit = never_inked(images_fit).ravel()  # (784,)
print(f"rows unchanged by training: {unchanged.sum()} of {len(unchanged)}")
print(f"pixels blank in the {len(images_fit):,} images trained on: {blank_in_fit.sum()}")
print("the same pixels:", np.array_equal(unchanged, blank_in_fit))
change = np.abs(trained_kernel - initial_kernel).max(axis=1).reshape(config.IMAGE_SHAPE)
plots.unchanged_weights(blank, border, change)

# %% [markdown]
# Every other row moved. These weights are harmless on MNIST (they multiply a 0), but
# they are dead weight: 32 parameters per blank pixel that training can never change.
# An image with ink in one of those pixels would meet weights the network never tuned.

# %% [markdown]
# ## Summary
#
# - Networks of nearly the same accuracy can share only some of their largest
#   confusions (the reference and Keras share
#   <span data-expr="shared_by_reference_and_keras">3</span> of
#   their 10 here): count the overlap before saying they make the same mistakes.
# - Precision and recall per class say more than one accuracy number.
# - A first-layer unit's 784 weights, drawn as a 28 x 28 image, show where ink raises its
#   output and where it lowers it.
# - A pixel blank in every training image gets a zero gradient at every step: its
#   weights keep their initial values exactly.

# %% [markdown]
# ## Open experiments
#
# Change one thing, predict what will happen, run the cell, and explain what you see.
# The cells ask the reference network (`numpy_model`); put `your_model` in its place to
# ask yours.
#
# 1. **Shift the digits.** Move every test digit `shift` pixels to the right. Predict
#    the accuracy for a shift of 1, 2 and 4 pixels before you run it. Why does a
#    network that reads 784 separate pixels care where the digit is? (Lesson 8's CNN is
#    one answer.)
# 2. **Confident mistakes.** Predict: does the network hesitate (a low top probability)
#    on the digits it gets wrong? Compare the top probability on right and wrong
#    answers; change `threshold` and see how many wrong answers a "not sure" rule
#    would catch, and how many right ones it would throw away.
# 3. **Ink where it never was.** Put ink (value 1) on the pixels that were blank in
#    every image the network trained on, in every test digit. Predict the accuracy, then run. Which
#    weights decide the answer, and what values do they hold?

# %%
shift = 2  # pixels to the right; try 1, 4, or a negative number (to the left)
shifted = np.roll(x_test, shift, axis=2)  # what rolls off the right edge comes back left
accuracy = (numpy_model.predict(shifted) == data.y_test).mean()
unshifted = (predictions["reference"] == data.y_test).mean()
print(f"shifted by {shift}: accuracy {accuracy:.4f} (unshifted {unshifted:.4f})")

# %%
threshold = 0.9  # "not sure" when the top probability is below this
top = numpy_model.predict_proba(x_test).max(axis=1)
right = predictions["reference"] == data.y_test
print(
    f"median top probability: right {np.median(top[right]):.3f}, wrong {np.median(top[~right]):.3f}"
)
print(
    f"below {threshold}: {(top[~right] < threshold).mean():.1%} of wrong answers, "
    f"{(top[right] < threshold).mean():.1%} of right ones"
)

# %%
inked = x_test.copy()
inked[:, blank_in_fit.reshape(config.IMAGE_SHAPE)] = 1.0  # no image trained on inked these
print(
    f"accuracy with ink on the {blank_in_fit.sum()} never-inked pixels: "
    f"{(numpy_model.predict(inked) == data.y_test).mean():.4f}"
)
