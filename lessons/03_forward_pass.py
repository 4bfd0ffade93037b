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
# - write `dense_forward`, `relu` and a stable `softmax` yourself, and see why the network
#   needs ReLU (without it, all its layers are one affine map) and why softmax subtracts
#   the largest logit;
# - derive Glorot's initialisation from keeping the spread of the values layer after
#   layer, write `glorot_uniform`, and watch too small or too large weights make the
#   values vanish or explode;
# - assemble your pieces into the whole network's forward pass and get the same
#   probabilities as the Keras model, once its weights are copied into yours.
#
# Each piece follows the same four steps: derive it, write it (an exercise cell: replace
# the `raise` with your code), check it (`check(...)`), then use it: from then on the
# lesson runs on **your** function, or on the course's until yours passes (`use` says
# which, in one line). `hint("relu")` gives a hint, `solution("relu")` one answer.

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

# %%
num_images = 1000
x = flatten_images(scale_pixels(data.x_train[:num_images], np.float64))  # (1000, 784)
labels = data.y_train[:num_images]
print(f"x: shape {x.shape}, dtype {x.dtype}, values in [{x.min()}, {x.max()}]")
print(f"{(x == 0).mean():.0%} of the pixels are 0; mean pixel {x.mean():.3f}")
mean_square_x = float((x**2).mean())  # used in section 5
print(f"mean of x squared: {mean_square_x:.4f}")
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
# with its shape ($B$ is the batch size; the loss comes in lesson 4):

# %%
plots.network_graph()


# %% [markdown]
# **Exercise.** Write `dense_forward(x, kernel, bias)`: the formula above, for a whole
# batch, in one line of NumPy.


# %% tags=["exercise"]
def dense_forward(x, kernel, bias):
    """(batch, fan_in) @ (fan_in, fan_out) + (fan_out,) -> (batch, fan_out)."""
    raise NotImplementedError("your code here")


# %%
check("dense_forward", dense_forward)

# %%
dense_forward = use("dense_forward", dense_forward)

# %% [markdown]
# **Check it against the definition.** The formula for one unit, written as loops over
# images, units and pixels, must give the same numbers as the matrix product. (Any
# weights will do here; section 5 is about choosing them.)


# %%
def dense_loops(x, kernel, bias):
    """z[b, j] = sum_i x[b, i] * kernel[i, j] + bias[j], one number at a time."""
    batch, fan_in = x.shape
    fan_out = kernel.shape[1]
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
loop_seconds = (time.perf_counter() - start) / 3
start = time.perf_counter()
z_matrix = dense_forward(x, kernel, bias)  # all 1,000 images
matrix_seconds = (time.perf_counter() - start) / len(x)
print(f"{x.shape} @ {kernel.shape} + {bias.shape} -> {z_matrix.shape}")
print(f"largest difference, loops vs matrix product: {np.abs(z_loops - z_matrix[:3]).max():.1e}")
print(
    f"per image: loops {loop_seconds * 1e3:.1f} ms, matrix product {matrix_seconds * 1e6:.1f} µs",
    end="",
)
print(f" ({loop_seconds / matrix_seconds:,.0f} times faster)")


# %% [markdown]
# The two agree to the rounding of float64 (they add the same products in a different
# order), and per image the matrix product is about a thousand times faster or more:
# NumPy hands it to an optimised linear-algebra library (the times depend on your
# machine and how busy it is).
#
# ## 3. ReLU, and why the network needs a non-linearity
#
# **Without one, depth buys nothing.** Feed one Dense layer into another:
#
# $$(X W_1 + b_1)\, W_2 + b_2 \;=\; X\,(W_1 W_2) + (b_1 W_2 + b_2).$$
#
# That is again a single Dense layer, with kernel $W_1 W_2$ of shape $(784, 16)$ and bias
# $b_1 W_2 + b_2$: **one affine map** (a matrix product *plus a bias*; a matrix product
# alone would miss the bias). However many layers we stack, without something
# non-linear between them the network can only draw straight boundaries between
# classes. Numerically, with random weights and biases:

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
# applied to every number on its own. It keeps positive values and sets negative ones
# to 0. Each hidden layer's output $Z$ goes through it: $A = \mathrm{ReLU}(Z)$, same shape.
#
# **Exercise.** Write `relu(z)`.


