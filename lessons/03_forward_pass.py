# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 3: The forward pass from scratch
#
# In this lesson you will:
#
# - compute a dense layer, ReLU and softmax with nothing but NumPy;
# - see why softmax subtracts the largest logit first;
# - copy the weights of a Keras model into the NumPy network and get the same
#   predictions, to the last digits.

# %% [markdown]
# ## Setup

# %% tags=["setup"]
# The names your exercise answers can use; `mnist-course check` runs this cell too.
import math  # noqa: F401

import numpy as np

from mnist_course.exercises import check, hint, solution, use  # noqa: F401

# %%
from mnist_course import course, keras_mlp
from mnist_course.data import flatten_images, scale_pixels
from mnist_course.numpy_mlp import MLP
from mnist_course.numpy_mlp import functional as F
from mnist_course.parity import keras_to_numpy

data = course.setup()
x = flatten_images(scale_pixels(data.x_test[:5], np.float64))  # five digits, (5, 784)

# %% [markdown]
# ## 1. A dense layer is a matrix product
#
# Keras stores a Dense layer's kernel as `(inputs, outputs)` and computes
# `y = x @ kernel + bias`: each of the 32 outputs is a weighted sum of all 784 pixels.
# With a batch of 5 images, `x` is `(5, 784)`, the kernel `(784, 32)`, and `y` is
# `(5, 32)`; the bias `(32,)` is added to every row by broadcasting.

# %%
model = keras_mlp.build_model(dtype="float64", seed=0)
kernel, bias = model.layers[1].get_weights()
z = F.dense_forward(x, kernel, bias)
print("x", x.shape, "@ kernel", kernel.shape, "+ bias", bias.shape, "->", z.shape)

# %% [markdown]
# ## 2. ReLU
#
# `max(z, 0)`: negative pre-activations become 0. Without a non-linearity between them,
# four Dense layers would collapse into a single matrix product.

# %%
a = F.relu_forward(z)
print(f"{(z < 0).mean():.0%} of the first layer's outputs are negative and become 0")

# %% [markdown]
# ## 3. Softmax, and why it subtracts the maximum
#
# Softmax turns 10 logits into 10 probabilities,
#
# $$\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{10} e^{z_j}}.$$
#
# Written literally it overflows: `exp(1000)` is infinite in floating point, and infinity over
# infinity is NaN. Subtracting the row's largest logit first changes nothing
# mathematically (the common factor $e^{-\max_j z_j}$ cancels) and keeps every
# exponent at or below $e^0 = 1$.

# %%
logits = np.array([[1000.0, 999.0, 0.0]])
with np.errstate(over="ignore", invalid="ignore"):
    naive = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
print("naive:", naive, " stable:", F.softmax(logits))

# %% [markdown]
# ## 4. The whole network, and the same answer as Keras
#
# `MLP` chains the layers: Dense, ReLU, Dense, ReLU, Dense, ReLU, Dense, and softmax
# at the end. Its weights have Keras's shapes and order, so copying them across is a
# plain copy, with a check that every array fits.

# %%
numpy_model = MLP(dtype="float64")
keras_to_numpy(model, numpy_model)
ours = numpy_model.predict_proba(x)
theirs = model(x.reshape(-1, 28, 28)).numpy()
print("largest difference:", np.abs(ours - theirs).max())
print("predicted digits, NumPy:", ours.argmax(axis=1), " Keras:", theirs.argmax(axis=1))

# %% [markdown]
# The two agree to about 1e-16, the rounding of float64: they compute the same thing,
# only summing in a different order. (`mnist-course parity` checks every tensor this
# way; lesson 4 does it for the gradients.) The network is untrained, so its answers
# are still guesses.

# %% [markdown]
# ## Summary
#
# - Dense: `x @ kernel + bias`, with Keras's `(inputs, outputs)` kernel layout.
# - ReLU: `max(z, 0)`. Softmax: `exp(z - max) / sum(exp(z - max))`, row by row.
# - With the same weights, the NumPy network and Keras give the same probabilities.

# %% [markdown]
# ## Exercises


# %% tags=["exercise"]
def relu(z):
    """max(z, 0) elementwise; same shape and dtype; do not change z."""
    raise NotImplementedError("your code here")


# %%
check("relu", relu)


# %% tags=["exercise"]
def dense_forward(x, kernel, bias):
    """(batch, fan_in) @ (fan_in, fan_out) + (fan_out,) -> (batch, fan_out)."""
    raise NotImplementedError("your code here")


# %%
check("dense_forward", dense_forward)


# %% tags=["exercise"]
def softmax(logits):
    """Probabilities along each row of (batch, classes) logits, stable for huge logits."""
    raise NotImplementedError("your code here")


# %%
check("softmax", softmax)
