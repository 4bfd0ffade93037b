# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 4: Loss and backpropagation by hand
#
# In this lesson you will:
#
# - compute the cross-entropy loss from logits, stably;
# - derive the short gradient of softmax and cross-entropy together;
# - push that gradient back through Dense and ReLU layers;
# - check every gradient twice: by finite differences, and against `tf.GradientTape`.

# %% [markdown]
# ## Setup

# %% tags=["setup"]
# The names your exercise answers can use; `mnist-course check` runs this cell too.
import math  # noqa: F401

import numpy as np

from mnist_course.exercises import check, hint, solution, use  # noqa: F401
from mnist_course.exercises.helpers import softmax  # noqa: F401  (for cross_entropy_backward)

# %%
from mnist_course import course, keras_mlp
from mnist_course.data import scale_pixels
from mnist_course.gradcheck import numerical_gradient, relative_error
from mnist_course.numpy_mlp import MLP
from mnist_course.numpy_mlp import functional as F
from mnist_course.parity import keras_side, keras_to_numpy

data = course.setup()
x = scale_pixels(data.x_train[:8], np.float64).reshape(8, 784)
y = data.y_train[:8].astype(np.int64)

# %% [markdown]
# ## 1. Cross-entropy
#
# The loss of one image is `-log(p_true)`, minus the log of the probability the
# network gives to the right digit: 0 when it is certain and right, large when it is
# confident and wrong. A batch's loss is the mean. An untrained network spreads its
# bets over 10 digits, so its loss starts near `-log(1/10) = ln 10 = 2.303`.

# %%
model = keras_mlp.build_model(dtype="float64", seed=0)
numpy_model = MLP(dtype="float64")
keras_to_numpy(model, numpy_model)
logits = numpy_model.forward(x)
print(f"loss of the untrained network: {F.cross_entropy(logits, y):.4f}, ln 10 = {np.log(10):.4f}")

# %% [markdown]
# ## 2. The gradient at the top: softmax and cross-entropy together
#
# Written as one function of the logits $z$ of an image with true class $y$,
#
# $$L = -\log \mathrm{softmax}(z)_y = -z_y + \log \sum_j e^{z_j},
# \qquad \frac{\partial L}{\partial z_j} = \mathrm{softmax}(z)_j - [j = y]:$$
#
# the probabilities minus the one-hot label. The batch loss is a mean over $B$ images,
# so each row of the gradient is divided by $B$. Keras computes the loss this way too:
# inside `fit` it finds the logits behind its softmax layer instead of taking the log
# of probabilities.

# %%
grad_logits = F.cross_entropy_backward(logits, y)
print("gradient w.r.t. the logits of the first image:\n", grad_logits[0].round(4))

# %% [markdown]
# ## 3. Backward through Dense and ReLU
#
# For `y = x @ kernel + bias`: `grad_x = grad_y @ kernel.T`, `grad_kernel = x.T @ grad_y`,
# and `grad_bias = grad_y.sum(axis=0)`: each gradient has the shape of its variable.
# ReLU passes the gradient where its input was positive and blocks it elsewhere. The
# network applies these from the top layer down: that is backpropagation.

# %%
numpy_model.forward(x)
numpy_model.backward(grad_logits)
for name, grad in numpy_model.named_gradients().items():
    print(f"{name:15} gradient shape {grad.shape}")

# %% [markdown]
# ## 4. Checking by finite differences
#
# An independent check: nudge one weight by `h` each way and watch the loss,
# `(L(w + h) - L(w - h)) / 2h`. In float64 with `h = 1e-6` a correct gradient agrees to
# about 1e-9; a wrong one is off by order 1. We check the last layer's kernel (80
# numbers; the first layer's 25,088 would take longer).

# %%
kernel = numpy_model.named_parameters()["dense_4/kernel"]
analytic = numpy_model.named_gradients()["dense_4/kernel"].copy()
numeric = numerical_gradient(lambda: F.cross_entropy(numpy_model.forward(x), y), kernel)
print(f"relative error: {relative_error(analytic, numeric):.1e}")

# %% [markdown]
# ## 5. The same gradients as TensorFlow
#
# `tf.GradientTape` records the forward pass and differentiates it automatically. Our
# hand-written gradients match it to float64 rounding:

# %%
_, keras_grads = keras_side.gradients(model, x.reshape(-1, 28, 28), y)
for (name, grad), keras_grad in zip(numpy_model.named_gradients().items(), keras_grads):
    print(f"{name:15} largest difference {np.abs(grad - keras_grad).max():.1e}")

# %% [markdown]
# ## Summary
#
# - Cross-entropy is `-log p_true`, computed from logits with the log-sum-exp trick.
# - Softmax and cross-entropy together have the gradient `(p - one_hot) / batch`.
# - Dense: `grad_x = grad_y @ W.T`, `grad_W = x.T @ grad_y`, `grad_b = sum(grad_y)`.
# - Two independent checks agree: finite differences, and TensorFlow's autodiff.

# %% [markdown]
# ## Exercises


# %% tags=["exercise"]
def cross_entropy(logits, labels):
    """Mean of -log softmax(logits)[i, labels[i]], stable for huge logits; one number."""
    raise NotImplementedError("your code here")


# %%
check("cross_entropy", cross_entropy)


# %% tags=["exercise"]
def cross_entropy_backward(logits, labels):
    """Gradient of the mean cross-entropy w.r.t. the logits, same shape as logits."""
    raise NotImplementedError("your code here")


# %%
check("cross_entropy_backward", cross_entropy_backward)


# %% tags=["exercise"]
def relu_backward(grad_a, z):
    """The gradient w.r.t. ReLU's input z, given the gradient w.r.t. its output."""
    raise NotImplementedError("your code here")


# %%
check("relu_backward", relu_backward)


# %% tags=["exercise"]
def dense_backward(grad_y, x, kernel):
    """Return (grad_x, grad_kernel, grad_bias) for y = x @ kernel + bias."""
    raise NotImplementedError("your code here")


# %%
check("dense_backward", dense_backward)


# %% tags=["exercise"]
def central_difference(f, x, h=1e-5):
    """The derivative of the scalar function f at the number x, by central differences."""
    raise NotImplementedError("your code here")


# %%
check("central_difference", central_difference)