# %% tags=["exercise"]
def relu(z):
    """max(z, 0) elementwise; same shape and dtype; do not change z."""
    raise NotImplementedError("your code here")


# %%
check("relu", relu)

# %%
relu = use("relu", relu)

# %% [markdown]
# **Check that ReLU breaks the collapse.** An affine map $f$ satisfies
# $f\big(\tfrac{x + x'}{2}\big) = \tfrac{f(x) + f(x')}{2}$ for any two inputs. Take two
# real digits and measure how far each network is from that:


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

# %% [markdown]
# Where does ReLU bite? Left, its graph; right, the first layer's 32 outputs on the 1,000
# digits (the weights above): the grey part is set to 0.

# %%
plots.relu_and_pre_activations(dense_forward(x, kernel_1, bias_1))

# %% [markdown]
# ## 4. Softmax, and why it subtracts the largest logit
#
# The last Dense layer has 10 units, one per digit. Its outputs are called the
# **logits**: 10 real numbers per image, any sign, any size, larger meaning "more likely".
# They are the inputs of **softmax**, which turns each row $z$ of logits into 10
# probabilities, positive and summing to 1:
#
# $$\mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{10} e^{z_j}}, \qquad k = 1, \dots, 10.$$
#
# **Written literally it breaks.** A float64 holds numbers up to about $1.8 \times
# 10^{308}$, so $e^{z}$ overflows to infinity once $z > \ln(1.8 \times 10^{308}) \approx
# 709.8$ (float32: $z > 88.7$); then the fraction is $\infty / \infty$, which is NaN:

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
# $e^0 = 1$: nothing overflows. And the sum in the denominator is **at least 1**,
# because one of its terms is the largest logit's, $e^{m - m} = e^0 = 1$. So the
# denominator can never underflow to 0, and there is no $0/0$. Small terms may underflow
# to 0 in the numerator; that is harmless, those probabilities really are below
# $10^{-308}$.
#
# **Exercise.** Write `softmax(logits)`, row by row, with the maximum subtracted.


# %% tags=["exercise"]
def softmax(logits):
    """Probabilities along each row of (batch, classes) logits, stable for huge logits."""
    raise NotImplementedError("your code here")


# %%
check("softmax", softmax)

# %%
softmax = use("softmax", softmax)

# %% [markdown]
# **Check the derivation.** On the logits that broke the literal formula, on a shift of
# every logit by 1,000 (which must change nothing), and the sums of the rows:

# %%
print("softmax of [1000, 999, 0]:", softmax(logits))
random_logits = rng.normal(size=(5, config.NUM_CLASSES)) * 3
shift_gap = np.abs(softmax(random_logits + 1000) - softmax(random_logits)).max()
print(f"softmax(z + 1000) vs softmax(z): largest difference {shift_gap:.1e}")
print(f"rows sum to 1 within {np.abs(softmax(random_logits).sum(axis=1) - 1).max():.1e}")

# %% [markdown]
# ($e/(1 + e) = 0.731$ and $1/(1 + e) = 0.269$: the two large logits differ by 1, and the
# third is $e^{-1000}$ times smaller than the largest, which underflows to exactly 0.)
#
# ## 5. Initialisation: where the weights start
#
# Training (lessons 4 to 6) improves the weights step by step, but they must start
# somewhere, and not anywhere. To look inside the network, here is the forward pass
# written once with your pieces, returning every Dense layer's output before ReLU. The
# parameters are a list in Keras's `get_weights()` order: kernel 1, bias 1, ..., kernel
# 4, bias 4.


# %%
def pre_activations(x, params):
    """[z1, z2, z3, logits]: each Dense layer's output, with ReLU between the layers."""
    outputs = []
    values = x
    for kernel, bias in zip(params[0::2], params[1::2]):
        z = dense_forward(values, kernel, bias)
        outputs.append(z)
        values = relu(z)
    return outputs


