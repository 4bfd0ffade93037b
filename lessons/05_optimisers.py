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
# Lesson 4 gave us the gradient of the loss with respect to every weight. This lesson
# turns gradients into steps. In this lesson you will:
#
# - derive gradient descent from a first-order Taylor expansion, and write `sgd_step`;
# - derive momentum as a running sum of past steps, and write `momentum_step`;
# - derive Adam from its two running means and their bias correction, and write `adam_step`;
# - race the three on real digits, over several seeds, and sweep the learning rate;
# - in an optional deep dive at the end, find exactly where Keras's Adam departs from
#   Kingma and Ba's, and by how much.

# %% [markdown]
# ## Setup

# %% tags=["setup"]
# The names your exercise answers can use; `mnist-course check` runs this cell too.
import math

import numpy as np

from mnist_course.exercises import check, hint, solution, use  # noqa: F401

# %% [markdown]
# The comparisons below train the network many times (three optimisers, several seeds,
# a dozen learning rates), so they use the first few thousand training digits and a few
# epochs: each run takes a fraction of a second (section 4 prints the time). Quick mode
# (`MNIST_COURSE_QUICK=1`) shrinks them further.

# %%
import time

from threadpoolctl import threadpool_limits

from mnist_course import config, course, keras_mlp, plots
from mnist_course.data import scale_pixels
from mnist_course.exercises.lesson_06_train_step import backward, forward
from mnist_course.keras_steps import (
    keras_adam_shortening,
    keras_momentum_weights,
    keras_step,
    step_difference,
    weights_difference,
)
from mnist_course.numpy_mlp import MLP
from mnist_course.numpy_mlp import functional as F

keras = keras_mlp.keras  # Keras as the course loads it: TensorFlow's settings come first

# One batch's matrices are small (32 x 784): one BLAS thread is faster than several.
threadpool_limits(1)

data = course.setup()
NUM_DIGITS = min(1_000 if course.quick() else 4_000, len(data.y_train))
NUM_EPOCHS = 1 if course.quick() else 4  # for the race; the sweep runs half as many
SEEDS = (0, 1) if course.quick() else (0, 1, 2)
BATCH_SIZE = config.DEFAULT_BATCH_SIZE
x = scale_pixels(data.x_train[:NUM_DIGITS], np.float64).reshape(NUM_DIGITS, config.NUM_PIXELS)
y = data.y_train[:NUM_DIGITS].astype(np.intp)
print(f"{NUM_DIGITS} digits, {NUM_EPOCHS} epochs of batches of {BATCH_SIZE}, seeds {SEEDS}")

# %% [markdown]
# ## 1. Gradient descent
#
# ### The loss to lower
#
# The network of lessons 3 and 4, as the course writes them (`forward` and `backward`,
# your functions' solutions): the batch's mean cross-entropy, and its gradient with
# respect to each of the eight parameter arrays, in `get_weights()` order.


# %%
def init_params(seed):
    """Lesson 3's init_params: Glorot-uniform kernels and zero biases (the reference's draw)."""
    return MLP(dtype="float64", seed=seed).get_weights()


def skip_first_grad_x(grad_y, layer_input, kernel):
    """dense_backward, skipping the first layer's input gradient, which nothing uses."""
    first = len(kernel) == config.NUM_PIXELS
    return F.dense_backward(grad_y, layer_input, kernel, need_grad_x=not first)


def loss_and_gradients(params, x, y):
    """The batch's mean cross-entropy, and its gradient w.r.t. each parameter (lesson 4)."""
    logits, cache = forward(x, params)
    grad_logits = F.cross_entropy_backward(logits, y)
    return F.cross_entropy(logits, y), backward(
        grad_logits, cache, params, F.relu_backward, skip_first_grad_x
    )


params = init_params(seed=0)
loss, grads = loss_and_gradients(params, x[:BATCH_SIZE], y[:BATCH_SIZE])
print(f"loss of the untrained network on one batch: {loss:.3f} (ln 10 = {math.log(10):.3f})")
print("gradient shapes:", [g.shape for g in grads])

# %% [markdown]
# ### Which way, and how far
#
# Put all 25,874 weights in one vector $w$, the loss $L(w)$, its gradient
# $g = \nabla L(w)$ (backpropagation's $g_i = \partial L / \partial w_i$). For a small
# change $d$ of the weights, the first-order Taylor expansion says
#
# $$L(w + d) \approx L(w) + g \cdot d .$$
#
# Choose the change against the gradient, $d = -\eta\, g$, with a small positive
# number $\eta$, the **learning rate**:
#
# $$L(w - \eta\, g) \approx L(w) - \eta\, g \cdot g = L(w) - \eta\, \lVert g \rVert^2 .$$
#
# $\lVert g \rVert^2$ is positive unless the gradient is zero, so a small enough step
# lowers the loss. And no direction does better: among changes of the same length
# $\lVert d \rVert$, Cauchy-Schwarz gives $g \cdot d \ge -\lVert g \rVert \lVert d
# \rVert$, with equality only for $d$ along $-g$. That is **gradient descent**:
#
# $$w \leftarrow w - \eta\, g .$$
#
# "Small enough" is the catch: the expansion drops a term
# $\tfrac12 \eta^2\, g^\top H g$, where $H$ is the matrix of second derivatives (the
# curvature). Once $\eta$ is large enough for that term to matter, the step overshoots.
# On a one-weight bowl $L = \tfrac12 \lambda w^2$ (curvature $\lambda$, gradient
# $\lambda w$) a step gives $w \leftarrow (1 - \eta\lambda)\, w$: it shrinks $w$ only
# while $|1 - \eta\lambda| < 1$, that is $\eta < 2/\lambda$, and diverges beyond. Check
# the expansion on the real network: the predicted change $-\eta \lVert g \rVert^2$
# against the real one. Predict first: at which of the four steps does the loss rise?

