# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 4: Backpropagation, derived
#
# In this lesson you will:
#
# - draw the network as a computational graph and apply the chain rule to it, first on
#   plain numbers;
# - define the cross-entropy loss and compute it stably from the logits;
# - derive the gradient of softmax and cross-entropy together, step by step, down to
#   `(p - onehot) / B`;
# - derive the backward pass of ReLU (and the choice made at 0) and of a Dense layer,
#   element by element and then as matrix products;
# - write the whole backward pass from your own functions, and check the gradient of every
#   parameter twice: by central differences on sampled entries of each, and against
#   `tf.GradientTape` (which also checks every layer's output gradient);
# - see how the initial weights' scale makes gradients vanish or explode layer by layer.

# %% [markdown]
# ## Setup

# %% tags=["setup"]
# The names your exercise answers can use; `mnist-course check` runs this cell too.
import math  # noqa: F401

import numpy as np

from mnist_course.exercises import check, hint, solution, use  # noqa: F401
from mnist_course.numpy_mlp.functional import softmax  # for cross_entropy_backward

# %% [markdown]
# MNIST, the Keras model (its weights are the ones we differentiate), and lesson 3's
# forward pass with two changes: it stops at the logits (the loss takes them, section 4),
# and it keeps a **cache**, the input and `z` of every Dense layer, which the backward
# pass will need.

# %%
from mnist_course import config, course, keras_mlp, plots
from mnist_course.data import scale_pixels
from mnist_course.gradcheck import relative_error
from mnist_course.parity import keras_side

data = course.setup()
BATCH = 16  # a small batch: every check below is exact arithmetic, not statistics
x = scale_pixels(data.x_train[:BATCH], np.float64).reshape(BATCH, config.NUM_PIXELS)
y = data.y_train[:BATCH].astype(np.intp)
NUM_LAYERS = len(config.LAYER_SIZES) - 1  # 4 Dense layers

model = keras_mlp.build_model(dtype="float64", seed=config.DEFAULT_SEED)
params = model.get_weights()  # [kernel 1, bias 1, ..., kernel 4, bias 4], as in lesson 3
names = config.weight_names()  # "dense_1/kernel", "dense_1/bias", ...: the same order


def relu(z):  # lesson 3
    return np.maximum(z, 0)


def dense_forward(x, kernel, bias):  # lesson 3
    return x @ kernel + bias


def forward(x, params):
    """(B, 784) pixels -> (B, 10) logits, and the cache: (input, z) of every Dense layer."""
    kernels, biases, cache, values = params[0::2], params[1::2], [], x
    for number, (kernel, bias) in enumerate(zip(kernels, biases), start=1):
        z = dense_forward(values, kernel, bias)
        cache.append((values, z))  # what the backward pass will need
        values = relu(z) if number < NUM_LAYERS else z  # the last z are the logits
    return values, cache


logits, cache = forward(x, params)
print("logits", logits.shape, "from", x.shape, "images; cache of", len(cache), "layers")

# %% [markdown]
# ## 1. The network as a computational graph
#
# Lesson 3 drew the forward pass: each box an array, each arrow an operation. Training
# needs how much the loss $L$ changes when any number in any box changes,
# $\partial L / \partial(\text{that number})$: the orange boxes, which this lesson derives,
# right to left from $\partial L/\partial L = 1$ (the lower row first), each arrow
# multiplying by its own local derivative.

# %%
plots.network_graph(show_gradients=True)

# %% [markdown]
# ## 2. The chain rule, on plain numbers first
#
# Take one weight and one input, and three steps:
# $z = w x + b$, $a = \mathrm{ReLU}(z)$, $L = (a - t)^2$. The chain rule says that the
# derivative of a chain is the product of the derivatives of its links, each taken at the
# values the forward pass computed:
#
# $$\frac{dL}{dw} = \frac{dL}{da}\,\frac{da}{dz}\,\frac{dz}{dw}
#   = 2(a - t)\cdot[z > 0]\cdot x .$$
#
# (`[z > 0]` is 1 when $z > 0$, else 0: ReLU's slope.) Right to left, as the orange rows
# do: from $dL/dL = 1$, times $dL/da$, times $da/dz$, times $dz/dw$.
#
# To check a derivative without trusting the derivation, step a little to each side:
# $f'(w) \approx \frac{f(w + h) - f(w - h)}{2h}$. By Taylor's theorem
# $f(w \pm h) = f(w) \pm h f'(w) + \tfrac{h^2}{2} f''(w) \pm \tfrac{h^3}{6} f'''(w) + \dots$;
# in the difference $f(w + h) - f(w - h) = 2h f'(w) + \tfrac{h^3}{3} f'''(w) + \dots$ the
# $f(w)$ and $h^2$ terms cancel, and after dividing by $2h$ the error is
# $\tfrac{h^2}{6} f'''(w)$, of order $h^2$ (a one-sided $(f(w + h) - f(w))/h$ keeps an
# error $\tfrac{h}{2} f''(w)$, of order $h$).


