# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 3: The forward pass, built by you
#
# In this lesson you will:
#
# - see a batch of digits as one `(B, 784)` matrix, and derive a dense layer from one
#   unit up to a matrix product over the whole batch;
# - write `dense_forward`, `relu` and a stable `softmax`, and see why the network needs
#   ReLU and why softmax subtracts the largest logit;
# - derive Glorot's initialisation, write `glorot_uniform`, and watch too small or too
#   large weights make the values vanish or explode;
# - assemble the whole forward pass and get Keras's probabilities from Keras's weights.
#
# Each piece: derive it, write it (an exercise cell: replace the `raise`), check it
# (`check(...)`), use it: the lesson then runs on **your** function, or on the course's
# until yours passes (`use` says which). `hint("relu")` hints, `solution("relu")` answers.

# %% [markdown]
# ## Setup

# %% tags=["setup"]
# The names your exercise answers can use; `mnist-course check` runs this cell too.
import math

import numpy as np

from mnist_course.exercises import check, hint, solution, use  # noqa: F401

# %%
import itertools
import time

from mnist_course import config, course, keras_mlp, plots  # keras_mlp: TensorFlow
from mnist_course.data import flatten_images, scale_pixels
from mnist_course.numpy_mlp import MLP
from mnist_course.parity import keras_to_numpy

keras = keras_mlp.keras  # Keras as the course loads it: TensorFlow's settings come first

data = course.setup()
seed = config.DEFAULT_SEED  # every random draw below starts from this seed
rng = np.random.default_rng(seed)

# %% [markdown]
# ## 1. A batch of digits is a matrix
#
# Lesson 1 scaled the pixels to $[0, 1]$ and flattened each 28x28 image into 784 numbers.
# A network never looks at one image at a time: it takes a **batch** of $B$ images, one
# image per row, so the input is a matrix $X$ of shape $(B, 784)$, and $X_{bi}$ is pixel
# $i$ of image $b$. Below, 1,000 training digits, and the first 12 rows drawn as they are
# stored (each row is an image unrolled line by line: the strokes become dashes).
# Predict first: lesson 1 counted the pixels that are exactly 0; what is the mean of
# $x^2$ over the batch (section 5 needs it), above or below the mean pixel?

# %%
num_images = 1000
x = flatten_images(scale_pixels(data.x_train[:num_images], np.float64))  # (1000, 784)
labels = data.y_train[:num_images]
print(f"x: shape {x.shape}, dtype {x.dtype}, values in [{x.min()}, {x.max()}]")
mean_square_x = float((x**2).mean())  # used in section 5
print(f"{(x == 0).mean():.0%} of the pixels are 0; mean pixel {x.mean():.3f}, "
      f"mean of x squared {mean_square_x:.4f}")  # fmt: skip
plots.batch_matrix(x[:12], labels[:12])

# %% [markdown]
# ## 2. A dense layer: one unit, then the whole batch
#
# **One unit.** The first layer has 32 units. Unit $j$ looks at all 784 pixels of an
# image $x$, multiplies pixel $i$ by its own weight $W_{ij}$, adds the products, and adds
# its bias $b_j$:
#
# $$z_j = \sum_{i=1}^{784} x_i\, W_{ij} + b_j .$$
#
# **All 32 units.** Put the weights side by side, one column per unit: the **kernel** $W$
# has shape $(784, 32)$, Keras's layout, and the biases form a vector $b$ of shape
# $(32,)$. The sum over $i$ for every $j$ is then a vector-matrix product:
# $z = x W + b$, shapes $(784,)\,@\,(784, 32) + (32,) \to (32,)$.
#
# **The whole batch.** Stack $B$ images as the rows of $X$: row $b$ of $XW$ is $x_b W$,
# so one matrix product computes every unit for every image,
#
# $$Z = X W + b, \qquad (B, 784)\,@\,(784, 32) + (32,) \;\to\; (B, 32),$$
#
# where $b$ is added to every row (NumPy's broadcasting). In general a Dense layer with
# $n_\mathrm{in}$ inputs per unit (its **fan_in**) and $n_\mathrm{out}$ units (its
# **fan_out**) maps $(B, n_\mathrm{in})$ to $(B, n_\mathrm{out})$ with a kernel of shape
# $(n_\mathrm{in}, n_\mathrm{out})$. The network chains four of them, with ReLU between
# (section 3) and softmax at the end (section 4): its computational graph, every array
# with its shape ($B$ is the batch size; the loss comes in lesson 4). Below it, the
# **exercise**: write `dense_forward(x, kernel, bias)`, the formula above for a whole
# batch, in one line of NumPy.

