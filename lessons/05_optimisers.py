# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 5: Optimisers
#
# In this lesson you will:
#
# - take steps of plain gradient descent (SGD), and see the loss fall;
# - build Adam from its two running means;
# - find the two places where Keras's Adam departs from the paper's, and take one step
#   that equals Keras's bit for bit.

# %% [markdown]
# ## Setup

# %% tags=["setup"]
# The names your exercise answers can use; `mnist-course check` runs this cell too.
import math  # noqa: F401

import numpy as np

from mnist_course.exercises import check, hint, solution, use  # noqa: F401

# %%
from mnist_course import config, course, keras_mlp
from mnist_course.data import scale_pixels
from mnist_course.numpy_mlp import MLP, SGD, Adam
from mnist_course.parity import keras_side, keras_to_numpy

data = course.setup()
x = scale_pixels(data.x_train[:256]).reshape(256, 784)
y = data.y_train[:256].astype(np.int64)

# %% [markdown]
# ## 1. Gradient descent
#
# The gradient points in the direction in which the loss grows fastest; a small step
# the other way lowers it: `w <- w - learning_rate * gradient`. Twenty steps on the same
# 256 digits:


# %%
def descend(optimizer, steps=20):
    model = MLP(seed=0)
    losses = []
    for _ in range(steps):
        loss, _ = model.loss_and_gradients(x, y)
        optimizer.step([model.flat_params], [model.flat_grads])
        losses.append(loss)
    return np.array(losses)


print("SGD, learning rate 0.1: ", descend(SGD(0.1))[::4].round(3))

# %% [markdown]
# ## 2. Adam
#
# One learning rate for all 25,874 weights is a compromise: some gradients are tiny,
# some large. Adam keeps two running means per weight, `m` of the gradient and `v` of
# its square, and steps by `m / sqrt(v)`: about the learning rate in size, whatever the
# gradient's scale. Both means start at zero, so early on they are too small; dividing
# by `1 - beta**t` corrects that ("bias correction").

# %%
print("Adam, learning rate 1e-3:", descend(Adam())[::4].round(3))

# %% [markdown]
# ## 3. Keras's Adam is not quite the paper's
#
# Kingma and Ba's Algorithm 1 corrects both means and then steps:
#
# $$\hat m = \frac{m}{1 - \beta_1^t}, \quad \hat v = \frac{v}{1 - \beta_2^t}, \quad
# w \leftarrow w - \eta \, \frac{\hat m}{\sqrt{\hat v} + 10^{-8}}.$$
#
# Keras folds both corrections into the step size and adds its epsilon to the
# uncorrected $\sqrt{v}$:
#
# $$\alpha_t = \eta \, \frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t}, \quad
# w \leftarrow w - \alpha_t \, \frac{m}{\sqrt{v} + 10^{-7}}.$$
#
# Algebraically that is the paper's rule with a smaller epsilon that changes from step
# to step; numerically it matters only where `sqrt(v)` is as small as epsilon. There is
# a third, smaller difference, found by the parity ladder: Keras on TensorFlow turns
# `beta_1` and `beta_2` into float32 numbers before raising them to the power `t`, so
# `1 - 0.999^t` keeps only about four correct digits and each step is 6.7e-6 (relative)
# shorter than the formula. The NumPy `Adam` does the same, on purpose.

# %%
for name, value in (("beta_1", config.BETA_1), ("beta_2", config.BETA_2)):
    print(f"{name} = {value}, as float32: {float(np.float32(value))!r}")

# %% [markdown]
# ## 4. One step, equal to Keras's
#
# Give the Keras model and the NumPy network the same weights and the same gradients,
# take one Adam step in each, and compare every parameter:

# %%
model = keras_mlp.build_model(seed=0)
numpy_model = MLP()
keras_to_numpy(model, numpy_model)
_, grads = keras_side.gradients(model, x[:32].reshape(-1, 28, 28), y[:32])
Adam().step(list(numpy_model.named_parameters().values()), [g.copy() for g in grads])
model.optimizer.apply_gradients(zip(grads, model.trainable_variables))
for name, ours, theirs in zip(
    config.weight_names(), numpy_model.get_weights(), model.get_weights()
):
    print(f"{name:15} bit-identical: {np.array_equal(ours, theirs)}")

# %% [markdown]
# ## Summary
#
# - SGD steps against the gradient; Adam normalises each weight's step by its own
#   gradient history.
# - Keras's Adam = the paper's with the bias correction in the step size, epsilon 1e-7
#   outside the square root of the uncorrected `v`, and float32 betas in the correction.
# - Written the same way, one NumPy step equals Keras's exactly.

# %% [markdown]
# ## Exercises


# %% tags=["exercise"]
def sgd_step(param, grad, learning_rate):
    """Return the parameter after one gradient-descent step (a new array)."""
    raise NotImplementedError("your code here")


# %%
check("sgd_step", sgd_step)


# %% tags=["exercise"]
def adam_step(param, grad, m, v, t, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """Adam's step number t (counting from 1), Keras's formula; return (param, m, v)."""
    raise NotImplementedError("your code here")


# %%
check("adam_step", adam_step)