# %% tags=["exercise"]
def central_difference(f, x, h=1e-5):
    """The derivative of the scalar function f at the number x, by central differences."""
    raise NotImplementedError("your code here")


# %%
check("central_difference", central_difference)
central_difference = use("central_difference", central_difference)

# %%
w0, x0, b0, t0 = 0.7, 1.5, -0.2, 2.0


def scalar_loss(w):
    z = w * x0 + b0
    a = max(z, 0.0)
    return (a - t0) ** 2


# forward, keeping what the backward step needs
z0 = w0 * x0 + b0
a0 = max(z0, 0.0)
# backward, right to left: each step multiplies by one local derivative
grad_a = 2 * (a0 - t0)  # dL/da
grad_z = grad_a * float(z0 > 0)  # times da/dz = [z > 0]
grad_w = grad_z * x0  # times dz/dw = x
numeric = central_difference(scalar_loss, w0)
print(f"dL/da = {grad_a:.2f}, dL/dz = {grad_z:.2f}, dL/dw = {grad_w:.10f}")
print(f"central difference {numeric:.10f}, difference {abs(grad_w - numeric):.1e}")

# %% [markdown]
# ## 3. The chain rule on the graph
#
# In the network the boxes hold arrays, not single numbers, but nothing else changes. The
# loss is one number, so its gradient with respect to an array has **the shape of that
# array**: `grad_z1` is `(B, 32)` like `z1`, `grad_W1` is `(784, 32)` like `W1`. If
# $v = g(u)$ is one arrow, each entry of $u$ may influence several entries of $v$, and the
# chain rule adds up every path:
#
# $$\frac{\partial L}{\partial u_k} = \sum_j \frac{\partial L}{\partial v_j}\,
#   \frac{\partial v_j}{\partial u_k}.$$
#
# So each arrow needs one **local** rule: given $\partial L/\partial v$ (shaped like $v$),
# return $\partial L/\partial u$ (shaped like $u$). This network has softmax with
# cross-entropy at the top, ReLU, and Dense (input, kernel, bias): the next sections
# derive, check and ask you to write each.

# %% [markdown]
# ## 4. Cross-entropy: the loss
#
# Softmax turns the **logits** $z$ (10 per image) into probabilities
# $p_i = e^{z_i} / \sum_j e^{z_j}$. If the image's true digit is $y$, its loss is
#
# $$\ell = -\log p_y,$$
#
# minus the log of the probability the network gives to the right digit: 0 when it gives
# it probability 1, and large when it is confident and wrong. The loss of a batch of $B$
# images is the mean, $L = \frac{1}{B}\sum_{i=1}^{B} \ell_i$.
#
# An untrained network spreads its bets: its logits are close, every $p_j$ near $1/10$,
# so the first loss should be near $\ln 10 \approx 2.303$; far from it means a bug, or
# weights that are not small (CS231n's first sanity check). Predict, then measure:

# %%
probabilities = softmax(logits)
first_loss = -np.log(probabilities[np.arange(BATCH), y]).mean()
print(f"untrained probabilities: {probabilities.min():.3f} to {probabilities.max():.3f}")
print(f"first loss {first_loss:.4f}, ln {config.NUM_CLASSES} = {np.log(config.NUM_CLASSES):.4f}")

# %% [markdown]
# Computing $\log p_y$ as `np.log(softmax(z))[y]` fails when the network is confident and
# wrong: $p_y$ underflows to 0 and the log is $-\infty$. Take the log first instead. With
# $m = \max_j z_j$,
#
# $$\log p_y = z_y - \log \sum_j e^{z_j} = (z_y - m) - \log \sum_j e^{z_j - m}
# \qquad\text{(log-sum-exp)}:$$
#
# every exponent is at most 0, the sum is at least 1 (one term is $e^0$), so its log is
# finite and never $\log 0$.

# %%
confident_and_wrong = np.array([[800.0, 0.0, -800.0]])  # true class: 2
with np.errstate(divide="ignore"):
    via_probabilities = -np.log(softmax(confident_and_wrong)[0, 2])
shifted = confident_and_wrong - confident_and_wrong.max(axis=1, keepdims=True)
via_log_sum_exp = -(shifted[0, 2] - np.log(np.exp(shifted).sum()))
print(f"-log(softmax): {via_probabilities}, log-sum-exp: {via_log_sum_exp}")


# %% tags=["exercise"]
def cross_entropy(logits, labels):
    """Mean of -log softmax(logits)[i, labels[i]], stable for huge logits; one number."""
    raise NotImplementedError("your code here")