# %%
plots.network_graph()


# %% tags=["exercise"]
def dense_forward(x, kernel, bias):
    """(batch, fan_in) @ (fan_in, fan_out) + (fan_out,) -> (batch, fan_out)."""
    raise NotImplementedError("your code here")


# %%
check("dense_forward", dense_forward)
dense_forward = use("dense_forward", dense_forward)

# %% [markdown]
# **Check it against the definition.** The formula for one unit, written as loops over
# images, units and pixels, must give the same numbers as the matrix product (any
# weights will do; section 5 chooses them). Predict first: how many times faster per
# image is the matrix product, 10, 100, or more?


# %%
def dense_loops(x, kernel, bias):
    """z[b, j] = sum_i x[b, i] * kernel[i, j] + bias[j], one number at a time."""
    (batch, fan_in), fan_out = x.shape, kernel.shape[1]
    z = np.zeros((batch, fan_out))
    for image in range(batch):
        for unit in range(fan_out):
            total = bias[unit]
            for pixel in range(fan_in):
                total += x[image, pixel] * kernel[pixel, unit]
            z[image, unit] = total
    return z


kernel = rng.uniform(-0.1, 0.1, size=(config.NUM_PIXELS, config.HIDDEN_UNITS[0]))
bias = rng.uniform(-0.1, 0.1, size=config.HIDDEN_UNITS[0])
start = time.perf_counter()
z_loops = dense_loops(x[:3], kernel, bias)
loop_seconds, start = (time.perf_counter() - start) / 3, time.perf_counter()
z_matrix = dense_forward(x, kernel, bias)  # all 1,000 images
matrix_seconds = (time.perf_counter() - start) / len(x)
print(f"{x.shape} @ {kernel.shape} + {bias.shape} -> {z_matrix.shape}")
print(f"largest difference, loops vs matrix product: {np.abs(z_loops - z_matrix[:3]).max():.1e}")
print(f"per image: loops {loop_seconds * 1e3:.1f} ms, matrix product {matrix_seconds * 1e6:.1f} µs "
      f"({loop_seconds / matrix_seconds:,.0f} times faster)")  # fmt: skip


# %% [markdown]
# They agree to float64's rounding (the same products, added in another order); the
# matrix product, handed to an optimised linear-algebra library, is far faster.
#
# ## 3. ReLU, and why the network needs a non-linearity
#
# **Without one, depth buys nothing.** Feed one Dense layer into another:
#
# $$(X W_1 + b_1)\, W_2 + b_2 \;=\; X\,(W_1 W_2) + (b_1 W_2 + b_2).$$
#
# That is again a single Dense layer, kernel $W_1 W_2$ $(784, 16)$, bias $b_1 W_2 + b_2$: **one
# affine map** (a matrix product *plus a bias*). Without something non-linear between
# the layers, any depth draws only straight boundaries between classes. Numerically:

# %%
kernel_1, bias_1 = kernel, bias  # (784, 32), (32,) from above
kernel_2 = rng.uniform(-0.3, 0.3, size=config.HIDDEN_UNITS[:2])  # (32, 16)
bias_2 = rng.uniform(-0.3, 0.3, size=config.HIDDEN_UNITS[1])
two_layers = dense_forward(dense_forward(x, kernel_1, bias_1), kernel_2, bias_2)
one_affine = dense_forward(x, kernel_1 @ kernel_2, bias_1 @ kernel_2 + bias_2)
only_product = x @ (kernel_1 @ kernel_2)
print(f"two Dense layers vs one affine map:      {np.abs(two_layers - one_affine).max():.1e}")
print(f"two Dense layers vs one matrix product:  {np.abs(two_layers - only_product).max():.2f}")