# %%
batch_x, batch_y = x[:BATCH_SIZE], y[:BATCH_SIZE]
squared_norm = sum(float((g * g).sum()) for g in grads)
for learning_rate in (1.0, 0.1, 0.01, 0.001):
    stepped = [p - learning_rate * g for p, g in zip(params, grads)]
    change = loss_and_gradients(stepped, batch_x, batch_y)[0] - loss
    predicted = -learning_rate * squared_norm
    print(
        f"eta = {learning_rate:<6} real change {change:+.6f}, predicted {predicted:+.6f}, "
        f"ratio {change / predicted:.4f}"
    )

# %% [markdown]
# The ratio tends to 1 as the step shrinks: the first-order prediction becomes exact.
# At $\eta = 1$ the loss even rises: the dropped curvature term has taken over.
#
# The gradient above is the mean over a batch of 32 digits: an unbiased estimate of the
# mean over all 54,000 training digits, noisier but far cheaper. Stepping on it is
# **stochastic** gradient descent, SGD. Your turn: one step, for one parameter array.


# %% tags=["exercise"]
def sgd_step(param, grad, learning_rate):
    """Return the parameter after one gradient-descent step (a new array, param's shape)."""
    raise NotImplementedError("your code here")


# %%
check("sgd_step", sgd_step)
sgd_step = use("sgd_step", sgd_step)

# %%
params = init_params(seed=0)  # twenty steps of your sgd_step on the same batch
for step_number in range(1, 21):
    loss, grads = loss_and_gradients(params, batch_x, batch_y)
    params = [sgd_step(p, g, 0.1) for p, g in zip(params, grads)]
    if step_number % 5 == 0:
        print(f"after {step_number:2} steps: loss {loss:.3f}")

# %% [markdown]
# ## 2. Momentum
#
# ### A running sum of steps
#
# Gradient descent forgets: each step uses only the current gradient. In a long, narrow
# valley the gradient points mostly across it, so the steps zigzag from wall to wall and
# creep along the floor. **Momentum** keeps a velocity $u$ ($v$ is Adam's, below): each
# step it shrinks by a factor $\mu$, the momentum, and takes this step's push downhill,
#
# $$u_t = \mu\, u_{t-1} - \eta\, g_t, \qquad w_t = w_{t-1} + u_t, \qquad u_0 = 0 .$$
#
# Keras's rule (`keras.optimizers.SGD(learning_rate, momentum)`). Unrolled:
#
# $$u_t = -\eta \left(g_t + \mu\, g_{t-1} + \mu^2 g_{t-2} + \dots + \mu^{t-1} g_1\right)
#       = -\eta \sum_{k=0}^{t-1} \mu^k\, g_{t-k} ,$$
#
# a sum of all past gradients, each fading by $\mu$ per step. Two cases tell its effect:
#
# - the same gradient $g$ every step (the valley floor): the geometric sum gives
#   $u_t = -\eta\, g\, (1 - \mu^t)/(1 - \mu) \to -\eta\, g / (1 - \mu)$: steps
#   $1/(1-\mu)$ times as long as SGD's, 10 times for $\mu = 0.9$;
# - a gradient that flips sign every step (across the valley): the terms alternate,
#   $u_t \to \pm\eta\, g / (1 + \mu)$: about half a step for $\mu = 0.9$, so
#   19 times shorter, relative to the steady direction.
#
# Momentum $\mu = 0$ is plain SGD. Your turn: one step of Keras's rule.


# %% tags=["exercise"]
def momentum_step(param, grad, velocity, learning_rate, momentum):
    """Keras's SGD with momentum; param, grad, velocity of one shape; new (param, velocity)."""
    raise NotImplementedError("your code here")


# %%
check("momentum_step", momentum_step)
momentum_step = use("momentum_step", momentum_step)

# %% [markdown]
# The derivation checked on your function: 60 steps with a constant gradient, and 60
# with one that flips sign, against the two geometric sums. Predict the two velocities.

# %%
learning_rate, momentum, steps = 0.1, 0.9, 60
g = np.array([1.0])
w, velocity_constant, velocity_flipping = np.zeros(1), np.zeros(1), np.zeros(1)
for t in range(1, steps + 1):
    _, velocity_constant = momentum_step(w, g, velocity_constant, learning_rate, momentum)
    flipped = g * (-1) ** (t - 1)  # +g, -g, +g, ...
    _, velocity_flipping = momentum_step(w, flipped, velocity_flipping, learning_rate, momentum)
constant_sum = -learning_rate * (1 - momentum**steps) / (1 - momentum)
flipping_sum = learning_rate * (1 - (-momentum) ** steps) / (1 + momentum)  # last gradient: -g
print(f"constant gradient: velocity {velocity_constant[0]:.6f}, sum {constant_sum:.6f}")
print(f"flipping gradient: velocity {velocity_flipping[0]:.6f}, sum {flipping_sum:.6f}")


# %% [markdown]
# Then the paths on a bowl 20 times steeper across than along,
# $L(w) = 0.1\, w_1^2 + 2\, w_2^2$ (`plots.bowl_paths` runs each update on it, 25 steps
# from the same start). SGD at learning rate 0.45 is near its limit across the valley
# ($2/\lambda = 0.5$, curvature $\lambda = 4$). Predict first: which of the three paths
# zigzags, which creeps, and which swings past the floor?