# %%
check("cross_entropy", cross_entropy)
cross_entropy = use("cross_entropy", cross_entropy)
print(f"loss of the untrained network: {cross_entropy(logits, y):.4f}")

# %% [markdown]
# ## 5. The gradient of softmax and cross-entropy, derived
#
# Take one image first (drop the batch index). Two links: logits $z$ → probabilities $p$
# → loss $\ell = -\log p_y$.
#
# **The loss's link.** Only $p_y$ appears in $\ell$, so
# $\frac{\partial \ell}{\partial p_i} = -\frac{[i = y]}{p_y}$, where $[i = y]$ is 1 when
# $i$ is the true class and 0 otherwise. Over $i = 0..9$ the numbers $[i = y]$ form the
# **one-hot** label: a vector of ten zeros with a 1 at position $y$.
#
# **Softmax's link (its Jacobian).** $p_i = e^{z_i}/S$ with $S = \sum_k e^{z_k}$, and
# $\partial S / \partial z_j = e^{z_j}$. By the quotient rule,
#
# $$\frac{\partial p_i}{\partial z_j}
# = \frac{[i = j]\,e^{z_i}\,S - e^{z_i} e^{z_j}}{S^2}
# = p_i\,[i = j] - p_i\,p_j = p_i\,([i = j] - p_j).$$
#
# Every logit moves every probability: the Jacobian is a full 10 × 10 matrix. Checked
# numerically, column $j$ by nudging $z_j$:

# %%
z_one = logits[0]
p_one = softmax(z_one[None])[0]
jacobian = np.diag(p_one) - np.outer(p_one, p_one)  # p_i [i = j] - p_i p_j
steps = np.eye(config.NUM_CLASSES)  # row j nudges z_j alone; p_i as a function of it:
numeric_jacobian = np.array([
    [central_difference(lambda t, i=i, j=j: softmax((z_one + t * steps[j])[None])[0, i], 0.0)
     for j in range(config.NUM_CLASSES)]
    for i in range(config.NUM_CLASSES)
])  # fmt: skip
print(f"softmax Jacobian: relative error {relative_error(jacobian, numeric_jacobian):.1e}")

# %% [markdown]
# **The product.** By the chain rule, summing over every probability $i$:
#
# $$\frac{\partial \ell}{\partial z_j}
# = \sum_i \frac{\partial \ell}{\partial p_i}\,\frac{\partial p_i}{\partial z_j}
# = \sum_i \Big(-\frac{[i = y]}{p_y}\Big)\,p_i\,([i = j] - p_j)
# = -\frac{p_y}{p_y}\,([y = j] - p_j) = p_j - [j = y].$$
#
# Only the $i = y$ term survives the sum, and $p_y$ cancels: the gradient with respect to
# the logits is **the probabilities minus the one-hot label**. Neither link alone is
# simple; together they are. For the batch, $L$ is the mean of $B$ such losses, and the
# logits of image $i$ only enter $\ell_i$, so row $i$ of the gradient is
# $(p_i - \mathrm{onehot}(y_i))/B$: the whole gradient is `(p - onehot) / B`, of shape
# `(B, 10)` like the logits.


# %% tags=["exercise"]
def cross_entropy_backward(logits, labels):
    """Gradient of the mean cross-entropy w.r.t. the logits, same shape as logits."""
    raise NotImplementedError("your code here")


# %%
check("cross_entropy_backward", cross_entropy_backward)
cross_entropy_backward = use("cross_entropy_backward", cross_entropy_backward)

# %% [markdown]
# Checked by central differences on every one of the 160 logits, using your
# `central_difference`: nudge one logit, recompute the loss.

# %%
grad_logits = cross_entropy_backward(logits, y)
numeric_grad_logits = np.zeros_like(logits)
for index in np.ndindex(logits.shape):  # the loss as a function of one logit
    unit = np.zeros_like(logits)
    unit[index] = 1.0
    numeric_grad_logits[index] = central_difference(
        lambda t, unit=unit: cross_entropy(logits + t * unit, y), 0.0
    )
print("gradient w.r.t. the logits", grad_logits.shape, "; first image's row:")
print(grad_logits[0].round(4), " (true digit", y[0], ")")
error = relative_error(grad_logits, numeric_grad_logits)
print(f"relative error against central differences: {error:.1e}")

# %% [markdown]
# Each row sums to 0 (the probabilities sum to 1, the one-hot too): the gradient raises
# the true class's logit and lowers the others in proportion to their probability.
#
# ## 6. ReLU's backward pass, and the choice at 0
#
# $a = \max(z, 0)$ entry by entry, so each $a_k$ depends on $z_k$ only, and the chain rule's
# sum has one term: $\partial L/\partial z_k = \partial L/\partial a_k \cdot
# \mathrm{ReLU}'(z_k)$. The slope is 0 for $z < 0$ and 1 for $z > 0$. At exactly 0 there is
# no derivative (the slopes from the two sides differ), but code must return a number;
# any value in $[0, 1]$ is a valid "subgradient". **TensorFlow returns 0**, that is
# `grad_z = grad_a * (z > 0)`, the mask taken from the *input* $z$.