# %% [markdown]
# **ReLU** ("rectified linear unit") is the simplest fix: $\mathrm{ReLU}(z) = \max(z, 0)$,
# number by number, applied to each hidden layer's output: $A = \mathrm{ReLU}(Z)$.
# **Exercise.** Write `relu(z)`.


# %% tags=["exercise"]
def relu(z):
    """max(z, 0) elementwise; same shape and dtype; do not change z."""
    raise NotImplementedError("your code here")


# %%
check("relu", relu)
relu = use("relu", relu)

# %% [markdown]
# **Check that ReLU breaks the collapse.** An affine map $f$ satisfies
# $f\big(\tfrac{x + x'}{2}\big) = \tfrac{f(x) + f(x')}{2}$ for any two inputs. Take two
# real digits and measure how far each network is from that. Predict first: which of
# the two gaps is only rounding away from 0? Below, where ReLU bites: its graph, and the
# first layer's 32 outputs on the 1,000 digits (grey: the part set to 0).


# %%
def midpoint_gap(network, first, second):
    """How far network(mean of two inputs) is from the mean of the two outputs."""
    return np.abs(network((first + second) / 2) - (network(first) + network(second)) / 2).max()


def without_relu(inputs):
    return dense_forward(dense_forward(inputs, kernel_1, bias_1), kernel_2, bias_2)


def with_relu(inputs):
    return dense_forward(relu(dense_forward(inputs, kernel_1, bias_1)), kernel_2, bias_2)


print(f"midpoint gap without ReLU: {midpoint_gap(without_relu, x[:1], x[1:2]):.1e}")
print(f"midpoint gap with ReLU:    {midpoint_gap(with_relu, x[:1], x[1:2]):.3f}")
plots.relu_and_pre_activations(dense_forward(x, kernel_1, bias_1))

# %% [markdown]
# ## 4. Softmax, and why it subtracts the largest logit
#
# The last Dense layer's 10 outputs per image, the **logits**, have any sign and size,
# larger meaning "more likely". **Softmax** turns each row $z$ of logits into 10
# probabilities, positive and summing to 1:
#
# $$\mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{10} e^{z_j}}, \qquad k = 1, \dots, 10.$$
#
# **Written literally it breaks.** A float holds numbers up to a largest one, so $e^{z}$
# overflows to infinity above its logarithm (printed below); then the fraction is
# $\infty / \infty$, which is NaN. Predict first: what does the literal formula give
# for the logits $[1000, 999, 0]$?

# %%
for dtype in (np.float64, np.float32):
    print(f"{np.dtype(dtype).name}: exp overflows above z = {np.log(np.finfo(dtype).max):.2f}")
logits = np.array([[1000.0, 999.0, 0.0]])
with np.errstate(over="ignore", invalid="ignore"):
    print("exp(1000) =", np.exp(1000.0))
    print("literal softmax of [1000, 999, 0]:", np.exp(logits) / np.exp(logits).sum())

# %% [markdown]
# **The fix: subtract the row's largest logit** $m = \max_j z_j$ first. Multiplying the
# numerator and the denominator by the same $e^{-m}$ changes nothing:
#
# $$\frac{e^{z_k}}{\sum_j e^{z_j}} = \frac{e^{-m} e^{z_k}}{e^{-m}\sum_j e^{z_j}}
#   = \frac{e^{z_k - m}}{\sum_j e^{z_j - m}} .$$
#
# After the shift every exponent $z_j - m$ is at most 0, so every exponential is at most
# $e^0 = 1$: nothing overflows. And the denominator is **at least 1** (one of its terms
# is $e^{m - m} = 1$), so it never underflows to 0: no $0/0$. A tiny numerator may
# underflow to 0, harmlessly: that probability really is below $10^{-308}$.
#
# **Exercise.** Write `softmax(logits)`, row by row, with the maximum subtracted.


