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

# %%
import time

from threadpoolctl import threadpool_limits

from mnist_course import config, course, keras_mlp, keras_steps, plots
from mnist_course.data import scale_pixels
from mnist_course.exercises.lesson_06_train_step import backward, forward
from mnist_course.numpy_mlp import MLP
from mnist_course.numpy_mlp import functional as F
from mnist_course.numpy_mlp.optimiser_race import PerArray, train_run

keras = keras_mlp.keras  # Keras as the course loads it: TensorFlow's settings come first

# One batch's matrices are small (32 x 784): one BLAS thread is faster than several.
threadpool_limits(1)

data = course.setup()
NUM_DIGITS = min(1_000 if course.quick() else 4_000, len(data.y_train))  # trained many times
NUM_EPOCHS = 1 if course.quick() else 4  # for the race; the sweep runs half as many
SEEDS = (0, 1) if course.quick() else (0, 1, 2)
BATCH_SIZE = config.DEFAULT_BATCH_SIZE
x = scale_pixels(data.x_train[:NUM_DIGITS], np.float64).reshape(NUM_DIGITS, config.NUM_PIXELS)
y = data.y_train[:NUM_DIGITS].astype(np.intp)
print(f"{NUM_DIGITS:,} digits, {NUM_EPOCHS} epoch{'s' * (NUM_EPOCHS > 1)} of batches of "
      f"{BATCH_SIZE}, seeds {SEEDS}")  # fmt: skip

# %% [markdown]
# ## 1. Gradient descent
#
# ### The loss to lower
#
# The network of lessons 3 and 4 (`forward` and `backward`, the course's versions of the
# functions you wrote): the batch's mean cross-entropy, and each parameter array's gradient.


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
    grads = backward(grad_logits, cache, params, F.relu_backward, skip_first_grad_x)
    return F.cross_entropy(logits, y), grads


params = init_params(seed=0)
loss, grads = loss_and_gradients(params, x[:BATCH_SIZE], y[:BATCH_SIZE])
print(f"loss of the untrained network on one batch: {loss:.3f} (ln 10 = {math.log(10):.3f})")
print("gradient shapes:", [g.shape for g in grads])

# %% [markdown]
# ### Which way, and how far
#
# All 25,874 weights in one vector $w$, gradient $g = \nabla L(w)$. For a small change
# $d$, Taylor says $L(w + d) \approx L(w) + g \cdot d$. Step against the gradient,
# $d = -\eta\, g$, with a small **learning rate** $\eta > 0$:
# $L(w - \eta\, g) \approx L(w) - \eta\, \lVert g \rVert^2$, lower unless $g = 0$, and
# no direction of the same length does better (Cauchy-Schwarz:
# $g \cdot d \ge -\lVert g \rVert \lVert d \rVert$). That is **gradient descent**,
# $w \leftarrow w - \eta\, g$.
#
# "Small" is the catch: the expansion drops $\tfrac12 \eta^2\, g^\top H g$ ($H$ the
# curvature). On a bowl $L = \tfrac12 \lambda w^2$ a step gives
# $w \leftarrow (1 - \eta\lambda)\, w$, which shrinks only for $\eta < 2/\lambda$. The
# predicted change $-\eta \lVert g \rVert^2$ against the real one. At which of the four
# rates does the loss rise? Predict first.

# %%
batch_x, batch_y = x[:BATCH_SIZE], y[:BATCH_SIZE]
squared_norm = sum(float((g * g).sum()) for g in grads)
for learning_rate in (1.0, 0.1, 0.01, 0.001):
    stepped = [p - learning_rate * g for p, g in zip(params, grads)]
    change = loss_and_gradients(stepped, batch_x, batch_y)[0] - loss
    predicted = -learning_rate * squared_norm
    print(f"eta = {learning_rate:<6} real change {change:+.6f}, predicted {predicted:+.6f}, "
          f"ratio {change / predicted:.4f}")  # fmt: skip