# %%
plots.relu_and_its_derivative(at_zero=0.0)

# %% [markdown]
# Does the choice ever matter? Only where a pre-activation is exactly 0. Measured on the
# whole training set, at the initial weights, in both dtypes:

# %%
for dtype in (np.float64, np.float32):
    typed = [value.astype(dtype) for value in params]
    zeros, total, nearest = 0, 0, np.inf
    for start in range(0, len(data.x_train), 5_000):  # in chunks: a small memory footprint
        chunk = scale_pixels(data.x_train[start : start + 5_000], dtype)
        _, chunk_cache = forward(chunk.reshape(len(chunk), config.NUM_PIXELS), typed)
        hidden = [z for _, z in chunk_cache[:-1]]  # the pre-activations that go into a ReLU
        zeros += sum(int((z == 0).sum()) for z in hidden)
        total += sum(z.size for z in hidden)
        nearest = min(nearest, *(float(np.abs(z).min()) for z in hidden))
    print(
        f"{np.dtype(dtype).name}: {zeros} of {total:,} hidden z are 0; smallest |z| {nearest:.1e}"
    )

# %% [markdown]
# On real digits at the initial weights, none. (Compare the smallest $|z|$ printed with
# section 9's step $10^{-6}$: a nudge that size could carry a $z$ that close across the
# kink, which is why section 9 checks its own batch.) But exact zeros are easy to make: the
# biases start at 0, so a blank image gives $z_1 = 0$ exactly, in every unit. There the
# choice decides whether any gradient reaches the first layer's bias: a network that
# chose 1 would disagree with Keras by order 1, not by rounding (section 10 measures it).
# Matching TensorFlow's 0 lets the parity ladder demand agreement to rounding everywhere.


# %% tags=["exercise"]
def relu_backward(grad_a, z):
    """The gradient w.r.t. ReLU's input z, given the gradient w.r.t. its output."""
    raise NotImplementedError("your code here")


# %%
check("relu_backward", relu_backward)
relu_backward = use("relu_backward", relu_backward)

# %% [markdown]
# ## 7. A Dense layer's backward pass, element by element, then as matrix products
#
# $y = x W + b$ with $x$ `(B, n_in)`, $W$ `(n_in, n_out)`, $b$ `(n_out,)`, so entry by entry
#
# $$y_{ij} = \sum_k x_{ik} W_{kj} + b_j .$$
#
# **The kernel.** $W_{kj}$ appears in $y_{ij}$ for every image $i$ (column $j$ only), with
# coefficient $x_{ik}$. The chain rule adds the paths:
#
# $$\frac{\partial L}{\partial W_{kj}} = \sum_i \frac{\partial L}{\partial y_{ij}}\, x_{ik}
#   = \sum_i (x^\top)_{ki} \Big(\frac{\partial L}{\partial y}\Big)_{ij}
#   \quad\Longrightarrow\quad \texttt{grad\_kernel = x.T @ grad\_y}.$$
#
# **The input.** $x_{ik}$ appears in $y_{ij}$ for every output $j$ of the same image, with
# coefficient $W_{kj}$:
# $\frac{\partial L}{\partial x_{ik}} = \sum_j \frac{\partial L}{\partial y_{ij}} W_{kj}$,
# so `grad_x = grad_y @ kernel.T`.
#
# **The bias.** $b_j$ is added to $y_{ij}$ for every image $i$, with coefficient 1:
# $\frac{\partial L}{\partial b_j} = \sum_i \frac{\partial L}{\partial y_{ij}}$, so
# `grad_bias = grad_y.sum(axis=0)`.
#
# The shapes say the same: `x.T` `(n_in, B)` @ `grad_y` `(B, n_out)` is `(n_in, n_out)`,
# the kernel's shape; there is no other way to multiply these two arrays into that shape.
# The loop version (the sums exactly as written) against the matrix products, on the last
# layer of our network. Predict first: exactly 0 apart, or apart by rounding?