# %% tags=["exercise"]
def softmax(logits):
    """Probabilities along each row of (batch, classes) logits, stable for huge logits."""
    raise NotImplementedError("your code here")


# %%
check("softmax", softmax)
softmax = use("softmax", softmax)

# %% [markdown]
# **Check the derivation** on the logits that broke the literal formula (expect
# $e/(1 + e) = 0.731$, $1/(1 + e) = 0.269$ and an exact 0, since $e^{-1000}$ underflows),
# on a shift of every logit by 1,000 (which must change nothing), and the sums of rows:

# %%
print("softmax of [1000, 999, 0]:", softmax(logits))
random_logits = rng.normal(size=(5, config.NUM_CLASSES)) * 3
shift_gap = np.abs(softmax(random_logits + 1000) - softmax(random_logits)).max()
print(f"softmax(z + 1000) vs softmax(z): largest difference {shift_gap:.1e}")
print(f"rows sum to 1 within {np.abs(softmax(random_logits).sum(axis=1) - 1).max():.1e}")

# %% [markdown]
# ## 5. Initialisation: where the weights start
#
# Training improves the weights step by step, but they must start somewhere, and not
# anywhere. To look inside: the forward pass returning every Dense layer's output before
# ReLU, on parameters in Keras's `get_weights()` order (kernel 1, bias 1, ..., bias 4).


# %%
def pre_activations(x, params):
    """[z1, z2, z3, logits]: each Dense layer's output, with ReLU between the layers."""
    outputs, values = [], x
    for kernel, bias in zip(params[0::2], params[1::2]):
        z = dense_forward(values, kernel, bias)
        outputs.append(z)
        values = relu(z)
    return outputs


def make_params(kernel_of, layer_sizes=config.LAYER_SIZES):
    """[kernel 1, bias 1, ...]: kernel_of(fan_in, fan_out) for every layer, biases 0."""
    pairs = itertools.pairwise(layer_sizes)  # (784, 32), (32, 16), ...
    return [a for n_in, n_out in pairs for a in (kernel_of(n_in, n_out), np.zeros(n_out))]


def root_mean_squares(x, params):
    """The spread of the input and of each Dense layer's output: sqrt(mean(values**2))."""
    return [float(np.sqrt((values**2).mean())) for values in [x, *pre_activations(x, params)]]


def spread_table(params_by_label):
    """Print each network's spreads layer by layer, and the mean of its largest probability."""
    spreads = {}
    for label, params in params_by_label.items():
        spreads[label] = root_mean_squares(x, params)
        largest = softmax(pre_activations(x, params)[-1]).max(axis=1).mean()
        shown = "  ".join(f"{number:.3g}" for number in spreads[label])
        print(f"{label:>20}: spreads {shown}; mean largest probability {largest:.3f}")
    return spreads


layer_pairs = list(itertools.pairwise(config.LAYER_SIZES))
layer_names = ["x", "z1", "z2", "z3", "logits"]

# %% [markdown]
# **All weights equal: every unit is the same unit.** Start every weight at the same
# number (0, or 0.01) and every bias at 0. The 32 units of the first layer then compute
# the same weighted sum of the same pixels, so they output the same number; so do the 16
# units above them, and so on. Measured on the 1,000 digits: the largest spread between
# the units of a layer, for any one image:

# %%
for constant in (0.0, 0.01):
    params = make_params(lambda n_in, n_out, value=constant: np.full((n_in, n_out), value))
    spreads = [float(np.ptp(z, axis=1).max()) for z in pre_activations(x, params)]
    print(f"all weights {constant}: largest spread across the units, layer by layer {spreads}")