# %% [markdown]
# The ratio tends to 1 as the step shrinks; at $\eta = 1$ the curvature term has taken
# over. The gradient of a batch of 32 is a noisy, cheap, unbiased estimate of the whole
# set's: stepping on it is **stochastic** gradient descent, SGD. Write one step:


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
# In a long, narrow valley the gradient points mostly across it: SGD zigzags from wall to
# wall and creeps along the floor. **Momentum** keeps a velocity $u$ that shrinks by $\mu$
# each step and takes the step's push downhill (Keras's `SGD(learning_rate, momentum)`):
#
# $$u_t = \mu\, u_{t-1} - \eta\, g_t, \quad w_t = w_{t-1} + u_t, \quad u_0 = 0;
# \qquad\text{unrolled, } u_t = -\eta \sum_{k=0}^{t-1} \mu^k\, g_{t-k} .$$
#
# With the same $g$ every step (the floor) the geometric sum tends to
# $-\eta\, g / (1 - \mu)$: steps 10 times SGD's for $\mu = 0.9$. With a gradient that
# flips sign (across) it tends to $\pm\eta\, g / (1 + \mu)$, about half a step.
# $\mu = 0$ is plain SGD. Write one step of Keras's rule:


# %% tags=["exercise"]
def momentum_step(param, grad, velocity, learning_rate, momentum):
    """Keras's SGD with momentum; param, grad, velocity of one shape; new (param, velocity)."""
    raise NotImplementedError("your code here")


# %%
check("momentum_step", momentum_step)
momentum_step = use("momentum_step", momentum_step)

# %% [markdown]
# Predict the velocities after 60 steps of a constant and of a flipping gradient:

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
# Paths on a bowl 20 times steeper across than along, $L(w) = 0.1\, w_1^2 + 2\, w_2^2$, 25
# steps each (SGD at 0.45 is near its limit $2/\lambda = 0.5$ across). Predict first:
# which path zigzags, which creeps, and which swings past the floor?


# %%
def sgd_update(learning_rate):
    return lambda w, g, state, t: (sgd_step(w, g, learning_rate), state)


def momentum_update(learning_rate, momentum):
    def update(w, g, velocity, t):
        velocity = np.zeros_like(w) if velocity is None else velocity
        return momentum_step(w, g, velocity, learning_rate, momentum)

    return update


# 25 steps of each from the same start, on L = 0.1 w1**2 + 2 w2**2
plots.bowl_paths({"SGD, learning rate 0.45": sgd_update(0.45),
                  "momentum 0.5, learning rate 0.45": momentum_update(0.45, 0.5),
                  "momentum 0.9, learning rate 0.05": momentum_update(0.05, 0.9)})  # fmt: skip

# %% [markdown]
# SGD zigzags and creeps. With momentum 0.5 the pushes across partly cancel and those
# along add up; momentum 0.9 at a ninth of the rate swings past the floor and back.
#
# ## 3. Adam
#
# ### Two running means
#
# One learning rate for all weights is a compromise: a rarely lit pixel's weight gets tiny
# gradients, a last-layer bias large ones. Adam (Kingma and Ba, 2015) scales each weight's
# step by its own gradients' size. Predict first: which layer's gradients are smallest?

# %%
params = init_params(seed=0)
_, grads = loss_and_gradients(params, batch_x, batch_y)
for name, grad in zip(config.weight_names(), grads):
    rms, zero = np.sqrt(np.mean(grad**2)), np.mean(grad == 0)
    print(f"{name:15} root mean square {rms:.1e}, exactly zero: {zero:4.0%}")
blank = ~batch_x.any(axis=0)  # pixels blank in every digit of the batch
zero_first = grads[0] == 0
share = zero_first[blank].sum() / zero_first.sum()
print(f"{blank.sum()} of {config.NUM_PIXELS} pixels are blank in all {BATCH_SIZE} digits; their "
      f"rows hold {share:.0%} of dense_1/kernel's zeros")  # fmt: skip

