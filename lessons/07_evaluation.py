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
# - compare the confusion matrices of the Keras and the NumPy networks;
# - read per-class precision and recall;
# - look at the digits the network gets wrong;
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
from sklearn.metrics import classification_report
from sklearn.metrics import confusion_matrix as sklearn_confusion_matrix

from mnist_course import config, course, plots
from mnist_course.data import scale_pixels, split_validation
from mnist_course.numpy_mlp import MLP, fit

data = course.setup()
x_train, x_test = scale_pixels(data.x_train), scale_pixels(data.x_test)
numpy_model = MLP(seed=config.DEFAULT_SEED)
initial_weights = numpy_model.get_weights()  # kept for section 4
fit(
    numpy_model,
    x_train,
    data.y_train,
    epochs=course.epochs(),
    validation_split=config.VALIDATION_SPLIT,
    verbose=0,
)
keras_run = course.keras_run()  # the run of lesson 6, or trained now if there is none
predictions = {
    "NumPy": numpy_model.predict(x_test),
    # Keras's trained weights, read by the NumPy forward pass (the parity ladder's
    # first rung shows the two forward passes agree to rounding).
    "Keras": keras_run.numpy_model().predict(x_test),
}

# %% [markdown]
# ## 1. Confusion matrices side by side
#
# Rows are the true digits, columns the predictions. The two networks make the same
# kinds of mistakes: 4s taken for 9s, 5s for 3s, 3s for 5s.

# %%
matrices = {name: sklearn_confusion_matrix(data.y_test, p) for name, p in predictions.items()}
plots.confusion_matrices(matrices)

# %% [markdown]
# ## 2. Precision and recall per digit
#
# *Recall* of digit 5: of all the real 5s, the share the network found. *Precision* of
# 5: of all the images it called 5, the share that really were. A class can have high
# recall and low precision when the network calls too many things by its name.

# %%
print(classification_report(data.y_test, predictions["NumPy"], digits=3))

# %% [markdown]
# ## 3. The digits it gets wrong
#
# Some mistakes are forgivable: digits a person would hesitate over. Others show what
# a network that sees only pixels, not strokes, finds hard.

# %%
wrong = np.flatnonzero(predictions["NumPy"] != data.y_test)
print(f"{len(wrong)} of {len(data.y_test)} test digits misclassified")
plots.digits(
    data.x_test[wrong[:30]],
    data.y_test[wrong[:30]],
    predictions["NumPy"][wrong[:30]],
    title="true → predicted",
)

# %% [markdown]
# ## 4. What the first layer looks for
#
# Each of the 32 first-layer units computes a weighted sum of the 784 pixels. Drawn as
# 28 x 28 images, the weights show what lights a unit up (red: ink here raises its
# output; blue: ink here lowers it).

# %%
plots.first_layer_units(
    numpy_model.named_parameters()["dense_1/kernel"],
    title="first-layer weights of the NumPy network",
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
# weights end where they started, bit for bit. Which pixels are these? Count them:

# %%
border = np.ones(config.IMAGE_SHAPE, dtype=bool)
border[1:-1, 1:-1] = False  # the outermost ring of pixels
blank = (data.x_train == 0).all(axis=0)  # (28, 28): no ink in any training image
print(f"pixels blank in all {len(data.x_train):,} training images: {blank.sum()}")
print(f"border pixels: {border.sum()}, of which blank everywhere: {(blank & border).sum()}")
print(f"blank everywhere but not on the border: {(blank & ~border).sum()}")

# %% [markdown]
# So "the border is blank" is only half true: about half of the border pixels carry ink
# in some digit, and some blank pixels lie inside the border (the figure below shows
# where: in the corners). The network trains on
# the first 90% of the training set (the rest is validation), so the pixels it never
# sees inked are those blank in that part. Compare every row of the trained kernel with
# the same row before training:

# %%
trained_kernel = numpy_model.named_parameters()["dense_1/kernel"]  # (784, 32)
initial_kernel = initial_weights[0]
unchanged = (trained_kernel == initial_kernel).all(axis=1)  # (784,): row kept bit for bit
images_fit, *_ = split_validation(data.x_train, data.y_train, config.VALIDATION_SPLIT)
blank_in_fit = (images_fit == 0).all(axis=0).ravel()  # (784,)
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
# - Both networks confuse the same pairs of digits.
# - Precision and recall per class say more than one accuracy number.
# - The first layer learns stroke-like templates over the 28 x 28 image.
# - A pixel blank in every training image gets a zero gradient at every step: its
#   weights keep their initial values exactly.

# %% [markdown]
# ## Open experiments
#
# Change one thing, predict what will happen, run the cell, and explain what you see.
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
#    every training image, in every test digit. Predict the accuracy, then run. Which
#    weights decide the answer, and what values do they hold?

# %%
shift = 2  # pixels to the right; try 1, 4, or a negative number (to the left)
shifted = np.roll(x_test, shift, axis=2)  # what rolls off the right edge comes back left
accuracy = (numpy_model.predict(shifted) == data.y_test).mean()
unshifted = (predictions["NumPy"] == data.y_test).mean()
print(f"shifted by {shift}: accuracy {accuracy:.4f} (unshifted {unshifted:.4f})")

# %%
threshold = 0.9  # "not sure" when the top probability is below this
top = numpy_model.predict_proba(x_test).max(axis=1)
right = predictions["NumPy"] == data.y_test
print(
    f"median top probability: right {np.median(top[right]):.3f}, wrong {np.median(top[~right]):.3f}"
)
print(
    f"below {threshold}: {(top[~right] < threshold).mean():.1%} of wrong answers, "
    f"{(top[right] < threshold).mean():.1%} of right ones"
)

# %%
inked = x_test.copy()
inked[:, blank] = 1.0  # ink on every pixel no training image ever inked
print(
    f"accuracy with ink on the {blank.sum()} never-inked pixels: "
    f"{(numpy_model.predict(inked) == data.y_test).mean():.4f}"
)

# %% [markdown]
# ## Exercise


# %% tags=["exercise"]
def confusion_matrix(y_true, y_pred, num_classes=10):
    """counts[i, j] = number of samples of true class i predicted as j."""
    raise NotImplementedError("your code here")


# %%
check("confusion_matrix", confusion_matrix)