# %% [markdown]
# The spread is exactly 0: each layer is one unit copied 32 times (16, 8, and 10 in the
# output). Training cannot undo it: swapping two units leaves the output unchanged, so the
# gradient (lesson 4) gives them equal updates and they stay equal. With zeros every ReLU
# outputs 0 and the logits are all 0. Random weights break the symmetry.
#
# **Random, but how large?** Draw every weight from the uniform distribution
# $U(-r, r)$, the same $r$ for all four layers, and measure the spread of the values
# (their root mean square) layer by layer on the 1,000 digits. Predict first: for
# $r = 0.01$, $0.1$ and $1$, does the spread grow, shrink, or stay from layer to layer?


# %%
def uniform_params(limit_of, layer_sizes=config.LAYER_SIZES):
    """Kernels from U(-limit, limit), limit = limit_of(fan_in, fan_out), drawn from seed."""
    generator = np.random.default_rng(seed)

    def kernel(fan_in, fan_out):
        limit = limit_of(fan_in, fan_out)
        return generator.uniform(-limit, limit, (fan_in, fan_out))

    return make_params(kernel, layer_sizes)


limits = {f"U(-{r}, {r})": uniform_params(lambda *_, limit=r: limit) for r in (0.01, 0.1, 1)}
same_limit = spread_table(limits)
plots.activation_spread(same_limit, layer_names)

# %% [markdown]
# With $r = 0.01$ the values shrink layer after layer (**vanish**): the logits are
# almost 0, the probabilities all 0.1, and, as lesson 4 will show, the gradients vanish
# with them. With $r = 1$ they grow (**explode**): softmax puts nearly all the
# probability on one digit, confidently and at random. No single $r$ suits every layer:
# the first layer sums 784 products, the last only 8.
#
# **Keep the spread: Glorot's limit.** Notation first: $E[u]$, the **expectation** of a
# random quantity $u$, is its mean over very many draws (of the weights, and over the
# images). $E[u^2]$ is its mean square, and when $E[u] = 0$ its **variance**. $E$ is
# linear, and for independent $u$, $u'$ it factors: $E[u\,u'] = E[u]\,E[u']$.
#
# Take one unit of a layer with bias 0, $z_j = \sum_{i=1}^{n_\mathrm{in}} x_i W_{ij}$, and
# draw the weights independently of each other and of $x$, with mean $E[W_{ij}] = 0$ and
# variance $E[W_{ij}^2] = \sigma^2$. Squaring gives
# $z_j^2 = \sum_i \sum_k x_i x_k W_{ij} W_{kj}$; in the expectation the cross terms
# ($i \ne k$) vanish, since they factor into $E[x_i x_k]\, E[W_{ij}]\, E[W_{kj}] = 0$,
# leaving
#
# $$E[z_j^2] = \sum_{i} E[x_i^2]\, E[W_{ij}^2] = n_\mathrm{in}\; \sigma^2\; E[x^2],$$
#
# with $E[x^2]$ the mean square of the layer's inputs (Glorot and Bengio assume inputs
# of mean 0; pixels and ReLU outputs are not, so we track the mean square: for the
# pixels, the "mean of x squared" of section 1). To keep the spread **forward**,
# $E[z^2] = E[x^2]$, we need $n_\mathrm{in}\,\sigma^2 = 1$. Going **backward** (lesson
# 4), the gradient with respect to $x_i$ is $\sum_j W_{ij} g_j$ ($g_j$ being the
# gradient with respect to $z_j$), a sum over the $n_\mathrm{out}$ units, so the same
# argument asks for $n_\mathrm{out}\,\sigma^2 = 1$. Both hold only when
# $n_\mathrm{in} = n_\mathrm{out}$; Glorot and Bengio (2010) take the compromise
#
# $$\sigma^2 = \frac{2}{n_\mathrm{in} + n_\mathrm{out}} .$$
#
# A uniform $U(-l, l)$ has mean 0 and variance
# $\int_{-l}^{l} w^2 \tfrac{1}{2l}\, dw = \tfrac{l^2}{3}$. Setting $l^2 / 3 = \sigma^2$
# gives **Glorot's uniform limit**, Keras's default for every Dense kernel:
#
# $$l = \sqrt{\frac{6}{n_\mathrm{in} + n_\mathrm{out}}} .$$
#
# Two numerical checks of the derivation: the variance of a uniform, and the forward rule
# $E[z^2] = n_\mathrm{in}\,\sigma^2 E[x^2]$ on real digits (one kernel with $l = 0.1$):

