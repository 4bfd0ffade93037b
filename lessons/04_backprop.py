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
# - apply the chain rule to the network's computational graph, first on plain numbers;
# - compute the cross-entropy loss stably, and derive its gradient with softmax's,
#   down to `(p - onehot) / B`;
# - derive the backward pass of ReLU (and its choice at 0) and of a Dense layer;
# - write the whole backward pass from your functions, and check every parameter's
#   gradient twice: by central differences, and against `tf.GradientTape`;
# - in an optional deep dive, see how the initial weights' scale makes gradients vanish or
#   explode layer by layer.

# %% [markdown]
# ## Setup

# %% tags=["setup"]
# The names your exercise answers can use; `mnist-course check` runs this cell too.
import math  # noqa: F401

import numpy as np

from mnist_course.exercises import check, hint, solution, use  # noqa: F401
from mnist_course.numpy_mlp.functional import softmax  # for cross_entropy_backward

# %% [markdown]
# MNIST, the Keras model (whose weights we differentiate), and lesson 3's forward pass,
# stopping at the logits (the loss takes them) and keeping a **cache**: the input and `z`
# of every Dense layer, which the backward pass needs.

# %%
from mnist_course import config, course, keras_mlp, plots
from mnist_course.data import scale_pixels
from mnist_course.gradcheck import entry_errors, numerical_gradient, relative_error, sampled_indices
from mnist_course.numpy_mlp.functional import dense_forward, relu_forward as relu  # lesson 3
from mnist_course.numpy_mlp.init_scale import gradient_scales  # for the deep dive
from mnist_course.parity import keras_side

data = course.setup()
BATCH = 16  # a small batch: every check below is exact arithmetic, not statistics
x = scale_pixels(data.x_train[:BATCH], np.float64).reshape(BATCH, config.NUM_PIXELS)
y = data.y_train[:BATCH].astype(np.intp)
NUM_LAYERS = len(config.LAYER_SIZES) - 1  # 4 Dense layers

model = keras_mlp.build_model(dtype="float64", seed=config.DEFAULT_SEED)
params = model.get_weights()  # [kernel 1, bias 1, ..., kernel 4, bias 4], as in lesson 3
names = config.weight_names()  # "dense_1/kernel", "dense_1/bias", ...: the same order


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
# Training needs $\partial L / \partial(\text{each number in each box})$ of lesson 3's graph:
# the orange boxes, right to left from $\partial L/\partial L = 1$, each arrow multiplying
# by its local derivative. Predict first: for this batch of 16, how many gradient numbers
# does the backward pass produce, against the number of parameters?

# %%
plots.network_graph(show_gradients=True)
num_parameters = sum(p.size for p in params)
num_activations = sum(layer_input.size + z.size for layer_input, z in cache)
print(f"{num_parameters:,} parameter gradients, and {num_activations:,} activation gradients")

# %% [markdown]
# ## 2. The chain rule, on plain numbers first
#
# Take one weight and one input, and three steps: $z = w x + b$,
# $a = \mathrm{ReLU}(z)$, $L = (a - t)^2$. The derivative of a chain is the product of its
# links' derivatives, each taken at the values the forward pass computed:
#
# $$\frac{dL}{dw} = \frac{dL}{da}\,\frac{da}{dz}\,\frac{dz}{dw}
#   = 2(a - t)\cdot[z > 0]\cdot x .$$
#
# (`[z > 0]` is ReLU's slope, 1 when $z > 0$, else 0.) Right to left, as the orange rows.
#
# To check a derivative without trusting the derivation, step a little to each side:
# $f'(w) \approx \frac{f(w + h) - f(w - h)}{2h}$. With Taylor's
# $f(w \pm h) = f(w) \pm h f'(w) + \tfrac{h^2}{2} f''(w) \pm \tfrac{h^3}{6} f'''(w) + \dots$
# the $f(w)$ and $h^2$ terms cancel in the difference: the error is
# $\tfrac{h^2}{6} f'''(w)$, of order $h^2$, where a one-sided $(f(w + h) - f(w))/h$ keeps
# $\tfrac{h}{2} f''(w)$, of order $h$.


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
    return (max(w * x0 + b0, 0.0) - t0) ** 2