layer_pairs = list(itertools.pairwise(config.LAYER_SIZES))  # (784, 32), (32, 16), ...
layer_names = ["x", "z1", "z2", "z3", "logits"]

# %% [markdown]
# **All weights equal: every unit is the same unit.** Start every weight at the same
# number (0, or 0.01) and every bias at 0. The 32 units of the first layer then compute
# the same weighted sum of the same pixels, so they output the same number; so do the 16
# units above them, and so on. Measured on the 1,000 digits: the largest spread between
# the units of a layer, for any one image:

# %%
for constant in (0.0, 0.01):
    params = []
    for fan_in, fan_out in layer_pairs:
        params += [np.full((fan_in, fan_out), constant), np.zeros(fan_out)]
    spreads = [float(np.ptp(z, axis=1).max()) for z in pre_activations(x, params)]
    print(f"all weights {constant}: largest spread across the units, layer by layer {spreads}")

# %% [markdown]
# The spread is exactly 0: in each layer, one unit copied 32 (16, 8) times. Training
# cannot undo it. Swapping two units of a layer (their incoming and outgoing weights)
# leaves this network's output unchanged, so the loss is symmetric in the two units and
# its gradient gives them equal updates (lesson 4 computes it): they stay equal forever.
# With zeros it is worse still: every ReLU outputs 0, and the logits are all 0 for every
# image. Random weights break the symmetry.
#
# **Random, but how large?** Draw every weight from the uniform distribution
# $U(-r, r)$, the same $r$ for all four layers, and measure the spread of the values
# (their root mean square) layer by layer on the 1,000 digits:


# %%
def show(numbers):
    return "  ".join(f"{number:.3g}" for number in numbers)


def root_mean_squares(x, params):
    """The spread of the input and of each Dense layer's output: sqrt(mean(values**2))."""
    return [float(np.sqrt((values**2).mean())) for values in [x, *pre_activations(x, params)]]


def uniform_params(limit, rng):
    """Every kernel from U(-limit, limit), the same limit for all layers; biases 0."""
    params = []
    for fan_in, fan_out in layer_pairs:
        params += [rng.uniform(-limit, limit, size=(fan_in, fan_out)), np.zeros(fan_out)]
    return params


same_limit = {}
for limit in (0.01, 0.1, 1.0):
    params = uniform_params(limit, np.random.default_rng(seed))
    label = f"U(-{limit}, {limit}) in every layer"
    same_limit[label] = root_mean_squares(x, params)
    largest = softmax(pre_activations(x, params)[-1]).max(axis=1).mean()
    print(
        f"r = {limit:<4}: spreads {show(same_limit[label])}; mean largest probability {largest:.3f}"
    )
plots.activation_spread(same_limit, layer_names)

# %% [markdown]
# With $r = 0.01$ the values shrink layer after layer (**vanish**): the logits are
# almost 0, the probabilities all 0.1, and, as lesson 4 will show, the gradients vanish
# with them. With $r = 1$ they grow (**explode**): the logits are large, softmax puts
# nearly all the probability on one digit, confidently and at random. And no single $r$
# suits every layer, because the first layer sums 784 products and the last only 8.
#
# **Keep the spread: Glorot's limit.** One piece of notation first. For a quantity $u$
# that depends on random draws, $E[u]$, its **expectation**, is its average over the
# draws: the mean of $u$ over very many repetitions (here, over many draws of the
# weights and over the images). So $E[u^2]$ is the mean square of $u$, and when
# $E[u] = 0$ it is also the **variance** of $u$, the square of its spread. Expectation
# is linear ($E[u + u'] = E[u] + E[u']$), and for independent $u$ and $u'$ it factors:
# $E[u\,u'] = E[u]\,E[u']$.
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
# with $E[x^2]$ the mean square of the layer's inputs, averaged over the $n_\mathrm{in}$
# inputs (their variance, when they have mean 0 as Glorot and Bengio assume; pixels and
# ReLU outputs do not, so the course tracks the mean square; for the pixels it is the
# "mean of x squared" printed in section 1). To keep the spread **forward**,
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
for fan_in, fan_out in layer_pairs:
    print(f"layer {fan_in:>3} -> {fan_out:>2}: limit {math.sqrt(6 / (fan_in + fan_out)):.4f}")