# %%
def sgd_update(learning_rate):
    return lambda w, g, state, t: (sgd_step(w, g, learning_rate), state)


def momentum_update(learning_rate, momentum):
    def update(w, g, velocity, t):
        velocity = np.zeros_like(w) if velocity is None else velocity
        return momentum_step(w, g, velocity, learning_rate, momentum)

    return update


plots.bowl_paths(  # 25 steps of each from the same start, on L = 0.1 w1**2 + 2 w2**2
    {
        "SGD, learning rate 0.45": sgd_update(0.45),
        "momentum 0.5, learning rate 0.45": momentum_update(0.45, 0.5),
        "momentum 0.9, learning rate 0.05": momentum_update(0.05, 0.9),
    }
)

# %% [markdown]
# SGD zigzags across and creeps along. With momentum 0.5 the alternating pushes across
# partly cancel and the steady push along adds up; momentum 0.9 at a ninth of the rate
# has so much inertia that it swings past the floor and back.
#
# ## 3. Adam
#
# ### Two running means
#
# One learning rate for all 25,874 weights is a compromise: a weight fed by a rarely lit
# pixel gets tiny gradients, a bias of the last layer large ones. Adam (Kingma and Ba,
# 2015) scales each weight's step by its own gradients' size. Section 1's gradients:

# %%
params = init_params(seed=0)
_, grads = loss_and_gradients(params, batch_x, batch_y)
for name, grad in zip(config.weight_names(), grads):
    rms, zero = np.sqrt(np.mean(grad**2)), np.mean(grad == 0)
    print(f"{name:15} root mean square {rms:.1e}, exactly zero: {zero:4.0%}")
blank = ~batch_x.any(axis=0)  # pixels blank in every digit of the batch
zero_first = grads[0] == 0
print(
    f"{blank.sum()} of {config.NUM_PIXELS} pixels are blank in all {BATCH_SIZE} digits; their "
    f"rows hold {zero_first[blank].sum() / zero_first.sum():.0%} of dense_1/kernel's zeros"
)

# %% [markdown]
# Most of the first layer's zeros are the weights of pixels blank in all 32 digits; a
# unit off for all 32 digits zeroes its bias's gradient, its kernel column and its row
# of the next kernel. Adam keeps two running means per weight, of the gradient and of its
# square (element by element), both starting at zero:
#
# $$m_t = \beta_1\, m_{t-1} + (1 - \beta_1)\, g_t, \qquad
#   v_t = \beta_2\, v_{t-1} + (1 - \beta_2)\, g_t^2 ,$$
#
# with $\beta_1 = 0.9$ and $\beta_2 = 0.999$ by default. Unrolled, as for momentum,
#
# $$m_t = (1 - \beta_1) \sum_{k=1}^{t} \beta_1^{\,t-k}\, g_k ,$$
#
# a weighted mean of the gradients whose weights sum to
# $(1 - \beta_1)(1 + \beta_1 + \dots + \beta_1^{t-1}) = 1 - \beta_1^t$, not to 1.
#
# ### Bias correction
#
# Because the weights sum to $1 - \beta_1^t$, if every gradient were the same $g$ then
# $m_t = (1 - \beta_1^t)\, g$: at $t = 1$ only a tenth of it. Dividing by that sum
# removes the bias; the same holds for $v$ with $\beta_2$:
#
# $$\hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad \hat v_t = \frac{v_t}{1 - \beta_2^t},
# \qquad w_t = w_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon} .$$
#
# That is the paper's Algorithm 1, with $\epsilon = 10^{-8}$ to avoid dividing by zero.
# $\hat m / \sqrt{\hat v}$ is a mean gradient over a root-mean-square gradient: about
# $\pm 1$ when the recent gradients are steady and agree in sign, smaller when they
# disagree. So a weight with steady gradients moves by about $\eta$ per step, whatever
# their scale: multiply the loss by any $c > 0$ and $\hat m$ and $\sqrt{\hat v}$ both
# grow by $c$, the step does not change. It is not a hard bound: a gradient after a long
# run of zeros (our rarely lit pixel) meets a $v$ that has forgotten its scale, and Kingma
# and Ba (section 2.1) bound that step only by
# $\eta\,(1 - \beta_1)/\sqrt{1 - \beta_2}$, about $3.16\,\eta$; section 3 measures it
# below. For $\beta_2 = 0.999$ the correction matters for thousands
# of steps:

# %%
for t in (1, 10, 100, 1_000, 10_000):
    print(f"t = {t:>6}: 1 - beta_1**t = {1 - config.BETA_1**t:.4f}, "
          f"1 - beta_2**t = {1 - config.BETA_2**t:.4f}")  # fmt: skip

# %% [markdown]
# ### The folded form
#
# Kingma and Ba (end of section 2) fold both corrections into the step size, cheaper:
#
# $$\alpha_t = \eta\, \frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t}, \qquad
#   w_t = w_{t-1} - \alpha_t\, \frac{m_t}{\sqrt{v_t} + \hat\epsilon} .$$
#
# Substituting $m_t = (1 - \beta_1^t)\,\hat m_t$ and
# $\sqrt{v_t} = \sqrt{1 - \beta_2^t}\,\sqrt{\hat v_t}$ gives back Algorithm 1's step with
# $\epsilon = \hat\epsilon / \sqrt{1 - \beta_2^t}$: the two forms are the same formula,
# except that a fixed $\hat\epsilon$ corresponds to an $\epsilon$ that changes with $t$.
# Keras computes this folded form, with $\hat\epsilon = 10^{-7}$. Write it: `epsilon`
# below is $\hat\epsilon$, added to the uncorrected $\sqrt{v}$.