z0 = w0 * x0 + b0  # forward, keeping what the backward step needs
a0 = max(z0, 0.0)
# backward, right to left: each step multiplies by one local derivative
grad_a = 2 * (a0 - t0)  # dL/da
grad_z = grad_a * float(z0 > 0)  # times da/dz = [z > 0]
grad_w = grad_z * x0  # times dz/dw = x
numeric = central_difference(scalar_loss, w0)
print(f"dL/da = {grad_a:.2f}, dL/dz = {grad_z:.2f}, dL/dw = {grad_w:.10f}")
print(f"central difference {numeric:.10f}, difference {abs(grad_w - numeric):.1e}")

# %% [markdown]
# Predict first: how do the two errors change when $h$ shrinks from $10^{-2}$ to
# $10^{-3}$? (Here $L$ is a parabola in $w$ while $z > 0$: what are its $f''$ and $f'''$?)

# %%
for h in (1e-2, 1e-3):
    one_sided = (scalar_loss(w0 + h) - scalar_loss(w0)) / h
    central = central_difference(scalar_loss, w0, h)
    print(f"h = {h:g}: one-sided error {abs(one_sided - grad_w):.1e}, "
          f"central {abs(central - grad_w):.1e}")  # fmt: skip

# %% [markdown]
# ## 3. The chain rule on the graph
#
# In the network the boxes hold arrays; the loss is one number, so its gradient with
# respect to an array has **that array's shape**. If $v = g(u)$ is one arrow, an entry of
# $u$ may move several of $v$, and the chain rule adds every path:
# $\frac{\partial L}{\partial u_k} = \sum_j \frac{\partial L}{\partial v_j}\,
# \frac{\partial v_j}{\partial u_k}$. So each arrow needs one **local** rule, from
# $\partial L/\partial v$ (shaped like $v$) to $\partial L/\partial u$ (shaped like $u$).
# How many paths? Predict first: nudge one pixel of image 0; how many of image 0's 10
# logits move, and how many of image 1's?

# %%
nudged = x.copy()
nudged[0, int(np.flatnonzero(x[0])[0])] += 1e-3  # a lit pixel of image 0
moved = forward(nudged, params)[0] != logits
print(f"logits moved: image 0 {moved[0].sum()} of 10, image 1 {moved[1].sum()} of 10")

# %% [markdown]
# ## 4. Cross-entropy: the loss
#
# Softmax turns the **logits** $z$ (10 per image) into probabilities
# $p_i = e^{z_i} / \sum_j e^{z_j}$. If the true digit is $y$, the image's loss is
# $\ell = -\log p_y$: 0 when the right digit gets probability 1, large when the network
# is confident and wrong. A batch's loss is the mean, $L = \frac{1}{B}\sum_i \ell_i$.
# An untrained network's logits are close, every $p_j$ near $1/10$: predict its first
# loss (CS231n's first sanity check; far from it means a bug or weights not small). The
# cell after your `cross_entropy` below prints it.
#
# `np.log(softmax(z))[y]` fails when the network is confident and wrong: $p_y$ underflows
# to 0 and the log is $-\infty$. Take the log first: with $m = \max_j z_j$,
# $\log p_y = (z_y - m) - \log \sum_j e^{z_j - m}$ (log-sum-exp), where every exponent is
# at most 0 and the sum at least 1. Predict what each way prints:

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
print(f"loss of the untrained network: {cross_entropy(logits, y):.4f}, "
      f"ln {config.NUM_CLASSES} = {np.log(config.NUM_CLASSES):.4f}")  # fmt: skip

# %% [markdown]
# ## 5. The gradient of softmax and cross-entropy, derived
#
# One image, two links: logits $z$ → probabilities $p$ → loss $\ell = -\log p_y$.
# **The loss's link.** Only $p_y$ appears in $\ell$:
# $\frac{\partial \ell}{\partial p_i} = -\frac{[i = y]}{p_y}$, where $[i = y]$ is 1 for
# the true class, else 0 (over $i = 0..9$: the **one-hot** label).
#
# **Softmax's link (its Jacobian).** $p_i = e^{z_i}/S$, $S = \sum_k e^{z_k}$; quotient rule:
#
# $$\frac{\partial p_i}{\partial z_j}
# = \frac{[i = j]\,e^{z_i}\,S - e^{z_i} e^{z_j}}{S^2}
# = p_i\,[i = j] - p_i\,p_j = p_i\,([i = j] - p_j).$$
#
# A full 10 × 10 matrix: every logit moves every probability. Checked by nudging each $z_j$:

# %%
z_one, p_one = logits[0], softmax(logits[:1])[0]
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
# Only $i = y$ survives and $p_y$ cancels: **the probabilities minus the one-hot label**.
# Image $i$'s logits enter only $\ell_i$, and $L$ is the mean of $B$ losses, so the batch's
# gradient is `(p - onehot) / B`, shaped `(B, 10)` like the logits.