# %% [markdown]
# **Exercise.** Write `glorot_uniform(fan_in, fan_out, rng)`: a `(fan_in, fan_out)`
# kernel of independent draws from $U(-l, l)$ with Glorot's limit, taken from the
# generator `rng` passed in (so that one seed gives one network). The check cannot
# compare your random numbers with fixed ones: it checks the shape and dtype, that every
# weight lies within $\pm l$, that they are spread as a uniform is, and that the draw
# comes from `rng` (the same seed gives the same kernel, another seed another).


# %% tags=["exercise"]
def glorot_uniform(fan_in, fan_out, rng):
    """A (fan_in, fan_out) float64 kernel from U(-limit, limit), limit sqrt(6/(fan_in+fan_out))."""
    raise NotImplementedError("your code here")


# %%
check("glorot_uniform", glorot_uniform)

# %%
glorot_uniform = use("glorot_uniform", glorot_uniform)

# %% [markdown]
# **The network's initialisation**, written with your `glorot_uniform`: every kernel from
# Glorot's uniform, every bias 0, as Keras does. Then the spreads layer by layer, for
# Glorot's limit and for limits 4 and 16 times too small or too large:


# %%
def init_params(layer_sizes, rng, scale=1.0):
    """[kernel 1, bias 1, ...]: kernels from glorot_uniform (times scale), biases 0."""
    params = []
    for fan_in, fan_out in itertools.pairwise(layer_sizes):
        params.append(scale * glorot_uniform(fan_in, fan_out, rng))
        params.append(np.zeros(fan_out))
    return params


scales = {
    "Glorot's limit ÷ 16": 1 / 16,
    "Glorot's limit ÷ 4": 1 / 4,
    "Glorot's limit": 1.0,
    "Glorot's limit × 4": 4.0,
    "Glorot's limit × 16": 16.0,
}
scaled = {}
for label, scale in scales.items():
    params = init_params(config.LAYER_SIZES, np.random.default_rng(seed), scale)
    scaled[label] = root_mean_squares(x, params)
    largest = softmax(pre_activations(x, params)[-1]).max(axis=1).mean()
    print(f"{label:>20}: spreads {show(scaled[label])}; mean largest probability {largest:.3f}")
plots.activation_spread(scaled, layer_names)

# %% [markdown]
# Scaling every kernel by $s$ multiplies the spread by about $s$ at each layer, so by
# $s^4$ at the logits: the lines fan out layer by layer. With Glorot's limit the spread
# stays of the order of the input's. It still drifts down a little, and the derivation
# says by how much: ReLU sets about half of each layer's outputs to 0, halving the mean
# square ($E[a^2] \approx E[z^2] / 2$ when $z$ is symmetric about 0), so a layer
# multiplies the mean square by $n_\mathrm{in}\,\sigma^2 / 2 = n_\mathrm{in} /
# (n_\mathrm{in} + n_\mathrm{out})$, and the first layer (no ReLU before it) by
# $2\,n_\mathrm{in} / (n_\mathrm{in} + n_\mathrm{out})$. Predicted against measured:

# %%
predicted = [math.sqrt(mean_square_x)]
for number, (fan_in, fan_out) in enumerate(layer_pairs):
    factor = 2 * fan_in / (fan_in + fan_out) if number == 0 else fan_in / (fan_in + fan_out)
    predicted.append(predicted[-1] * math.sqrt(factor))
for name, guess, measured in zip(layer_names, predicted, scaled["Glorot's limit"]):
    print(f"{name:>6}: predicted {guess:.4f}, measured {measured:.4f}")

# %% [markdown]
# ## 6. The whole forward pass, and the same answer as Keras
#
# Your pieces make the network: Dense and ReLU three times, a last Dense layer giving the
# logits, softmax. Here it is, in full:


# %%
def forward(x, params):
    """(B, 784) pixels -> (B, 10) probabilities; params in Keras's get_weights() order."""
    kernels, biases = params[0::2], params[1::2]
    values = x
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
# the same 1,000 test digits:

# %%
model = keras_mlp.build_model(dtype="float64", seed=seed)
keras_params = model.get_weights()
test_images = scale_pixels(data.x_test[:num_images], np.float64)  # (1000, 28, 28)
ours = forward(flatten_images(test_images), keras_params)
theirs = model(test_images).numpy()
print(f"largest difference from Keras's probabilities: {np.abs(ours - theirs).max():.1e}")
print("same predicted digit for every image:", bool((ours.argmax(1) == theirs.argmax(1)).all()))

# %% [markdown]
# The same probabilities, to the rounding of float64: the two compute the same function,
# only adding in a different order. The network is untrained, so its answers are
# guesses, about 1 in 10 right. Nor are they varied: one digit wins most of them, since
# the logits differ more from class to class (the same for every image) than from image
# to image.

# %%
predictions = ours.argmax(axis=1)
print(f"accuracy of the untrained network: {(predictions == data.y_test[:num_images]).mean():.1%}")
favourite = np.bincount(predictions, minlength=config.NUM_CLASSES).argmax()
print(f"it answers {favourite} for {(predictions == favourite).mean():.0%} of the images")
logits = pre_activations(flatten_images(test_images), keras_params)[-1]  # (1000, 10)
print(f"logits: spread between the classes' means {logits.mean(axis=0).std():.3f}, ", end="")
print(f"from image to image {logits.std(axis=0).mean():.3f}")
plots.digits(test_images[:20], data.y_test[:20], predictions[:20], title="untrained: guesses")

# %% [markdown]
# **The reference implementation** lives in `mnist_course/numpy_mlp/`: `functional.py`
# holds the same functions you wrote (plus the backward ones of lesson 4), `layers.py`
# and `model.py` chain them in an `MLP` class, `optim.py` and `train.py` train it. It
# computes the same forward pass, organised for speed rather than reading: all its
# parameters (25,874, counted below) live in **one flat vector**, and each layer's
# kernel and bias are views into it, so the optimiser updates everything with a few
# vector operations instead of a loop over eight arrays; its backward pass skips the
# gradient with respect to the images (`need_grad_x=False` on the first layer, the
# largest product); and its Adam (lesson 5) flushes numbers too small for float32's
# normal range to 0. Below: its forward pass against yours, both with Keras's weights,
# and its initialisation against your `init_params`.

# %%
reference = MLP(dtype="float64", seed=seed)
reference_init = reference.get_weights()  # the reference's own Glorot draw
keras_to_numpy(model, reference)  # a plain copy, with a check that every array fits
gap = np.abs(reference.predict_proba(flatten_images(test_images)) - ours).max()
print(f"reference vs yours, Keras's weights: largest difference {gap:.1e}")
same_bits = all(np.array_equal(a, b) for a, b in zip(reference_init, params))
print(
    f"init_params(seed {seed}) equals MLP(seed={seed})'s initial weights bit for bit: {same_bits}"
)
print(f"parameters: {sum(array.size for array in reference_init):,}")