# %%
draws = rng.uniform(-0.5, 0.5, size=1_000_000)
print(f"Var(U(-0.5, 0.5)): measured {draws.var():.5f}, l**2 / 3 = {0.5**2 / 3:.5f}")
z = x @ rng.uniform(-0.1, 0.1, size=(config.NUM_PIXELS, config.HIDDEN_UNITS[0]))
predicted = config.NUM_PIXELS * 0.1**2 / 3 * mean_square_x
print(f"E[z**2]: measured {(z**2).mean():.4f}, fan_in * sigma**2 * E[x**2] = {predicted:.4f}")
print("Glorot's limits:", [round(math.sqrt(6 / sum(pair)), 4) for pair in layer_pairs])

# %% [markdown]
# **Exercise.** Write `glorot_uniform(fan_in, fan_out, rng)`: a `(fan_in, fan_out)` kernel
# drawn from $U(-l, l)$, Glorot's limit, with the generator `rng` passed in. The check
# tests shape, dtype, range $\pm l$, a uniform's spread, and that the draw uses `rng`.


# %% tags=["exercise"]
def glorot_uniform(fan_in, fan_out, rng):
    """A (fan_in, fan_out) float64 kernel from U(-limit, limit), limit sqrt(6/(fan_in+fan_out))."""
    raise NotImplementedError("your code here")


# %%
check("glorot_uniform", glorot_uniform)
glorot_uniform = use("glorot_uniform", glorot_uniform)

# %% [markdown]
# **The network's initialisation** with your `glorot_uniform` and zero biases, as Keras
# does; then the spreads for Glorot's limit and limits 4 and 16 times too small or too
# large. Predict first: scaling every kernel by 4, how much does the logits' spread grow?


# %%
def init_params(layer_sizes, rng, scale=1.0):
    """[kernel 1, bias 1, ...]: kernels from glorot_uniform (times scale), biases 0."""
    return make_params(lambda n_in, n_out: scale * glorot_uniform(n_in, n_out, rng), layer_sizes)


scales = {"÷ 16": 1 / 16, "÷ 4": 1 / 4, "": 1.0, "× 4": 4.0, "× 16": 16.0}
scaled = spread_table({f"Glorot's limit {name}".strip():
                       init_params(config.LAYER_SIZES, np.random.default_rng(seed), scale)
                       for name, scale in scales.items()})  # fmt: skip
plots.activation_spread(scaled, layer_names)

# %% [markdown]
# Scaling every kernel by $s$ multiplies the spread by about $s$ at each layer, so by
# $s^4$ at the logits. With Glorot's limit the spread stays of the order of the input's,
# each layer changing it by the factor the derivation gives: ReLU sets about half of each layer's
# outputs to 0, halving the mean square ($E[a^2] \approx E[z^2] / 2$ for $z$ symmetric
# about 0), so a layer
# multiplies the mean square by $n_\mathrm{in}\,\sigma^2 / 2 = n_\mathrm{in} /
# (n_\mathrm{in} + n_\mathrm{out})$, and the first layer (no ReLU before it) by
# $2\,n_\mathrm{in} / (n_\mathrm{in} + n_\mathrm{out})$. Predicted against measured:

# %%
predicted = [math.sqrt(mean_square_x)]
for number, (fan_in, fan_out) in enumerate(layer_pairs):
    factor = 2 * fan_in / (fan_in + fan_out) if number == 0 else fan_in / (fan_in + fan_out)
    predicted.append(predicted[-1] * math.sqrt(factor))
for name, guess, measured in zip(layer_names, predicted, scaled["Glorot's limit"]):
    print(f"{name:>6}: predicted {guess:.4f}, measured {measured:.4f} "
          f"({measured / guess - 1:+.0%})")  # fmt: skip