# %% [markdown]
# Most of the first layer's zeros are pixels blank in all 32 digits (a unit off for all
# 32 zeroes its bias's gradient, its kernel column and its row of the next kernel). Adam
# keeps two running means per weight, of the gradient and of its square, from zero:
#
# $$m_t = \beta_1\, m_{t-1} + (1 - \beta_1)\, g_t, \qquad
#   v_t = \beta_2\, v_{t-1} + (1 - \beta_2)\, g_t^2 ,$$
#
# $\beta_1 = 0.9$, $\beta_2 = 0.999$. Unrolled, $m_t = (1 - \beta_1) \sum_{k=1}^{t}
# \beta_1^{\,t-k}\, g_k$: a weighted mean whose weights sum to $1 - \beta_1^t$, not 1.
#
# ### Bias correction
#
# So a constant $g$ gives $m_t = (1 - \beta_1^t)\, g$, at $t = 1$ a tenth of it. Dividing
# by that sum removes the bias, for $v$ likewise (the paper's Algorithm 1,
# $\epsilon = 10^{-8}$):
#
# $$\hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad \hat v_t = \frac{v_t}{1 - \beta_2^t},
# \qquad w_t = w_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon} .$$
#
# $\hat m / \sqrt{\hat v}$ is a mean gradient over a root-mean-square one: about $\pm 1$
# for steady gradients, smaller when they disagree. So a weight with steady gradients
# moves by about $\eta$ a step whatever their scale (scale the loss by $c$: both grow by
# $c$). Not a hard bound: a gradient after a long run of zeros meets a $v$ that has
# forgotten its scale, and Kingma and Ba (section 2.1) bound that step only by
# $\eta\,(1 - \beta_1)/\sqrt{1 - \beta_2} \approx 3.16\,\eta$ (measured below). For
# $\beta_2 = 0.999$ the correction matters for thousands of steps:

# %%
for t in (1, 10, 100, 1_000, 10_000):
    print(f"t = {t:>6}: 1 - beta_1**t = {1 - config.BETA_1**t:.4f}, "
          f"1 - beta_2**t = {1 - config.BETA_2**t:.4f}")  # fmt: skip

# %% [markdown]
# ### The folded form
#
# Kingma and Ba (end of section 2) fold both corrections into the step size:
#
# $$\alpha_t = \eta\, \frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t}, \qquad
#   w_t = w_{t-1} - \alpha_t\, \frac{m_t}{\sqrt{v_t} + \hat\epsilon} ,$$
#
# Algorithm 1's step with $\epsilon = \hat\epsilon / \sqrt{1 - \beta_2^t}$ (substitute
# $m_t = (1 - \beta_1^t)\,\hat m_t$, $\sqrt{v_t} = \sqrt{1 - \beta_2^t}\,\sqrt{\hat v_t}$).
# Keras computes this form with $\hat\epsilon = 10^{-7}$. Write it (`epsilon` is
# $\hat\epsilon$, added to the uncorrected $\sqrt{v}$):