# %% tags=["exercise"]
def adam_step(param, grad, m, v, t, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """Adam's step t (from 1), folded form; param, grad, m, v of one shape; new (param, m, v)."""
    raise NotImplementedError("your code here")


# %%
check("adam_step", adam_step)
adam_step = use("adam_step", adam_step)

# %% [markdown]
# Two properties derived above, checked on your function: with a constant gradient every
# step has length $\eta$ (the bias correction at work: without it, the first step would
# be $0.1/\sqrt{0.001} = 3.2$ times longer), and scaling the gradient by 1,000 does not
# change the steps, except through $\hat\epsilon$.

# %%
for scale in (1.0, 1_000.0):
    w, m, v = np.zeros(1), np.zeros(1), np.zeros(1)
    lengths = []
    for t in range(1, 6):
        new_w, m, v = adam_step(w, np.array([0.01 * scale]), m, v, t)
        lengths.append(float(abs(new_w - w)[0] / config.LEARNING_RATE))
        w = new_w
    print(f"gradient {0.01 * scale:>5}: step / eta at t = 1..5:", np.round(lengths, 6))

# %% [markdown]
# Now the rarely lit pixel: its weight gets a gradient of 0 for 1,000 steps, then one of
# 0.01. Predict first: is that step shorter than $\eta$, about $\eta$, or longer? The
# cell prints it beside Kingma and Ba's bound for this case.

# %%
w, m, v = np.zeros(1), np.zeros(1), np.zeros(1)
QUIET_STEPS = 1_000
for t in range(1, QUIET_STEPS + 1):  # a pixel that is blank in every batch
    w, m, v = adam_step(w, np.zeros(1), m, v, t)
new_w, m, v = adam_step(w, np.array([0.01]), m, v, QUIET_STEPS + 1)  # then lit once
sparse_step = float(abs(new_w - w)[0] / config.LEARNING_RATE)
bound = (1 - config.BETA_1) / np.sqrt(1 - config.BETA_2)
print(f"after {QUIET_STEPS:,} zero gradients, one of 0.01 moves the weight {sparse_step:.2f} eta;")
print(f"Kingma and Ba's bound (1 - beta_1) / sqrt(1 - beta_2) = {bound:.2f} eta")
assert 1 < sparse_step < bound  # what the next paragraph says

# %% [markdown]
# Longer than $\eta$ and within the bound. $m$ is a tenth of the gradient, but $\sqrt{v}$ is only
# $\sqrt{1 - \beta_2}$ of it, and after 1,000 steps the bias correction no longer makes up
# for the zeros that $v$ averaged in. Rare features get the largest steps: what Adam was
# designed for, and one reason its learning rate is kept small.
#
# Back to the steady gradients: at the gradient 0.01 the steps fall short of $\eta$ by a
# few parts in $10^4$: that is
# $\hat\epsilon = 10^{-7}$ next to $\sqrt{v_1} = 0.01 \sqrt{0.001} = 3.2 \times 10^{-4}$.
# At the gradient 10, $\hat\epsilon$ is a thousand times less important, and every step
# is $\eta$ to six digits.
#
# On the bowl, Adam's first steps are about $\eta$ in *each* weight, however different
# the two slopes, so it heads diagonally rather than down the steepest slope, and needs
# no zigzag across the steep direction; its running mean $m$ then carries it a little
# past the floor, like momentum:


# %%
def adam_update(learning_rate):
    def update(w, g, state, t):
        m, v = (np.zeros_like(w), np.zeros_like(w)) if state is None else state
        w, m, v = adam_step(w, g, m, v, t, learning_rate)
        return w, (m, v)

    return update


plots.bowl_paths(
    {
        "SGD, learning rate 0.45": sgd_update(0.45),
        "momentum 0.5, learning rate 0.45": momentum_update(0.45, 0.5),
        "Adam, learning rate 0.3": adam_update(0.3),
    }
)

# %% [markdown]
# ## 4. SGD, momentum and Adam on the same problem
#
# Now the network and real digits. For a given seed every run starts from the same
# weights and visits the digits in the same order: only the optimiser differs. An
# optimiser here updates one parameter array, keeping the state it needs per array:
# nothing for SGD, a velocity for momentum, $m$ and $v$ for Adam, each of its array's
# shape: weights plus state take twice the weights' memory with momentum, three times
# with Adam (counted below).


# %%
def sgd(learning_rate):
    return lambda index, param, grad, t: sgd_step(param, grad, learning_rate)


def sgd_momentum(learning_rate, momentum=0.9):
    velocities = {}

    def update(index, param, grad, t):
        velocity = velocities.get(index, np.zeros_like(param))
        param, velocities[index] = momentum_step(param, grad, velocity, learning_rate, momentum)
        return param

    update.state = velocities  # one velocity per parameter array
    return update


def adam(learning_rate=config.LEARNING_RATE, **hyper):
    moments = {}

    def update(index, param, grad, t):
        m, v = moments.get(index, (np.zeros_like(param), np.zeros_like(param)))
        param, *moments[index] = adam_step(param, grad, m, v, t, learning_rate, **hyper)
        return param

    update.state = moments  # (m, v) per parameter array
    return update


def train(update, seed, epochs=NUM_EPOCHS, batch_size=BATCH_SIZE):
    """Train a fresh network; return each batch's loss and the final loss on all digits."""
    params, order_rng = init_params(seed), np.random.default_rng(seed)
    batch_losses, t = [], 0
    with np.errstate(all="ignore"):  # a diverging run overflows: it is reported, not warned
        for _ in range(epochs):
            order = order_rng.permutation(NUM_DIGITS)
            for start in range(0, NUM_DIGITS, batch_size):
                batch = order[start : start + batch_size]
                loss, grads = loss_and_gradients(params, x[batch], y[batch])
                if not np.isfinite(loss):  # diverged: stop here
                    return np.array(batch_losses), np.inf
                t += 1
                params = [update(i, p, g, t) for i, (p, g) in enumerate(zip(params, grads))]
                batch_losses.append(loss)
        return np.array(batch_losses), loss_and_gradients(params, x, y)[0]


# %%
params = init_params(seed=0)  # the memory each optimiser keeps, after one step on every array
_, grads = loss_and_gradients(params, batch_x, batch_y)
num_weights = sum(p.size for p in params)
print(f"weights: {num_weights:,} numbers; optimiser state after one step:")
for name, optimiser in (("SGD", sgd(0.01)), ("momentum", sgd_momentum(0.01)), ("Adam", adam())):
    for index, (param, grad) in enumerate(zip(params, grads)):
        optimiser(index, param, grad, 1)
    state = getattr(optimiser, "state", {})  # SGD keeps none
    num_state = sum(np.size(arrays) for arrays in state.values())  # np.size([m, v]): both
    print(
        f"  {name:8} {num_state:>6,} numbers; weights plus state: "
        f"{(num_weights + num_state) / num_weights:g} times the weights"
    )


# %% [markdown]
# Four runs per seed, each at a learning rate people start from: Keras's default for SGD
# (0.01), ten times that, momentum 0.9 at 0.01 (like SGD at $0.01 / (1 - 0.9) = 0.1$ once
# its velocity has built up, says the derivation), and Adam at the course's 0.001. Each
# curve has 20 points, the mean loss of each twentieth of the run's batches. Predict
# first: which is lowest at the end?

# %%
race = {
    "SGD, 0.01": lambda: sgd(0.01),
    "SGD, 0.1": lambda: sgd(0.1),
    "momentum 0.9, 0.01": lambda: sgd_momentum(0.01, 0.9),
    "Adam, 0.001": lambda: adam(0.001),
}
STRETCH = NUM_EPOCHS * math.ceil(NUM_DIGITS / BATCH_SIZE) // 20  # 20 points per curve
curves, final = {}, {}
start = time.perf_counter()
for name, make in race.items():
    runs = [train(make(), seed) for seed in SEEDS]
    usable = len(runs[0][0]) // STRETCH * STRETCH
    curves[name] = np.array([losses[:usable].reshape(-1, STRETCH).mean(1) for losses, _ in runs])
    final[name] = np.array([final_loss for _, final_loss in runs])
    print(f"{name:20} final loss on the {NUM_DIGITS} digits, per seed: {final[name].round(3)}")
run_seconds = (time.perf_counter() - start) / (len(race) * len(SEEDS))
print(f"{run_seconds:.1f} s per run on this machine ({len(runs[0][0])} steps each)")
plots.loss_curves(curves, steps_per_point=STRETCH)

# %% [markdown]
# Read it with the spread of the seeds in mind (the thin lines). At these rates SGD at
# 0.01 has barely started after 500 steps. Momentum 0.9 at 0.01 lags SGD at 0.1 for the
# first hundred steps or so, while its velocity builds up, and then follows it closely,
# as $1/(1 - \mu) = 10$ predicted. Adam at 0.001 falls more slowly than both. This is a
# comparison of four *learning rates* as much as of three optimisers: each optimiser has
# its own best rate, so compare them at their best.
#
# ## 5. A learning-rate sweep
#
# Train with learning rates spaced by factors of about 3 (half a decade), for SGD and
# for Adam, over the same seeds, half as many epochs as above, and plot the final
# training loss. Predict first: is Adam's best rate above or below SGD's, and by how much?

# %%
SWEEP_EPOCHS = max(1, NUM_EPOCHS // 2)
sweep_rates = {"SGD": 10.0 ** np.arange(-3, 0.01, 0.5), "Adam": 10.0 ** np.arange(-4, -0.99, 0.5)}
if course.quick():  # every other rate
    sweep_rates = {name: rates[::2] for name, rates in sweep_rates.items()}
makers = {"SGD": sgd, "Adam": adam}
sweep_losses = {
    name: np.array([[train(makers[name](rate), seed, SWEEP_EPOCHS)[1] for rate in rates]
                    for seed in SEEDS])
    for name, rates in sweep_rates.items()
}  # fmt: skip
for name, rates in sweep_rates.items():
    means = sweep_losses[name].mean(axis=0)  # inf where a run diverged
    good = rates[means <= 2 * means.min()]
    print(
        f"{name:4}: best rate {rates[means.argmin()]:.2g} (mean final loss {means.min():.3f}); "
        f"within twice that loss from {good.min():.2g} to {good.max():.2g}"
    )
rms_gradient = math.sqrt(squared_norm / config.NUM_PARAMETERS)
print(f"typical gradient of one weight at the start (RMS): {rms_gradient:.4f}")
plots.learning_rate_sweep(sweep_rates, sweep_losses)

# %% [markdown]
# Both curves are valleys: too small a rate barely moves the network in its steps; too
# large overshoots (section 1's $\eta > 2/\lambda$) and stalls or diverges. Adam's best
# rate is far below SGD's: Adam moves a weight with steady gradients by about $\eta$,
# SGD by $\eta$ times its gradient, here under a hundredth (printed above). At their best
# the two end close together on this budget; Adam's valley is the wider one (the ranges
# printed above): it forgives a poorer guess, and its default 0.001 sits at the slow end
# of that range, or below it, for a budget this short. The valley moves with the budget
# (epochs, batch size, data): sweep again when they change.

# %% [markdown]
# ## Summary
#
# - Gradient descent follows from a first-order Taylor expansion: a step $-\eta g$
#   changes the loss by about $-\eta \lVert g \rVert^2 < 0$; too large a step overshoots.
# - Momentum's velocity is a running sum of past steps, each fading by $\mu$: along a
#   steady slope steps grow $1/(1 - \mu)$ times, across a zigzag they cancel.
# - Adam scales each weight's step by its own gradients' root mean square, after
#   correcting both running means for starting at zero; the folded form (Kingma and Ba,
#   end of section 2) is the same formula with $\hat\epsilon$.
# - Compared at one learning rate each, optimisers mostly compare learning rates; a sweep
#   over several seeds shows each at its best, and Adam working over a wider range.
#
# ## Experiments
#
# Change one thing, predict what will happen, run the cell, and explain what you see.
#
# 1. **More momentum.** Run momentum at the same learning rate 0.01 with $\mu$ = 0.5,
#    0.9 and 0.99. From $1/(1 - \mu)$, which should behave like SGD at 0.02, 0.1 and 1?
#    The sweep says what SGD at 1 does; does momentum 0.99 do the same, or does the slow
#    build-up of the velocity save it?

# %%
for momentum in (0.5, 0.9, 0.99):
    _, final_loss = train(sgd_momentum(0.01, momentum), seed=0)
    print(f"momentum {momentum}: final loss {final_loss:.3f}")

# %% [markdown]
# 2. **Adam's epsilon.** Set $\hat\epsilon$ to 1e-7, 1e-4, 1e-2 and 1. When
#    $\hat\epsilon$ is much larger than $\sqrt{v}$, what does the step
#    $\alpha_t\, m / (\sqrt{v} + \hat\epsilon)$ become? (Hint: $m$ is a running mean
#    of the gradients, as momentum's velocity is a running sum; at what learning rate?)
#    Predict the loss for each, then run.

# %%
for epsilon in (1e-7, 1e-4, 1e-2, 1.0):
    _, final_loss = train(adam(config.LEARNING_RATE, epsilon=epsilon), seed=0)
    print(f"epsilon-hat {epsilon:g}: final loss {final_loss:.3f}")

# %% [markdown]
# 3. **Batch size and the best learning rate.** With batches of 128 instead of 32 an
#    epoch has a quarter of the steps, each on a less noisy gradient. Does SGD's best
#    learning rate move up, down, or stay? Predict, then run this small sweep (one seed)
#    and compare with section 5.

# %%
for rate in (0.03, 0.1, 0.3, 1.0):
    _, final_loss = train(sgd(rate), seed=0, epochs=SWEEP_EPOCHS, batch_size=128)
    print(f"batch 128, SGD at {rate}: final loss {final_loss:.3f}")

# %% [markdown]
# ## Deep dive (optional): Keras's Adam, rounding by rounding
#
# The lesson is complete without this part. It finds exactly where Keras's Adam departs
# from Kingma and Ba's, and by how much (lesson 6 and the parity ladder meet these
# differences again), and what happens to a moment that keeps shrinking.
#
# ### A. Keras's Adam, next to the paper's
#
# Keras computes the folded form of section 3, which is the paper's own. It departs
# from the paper in two places only.
#
# **Its $\hat\epsilon$ is $10^{-7}$.** In Algorithm 1's form that is
# $\epsilon = 10^{-7} / \sqrt{1 - \beta_2^t}$: not a smaller epsilon than the paper's
# $10^{-8}$ but a *larger* one, at every step, largest at the start:

# %%
for t in (1, 10, 100, 1_000, 10_000, 100_000):
    epsilon_in_paper_form = config.ADAM_EPSILON / math.sqrt(1 - config.BETA_2**t)
    print(f"t = {t:>7}: Keras's epsilon in the paper's form = {epsilon_in_paper_form:.3g}")

# %% [markdown]
# **Its betas are rounded to float32.** Keras's `Adam.update_step` computes
# `ops.power(ops.cast(self.beta_2, variable.dtype), local_step)`. The beta is a Python
# float, and casting a Python float goes through a float32 tensor first, whatever the
# target dtype; only then is the power computed, in the model's dtype. Ask Keras:

# %%
for name, value in (("beta_1", config.BETA_1), ("beta_2", config.BETA_2)):
    as_keras_sees_it = float(keras.ops.cast(value, "float64"))
    print(f"{name} = {value} cast to float64 by Keras: {as_keras_sees_it!r}")
exact, rounded = 1 - config.BETA_2, 1 - float(np.float32(config.BETA_2))
error = abs(rounded - exact) / exact
print(f"1 - beta_2: exact {exact:.10f}, with float32 beta_2 {rounded:.10f}: relative error "
      f"{error:.2g}, {-math.log10(error):.1f} correct digits")  # fmt: skip

# %% [markdown]
# So $1 - \beta_2^t$ keeps about five correct digits at $t = 1$. Float32 rounds 0.999
# up and 0.9 down, so $1 - \beta_2^t$ comes out a little small and $1 - \beta_1^t$ a
# little large: Keras's step size $\alpha_t$ is a little shorter than the exact
# formula's. How much, against $t$: computed in float64 from the formula with float32
# betas (the line), and measured (dots) from one step of `keras.optimizers.Adam` at a
# few $t$ (from zero moments and weights, so the weights after it are the step),
# divided by the exact formula's step.


# %%
def step_size(t, beta_1, beta_2):
    return np.sqrt(1 - beta_2**t) / (1 - beta_1**t)


b1_32, b2_32 = float(np.float32(config.BETA_1)), float(np.float32(config.BETA_2))
steps_per_epoch = math.ceil(config.NUM_TRAIN * (1 - config.VALIDATION_SPLIT) / BATCH_SIZE)
t = np.arange(1, 10 * steps_per_epoch + 1, dtype=np.float64)
shortening = 1 - step_size(t, b1_32, b2_32) / step_size(t, config.BETA_1, config.BETA_2)
measured_t = np.array([1, 10, 100, steps_per_epoch, 5_000, 10_000])
grad = np.random.default_rng(0).normal(size=1_000) * 1e-2  # one Keras step at each t:
measured = keras_adam_shortening(measured_t, grad)  # its shortening against the exact step
delta_1, delta_2 = b1_32 / config.BETA_1 - 1, b2_32 / config.BETA_2 - 1  # float32's rounding
print(f"relative rounding of the betas: delta_1 = {delta_1:.2g}, delta_2 = {delta_2:.2g}")
for step_number in (1, steps_per_epoch, 10_000):
    first_order = step_number * (
        delta_2 / 2 * config.BETA_2**step_number / (1 - config.BETA_2**step_number)
        - delta_1 * config.BETA_1**step_number / (1 - config.BETA_1**step_number)
    )
    print(
        f"t = {step_number:>6}: Keras's step shorter by {shortening[step_number - 1]:.2g} "
        f"(first order: {first_order:.2g})"
    )
print(f"one epoch = {steps_per_epoch} steps; measured at t = {measured_t.tolist()}:",
      [f"{value:.2g}" for value in measured])  # fmt: skip
plots.step_shortening(
    t,
    shortening,
    measured_steps=measured_t,
    measured=np.array(measured),
    marks={"one epoch": steps_per_epoch, "ten epochs": 10 * steps_per_epoch},
)

# %% [markdown]
# Keras's step is shortest at $t = 1$, less after one epoch, nearly exact by
# $t = 10{,}000$ (printed above). Why, to first order: write the rounded betas as
# $\beta_i(1 + \delta_i)$. Then $\beta_i^t \approx \beta_i^t (1 + t\,\delta_i)$, so
# $1 - \beta_2^t$ shrinks by a relative $t\,\delta_2\,\beta_2^t / (1 - \beta_2^t)$ (its
# square root by half that), and $1 - \beta_1^t$ grows by $-t\,\delta_1\,\beta_1^t$
# ($\delta_1 < 0$). The step $\alpha_t$ is shorter by
#
# $$t\left(\frac{\delta_2}{2}\,\frac{\beta_2^t}{1 - \beta_2^t}
#   - \delta_1\,\frac{\beta_1^t}{1 - \beta_1^t}\right),$$
#
# printed above as "first order" beside the exact computation. The $\beta_1$ share is
# gone within a hundred steps, as $\beta_1^t$ is; the $\beta_2$ share fades as
# $\beta_2^t$ does. The dots land on the line: Keras does what the formula with float32
# betas says. The reference NumPy Adam rounds the betas the same way on purpose, to
# equal Keras bit for bit; your `adam_step` with exact betas is the textbook's formula,
# and the checks accept both.
#
# ### B. One step against Keras
#
# Finally, your functions against Keras's own optimizers (`mnist_course/keras_steps.py`
# takes one step of them on NumPy arrays): one batch's gradients, one step, in float64
# and float32. Two measures: the *step*, from zero weights (where the weights after it
# are the step), its largest difference relative to the largest step; and the *weights
# after the step* from the real weights, the norm of the difference relative to theirs.
# Beside your `adam_step`, the folded form in Keras's order with Keras's rounded betas:


# %%
def adam_step_as_keras(
    param, grad, m, v, t, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, eps=1e-7
):
    """Keras's order of operations, the betas cast to float32 and then to param's dtype."""
    real = param.dtype.type
    beta_1_power = real(np.float32(beta_1)) ** real(t)
    beta_2_power = real(np.float32(beta_2)) ** real(t)
    alpha = real(learning_rate) * np.sqrt(1 - beta_2_power) / (1 - beta_1_power)
    m = m + (grad - m) * (1 - beta_1)
    v = v + (grad * grad - v) * (1 - beta_2)
    return param - alpha * m / (np.sqrt(v) + eps), m, v


comparisons = {  # one step of ours from zero state (t = 1), and the Keras optimizer
    "your adam_step": (lambda p, g: adam_step(p, g, 0 * p, 0 * p, 1)[0], keras_mlp.make_adam),
    "adam_step_as_keras": (lambda p, g: adam_step_as_keras(p, g, 0 * p, 0 * p, 1)[0],
                           keras_mlp.make_adam),
    "your momentum_step": (lambda p, g: momentum_step(p, g, 0 * p, 0.01, 0.9)[0],
                           lambda: keras.optimizers.SGD(0.01, momentum=0.9)),
}  # fmt: skip
params = init_params(seed=0)
_, grads = loss_and_gradients(params, batch_x, batch_y)
for dtype in ("float64", "float32"):
    ps, gs = [p.astype(dtype) for p in params], [g.astype(dtype) for g in grads]
    zeros = [np.zeros_like(p) for p in ps]
    for name, (ours, make_optimizer) in comparisons.items():
        our_step = [ours(z, g) for z, g in zip(zeros, gs)]
        our_weights = [ours(p, g) for p, g in zip(ps, gs)]
        their_weights = keras_step(make_optimizer, ps, gs, dtype)
        equal = all(np.array_equal(a, b) for a, b in zip(our_weights, their_weights))
        print(
            f"{dtype} {name:19} step differs by "
            f"{step_difference(our_step, keras_step(make_optimizer, zeros, gs, dtype)):.2g}, "
            f"weights by {weights_difference(our_weights, their_weights):.2g}, "
            f"bit for bit: {equal}"
        )

# %% [markdown]
# With the exact betas, the float64 step difference is part A's shortening at $t = 1$;
# in float32, plus float32's own rounding. On the weights, much larger than one step, the
# same difference is a far smaller fraction. In Keras's order with Keras's rounding the
# step is equal bit for bit, in both dtypes.
#
# Momentum's first step has no history ($u_0 = 0$) and matches Keras's. From the second
# on $\mu$ counts, and Keras casts it as it casts the betas (`ops.cast(self.momentum,
# variable.dtype)`). Ten steps of Keras's SGD with momentum 0.9 in float64 (learning rate
# 0.01, from zero, ten random gradients of 1,000 numbers, seed 0), against your
# `momentum_step` with $\mu = 0.9$ and with $\mu$ rounded to float32 first; each
# difference relative to the largest weight:

# %%
momentum_float32 = float(np.float32(0.9))
print(
    f"0.9 cast to float64 by Keras: {float(keras.ops.cast(0.9, 'float64'))!r}; relative "
    f"difference from 0.9: {(0.9 - momentum_float32) / 0.9:.2g}"
)
momentum_grads = list(np.random.default_rng(0).normal(size=(10, 1_000)))
theirs = keras_momentum_weights(momentum_grads, 0.01, 0.9)
for label, mu in (("momentum 0.9", 0.9), ("momentum 0.9 as float32", momentum_float32)):
    w, velocity, differences = np.zeros(1_000), np.zeros(1_000), []
    for grad, their_w in zip(momentum_grads, theirs):
        w, velocity = momentum_step(w, grad, velocity, 0.01, mu)
        differences.append(np.abs(w - their_w).max() / np.abs(their_w).max())
    shown = " ".join(f"{difference:.1e}" for difference in differences)
    print(f"{label:23} against Keras after steps 1..10: {shown}")

# %% [markdown]
# With $\mu = 0.9$ the first step agrees exactly, then the weights drift apart by a few
# parts in $10^8$, growing as the velocity accumulates the difference. With $\mu$ rounded
# to float32 first, every step equals Keras's bit for bit: that rounding is the whole
# difference.
#
# ### C. Gradients that stay 0, and subnormal numbers
#
# The other side of section 3's rarely lit pixel: while its gradient stays 0, $m$ shrinks by
# $\beta_1 = 0.9$ every step, and after several hundred steps it is smaller than the
# smallest *normal* float32. Below that, floats are **subnormal**: nonzero, with fewer
# digits, and on some CPUs much slower to compute with. TensorFlow flushes them to 0;
# the reference NumPy Adam sets them to 0 every few steps (`flush_subnormals` in
# `mnist_course/numpy_mlp/optim.py`). Measured on your machine: the threshold, what NumPy
# and TensorFlow make of a subnormal, and how much slower a small Adam-like computation
# runs on subnormals than on normal numbers. Predict first: slower at all? (It depends
# on the CPU; where it is, that is the reason for flushing.)

# %%
smallest_normal = np.finfo(np.float32).smallest_normal
subnormals = np.full(1_000_000, smallest_normal / 100, dtype=np.float32)
one = np.float32(1)
print(f"smallest normal float32: {smallest_normal:.3g}; a subnormal {subnormals[0]:.3g} times 1:")
print(f"  NumPy {(subnormals * one)[0]:.3g}, ", end="")
print(f"TensorFlow {np.asarray(keras.ops.multiply(subnormals[:1], one))[0]:.3g}")


def adam_like_seconds(values):
    """The best of 5 timings of m * 0.9 / (sqrt(m) + 1e-7) on a float32 array."""
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        (values * np.float32(0.9)) / (np.sqrt(values) + np.float32(1e-7))
        timings.append(time.perf_counter() - start)
    return min(timings)


normals = np.full_like(subnormals, 1e-30)
slowdown = adam_like_seconds(subnormals) / adam_like_seconds(normals)
print(f"on this machine, subnormals take {slowdown:.1f} times as long as normal numbers")

# %% [markdown]
# In short:
#
# - Keras's Adam is the folded form with $\hat\epsilon = 10^{-7}$ (a larger epsilon
#   than the paper's, in its terms) and betas rounded to float32, then raised to the
#   power $t$ in the model's dtype: steps a few parts in a million shorter at first,
#   fading as $t$ grows. Written with that rounding, one step equals Keras's bit for bit.
# - A gradient that stays 0 shrinks $m$ into float32's subnormal range; TensorFlow
#   flushes subnormals to 0, and so does the reference Adam.