# %%
x_last, _ = cache[-1]  # the last layer's input a3, (B, 8)
kernel_last = params[-2]  # (8, 10)
(n_in, n_out), images = kernel_last.shape, range(BATCH)
loops = {  # the sums exactly as written above, one entry at a time
    "grad_kernel": [[sum(grad_logits[i, j] * x_last[i, k] for i in images) for j in range(n_out)]
                    for k in range(n_in)],
    "grad_x": [[sum(grad_logits[i, j] * kernel_last[k, j] for j in range(n_out))
                for k in range(n_in)] for i in images],
    "grad_bias": [sum(grad_logits[i, j] for i in images) for j in range(n_out)],
}  # fmt: skip
products = {
    "grad_kernel": x_last.T @ grad_logits,  # (8, 10), the kernel's shape
    "grad_x": grad_logits @ kernel_last.T,  # (B, 8), the input's shape
    "grad_bias": grad_logits.sum(axis=0),  # (10,)
}
for label, vectorised in products.items():
    difference = np.abs(np.array(loops[label]) - vectorised).max()
    print(f"{label:11} {vectorised.shape!s:8} loops against matrix products: {difference:.1e}")


# %% tags=["exercise"]
def dense_backward(grad_y, x, kernel):
    """Return (grad_x, grad_kernel, grad_bias) for y = x @ kernel + bias."""
    raise NotImplementedError("your code here")


# %%
check("dense_backward", dense_backward)
dense_backward = use("dense_backward", dense_backward)

# %% [markdown]
# ## 8. The whole backward pass, from your functions
#
# The backward pass goes right to left through the forward pass's cache: the loss gives
# `grad_logits`; each Dense layer turns its output's gradient into those of its kernel,
# bias and input; each ReLU masks that input's gradient with its own `z`. That is all of
# backpropagation. Write `backward(grad_logits, cache, params, relu_backward,
# dense_backward)`: every parameter's gradient, a list in `params`' order (kernel 1, bias
# 1, kernel 2, ...), each shaped like its parameter. The two layer functions are passed
# in, so that the check tries your composition alone, and this lesson passes yours. Count
# the layers from `params` (`len(params) // 2`): the check tries networks of one to four
# layers.  Before you check it, predict: which of `dense_1/kernel`'s gradient entries must
# be exactly 0 on this batch, whatever the weights? (The printout below counts them.)


# %% tags=["exercise"]
def backward(grad_logits, cache, params, relu_backward, dense_backward):
    """Every parameter's gradient, a list in params' order (kernel 1, bias 1, ...)."""
    raise NotImplementedError("your code here")


# %%
check("backward", backward)
backward = use("backward", backward)

# %%
logits, cache = forward(x, params)
grads = backward(cross_entropy_backward(logits, y), cache, params, relu_backward, dense_backward)
for name, value, grad in zip(names, params, grads):
    assert grad.shape == value.shape
    size = np.sqrt(np.mean(grad**2))
    print(f"{name:15} {value.shape!s:10} gradient {grad.shape!s:10} RMS {size:.2e}")
blank_pixels = int((~x.any(axis=0)).sum())
exactly_zero_rows = int((~grads[0].any(axis=1)).sum())
print(
    f"dense_1/kernel rows exactly 0: {exactly_zero_rows}; pixels blank in all 16 images: ", end=""
)
print(blank_pixels)

# %% [markdown]
# Every gradient has its parameter's shape. A pixel blank in every image of the batch
# multiplies its row of the first kernel by 0, so its row of the gradient, `x.T @ grad_z`,
# is 0 too: the first count above is at least the second (a row can also be 0 where no
# unit has a positive $z$ for the images that light that pixel). The library's version,
# `mnist_course/numpy_mlp/`, differs only for speed (one flat vector for all parameters).
#
# ## 9. Checking every parameter by central differences
#
# A test built on a derivation can be wrong the same way as the derivation. Central
# differences need only the forward pass, two per entry; a sample of entries of **every**
# parameter catches a wrong formula, which is wrong nearly everywhere (CS231n's
# `grad_check_sparse`). The exercise is that sampled estimate.


# %% tags=["exercise"]
def numerical_gradient_at(f, w, indices, h=1e-6):
    """Central differences of f(w) at each index of w (a list of index tuples); (len(indices),)."""
    raise NotImplementedError("your code here")


# %%
check("numerical_gradient_at", numerical_gradient_at)
numerical_gradient_at = use("numerical_gradient_at", numerical_gradient_at)

# %% [markdown]
# Now every parameter, 10 entries each (all 8 of the smallest bias; sampling seed 0), in
# float64 with $h = 10^{-6}$; for the first kernel, among pixels not blank in the whole
# batch (a blank pixel's weights have gradient exactly 0 both ways, which checks nothing).
# Per entry, CS231n's relative error $|a - n| / \max(|a|, |n|)$ ($a$ analytic, $n$
# numerical; 0 when both are 0); per parameter, the worst entry and the norm-based error
# of `mnist_course/gradcheck.py`, $\lVert a - n\rVert / \max(\lVert a\rVert, \lVert
# n\rVert)$, which one tiny entry cannot inflate. CS231n's reading: above 1e-2 probably
# wrong; below 1e-4 acceptable near a kink (ReLU at 0); below 1e-7 right.