# %% tags=["exercise"]
def cross_entropy_backward(logits, labels):
    """Gradient of the mean cross-entropy w.r.t. the logits, same shape as logits."""
    raise NotImplementedError("your code here")


# %%
check("cross_entropy_backward", cross_entropy_backward)
cross_entropy_backward = use("cross_entropy_backward", cross_entropy_backward)

# %% [markdown]
# Checked by central differences on all 160 logits (`gradcheck.numerical_gradient`, your
# formula entry by entry). Predict first: what does each row sum to, and which entry of a
# row is negative?

# %%
grad_logits = cross_entropy_backward(logits, y)
nudged = logits.copy()  # numerical_gradient nudges each entry of it in turn
numeric_grad_logits = numerical_gradient(lambda: cross_entropy(nudged, y), nudged)
print(f"first image's row (true digit {y[0]}):", grad_logits[0].round(4))
error = relative_error(grad_logits, numeric_grad_logits)
print(f"relative error against central differences: {error:.1e}; largest |row sum| "
      f"{np.abs(grad_logits.sum(axis=1)).max():.0e}")  # fmt: skip

# %% [markdown]
# Each row sums to 0 (probabilities and one-hot both sum to 1): descending it raises the
# true class's logit and lowers the others in proportion to their probability.
#
# ## 6. ReLU's backward pass, and the choice at 0
#
# $a = \max(z, 0)$ entry by entry, so the chain rule's sum has one term:
# $\partial L/\partial z_k = \partial L/\partial a_k \cdot \mathrm{ReLU}'(z_k)$, slope 0
# for $z < 0$ and 1 for $z > 0$. At exactly 0 there is no derivative, but code must return
# a number; any value in $[0, 1]$ is a valid "subgradient". **TensorFlow returns 0**:
# `grad_z = grad_a * (z > 0)`, the mask taken from the *input* $z$.

# %%
plots.relu_and_its_derivative(at_zero=0.0)

# %% [markdown]
# Does the choice ever matter? Only where a pre-activation is exactly 0. Predict first:
# how many of the hidden $z$ of the first
# <span data-expr="len(zero_check)" data-format=",">10,000</span> training digits are
# exactly 0, at the initial weights, in float64 and in float32?

# %%
zero_check = data.x_train[:10_000]
print(f"the first {len(zero_check):,} training digits")
for dtype in (np.float64, np.float32):
    chunk = scale_pixels(zero_check, dtype).reshape(-1, config.NUM_PIXELS)
    _, chunk_cache = forward(chunk, [value.astype(dtype) for value in params])
    hidden = np.concatenate([z.ravel() for _, z in chunk_cache[:-1]])  # the ReLUs' inputs
    print(f"{np.dtype(dtype).name}: {int((hidden == 0).sum())} of {hidden.size:,} hidden z "
          f"are 0; smallest |z| {np.abs(hidden).min():.1e}")  # fmt: skip

# %% [markdown]
# On real digits, none. But the biases start at 0, so a blank image gives $z_1 = 0$
# exactly: there the choice decides whether any gradient reaches the first bias, and a
# network that chose 1 disagrees with Keras by order 1, not rounding (section 10).


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
# $y = x W + b$ with $x$ `(B, n_in)`, $W$ `(n_in, n_out)`, $b$ `(n_out,)`:
# $y_{ij} = \sum_k x_{ik} W_{kj} + b_j$. **The kernel.** $W_{kj}$ appears in $y_{ij}$ for
# every image $i$, with coefficient $x_{ik}$; the chain rule adds the paths:
#
# $$\frac{\partial L}{\partial W_{kj}} = \sum_i \frac{\partial L}{\partial y_{ij}}\, x_{ik}
#   = \sum_i (x^\top)_{ki} \Big(\frac{\partial L}{\partial y}\Big)_{ij}
#   \quad\Longrightarrow\quad \texttt{grad\_kernel = x.T @ grad\_y}.$$
#
# **The input.** $x_{ik}$ appears in $y_{ij}$ for every output $j$, with coefficient
# $W_{kj}$: $\frac{\partial L}{\partial x_{ik}} = \sum_j \frac{\partial L}{\partial y_{ij}}
# W_{kj}$, `grad_x = grad_y @ kernel.T`. **The bias.** $b_j$ is in $y_{ij}$ for every $i$,
# coefficient 1: `grad_bias = grad_y.sum(axis=0)`.
#
# The shapes agree: `x.T` `(n_in, B)` @ `grad_y` `(B, n_out)` is the kernel's shape, the
# only product of the two that is. The sums as written against the matrix products, on
# the last layer. Predict first: exactly 0 apart, or apart by rounding?