# %% tags=["exercise"]
def adam_step(param, grad, m, v, t, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """Adam's step t (from 1), folded form; param, grad, m, v of one shape; new (param, m, v)."""
    raise NotImplementedError("your code here")


# %%
check("adam_step", adam_step)
adam_step = use("adam_step", adam_step)

# %% [markdown]
# Predict first: with a constant gradient, how long is each step (without the bias
# correction the first would be $0.1/\sqrt{0.001} = 3.16\,\eta$), and with one 1,000x larger?

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
# Longer than $\eta$, within the bound: $m$ is a tenth of the gradient but $\sqrt{v}$ only
# $\sqrt{1 - \beta_2}$ of it, the zeros $v$ averaged in no longer made up for. Rare features get
# the largest steps, one reason Adam's learning rate is kept small. (The steady steps above fall
# short of $\eta$ by $\hat\epsilon = 10^{-7}$ beside
# $\sqrt{v_1} = \sqrt{1 - \beta_2}\cdot 0.01 = 3.16 \times 10^{-4}$.) On the bowl, Adam's first
# steps are about $\eta$ in *each* weight: diagonally, no zigzag; its $m$ carries it a little
# past the floor, like momentum:


# %%
def adam_update(learning_rate, **hyper):  # hyper: beta_1, beta_2, epsilon
    def update(w, g, state, t):
        m, v = (np.zeros_like(w), np.zeros_like(w)) if state is None else state
        w, m, v = adam_step(w, g, m, v, t, learning_rate, **hyper)
        return w, (m, v)

    return update


plots.bowl_paths({"SGD, learning rate 0.45": sgd_update(0.45),
                  "momentum 0.5, learning rate 0.45": momentum_update(0.45, 0.5),
                  "Adam, learning rate 0.3": adam_update(0.3)})  # fmt: skip

# %% [markdown]
# ## 4. SGD, momentum and Adam on the same problem
#
# Real digits: for one seed every run starts from the same weights and sees the same
# batches; only the optimiser differs. Each keeps a state per parameter array (none for
# SGD, a velocity, or $m$ and $v$). Predict first: weights plus state, in weights?


# %%
def train(update, seed, epochs=NUM_EPOCHS, batch_size=BATCH_SIZE):
    """A fresh network trained with `update` kept per parameter array: batch losses, final loss."""
    return train_run(update, init_params(seed), loss_and_gradients, x, y, seed, epochs, batch_size)


num_weights = sum(p.size for p in params)
for name, update in (("SGD", sgd_update(0.01)), ("momentum", momentum_update(0.01, 0.9)),
                     ("Adam", adam_update(0.001))):  # fmt: skip
    optimiser = PerArray(update)  # one state per parameter array
    for index, (param, grad) in enumerate(zip(params, grads)):  # one step on every array
        optimiser(index, param, grad, 1)
    num_state = optimiser.state_size()
    print(f"{name:8} state {num_state:>6,} numbers: weights plus state "
          f"{(num_weights + num_state) / num_weights:g} times the weights")  # fmt: skip

# %% [markdown]
# Four runs per seed, each at a rate people start from: SGD at Keras's default 0.01 and
# at 0.1, momentum 0.9 at 0.01 (like SGD at $0.01 / (1 - 0.9) = 0.1$ once its velocity
# has built up), and Adam at 0.001. Each curve has
# <span data-expr="curves['Adam, 0.001'].shape[1]">20</span> points, each the mean loss
# of <span data-expr="f'{STRETCH} batch' + 'es' * (STRETCH > 1)">25 batches</span>. Which
# is lowest at the end? Predict first.

# %%
race = {"SGD, 0.01": sgd_update(0.01), "SGD, 0.1": sgd_update(0.1),
        "momentum 0.9, 0.01": momentum_update(0.01, 0.9),
        "Adam, 0.001": adam_update(0.001)}  # fmt: skip
STRETCH = max(1, NUM_EPOCHS * math.ceil(NUM_DIGITS / BATCH_SIZE) // 20)  # about 20 points
curves, final = {}, {}
start = time.perf_counter()
for name, update in race.items():
    runs = [train(update, seed) for seed in SEEDS]
    usable = len(runs[0][0]) // STRETCH * STRETCH
    curves[name] = np.array([losses[:usable].reshape(-1, STRETCH).mean(1) for losses, _ in runs])
    final[name] = np.array([final_loss for _, final_loss in runs])
    print(f"{name:20} final loss on the {NUM_DIGITS} digits, per seed: {final[name].round(3)}")
run_seconds = (time.perf_counter() - start) / (len(race) * len(SEEDS))
print(f"{run_seconds * 1000:.0f} ms per run on this machine ({len(runs[0][0])} steps each)")
late = {name: curve[:, -max(1, curve.shape[1] // 4) :].mean() for name, curve in curves.items()}
print("last quarter's mean loss:", ", ".join(f"{k} {v:.3f}" for k, v in late.items()))
momentum_late = "below" if late["momentum 0.9, 0.01"] < late["SGD, 0.1"] else "still above"
plots.loss_curves(curves, steps_per_point=STRETCH)

# %% [markdown]
# Read it with the seeds' spread in mind (thin lines). SGD at 0.01 has barely started;
# momentum 0.9 at 0.01 lags SGD at 0.1 while its velocity builds up, then should move like
# it ($1/(1 - \mu) = 10$); over this budget's last quarter it is
# <span data-expr="momentum_late">still above</span> it (printed): it compares *rates* too.
#
# ## 5. A learning-rate sweep
#
# Learning rates half a decade apart, for SGD and Adam, same seeds, half as many epochs,
# the final training loss. Predict first: is Adam's best rate above or below SGD's?

# %%
SWEEP_EPOCHS = max(1, NUM_EPOCHS // 2)
sweep_rates = {"SGD": 10.0 ** np.arange(-3, 0.01, 0.5), "Adam": 10.0 ** np.arange(-4, -0.99, 0.5)}
if course.quick():  # every other rate
    sweep_rates = {name: rates[::2] for name, rates in sweep_rates.items()}
makers = {"SGD": sgd_update, "Adam": adam_update}
sweep_losses = {
    name: np.array([[train(makers[name](rate), seed, SWEEP_EPOCHS)[1] for rate in rates]
                    for seed in SEEDS])
    for name, rates in sweep_rates.items()
}  # fmt: skip
good_decades = {}
for name, rates in sweep_rates.items():
    means = sweep_losses[name].mean(axis=0)  # inf where a run diverged
    good = rates[means <= 2 * means.min()]
    good_decades[name] = math.log10(good.max() / good.min())
    print(f"{name:4}: best rate {rates[means.argmin()]:.2g} (mean final loss {means.min():.3f}); "
          f"within twice that loss from {good.min():.2g} to {good.max():.2g}, "
          f"{good_decades[name]:.1f} decades")  # fmt: skip
wider = max(good_decades, key=good_decades.get)
rms_gradient = math.sqrt(squared_norm / config.NUM_PARAMETERS)
print(f"typical gradient of one weight at the start (RMS): {rms_gradient:.4f}")
plots.learning_rate_sweep(sweep_rates, sweep_losses)

# %% [markdown]
# Too small a rate barely moves, too large overshoots (section 1's $\eta > 2/\lambda$):
# where the sweep reaches both walls, the curve is a valley. Adam's best rate is far below
# SGD's: Adam moves a steady weight by about $\eta$, SGD by $\eta$ times its gradient (the
# RMS printed). The printed decades are the widths; they move with the budget (epochs,
# batch size, data), and on a small one a wall can lie outside the sweep.
#
# ## Summary
#
# - Gradient descent follows from a first-order Taylor expansion; too large a step overshoots.
# - Momentum's velocity is a running sum of past steps fading by $\mu$: along a steady
#   slope steps grow $1/(1 - \mu)$ times, across a zigzag they cancel.
# - Adam scales each step by its weight's gradient RMS, both running means corrected for
#   starting at zero (the folded form: the same formula with $\hat\epsilon$ for $\epsilon$).
# - One rate each compares learning rates; a sweep over seeds shows each optimiser at its
#   best and its range of good rates (here <span data-expr="wider">Adam</span>'s was wider).
#
# ## Experiments
#
# Change one thing, predict, run, explain.
#
# 1. **More momentum.** Momentum at the learning rate 0.01 with $\mu$ = 0.5, 0.9, 0.99:
#    by $1/(1 - \mu)$ like SGD at 0.02, 0.1 and 1. The sweep says what SGD at 1 does; does
#    momentum 0.99, or does the slow build-up of the velocity save it?

# %%
for momentum in (0.5, 0.9, 0.99):
    _, final_loss = train(momentum_update(0.01, momentum), seed=0)
    print(f"momentum {momentum}: final loss {final_loss:.3f}")

# %% [markdown]
# 2. **Adam's epsilon.** $\hat\epsilon$ = 1e-7, 1e-4, 1e-2, 1. When $\hat\epsilon \gg
#    \sqrt{v}$, what does $\alpha_t\, m / (\sqrt{v} + \hat\epsilon)$ become (hint: $m$ is
#    a running mean like momentum's velocity; at what learning rate)? Predict each loss.

# %%
for epsilon in (1e-7, 1e-4, 1e-2, 1.0):
    _, final_loss = train(adam_update(config.LEARNING_RATE, epsilon=epsilon), seed=0)
    print(f"epsilon-hat {epsilon:g}: final loss {final_loss:.3f}")

# %% [markdown]
# ## Deep dive (optional): Keras's Adam, rounding by rounding
#
# The lesson is complete without this part: where Keras's Adam departs from the paper
# (lesson 6 and the parity ladder meet it again), and what becomes of a shrinking moment.
#
# ### A. Keras's Adam, next to the paper's
#
# **Its $\hat\epsilon$ is $10^{-7}$.** In Algorithm 1's form that is
# $\epsilon = 10^{-7} / \sqrt{1 - \beta_2^t}$: a *larger* epsilon than the paper's
# $10^{-8}$ at every step, largest at the start. **Its betas are rounded to float32**:
# `Adam.update_step` computes `ops.power(ops.cast(self.beta_2, variable.dtype), t)`, and
# casting a Python float goes through a float32 tensor first, whatever the target dtype.
# Predict first: how many correct digits does $1 - \beta_2$ keep? Ask Keras:

# %%
for t in (1, 100, 10_000):
    epsilon_in_paper_form = config.ADAM_EPSILON / math.sqrt(1 - config.BETA_2**t)
    print(f"t = {t:>6}: Keras's epsilon in the paper's form = {epsilon_in_paper_form:.3g}")
for name, value in (("beta_1", config.BETA_1), ("beta_2", config.BETA_2)):
    print(f"{name} = {value} cast to float64 by Keras: {float(keras.ops.cast(value, 'float64'))!r}")
exact, rounded = 1 - config.BETA_2, 1 - float(np.float32(config.BETA_2))
error = abs(rounded - exact) / exact
print(f"1 - beta_2: exact {exact:.10f}, with float32 beta_2 {rounded:.10f}: relative error "
      f"{error:.2g}, {-math.log10(error):.1f} correct digits")  # fmt: skip

# %% [markdown]
# Float32 rounds 0.999 up and 0.9 down, so $1 - \beta_2^t$ comes out a little small and
# $1 - \beta_1^t$ a little large: Keras's $\alpha_t$ is a little short. With the rounded betas
# $\beta_i(1 + \delta_i)$, $(\beta_i(1 + \delta_i))^t \approx \beta_i^t (1 + t\,\delta_i)$:
# the step is shorter by
#
# $$t\left(\frac{\delta_2}{2}\,\frac{\beta_2^t}{1 - \beta_2^t}
#   - \delta_1\,\frac{\beta_1^t}{1 - \beta_1^t}\right).$$
#
# Below: the exact shortening with float32 betas (the line), that formula, and one real
# step of `keras.optimizers.Adam` at a few $t$ (dots: from zero moments and weights, so
# the weights after it are the step). Predict first: when has the shortening faded?

# %%
steps_per_epoch = math.ceil(config.NUM_TRAIN * (1 - config.VALIDATION_SPLIT) / BATCH_SIZE)
t = np.arange(1, 10 * steps_per_epoch + 1, dtype=np.float64)
shortening = keras_steps.float32_beta_shortening(t)
measured_t = np.array([1, 10, 100, steps_per_epoch, 5_000, 10_000])
grad = np.random.default_rng(0).normal(size=1_000) * 1e-2  # one Keras step at each t:
measured = np.array(keras_steps.keras_adam_shortening(measured_t, grad))
for step_number in (1, steps_per_epoch, 10_000):
    print(f"t = {step_number:>6}: Keras's step shorter by {shortening[step_number - 1]:.2g} "
          f"(first order: {keras_steps.first_order_shortening(step_number):.2g})")  # fmt: skip
print(f"one epoch = {steps_per_epoch} steps; measured at t = {measured_t.tolist()}:",
      [f"{value:.2g}" for value in measured])  # fmt: skip
marks = {"one epoch": steps_per_epoch, "ten epochs": 10 * steps_per_epoch}
plots.step_shortening(t, shortening, measured_steps=measured_t, measured=measured, marks=marks)

# %% [markdown]
# The $\beta_1$ share is gone within a hundred steps, as $\beta_1^t$ is; the $\beta_2$
# share fades as $\beta_2^t$ does. The dots land on the line: Keras does what the formula
# with float32 betas says. The reference NumPy Adam rounds the betas the same way on
# purpose; your `adam_step` with exact betas is the textbook's, and the checks accept both.
#
# ### B. One step against Keras
#
# Your functions against Keras's optimizers (`mnist_course/keras_steps.py`), one batch's
# gradients, one step, in float64 and float32: the *step*'s largest difference relative to
# the largest step, and the *weights after it*, relative in norm. Beside your `adam_step`,
# `adam_step_as_keras`: the folded form in Keras's order with Keras's rounded betas.
# Predict first: which of the three agree with Keras bit for bit?

# %%
comparisons = {  # one step of ours from zero state (t = 1), and the Keras optimizer
    "your adam_step": (lambda p, g: adam_step(p, g, 0 * p, 0 * p, 1)[0], keras_mlp.make_adam),
    "adam_step_as_keras": (lambda p, g: keras_steps.adam_step_as_keras(p, g, 0 * p, 0 * p, 1)[0],
                           keras_mlp.make_adam),
    "your momentum_step": (lambda p, g: momentum_step(p, g, 0 * p, 0.01, 0.9)[0],
                           lambda: keras.optimizers.SGD(0.01, momentum=0.9)),
}  # fmt: skip
params = init_params(seed=0)
_, grads = loss_and_gradients(params, batch_x, batch_y)
for dtype in ("float64", "float32"):
    for name, (ours, make) in comparisons.items():
        step, weights, equal = keras_steps.one_step_against_keras(ours, make, params, grads, dtype)
        print(f"{dtype} {name:19} step differs by {step:.2g}, weights by {weights:.2g}, "
              f"bit for bit: {equal}")  # fmt: skip

# %% [markdown]
# With the exact betas, the float64 step difference is part A's shortening at $t = 1$. In
# float32 the printout says whether your step equals Keras's bit for bit, and either
# outcome is right. Keras's step size uses the betas rounded to float32; one from
# the exact betas (`math.sqrt(1 - beta_2**t)`, as `solution("adam_step")` writes it) is longer by
# part A's few parts in a million, which float32 shows, and the check accepts both. In
# Keras's order and rounding (`adam_step_as_keras`) both dtypes are equal bit for bit.
# Momentum's first step has no history; from the second on $\mu$ counts, and Keras casts it
# as the betas. Ten steps of Keras's SGD (momentum 0.9, rate 0.01, float64) against your
# `momentum_step` with $\mu = 0.9$ and with $\mu$ as float32, relative to the largest
# weight. Which one drifts?

# %%
momentum_grads = list(np.random.default_rng(0).normal(size=(10, 1_000)))
for label, mu in (("momentum 0.9", 0.9), ("momentum 0.9 as float32", float(np.float32(0.9)))):
    drift = keras_steps.momentum_drift(momentum_step, momentum_grads, 0.01, 0.9, mu)  # Keras: 0.9
    print(f"{label:23} against Keras after steps 1..10:", " ".join(f"{d:.1e}" for d in drift))

# %% [markdown]
# With $\mu = 0.9$ the weights drift apart from the second step, growing as the velocity
# accumulates the difference; with $\mu$ rounded to float32 every step equals Keras's bit
# for bit: that rounding is the whole difference.
#
# ### C. Gradients that stay 0, and subnormal numbers
#
# While a rarely lit pixel's gradient stays 0, $m$ shrinks by $\beta_1 = 0.9$ a step, and
# after several hundred steps it is below the smallest *normal* float32: **subnormal**,
# nonzero with fewer digits, and on some CPUs much slower. TensorFlow flushes them to 0;
# the reference NumPy Adam does too, every few steps (`flush_subnormals` in
# `mnist_course/numpy_mlp/optim.py`). Predict first: on your machine, are they slower?

# %%
smallest_normal = np.finfo(np.float32).smallest_normal
subnormal = np.full(1, smallest_normal / 100, dtype=np.float32)
tensorflow = np.asarray(keras.ops.multiply(subnormal, np.float32(1)))[0]
print(f"smallest normal float32: {smallest_normal:.3g}; a subnormal {subnormal[0]:.3g} times 1: "
      f"NumPy {(subnormal * np.float32(1))[0]:.3g}, TensorFlow {tensorflow:.3g}")  # fmt: skip
slowdown = keras_steps.subnormal_slowdown()
print(f"on this machine, subnormals take {slowdown:.1f} times as long as normals")