# %%
sampler = np.random.default_rng(0)
NUM_SAMPLES = 10
H = 1e-6  # the finite-difference step
# Each loss is rounded to about eps * loss; a central difference divides that by 2h.
noise = np.finfo(np.float64).eps * cross_entropy(logits, y) / (2 * H)
used_pixels = np.flatnonzero(x.any(axis=0))
entry_errors, norm_errors = {}, {}
for position, (name, value) in enumerate(zip(names, params)):
    if position == 0:  # dense_1/kernel
        rows = sampler.choice(used_pixels, NUM_SAMPLES, replace=False)
        indices = [(int(row), int(sampler.integers(value.shape[1]))) for row in rows]
    else:
        flat = sampler.choice(value.size, min(NUM_SAMPLES, value.size), replace=False)
        indices = [tuple(int(i) for i in np.unravel_index(f, value.shape)) for f in flat]

    def loss_with(w, position=position):  # the loss with this one parameter replaced by w
        return cross_entropy(forward(x, [*params[:position], w, *params[position + 1 :]])[0], y)

    numeric = numerical_gradient_at(loss_with, value, indices, H)
    analytic = np.array([grads[position][index] for index in indices])
    scale = np.maximum(np.abs(analytic), np.abs(numeric))
    entry_errors[name] = np.divide(
        np.abs(analytic - numeric), scale, out=np.zeros_like(scale), where=scale > 0
    )
    norm_errors[name] = relative_error(analytic, numeric)
    worst = int(entry_errors[name].argmax())
    print(
        f"{name:15} worst entry {entry_errors[name][worst]:.1e} (|gradient| there "
        f"{abs(analytic[worst]):.0e}, noise / |gradient| {noise / abs(analytic[worst]):.0e}), "
        f"norm-based {norm_errors[name]:.1e}, "
        f"0 both ways: {int(((analytic == 0) & (numeric == 0)).sum())}"
    )
assert max(norm_errors.values()) < 1e-7, norm_errors  # the prose below relies on it
smallest_z = min(float(np.abs(z).min()) for _, z in cache[:-1])
assert smallest_z > H  # no nudge crosses ReLU's kink: the prose below relies on it
print(f"smallest |z| in this batch: {smallest_z:.1e}; h = {H:.0e}")
print(f"rounding noise of one estimate: eps {np.finfo(np.float64).eps:.1e} x loss ", end="")
print(f"{cross_entropy(logits, y):.2f} / 2h = {noise:.1e}")

# %%
plots.gradient_check_errors(entry_errors)

# %% [markdown]
# All eight parameters, so the check runs through every `relu_backward` and `grad_x`.
# Every norm-based error is below CS231n's 1e-7 (asserted). The worst single entries are
# the smallest ones, as the derivation predicts: the loss is rounded to about
# $\varepsilon L$ ($\varepsilon = 2.2 \times 10^{-16}$), and a central difference divides
# that by $2h$: the noise printed above. Divided by an entry's size it predicts that
# entry's relative error: compare the two numbers on each line (which entry is worst
# depends on rounding); a wrong formula is off by order 1. (The truncation error
# $\tfrac{h^2}{6} f'''$ is far smaller here: experiment 1.) No $|z|$ is within $h$ of
# ReLU's kink (asserted). The points at the bottom of the figure are entries exactly 0
# both ways: weights into or out of a unit whose $z$ is negative for all 16 images.
#
# ## 10. The same gradients as TensorFlow
#
# The second, independent check: `tf.GradientTape` differentiates Keras's forward pass on
# the same weights automatically. Compared tensor by tensor (every layer's output, then
# every parameter), as in Karpathy's "backprop ninja":


# %%
def layer_gradients(grad_logits, cache, params):
    """Your backward, keeping each layer's incoming gradient: the parameters' gradients, and
    {"z1".."z4": each Dense output's gradient (its grad_y), "a1".."a3": each ReLU output's}."""
    seen = []  # (grad_y, grad_x) of each Dense layer, layer 1 first

    def recording_dense_backward(grad_y, layer_input, kernel):
        grads = dense_backward(grad_y, layer_input, kernel)
        seen.insert(0, (grad_y, grads[0]))  # the backward pass meets the top layer first
        return grads

    grads = backward(grad_logits, cache, params, relu_backward, recording_dense_backward)
    by_name = {f"z{number}": grad_y for number, (grad_y, _) in enumerate(seen, start=1)}
    return grads, by_name | {f"a{number}": seen[number][1] for number in range(1, len(seen))}