# %%
x_last, kernel_last = cache[-1][0], params[-2]  # the last layer's input a3 (B, 8), (8, 10)
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
# Right to left through the cache: each Dense layer turns its output's gradient into its
# kernel's, bias's and input's; each ReLU masks its input's gradient with its `z`. Write
# `backward(grad_logits, cache, params, relu_backward, dense_backward)`: every parameter's
# gradient in `params`' order. The layer functions are passed in (the check tries your
# composition alone, on one to four layers: `len(params) // 2`). Predict first: which of
# `dense_1/kernel`'s gradient entries must be 0 on this batch, whatever the weights?


# %% tags=["exercise"]
def backward(grad_logits, cache, params, relu_backward, dense_backward):
    """Every parameter's gradient, a list in params' order (kernel 1, bias 1, ...)."""
    raise NotImplementedError("your code here")


# %%
check("backward", backward)
backward = use("backward", backward)

# %%
grads = backward(cross_entropy_backward(logits, y), cache, params, relu_backward, dense_backward)
for name, value, grad in zip(names, params, grads):
    assert grad.shape == value.shape
    print(f"{name:15} gradient {grad.shape!s:10} RMS {np.sqrt(np.mean(grad**2)):.2e}")
print(f"dense_1/kernel rows exactly 0: {int((~grads[0].any(axis=1)).sum())}; "
      f"pixels blank in all {BATCH} images: {int((~x.any(axis=0)).sum())}")  # fmt: skip

# %% [markdown]
# A pixel blank in every image zeroes its row of `x.T @ grad_z`: the first count is at
# least the second (a row is also 0 where no unit is on for the images lighting it).
#
# ## 9. Checking every parameter by central differences
# A test built on a derivation can be wrong the same way. Central differences need only
# the forward pass; a sample of entries of **every** parameter catches a wrong formula,
# which is wrong nearly everywhere (CS231n's `grad_check_sparse`). Write that estimate.


# %% tags=["exercise"]
def numerical_gradient_at(f, w, indices, h=1e-6):
    """Central differences of f(w) at each index of w (a list of index tuples); (len(indices),)."""
    raise NotImplementedError("your code here")


# %%
check("numerical_gradient_at", numerical_gradient_at)
numerical_gradient_at = use("numerical_gradient_at", numerical_gradient_at)

# %% [markdown]
# Every parameter, 10 entries each (sampling seed 0; for the first kernel, among pixels
# lit in the batch), in float64 with $h = 10^{-6}$. Per entry, CS231n's relative error
# $|a - n| / \max(|a|, |n|)$ ($a$ analytic, $n$ numerical); per parameter, also the
# norm-based error of `mnist_course/gradcheck.py`, which one tiny entry cannot inflate.
# CS231n's reading: above 1e-2 probably wrong; below 1e-7 right. Predict first: will the
# worst entries be the largest gradients or the smallest?

# %%
sampler = np.random.default_rng(0)
NUM_SAMPLES, H = 10, 1e-6  # entries per parameter, the finite-difference step
# Each loss is rounded to about eps * loss; a central difference divides that by 2h.
noise = np.finfo(np.float64).eps * cross_entropy(logits, y) / (2 * H)
used_pixels = np.flatnonzero(x.any(axis=0))
errors_by_entry, norm_errors, noise_multiples = {}, {}, []
for position, (name, value) in enumerate(zip(names, params)):
    rows = used_pixels if position == 0 else None  # dense_1/kernel: lit pixels only
    indices = sampled_indices(value.shape, NUM_SAMPLES, sampler, rows)

    def loss_with(w, position=position):  # the loss with this one parameter replaced by w
        return cross_entropy(forward(x, [*params[:position], w, *params[position + 1 :]])[0], y)

    numeric = numerical_gradient_at(loss_with, value, indices, H)
    analytic = np.array([grads[position][index] for index in indices])
    errors_by_entry[name] = entry_errors(analytic, numeric)
    noise_multiples += list((errors_by_entry[name] * np.abs(analytic) / noise)[analytic != 0])
    norm_errors[name] = relative_error(analytic, numeric)
    worst = int(errors_by_entry[name].argmax())
    print(
        f"{name:15} worst entry {errors_by_entry[name][worst]:.1e} (|gradient| there "
        f"{abs(analytic[worst]):.0e}, noise / |gradient| {noise / abs(analytic[worst]):.0e}), "
        f"norm-based {norm_errors[name]:.1e}, "
        f"0 both ways: {int(((analytic == 0) & (numeric == 0)).sum())}"
    )