# %% [markdown]
# The prediction assumed each $z$ symmetric about 0 and the units independent; with 32,
# 16 and 8 units per layer that holds only roughly, and the printed gaps say how roughly.
#
# ## 6. The whole forward pass, and the same answer as Keras
#
# Your pieces make the network: Dense and ReLU three times, a last Dense layer giving the
# logits, softmax. Here it is, in full:


# %%
def forward(x, params):
    """(B, 784) pixels -> (B, 10) probabilities; params in Keras's get_weights() order."""
    kernels, biases, values = params[0::2], params[1::2], x
    for kernel, bias in zip(kernels[:-1], biases[:-1]):
        values = relu(dense_forward(values, kernel, bias))  # (B, 32), (B, 16), (B, 8)
    logits = dense_forward(values, kernels[-1], biases[-1])  # (B, 10): no ReLU here
    return softmax(logits)


params = init_params(config.LAYER_SIZES, np.random.default_rng(seed))
probabilities = forward(x, params)
print("shapes:", [p.shape for p in params], "->", probabilities.shape)
print(f"rows sum to 1 within {np.abs(probabilities.sum(axis=1) - 1).max():.1e}")

# %% [markdown]
# **Against Keras.** Build lesson 2's Keras model in float64 and copy its weights into
# yours: `model.get_weights()` returns exactly the list `forward` takes (kernel 1, bias 1,
# ..., each kernel `(fan_in, fan_out)`), so the copy needs no transposes. Then feed both
# the same 1,000 test digits. Predict first: how many of them does this untrained
# network get right?

# %%
model = keras_mlp.build_model(dtype="float64", seed=seed)
keras_params = model.get_weights()
test_images = scale_pixels(data.x_test[:num_images], np.float64)  # (1000, 28, 28)
ours = forward(flatten_images(test_images), keras_params)
theirs = model(test_images).numpy()
print(f"largest difference from Keras's probabilities: {np.abs(ours - theirs).max():.1e}")
print("same predicted digit for every image:", bool((ours.argmax(1) == theirs.argmax(1)).all()))
predictions = ours.argmax(axis=1)
print(f"accuracy of the untrained network: {(predictions == data.y_test[:num_images]).mean():.1%}")
favourite = np.bincount(predictions, minlength=config.NUM_CLASSES).argmax()
print(f"it answers {favourite} for {(predictions == favourite).mean():.0%} of the images")
logits = pre_activations(flatten_images(test_images), keras_params)[-1]  # (1000, 10)
print(f"logits: spread between the classes' means {logits.mean(axis=0).std():.3f}, ", end="")
print(f"from image to image {logits.std(axis=0).mean():.3f}")
plots.digits(test_images[:20], data.y_test[:20], predictions[:20], title="untrained: guesses")

# %% [markdown]
# The same probabilities, to float64's rounding. Untrained, the network guesses, about 1
# in 10 right, and one digit wins most guesses: the logits differ more from class to
# class (the same for every image) than from image to image.

# %% [markdown]
# **The reference implementation** (`mnist_course/numpy_mlp/`) computes the same forward
# pass with the same functions (`functional.py`), organised for speed: all its 25,874
# parameters live in **one flat vector**, each layer's kernel and bias views into it, so
# that an optimiser updates them all in a few vector operations. Below: its forward
# pass against yours, both with Keras's weights, and its initialisation against yours.

# %%
reference = MLP(dtype="float64", seed=seed)
reference_init = reference.get_weights()  # the reference's own Glorot draw
keras_to_numpy(model, reference)  # a plain copy, with a check that every array fits
gap = np.abs(reference.predict_proba(flatten_images(test_images)) - ours).max()
print(f"reference vs yours, Keras's weights: largest difference {gap:.1e}")
same_bits = all(np.array_equal(a, b) for a, b in zip(reference_init, params))
print(f"init_params(seed {seed}) equals MLP(seed={seed})'s first weights bit for bit: {same_bits}")

