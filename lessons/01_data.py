# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 1: The data
#
# In this lesson you will:
#
# - load MNIST and check that it is the real, unaltered data set;
# - look at the digits and at the numbers they are made of;
# - scale the pixels to 0..1, flatten each image to 784 numbers, and hold out a
#   validation set, exactly as the Keras notebook did.

# %% [markdown]
# ## Setup

# %% tags=["setup"]
# The names your exercise answers can use; `mnist-course check` runs this cell too.
import math  # noqa: F401

import numpy as np

from mnist_course.exercises import check, hint, solution, use  # noqa: F401
from mnist_course.exercises.predictions import check_value

# %%
from mnist_course import config, course, plots

data = course.setup()

# %% [markdown]
# ## 1. Four arrays
#
# MNIST is four arrays: 60,000 training images with their labels and 10,000 test
# images with theirs; the arrays this page loaded hold
# <span data-expr="len(data.x_train)" data-format=",">60,000</span> and
# <span data-expr="len(data.x_test)" data-format=",">10,000</span>. `setup()` printed where
# they came from; the loader verified their shapes, types and, for the full set, their
# SHA-256 digests against the official files.
# **Predict, then run:** each pixel is a whole number 0-255; how many megabytes do the
# training images take?

# %%
for name in ("x_train", "y_train", "x_test", "y_test"):
    array = getattr(data, name)
    print(f"{name:8} shape {array.shape!s:16} dtype {array.dtype}  {array.nbytes / 1e6:5.1f} MB")

# %% [markdown]
# ## 2. Looking at digits
#
# Each image is 28 x 28 pixels, 0 (white paper) to 255 (black ink). **Predict, then
# run:** in the excerpt of the first digit below, how many of the 45 pixels are ink
# (above 0), and does any reach 255?

# %%
plots.digits(data.x_train[:20], data.y_train[:20], title="The first 20 training digits")

# %%
print("one image, rows 8 to 12, columns 8 to 16:")
excerpt = data.x_train[0, 8:13, 8:17]
print(excerpt)
print(f"{int((excerpt > 0).sum())} of {excerpt.size} are ink; the largest is {excerpt.max()}")

# %% [markdown]
# ## 3. Pixel statistics
#
# Most pixels are background. **Predict, then run:** what share of all pixels is exactly
# 0, and are the ten digits equally common? The cell prints the share of the smallest
# and the largest class (10% each would be perfectly balanced).

# %%
print(f"mean pixel value: {data.x_train.mean():.2f} of 255")
print(f"share of pixels that are exactly 0: {(data.x_train == 0).mean():.1%}")
counts = np.bincount(data.y_train, minlength=config.NUM_CLASSES)
print("digits per class:", counts)
print(
    f"smallest class {counts.min() / counts.sum():.1%}, largest {counts.max() / counts.sum():.1%}"
)
plots.pixel_histogram(data.x_train[:1000])

# %% [markdown]
# ## 4. Scaling, flattening, and a validation set
#
# Three steps turn the images into what the network reads. You write each one: fill in
# the function, run the `check` cell below it (`hint("name")` gives a hint, ask again
# for a more detailed one; `solution("name")` shows one answer; from a terminal,
# `mnist-course check 1` checks them all), and from then on the lesson uses yours.
#
# **Scaling.** The network reads numbers near 0..1 better than 0..255, so each pixel
# is divided by 255, into float32 (the network's precision; float64 would double the
# memory for nothing). That is one rule for every numeric exercise of the course: a result
# keeps its inputs' floating dtype, float32 in, float32 out; a check that finds float64
# says so and lists the operations that usually bring it in.


# %% tags=["exercise"]
def scale_pixels(images):
    """uint8 pixels 0..255 -> float32 in 0..1, same shape."""
    raise NotImplementedError("your code here")


# %%
check("scale_pixels", scale_pixels)

# %% [markdown]
# **Predict, then run.** The smallest and largest scaled pixel, and the dtype.

# %%
scale_pixels = use("scale_pixels", scale_pixels)
x_train = scale_pixels(data.x_train)  # float32 in 0..1
print(x_train.dtype, x_train.min(), x_train.max())

# %% [markdown]
# **Flattening.** The first Dense layer reads a vector, so each 28 x 28 image becomes
# 784 numbers, row after row: that is what `keras.layers.Flatten` does (and NumPy's
# `reshape`, whose default order is row by row).