assert max(norm_errors.values()) < 1e-7, norm_errors  # the prose below relies on it
smallest_z = min(float(np.abs(z).min()) for _, z in cache[:-1])
assert smallest_z > H  # no nudge crosses ReLU's kink: the prose below relies on it
print(f"smallest |z| in this batch: {smallest_z:.1e}; h = {H:.0e}; rounding noise of one "
      f"estimate: eps x loss / 2h = {noise:.1e}; every entry's error is at most "
      f"{(noise_bound := max(noise_multiples)):.1f} x noise / |gradient|")  # fmt: skip

# %%
plots.gradient_check_errors(errors_by_entry)

# %% [markdown]
# Every norm-based error is below 1e-7 (asserted). Each entry's error is at most a small
# multiple (printed) of the noise (the loss's rounding $\varepsilon L$ over $2h$) over the
# entry's size: small entries *can* err most, but rounding decides which is worst; a wrong
# formula is off by order 1. The points at the bottom are entries 0 both ways: weights of
# a unit whose $z$ is negative for all 16 images.
#
# ## 10. The same gradients as TensorFlow
# The second, independent check: `tf.GradientTape` differentiates Keras's forward pass on
# the same weights, compared tensor by tensor (every layer's output, then every parameter),
# as in Karpathy's "backprop ninja". Predict first: how many digits will agree?


# %%
def layer_gradients(grad_logits, cache, params):
    """Your backward, also keeping each layer's output gradient, by Keras's layer names:
    "dense_k" the gradient of z_k, "relu_k" of a_k."""
    seen = []  # (grad_y, grad_x) of each Dense layer, layer 1 first

    def recording_dense_backward(grad_y, layer_input, kernel):
        grads = dense_backward(grad_y, layer_input, kernel)
        seen.insert(0, (grad_y, grads[0]))  # the backward pass meets the top layer first
        return grads

    grads = backward(grad_logits, cache, params, relu_backward, recording_dense_backward)
    by_name = {f"dense_{number}": grad_y for number, (grad_y, _) in enumerate(seen, start=1)}
    return grads, by_name | {f"relu_{number}": seen[number][1] for number in range(1, len(seen))}


keras_outputs, keras_params = keras_side.gradients(model, x.reshape(-1, *config.IMAGE_SHAPE), y)
grads, layer_grads = layer_gradients(cross_entropy_backward(logits, y), cache, params)
for name, theirs in keras_outputs.items():
    print(
        f"d loss / d {name:9} relative difference {relative_error(layer_grads[name], theirs):.1e}"
    )
for name, ours, theirs in zip(names, grads, keras_params):
    print(f"d loss / d {name:15} relative difference {relative_error(ours, theirs):.1e}")

# %% [markdown]
# Agreement to float64's rounding: the same sums in another order. Now the choice at 0,
# on a batch with one blank image (its $z_1$ all exactly 0): yours, and a ReLU that passes
# the gradient at 0. Predict which agrees with TensorFlow, and how far off the other is.

# %%
with_blank, y_blank = np.vstack([x[:3], np.zeros((1, config.NUM_PIXELS))]), y[:4]
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
# ## Summary
# - Backpropagation is the chain rule on the graph, right to left from $dL/dL = 1$; a
#   gradient has the shape of its array.
# - Cross-entropy $-\log p_y$ by log-sum-exp (untrained: near $\ln 10$); with softmax its
#   gradient is $(p - \mathrm{onehot}(y))/B$.
# - ReLU: `grad_a * (z > 0)`, 0 at 0 as TensorFlow. Dense: `grad_x = grad_y @ kernel.T`,
#   `grad_kernel = x.T @ grad_y`, `grad_bias = grad_y.sum(axis=0)`.
# - Checked twice, by central differences and `tf.GradientTape`. (The deep dive: the
#   initial scale decides whether gradients vanish or explode.)
#
# ## Experiments
# 1. **The step h.** Truncation error of order $h^2$, rounding error of order
#    $\varepsilon / h$ (section 9). Predict the best $h$ for one entry of `dense_1/kernel`,
#    then run. Why does the error rise on both sides? What changes in float32?