# %% [markdown]
# They are bitwise equal when `glorot_uniform` draws with
# `rng.uniform(-limit, limit, size=(fan_in, fan_out))`, as the reference does. (A right
# answer that draws differently gives another, equally good, network; Keras draws its
# initial weights from TensorFlow's generator.)
#
# ## Summary
#
# - A batch is a $(B, 784)$ matrix; a Dense layer is $Z = XW + b$, kernel
#   $(n_\mathrm{in}, n_\mathrm{out})$, bias added to every row.
# - Stacked Dense layers without a non-linearity are one affine map; ReLU breaks that.
# - Softmax subtracts each row's maximum: every exponential at most 1, every denominator
#   at least 1, so no overflow and no $0/0$.
# - Equal weights make equal units; too small or too large weights make the values
#   vanish or explode; Glorot's $\sqrt{6 / (n_\mathrm{in} + n_\mathrm{out})}$, a forward-
#   backward compromise, keeps their spread of the input's order over four layers, not 20.
# - Your `forward(x, params)`, with Keras's weights, gives Keras's probabilities.
#
# ## Experiments
#
# Change one thing, predict what happens, run the cell, explain what you see.
#
# **1. He initialisation, and depth.** He et al. (2015) draw from
# $U(\pm\sqrt{6 / n_\mathrm{in}})$, twice Glorot's variance when $n_\mathrm{in} =
# n_\mathrm{out}$. From section 5's derivation (ReLU halves the mean square), predict the
# spread layer by layer with each, in 20 layers of 32 units. Which would you pick for a
# deep ReLU network, and why does it hardly matter for this course's 4 layers?

# %%
deep_sizes = (config.NUM_PIXELS, *[32] * 20)
glorot = uniform_params(lambda fan_in, fan_out: math.sqrt(6 / (fan_in + fan_out)), deep_sizes)
he = uniform_params(lambda fan_in, fan_out: math.sqrt(6 / fan_in), deep_sizes)
spreads = {"Glorot": root_mean_squares(x, glorot), "He": root_mean_squares(x, he)}
for name, spread in spreads.items():
    print(f"{name:6} spread of z20: {spread[-1]:.2e} ({spread[-1] / spread[0]:.2g} times x's)")
plots.activation_spread(spreads, ["x", *[f"z{n}" for n in range(1, 21)]])

# %% [markdown]
# **2. Softmax in float32**, Keras's default. Predict the
# smallest logit for which the literal formula fails in float32, and whether your
# `softmax` still works on logits of $10^4$. Run it, then change the logits to find the edge.

# %%
print("Keras's default float type:", keras.config.floatx())
for scale in (50.0, 100.0, 1e4):
    logits_32 = np.array([[scale, scale - 1, 0.0]], dtype=np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        literal = np.exp(logits_32) / np.exp(logits_32).sum()
    print(f"logits {logits_32[0]}: literal {literal[0]}, yours {softmax(logits_32)[0]}")

# %% [markdown]
# **3. Is a batch the same as its rows?** Row $i$ of $XW + b$ depends only on row $i$ of
# $X$. Is `forward` on 100 images, bit for bit, `forward` on each image alone? Predict:
# exactly equal; equal but for float64 rounding ($10^{-16}$ relative) in a few numbers;
# or in most of them. (Hint: does the linear-algebra library add the 784 products in the
# same order for one row as for a block of rows? It is free to do either.)

# %%
for name, network in (
    ("z1", lambda rows: dense_forward(rows, *keras_params[:2])),
    ("probabilities", lambda rows: forward(rows, keras_params)),
):
    batch = network(x[:100])
    one_by_one = np.concatenate([network(x[i : i + 1]) for i in range(100)])
    gap = np.abs(batch - one_by_one).max()
    print(
        f"{name}: {(batch != one_by_one).mean():.0%} of {batch.size:,} differ, by at most {gap:.1e}"
    )
same = (forward(x[:100], keras_params).argmax(1) == one_by_one.argmax(1)).all()
print(f"same predicted digit for all 100: {bool(same)}")