# %% tags=["exercise"]
def flatten_images(images):
    """(N, 28, 28) -> (N, 784), row by row."""
    raise NotImplementedError("your code here")


# %%
check("flatten_images", flatten_images)

# %% [markdown]
# **Predict, then run.** Pixel (row 5, column 10) of the first image: at which position
# of its 784 numbers does it land?

# %%
flatten_images = use("flatten_images", flatten_images)
x_flat = flatten_images(x_train)  # (N, 784)
your_position = None  # your prediction: where pixel (row 5, column 10) lands, 0..783
position = int(np.ravel_multi_index((5, 10), config.IMAGE_SHAPE))  # NumPy's row-by-row index
check_value("where pixel (5, 10) lands", your_position, position)
print("flattened:", x_flat.shape, f"| pixel (5, 10) at {position}")
print("the same number there:", x_flat[0, position] == x_train[0, 5, 10])

# %% [markdown]
# **A validation set.** Keras's `validation_split=0.1` holds out the **last** 10% of
# the training set (before any shuffling) to watch for overfitting: of `n` samples it
# trains on the first `floor(n * 0.9)` and validates on the rest. The test set is kept
# for the very end.


# %% tags=["exercise"]
def split_validation(x, y, validation_split):
    """Return (x_train, y_train, x_val, y_val), the last fraction held out, as Keras does."""
    raise NotImplementedError("your code here")


# %%
check("split_validation", split_validation)

# %% [markdown]
# **Predict, then run.** How many of the training images are trained on, and how many
# validated on?

# %%
split_validation = use("split_validation", split_validation)
x_fit, y_fit, x_val, y_val = split_validation(x_flat, data.y_train, config.VALIDATION_SPLIT)
print("trained on:", x_fit.shape, "| validated on:", x_val.shape)

# %% [markdown]
# ## Summary
#
# - MNIST is 70,000 uint8 images of 28 x 28 pixels with labels 0-9, verified on load.
# - The models read pixels scaled to 0..1, flattened row by row to 784 numbers.
# - The last 10% of the training set is held out for validation, as Keras does.

# %% [markdown]
# ## Open experiments
#
# Change one thing, predict, run, explain.
#
# 1. **Skip the scaling.** The first layer computes `z = x @ W` (lesson 3), with small
#    random weights `W` (drawn here as lesson 3 draws them). Predict how much larger
#    the spread of `z` is when `x` holds raw pixels 0..255 instead of 0..1, then run.
#    What would a softmax make of outputs that large?
# 2. **Is the validation set like the rest?** Keras holds out the *last* 10%, unshuffled.
#    Predict whether the class shares of that tail differ from those of the first 90%
#    by more than a point. Then set `validation_split` to 0.5 or 0.02 and predict again.
# 3. **The average digit.** Predict what the mean of all training 1s looks like, and
#    which two digits have the most similar means. The cell draws the ten means and
#    prints the closest pair (distance between mean images).

# %%
from mnist_course.numpy_mlp import MLP  # noqa: E402

first_kernel = MLP(seed=config.DEFAULT_SEED).named_parameters()["dense_1/kernel"]  # (784, 32)
raw = flatten_images(data.x_train[:1000]).astype(np.float32)  # 0..255
for name, x in (("scaled 0..1", raw / config.PIXEL_MAX), ("raw 0..255", raw)):
    print(f"{name:12} standard deviation of z = x @ W: {(x @ first_kernel).std():8.3f}")

# %%
validation_split = config.VALIDATION_SPLIT  # try 0.5, then 0.02
_, y_head, _, y_tail = split_validation(x_flat, data.y_train, validation_split)
share_head = np.bincount(y_head, minlength=config.NUM_CLASSES) / len(y_head)
share_tail = np.bincount(y_tail, minlength=config.NUM_CLASSES) / len(y_tail)
print("class shares, held-out tail minus the rest (points):")
print(np.round(100 * (share_tail - share_head), 2))

# %%
means = np.stack([data.x_train[data.y_train == digit].mean(axis=0) for digit in range(10)])
distances = np.linalg.norm((means[:, None] - means[None]).reshape(10, 10, -1), axis=2)
distances[np.diag_indices(10)] = np.inf
closest = np.unravel_index(distances.argmin(), distances.shape)
print(f"closest mean digits: {closest[0]} and {closest[1]}")
plots.digits(means, np.arange(10), title="the mean training image of each digit")