keras_outputs, keras_params = keras_side.gradients(model, x.reshape(-1, *config.IMAGE_SHAPE), y)
grads, layer_grads = layer_gradients(cross_entropy_backward(logits, y), cache, params)
ours_by_keras_name = {f"dense_{n}": layer_grads[f"z{n}"] for n in range(1, NUM_LAYERS + 1)}
ours_by_keras_name |= {f"relu_{n}": layer_grads[f"a{n}"] for n in range(1, NUM_LAYERS)}
for name, theirs in keras_outputs.items():
    difference = relative_error(ours_by_keras_name[name], theirs)
    print(f"d loss / d {name:9} relative difference {difference:.1e}")
for name, ours, theirs in zip(names, grads, keras_params):
    print(f"d loss / d {name:15} relative difference {relative_error(ours, theirs):.1e}")

# %% [markdown]
# Agreement to float64's rounding: the same sums in a slightly different order. Now the
# choice at 0, on a batch with one blank image (every $z_1$ of it exactly 0): ours, and a
# ReLU that passes the gradient at 0, against TensorFlow. Predict which agrees, and by
# how much the other is off.

# %%
with_blank = np.vstack([x[:3], np.zeros((1, config.NUM_PIXELS))])
y_blank = y[:4]
_, keras_blank = keras_side.gradients(model, with_blank.reshape(-1, *config.IMAGE_SHAPE), y_blank)
blank_logits, blank_cache = forward(with_blank, params)
blank_grad_logits = cross_entropy_backward(blank_logits, y_blank)
for label, mask in (
    ("yours, 0 at z = 0", relu_backward),
    ("1 at z = 0", lambda g, z: g * (z >= 0)),
):
    blank_grads = backward(blank_grad_logits, blank_cache, params, mask, dense_backward)
    difference = relative_error(blank_grads[1], keras_blank[1])  # dense_1/bias
    print(f"{label:17} d loss / d dense_1/bias against TensorFlow: {difference:.1e}")

# %% [markdown]
# Yours agrees to rounding; the other choice is off by order 1, because in TensorFlow the
# blank image sends no gradient at all to the first layer's bias.
#
# ## 11. Initialisation, seen from the gradients
#
# Lesson 3 showed activations vanish or explode layer by layer with too small or too
# large initial weights; the backward pass multiplies by the kernels too. Derive it:
# multiply every kernel of an initialisation by $s > 0$ (biases start at 0). Since
# $\mathrm{ReLU}(s z) = s\,\mathrm{ReLU}(z)$, layer $k$'s activations are multiplied by
# $s^k$ and the logits by $s^4$. While the softmax is not saturated (small logits, $p$ near
# uniform), `grad_logits` barely changes, and each `grad_x = grad_y @ kernel.T` on the way
# down multiplies by one more $s$: $\partial L/\partial z_k \propto s^{4-k}$, a backward
# signal that **vanishes** layer by layer for $s < 1$ and **explodes** for $s > 1$. A
# kernel's gradient `x.T @ grad_y` multiplies the activation below it ($s^{k-1}$) by the
# signal above it ($s^{4-k}$): every kernel's gradient scales by $s^3$, and relative to the
# kernel itself by $s^2$, so a learning rate that suits one scale is $s^2$ times too small
# or too large for another.
#
# Measured: Glorot's limit (lesson 3) times $s$, the root mean square (RMS) of every
# gradient on 256 training images, mean over seeds 0, 1, 2 of the initial weights.
# Predict first: at $s = 10$, is the exponent of the kernels' gradients 3?

# %%
probe = scale_pixels(data.x_train[:256], np.float64).reshape(256, config.NUM_PIXELS)
probe_labels = data.y_train[:256].astype(np.intp)
layers = [f"dense_{number}" for number in range(1, NUM_LAYERS + 1)]
SCALES = (0.1, 0.3, 1.0, 3.0, 10.0)


def rms(values):
    return float(np.sqrt(np.mean(values**2)))


def glorot_init(seed):
    """Lesson 3's init_params: Glorot-uniform kernels from seed, zero biases."""
    rng = np.random.default_rng(seed)
    pairs = zip(config.LAYER_SIZES, config.LAYER_SIZES[1:])
    return [a for n_in, n_out in pairs for a in (
        rng.uniform(-np.sqrt(6 / (n_in + n_out)), np.sqrt(6 / (n_in + n_out)), (n_in, n_out)),
        np.zeros(n_out))]  # fmt: skip


signal, kernel_gradients, first_losses = {}, {}, {}
for scale in SCALES:
    per_seed, losses = [], []
    for seed in range(3):
        scaled = [scale * p for p in glorot_init(seed)]  # s times Glorot's limit, biases 0
        probe_logits, probe_cache = forward(probe, scaled)
        losses.append(cross_entropy(probe_logits, probe_labels))
        g, g_layers = layer_gradients(
            cross_entropy_backward(probe_logits, probe_labels), probe_cache, scaled
        )
        z_grads = [g_layers[f"z{n}"] for n in range(1, NUM_LAYERS + 1)]
        per_seed.append([[rms(v) for v in z_grads], [rms(v) for v in g[0::2]]])
    signal[scale], kernel_gradients[scale] = np.mean(per_seed, axis=0)
    first_losses[scale] = np.mean(losses)