# %% [markdown]
# The initial weights are bitwise equal when `glorot_uniform` draws with
# `rng.uniform(-limit, limit, size=(fan_in, fan_out))`, as the reference does: the same
# generator, the same numbers in the same order. (A right answer that draws differently,
# say `rng.random` scaled, gives another equally good network; Keras's own initial
# weights come from TensorFlow's generator, not NumPy's.)
#
# ## Summary
#
# - A batch is a $(B, 784)$ matrix; a Dense layer is $Z = XW + b$, kernel
#   $(n_\mathrm{in}, n_\mathrm{out})$, bias added to every row; a loop over units and
#   pixels gives the same numbers, about a thousand times slower or more.
# - Without a non-linearity, stacked Dense layers are one affine map; ReLU,
#   $\max(z, 0)$, breaks that.
# - Softmax turns logits into probabilities; subtracting each row's maximum makes every
#   exponential at most 1 and every denominator at least 1: no overflow, no $0/0$.
# - Equal weights make equal units (symmetry); weights too small or too large make the
#   values vanish or explode layer by layer; Glorot's $\sqrt{6 / (n_\mathrm{in} +
#   n_\mathrm{out})}$ keeps their spread, forward and backward, as a compromise.
# - Your `forward(x, params)`, with Keras's weights, gives Keras's probabilities.
#
# ## Experiments
#
# Change one thing, predict what happens, run the cell, explain what you see.
#
# **1. He initialisation, and depth.** He et al. (2015) draw from
# $U(-\sqrt{6 / n_\mathrm{in}}, +\sqrt{6 / n_\mathrm{in}})$, twice Glorot's variance
# when $n_\mathrm{in} = n_\mathrm{out}$. From section 5's derivation (ReLU halves the mean square),
# predict how the spread behaves layer by layer with each, in a network of 20 layers of
# 32 units. Run the cell. Which would you pick for a deep ReLU network, and why does the
# difference hardly matter for this course's 4 layers?

# %%
deep_sizes = (config.NUM_PIXELS, *[32] * 20)
deep_names = ["x", *[f"z{n}" for n in range(1, 21)]]


def deep_spreads(limit_of):
    generator = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in itertools.pairwise(deep_sizes):
        limit = limit_of(fan_in, fan_out)
        params += [generator.uniform(-limit, limit, (fan_in, fan_out)), np.zeros(fan_out)]
    return root_mean_squares(x, params)


plots.activation_spread(
    {
        "Glorot": deep_spreads(lambda fan_in, fan_out: math.sqrt(6 / (fan_in + fan_out))),
        "He": deep_spreads(lambda fan_in, fan_out: math.sqrt(6 / fan_in)),
    },
    deep_names,
)

# %% [markdown]
# **2. Softmax in float32.** Keras computes in float32 unless told otherwise (this lesson
# asked for float64). Predict the smallest logit for which the literal formula fails in float32, and
# whether your `softmax` still works on logits of $10^4$ in float32. Run it, then change
# the logits to find the edge.

# %%
print("Keras's default float type:", keras.config.floatx())
for scale in (50.0, 100.0, 1e4):
    logits_32 = np.array([[scale, scale - 1, 0.0]], dtype=np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        literal = np.exp(logits_32) / np.exp(logits_32).sum()
    print(f"logits {logits_32[0]}: literal {literal[0]}, yours {softmax(logits_32)[0]}")

# %% [markdown]
# **3. Is a batch the same as its rows?** Row $i$ of $XW + b$ depends only on row $i$ of
# $X$. So is `forward` on 100 images, bit for bit, the same as `forward` on each image
# alone? Predict one of three answers: exactly 0 everywhere; a difference of the order of
# float64's rounding ($10^{-16}$ relative) in a few numbers; or in most of them. Run the
# cell, which compares the first layer's outputs $z_1$ (100 x 32 numbers) and the
# probabilities, and explain what you get (hint: the sum over 784 pixels is the same
# sum in both cases, but does the linear-algebra library add its terms in the same order
# for one row as for a block of rows? Exactly 0 would mean it does, on your machine
# with your `dense_forward`; a library is free to do either).

# %%
first_kernel, first_bias = keras_params[0], keras_params[1]
z1_batch = dense_forward(x[:100], first_kernel, first_bias)
z1_alone = np.concatenate(
    [dense_forward(x[i : i + 1], first_kernel, first_bias) for i in range(100)]
)
differ = z1_batch != z1_alone
print(f"z1: {differ.mean():.0%} of the {differ.size:,} numbers differ in the last bits, ", end="")
print(f"by at most {np.abs(z1_batch - z1_alone).max():.1e}")
batch = forward(x[:100], keras_params)
one_by_one = np.concatenate([forward(x[i : i + 1], keras_params) for i in range(100)])
print(f"probabilities: largest difference {np.abs(batch - one_by_one).max():.1e}; ", end="")
print(f"same predicted digit for all 100: {bool((batch.argmax(1) == one_by_one.argmax(1)).all())}")