# %%
# The entry of dense_1/kernel (params[0]) with the largest gradient: never one that is 0
# (a unit no digit of this batch turns on), where a relative error means nothing.
index = tuple(int(i) for i in np.unravel_index(np.abs(grads[0]).argmax(), grads[0].shape))
for h in (1e-1, 1e-2, 1e-3, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12):
    loss_of = lambda w: cross_entropy(forward(x, [w, *params[1:]])[0], y)  # noqa: E731
    numeric = numerical_gradient_at(loss_of, params[0], [index], h)[0]
    error = abs(numeric - grads[0][index]) / abs(grads[0][index])
    print(f"h = {h:.0e}: relative error {error:.1e}")

# %% [markdown]
# 2. **A planted bug.** A `dense_backward` that averages the bias gradient over the batch.
#    Predict which gradients change, and by how much ($B$ = 16). Why no kernel's (what is
#    `grad_x` computed from)? Would section 9 catch it? A check of `dense_4/kernel` alone?


# %%
def bias_mean(grad_y, x, kernel):  # dense_backward with the planted bug: mean, not sum
    grad_x, grad_kernel, _ = dense_backward(grad_y, x, kernel)
    return grad_x, grad_kernel, grad_y.mean(axis=0)


planted = backward(cross_entropy_backward(logits, y), cache, params, relu_backward, bias_mean)
for name, wrong, right in zip(names, planted, grads):
    print(f"{name:15} relative difference from the right one {relative_error(wrong, right):.1e}")

# %% [markdown]
# ## Deep dive (optional): initialisation, seen from the gradients
#
# Multiply every kernel by $s > 0$. As $\mathrm{ReLU}(s z) = s\,\mathrm{ReLU}(z)$, layer
# $k$'s activations scale by $s^k$. While the softmax is not saturated, `grad_logits`
# barely changes, and each `grad_x = grad_y @ kernel.T` on the way down adds a factor $s$:
# $\partial L/\partial z_k \propto s^{4-k}$, a backward signal that **vanishes** for $s < 1$
# and **explodes** for $s > 1$. A kernel's gradient `x.T @ grad_y` multiplies the
# activation below ($s^{k-1}$) by the signal above ($s^{4-k}$): $s^3$, or $s^2$ relative
# to the kernel, so a learning rate that suits one scale is $s^2$ times off for another.
#
# Measured with your functions on 256 images, mean over 3 seeds: the root mean square
# (RMS) of each gradient. Predict first: at $s = 10$, is the kernels' exponent 3?

# %%
probe = scale_pixels(data.x_train[:256], np.float64).reshape(256, config.NUM_PIXELS)
probe_labels = data.y_train[:256].astype(np.intp)
layers = [f"dense_{number}" for number in range(1, NUM_LAYERS + 1)]
SCALES = (0.1, 0.3, 1.0, 3.0, 10.0)


def gradients_of(scaled):
    """Your functions on the probe: the loss, each Dense output's gradient, each kernel's."""
    probe_logits, probe_cache = forward(probe, scaled)
    grad_logits = cross_entropy_backward(probe_logits, probe_labels)
    grads, by_layer = layer_gradients(grad_logits, probe_cache, scaled)
    return cross_entropy(probe_logits, probe_labels), [by_layer[n] for n in layers], grads[0::2]


# s times Glorot's limit (the draw of lesson 3's init_params), biases 0; seeds 0, 1, 2
signal, kernel_gradients, first_losses = gradient_scales(gradients_of, SCALES, seeds=range(3))
for scale in SCALES:
    text = f"s = {scale:4}: initial loss {first_losses[scale]:7.2f}"
    if scale != 1.0:
        exponents = np.log(kernel_gradients[scale] / kernel_gradients[1.0]) / np.log(scale)
        text += f"; kernel gradients x s to the power {exponents.round(1)}"
    print(text)
rms = {"backward signal: RMS of dL/dz": signal, "RMS of dL/d kernel": kernel_gradients}
plots.gradient_magnitudes(rms, layers)

# %% [markdown]
# Left, the backward signal: at Glorot's scale it shrinks slowly towards the first layer;
# for $s < 1$ it falls faster, for $s > 1$ it grows, about $s$ per layer against Glorot's.
# Right, the kernels' gradients: exponent 3 for $s < 1$, as derived; larger for $s > 1$,
# where the assumption fails: large weights saturate the softmax (initial loss far above
# $\ln 10$), and the images' gradients stop cancelling in the batch sums.