for scale in SCALES:
    text = f"s = {scale:4}: initial loss {first_losses[scale]:7.2f}"
    if scale != 1.0:
        exponents = np.log(kernel_gradients[scale] / kernel_gradients[1.0]) / np.log(scale)
        text += f"; kernel gradients x s to the power {exponents.round(1)}"
    print(text)
plots.gradient_magnitudes(
    {"backward signal: RMS of dL/dz": signal, "RMS of dL/d kernel": kernel_gradients}, layers
)

# %% [markdown]
# Left, the backward signal: at Glorot's scale it changes little from layer to layer; for
# $s < 1$ it falls towards the first layer, for $s > 1$ it grows, about one factor of $s$
# per layer, as derived. Right, the kernels' gradients: exponent 3 for $s < 1$, as
# derived; larger for $s > 1$, where the derivation's assumption fails: large weights
# saturate the softmax (the initial loss is far above $\ln 10$), and the images'
# gradients, no longer near-uniform $p$ minus a one-hot, stop cancelling in the batch
# sums. At Glorot's limit neither activations nor gradients grow or shrink.
#
# ## Summary
#
# - Backpropagation is the chain rule on the computational graph: from $dL/dL = 1$, each
#   arrow multiplies by its local derivative, and a gradient has the shape of its array.
# - Cross-entropy is $-\log p_y$ averaged over the batch, computed with log-sum-exp; an
#   untrained network starts near $\ln 10$.
# - Softmax's Jacobian $p_i([i = j] - p_j)$ times the loss's $-[i = y]/p_y$ gives
#   $\partial L/\partial z = (p - \mathrm{onehot}(y))/B$.
# - ReLU: `grad_a * (z > 0)`, 0 at exactly 0 as TensorFlow does. Dense:
#   `grad_x = grad_y @ kernel.T`, `grad_kernel = x.T @ grad_y`, `grad_bias = grad_y.sum(axis=0)`.
# - Every parameter was checked twice, by central differences on sampled entries and
#   against `tf.GradientTape`; the initial scale decides whether gradients vanish or explode.
#
# ## Experiments
#
# 1. **The step h.** Central differences have a truncation error of order $h^2$ and a
#    rounding error of order $\varepsilon / h$ ($\varepsilon = 2.2 \times 10^{-16}$ in
#    float64, section 9). Predict the $h$ with the smallest error for one entry of
#    `dense_1/kernel`, then run the cell. Where does the error bottom out, and why does it
#    rise on both sides? What changes in float32 ($\varepsilon = 1.2 \times 10^{-7}$,
#    `np.finfo(np.float32).eps`)?

# %%
index = (int(used_pixels[0]), 0)  # an entry of dense_1/kernel, params[0]
for h in (1e-1, 1e-2, 1e-3, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12):
    numeric = numerical_gradient_at(
        lambda w: cross_entropy(forward(x, [w, *params[1:]])[0], y), params[0], [index], h
    )[0]
    error = abs(numeric - grads[0][index]) / abs(grads[0][index])
    print(f"h = {h:.0e}: relative error {error:.1e}")

# %% [markdown]
# 2. **A planted bug.** Replace `dense_backward` by a version that averages the bias
#    gradient over the batch instead of summing it. Predict which parameters' gradients
#    change, and by about how much (hint: $B$ = 16). Does any kernel's gradient change?
#    Why not, given what `grad_x` is computed from? Would the section 9 check catch this
#    bug, and would a check of `dense_4/kernel` alone?


# %%
def mean_bias_backward(grad_y, x, kernel):
    grad_x, grad_kernel, _ = dense_backward(grad_y, x, kernel)
    return grad_x, grad_kernel, grad_y.mean(axis=0)  # the planted bug: mean, not sum


planted = backward(
    cross_entropy_backward(logits, y), cache, params, relu_backward, mean_bias_backward
)
for name, wrong, right in zip(names, planted, grads):
    difference = relative_error(wrong, right)
    print(f"{name:15} relative difference from the right gradient {difference:.1e}")

# %% [markdown]
# 3. **The initial loss.** Multiply the last kernel (`params[-2]`, `dense_4/kernel`) by 10
#    and recompute the first loss. Predict first: still near $\ln 10$? Then explain, with
#    the softmax, why an initial loss far above $\ln 10$ is a warning sign before any
#    training.

# %%
loud = [*params[:-2], params[-2] * 10, params[-1]]
loud_loss = cross_entropy(forward(x, loud)[0], y)
print(f"first loss with a 10x last kernel: {loud_loss:.3f} (ln 10 = {np.log(10):.3f})")
