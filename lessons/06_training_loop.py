# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 6: The training loop
#
# In this lesson you will:
#
# - cut the training set into shuffled mini-batches, a new order every epoch, and hold out
#   the last 10% for validation as Keras's `fit` does;
# - write `train_step`, then `fit` around it, from your own functions of lessons 3 to 5;
# - check the whole pipeline by overfitting 100 digits;
# - train your network on all of MNIST, beside the course's reference and beside Keras;
# - run the parity ladder on your functions;
# - see why a new order every epoch matters, and how the original notebook lost it.

# %% [markdown]
# ## Setup

# %% tags=["setup"]
# The names your exercise answers can use; `mnist-course check` runs this cell too.
import math

import numpy as np

from mnist_course.exercises import check, hint, solution, use  # noqa: F401

# Lesson 3's softmax: an `accuracy` written through probabilities may call it (section 3).
from mnist_course.numpy_mlp.functional import softmax  # noqa: F401

# The course's pieces, for train_step and fit; section 1 replaces them with yours.
import time

from mnist_course import config
from mnist_course.exercises.lesson_06_train_step import (
    adam_state,
    adam_step,
    backward,
    cross_entropy,
    cross_entropy_backward,
    dense_backward,
    forward,
    relu_backward,
    train_step,
)
from mnist_course.history import TrainingHistory
from mnist_course.numpy_mlp.batches import minibatch_indices
from mnist_course.numpy_mlp.metrics import accuracy

# %%
import itertools
from pathlib import Path

from mnist_course import course, plots
from mnist_course.data import flatten_images, scale_pixels
from mnist_course.exercises.answers import learner_functions
from mnist_course.learner_run import save_learner_run
from threadpoolctl import threadpool_limits

threadpool_limits(1)  # one batch's matrices are small: one BLAS thread is faster than two
data = course.setup()
images, test_images = scale_pixels(data.x_train), scale_pixels(data.x_test)  # float32, 0..1
x_all, x_test = flatten_images(images), flatten_images(test_images)  # rows of 784 pixels
SEED = config.DEFAULT_SEED
BATCH_SIZE = config.DEFAULT_BATCH_SIZE

# %% [markdown]
# ## 1. Your functions, from lessons 3 to 5
#
# Training needs these pieces you wrote: `split_validation` (lesson 1); `glorot_uniform`,
# `relu` and `dense_forward` (lesson 3); `cross_entropy`, `cross_entropy_backward`,
# `relu_backward`, `dense_backward` and your `backward` (lesson 4); `adam_step` (lesson
# 5). (Not `softmax`: the loss works on the logits, and a prediction needs only the
# largest logit, section 3.) `learner_functions(Path("."))` reads them from your lesson
# files, running the setup and exercise cells of every lesson here as `mnist-course
# check` does; `use` then takes **yours if it passes its check**, the course's otherwise.

# %%
yours = learner_functions(Path("."))  # name -> the function in your lesson files
split_validation = use("split_validation", yours.get("split_validation"))
glorot_uniform = use("glorot_uniform", yours.get("glorot_uniform"))
relu = use("relu", yours.get("relu"))
dense_forward = use("dense_forward", yours.get("dense_forward"))
cross_entropy = use("cross_entropy", yours.get("cross_entropy"))
cross_entropy_backward = use("cross_entropy_backward", yours.get("cross_entropy_backward"))
relu_backward = use("relu_backward", yours.get("relu_backward"))
dense_backward = use("dense_backward", yours.get("dense_backward"))
backward = use("backward", yours.get("backward"))
adam_step = use("adam_step", yours.get("adam_step"))
used = {
    "relu": relu,
    "dense_forward": dense_forward,
    "cross_entropy": cross_entropy,
    "cross_entropy_backward": cross_entropy_backward,
    "relu_backward": relu_backward,
    "dense_backward": dense_backward,
    "backward": backward,
    "adam_step": adam_step,
}
mine = [name for name, function in used.items() if function is yours.get(name)]
print(f"yours: {', '.join(mine) or 'none yet'}")
print(f"the course's: {', '.join(name for name in used if name not in mine) or 'none'}")

# %% [markdown]
# ## 2. Mini-batches, epochs, and a validation set
#
# The gradient of the mean loss over all $N$ training images needs a pass through all of
# them per update. A random **mini-batch** $B$ of 32 gives an unbiased estimate,
# $\frac{1}{|B|}\sum_{i \in B} \nabla \ell_i$, for 32 images' work: many cheap, noisy
# steps. One **epoch** puts every image in exactly one batch, in a **new random order**
# each epoch; when 32 does not divide $N$ the last batch is smaller.
#
# The validation set is what `model.fit(validation_split=0.1)` holds out: the **last** 10%
# (`config.VALIDATION_SPLIT`), cut before any shuffling, never trained on. Your
# `split_validation` of lesson 1 makes it. Predict the steps per epoch and the last
# batch's size:

# %%
x_fit, y_fit, x_val, y_val = split_validation(x_all, data.y_train, config.VALIDATION_SPLIT)
num_steps = math.ceil(len(x_fit) / BATCH_SIZE)
print(f"training on {len(x_fit):,} images, validating on the last {len(x_val):,}")
print(f"one epoch at batch size {BATCH_SIZE}: {num_steps:,} steps, "
      f"the last one of {len(x_fit) - (num_steps - 1) * BATCH_SIZE} images")  # fmt: skip

# %% [markdown]
# Now the batches. Write `minibatch_indices(num_samples, batch_size, rng)`: a list of
# integer index arrays, a new random order of `0 .. num_samples - 1` cut into slices of
# `batch_size` (the last may be shorter). Draw the order from the generator `rng` you are
# given (`rng.permutation`), so that one seed gives one sequence of epochs, and each call
# gives the next epoch's order.


# %% tags=["exercise"]
def minibatch_indices(num_samples, batch_size, rng):
    """A list of index arrays: a random order of all samples, cut into batches."""
    raise NotImplementedError("your code here")


# %%
check("minibatch_indices", minibatch_indices)

# %%
minibatch_indices = use("minibatch_indices", minibatch_indices)
rng = np.random.default_rng(SEED)
epoch_1, epoch_2 = (minibatch_indices(len(x_fit), BATCH_SIZE, rng) for _ in range(2))
print(f"{len(epoch_1)} batches; sizes {len(epoch_1[0])}, ..., {len(epoch_1[-1])}")
every_image_once = np.array_equal(np.sort(np.concatenate(epoch_1)), np.arange(len(x_fit)))
print("every image exactly once:", every_image_once)
print("epoch 1 starts with images", epoch_1[0][:6], "\nepoch 2 starts with images", epoch_2[0][:6])

# %% [markdown]
# ## 3. Accuracy
#
# The loss is what we minimise; accuracy is what we report: the fraction of images whose
# largest logit is at the true digit. Softmax does not change which logit is the largest
# (it is increasing), so the logits are enough. Write `accuracy(logits, labels)`; predict
# what it gives on the three rows of logits in the cell after the check.


# %% tags=["exercise"]
def accuracy(logits, labels):
    """The fraction of rows whose largest logit is at the true label."""
    raise NotImplementedError("your code here")


# %%
check("accuracy", accuracy)

# %%
accuracy = use("accuracy", accuracy)
three_rows = np.array([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [1.0, 0.0, 5.0]])
print(f"accuracy on the three rows, labels 0 1 0: {accuracy(three_rows, np.array([0, 1, 0])):.4f}")

# %% [markdown]
# ## 4. The training loop, on the page
#
# Everything below is plain NumPy around your functions. The parameters are a list of
# eight arrays in Keras's `get_weights()` order: kernel and bias of `dense_1` to
# `dense_4`. The kernels start from your `glorot_uniform` (lesson 3: uniform in
# $\pm\sqrt{6/(n_\mathrm{in} + n_\mathrm{out})}$), the biases at 0, as Keras does.


# %%
def init_params(seed, dtype=np.float32, layer_sizes=config.LAYER_SIZES):
    """[kernel_1, bias_1, ..., kernel_4, bias_4]: Glorot-uniform kernels, zero biases."""
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in itertools.pairwise(layer_sizes):  # (784, 32), (32, 16), ...
        params.append(np.asarray(glorot_uniform(fan_in, fan_out, rng), dtype))
        params.append(np.zeros(fan_out, dtype))
    return params


def forward(x, params):
    """Logits (batch, 10), and the cache of lesson 4: (input, z) of every Dense layer."""
    cache, values = [], x
    for layer in range(len(params) // 2):
        z = dense_forward(values, params[2 * layer], params[2 * layer + 1])
        cache.append((values, z))
        last = layer == len(params) // 2 - 1
        values = z if last else relu(z)  # no ReLU on the logits: softmax is in the loss
    return values, cache


def adam_state(params):
    """Adam's moments m and v (zeros, one per parameter) and its step count t."""
    zeros = [np.zeros_like(p) for p in params]
    return {"m": zeros, "v": [zero.copy() for zero in zeros], "t": 0}


# %% [markdown]
# One step of training composes what you have: forward, loss, your `backward` of lesson 4,
# and one `adam_step` per parameter with its own `m` and `v` from `state`. Write
# `train_step(params, state, x_batch, y_batch, learning_rate)`: it updates `params` (the
# list) and `state` in place and returns `(loss, logits)` of the forward pass it stepped
# from (Keras measures its metrics before each update). The check compares loss, logits,
# parameters and `m`, `v`, `t` after one step (the first, and one mid-training) with the
# course's. Predict first: an answer that writes `p, m, v = adam_step(...)` inside a
# `for p, g, m, v in zip(...)` loop computes every number right. What does the check say?


# %% tags=["exercise"]
def train_step(params, state, x_batch, y_batch, learning_rate):
    """Forward, loss, backward, one Adam step on every parameter; returns (loss, logits)."""
    raise NotImplementedError("your code here")


# %%
check("train_step", train_step)
train_step = use("train_step", train_step)

# %% [markdown]
# Now `fit`, the loop itself: each epoch a new order from your `minibatch_indices`, a
# `train_step` on every batch (Adam's state made once, before the first epoch), the epoch's
# loss and accuracy averaged over its samples (the last batch may be smaller), the
# validation set scored after the epoch, all of it recorded in a `TrainingHistory`
# (`history.record(metrics, seconds)`). Return the history and each epoch's order. Two
# options: `batches_of(len(x), batch_size, rng)`, when given, replaces `minibatch_indices`
# (section 10 hands in fixed orders); `verbose` prints one line per epoch. The check runs
# yours and the course's from the same weights and seed and compares orders, history and
# weights. Predict first: an answer that draws the batches once, before the epoch loop,
# gets all of epoch 1 right. What does the check say?


# %% tags=["exercise"]
def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,
        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):  # fmt: skip
    """Train params in place; returns (history, orders): a TrainingHistory, each epoch's order."""
    raise NotImplementedError("your code here")


# %%
check("fit", fit)
fit = use("fit", fit, train_step=train_step, forward=forward, cross_entropy=cross_entropy,
          accuracy=accuracy, minibatch_indices=minibatch_indices)  # fmt: skip


# %% [markdown]
# Two checks before any training. The shapes of one forward and backward pass: every
# gradient has the shape of its parameter. And the first loss: with small random
# weights the logits are all near 0, softmax gives each digit about $1/10$, and the
# cross-entropy $-\ln p_\text{true}$ should be about $\ln 10 \approx 2.30$.

# %%
params = init_params(SEED)
logits, cache = forward(x_fit[:BATCH_SIZE], params)
grad_logits = cross_entropy_backward(logits, y_fit[:BATCH_SIZE])
grads = backward(grad_logits, cache, params, relu_backward, dense_backward)
for name, param, grad in zip(config.weight_names(), params, grads):
    print(f"{name:15} {param.shape!s:10} gradient {grad.shape}")
print(f"first loss {cross_entropy(logits, y_fit[:BATCH_SIZE]):.3f}, ln 10 = {math.log(10):.3f}")

# %% [markdown]
# ## 5. Sanity check: overfit 100 digits
#
# Before training on all <span data-expr="len(x_fit)" data-format=",">54,000</span>
# training images, make sure the whole pipeline can learn at all (CS231n's advice): a
# network with 25,874 parameters must be able to memorise 100 digits, driving the training
# loss to about 0 and the training accuracy to 100%. If it cannot, something is broken (a
# gradient with the wrong sign, an update that does not reach the parameters, labels
# shuffled apart from their images), and more data would only hide it. Memorising is not
# learning: the validation accuracy shows how little of it carries over to digits the
# network has not seen: predict the validation accuracy before you run it.

# %%
OVERFIT_DIGITS, OVERFIT_EPOCHS = 100, 200  # 4 batches an epoch: 800 steps
tiny_params = init_params(SEED)
tiny_history, _ = fit(
    tiny_params,
    x_fit[:OVERFIT_DIGITS],
    y_fit[:OVERFIT_DIGITS],
    OVERFIT_EPOCHS,
    np.random.default_rng(SEED),
    verbose=False,
)
tiny_logits, _ = forward(x_fit[:OVERFIT_DIGITS], tiny_params)
tiny_labels = y_fit[:OVERFIT_DIGITS]
print(
    f"after {OVERFIT_EPOCHS} epochs: loss {cross_entropy(tiny_logits, tiny_labels):.4f}, "
    f"training accuracy {accuracy(tiny_logits, tiny_labels):.0%}, "
    f"validation accuracy {accuracy(forward(x_val, tiny_params)[0], y_val):.1%}"
)
plots.sanity_check_curves(tiny_history, f"{OVERFIT_DIGITS} digits, batch size {BATCH_SIZE}")

# %% [markdown]
# ## 6. Your network on all of MNIST
#
# The real run: all the training images and batches of section 2 (their counts are printed
# there), Adam at learning rate `config.LEARNING_RATE` through your `train_step`, a new
# order every epoch drawn from seed `SEED`, scored on the validation images after each
# epoch. Then it saves your trained network (`mnist_course.learner_run`) for lesson 7.

# %%
params = init_params(SEED)
initial_params = [p.copy() for p in params]
your_history, orders = fit(
    params, x_fit, y_fit, course.epochs(), np.random.default_rng(SEED), validation=(x_val, y_val)
)
your_test_accuracy = accuracy(forward(x_test, params)[0], data.y_test)
print(f"test accuracy {your_test_accuracy:.4f}")
saved = save_learner_run(
    params, your_history, your_test_accuracy, quick=course.quick(), initial_params=initial_params
)
print(f"your trained network is saved for lesson 7: {saved.name} in the course's cache folder")

# %% [markdown]
# ## 7. Beside the reference
#
# The course's reference network, `mnist_course.numpy_mlp.MLP`, computes the same
# arithmetic in a different layout (one flat parameter vector, lesson 3). Give it your
# initial weights and train it on the same batches in the same order, epoch by epoch, with
# its Adam. Predict: equal weights after training, or not?

# %%
from mnist_course.numpy_mlp import MLP, Adam  # noqa: E402  (the reference, to compare with)
from mnist_course.numpy_mlp.train import train_one_epoch  # noqa: E402

reference = MLP(seed=None)
reference.set_weights(initial_params)  # your initial weights
reference_optimizer, reference_history = Adam(), TrainingHistory()
for order in orders:
    start = time.perf_counter()
    metrics = train_one_epoch(reference, reference_optimizer, x_fit, y_fit, order, BATCH_SIZE)
    metrics["val_loss"], metrics["val_accuracy"] = reference.evaluate(x_val, y_val)
    reference_history.record(metrics, time.perf_counter() - start)
reference_test_accuracy = reference.evaluate(x_test, data.y_test)[1]
largest = max(np.abs(a - b).max() for a, b in zip(params, reference.get_weights()))
print(f"largest parameter difference after training: {largest:.3g}")
print(f"test accuracy: yours {your_test_accuracy:.4f}, reference {reference_test_accuracy:.4f}")

# %% [markdown]
# Same start, same batches, same formulas: are the weights equal, and if not, why not?
# Take one step of each from the same initial weights on the first batch, in float64
# (rounding at $10^{-16}$ cannot blur what we look for), and divide your update by the
# reference's:

# %%
first_x, first_y = x_fit[orders[0][:BATCH_SIZE]].astype(np.float64), y_fit[orders[0][:BATCH_SIZE]]
start64 = init_params(SEED, np.float64)
one_step = [p.copy() for p in start64]
train_step(one_step, adam_state(one_step), first_x, first_y, config.LEARNING_RATE)
stepped = MLP(seed=None, dtype="float64")
stepped.set_weights(start64)
stepped.loss_and_gradients(first_x, first_y)
Adam().step([stepped.flat_params], [stepped.flat_grads])
yours_moved = np.concatenate([(a - b).ravel() for a, b in zip(one_step, start64)])
reference_moved = np.concatenate([(a - b).ravel() for a, b in zip(stepped.get_weights(), start64)])
ratio = yours_moved[reference_moved != 0] / reference_moved[reference_moved != 0]
print(f"your update / the reference's: from {ratio.min():.10f} to {ratio.max():.10f}")

# %% [markdown]
# One ratio for every parameter that moved: the steps point the same way and differ only
# in length. With the exact betas (which lesson 5's check accepts too) it is just above
# 1: the reference, like Keras, rounds $\beta_1$ and $\beta_2$ to float32 before the
# power $t$ (lesson 5), a slightly shorter first step (the ratio is 1 if you rounded them
# too). As a difference of weights for a step of the learning rate's size, against the
# spacing of float32 numbers near 0.1:

# %%
step_difference = (ratio.max() - 1) * config.LEARNING_RATE
print(f"a step of {config.LEARNING_RATE:g} differs by {step_difference:.1e}; float32 numbers "
      f"near 0.1 are {np.spacing(np.float32(0.1)):.1e} apart")  # fmt: skip

# %% [markdown]
# Where that difference is below the spacing, each float32 step rounds to the reference's
# and the trained weights can come out equal, bit for bit (a difference of 0 above).
# Where any difference survives rounding (another order of operations in one of your
# functions, say), training feeds it back into all later gradients, and it grows into
# the largest difference printed above (when that is not 0). Small differences can get
# large: Adam divides each gradient by its own running size, so for a weight whose
# gradient is nearly zero a tiny change can flip the direction of a full step; and a
# ReLU that is on for an image in one network and off in the other sends the two along
# different paths. Both runs are correct; they are two runs, like two seeds, and what to
# compare is their test accuracies, printed above. The parity ladder (section 9)
# compares the two *computations* tensor by tensor, where no such growth can hide a
# mistake; its `max abs` column shows which of your functions' results are not Keras's
# to the last bit.
#
# ## 8. Beside Keras
#
# The same network, data, batch size and optimiser in Keras (lesson 2), trained once
# with seed `SEED`: `course.keras_run()` trains it the first time a lesson asks (lesson 6
# or 7) and reads it back from the course's cache after that. Its initial weights come
# from TensorFlow's generator, so it is a different run: compare accuracies, not
# weights.

# %%
keras_run = course.keras_run()  # trained once, then shared with lesson 7
keras_history = keras_run.history
print(f"test accuracy: yours {your_test_accuracy:.4f}, "
      f"reference {reference_test_accuracy:.4f}, Keras {keras_run.test_accuracy:.4f}")  # fmt: skip
print(
    "seconds per epoch (median): "
    f"yours {np.median(your_history.seconds_per_epoch):.2f}, "
    f"reference {np.median(reference_history.seconds_per_epoch):.2f}, "
    f"Keras {np.median(keras_history.seconds_per_epoch):.2f}"
)
plots.training_curves(
    {"yours": your_history, "reference": reference_history, "Keras": keras_history}
)

# %% [markdown]
# Your curves (blue) and the reference's (orange) start from the same weights and see
# the same batches; where they part, it is as their weights do (section 7). One run of
# each says little about which network learns better: the README's table of five seeds
# (`mnist-course compare --seeds 5`) gives the reference's and Keras's mean test
# accuracies and a 95% interval for their difference, to read your single run against.
# Your network computes the reference's arithmetic (section 7); to measure your own over
# seeds, run `fit` from `init_params(seed)` for a few seeds.
#
# Compare the seconds per epoch printed above. Each NumPy step is a few dozen small array
# operations; Keras adds per-step machinery that, for a network this small, can cost more
# than the arithmetic. Yours and the reference do the same arithmetic with other
# bookkeeping: the reference updates all 25,874 parameters in one vector operation
# instead of eight `adam_step` calls, and skips the first layer's unused input gradient.
# With matrices this small, such overheads are no small share of a step: the numbers
# above say how large a share on your machine.

# %% [markdown]
# ## 9. The parity ladder on your functions
#
# The README's parity ladder proves the reference computes what Keras computes, tensor by
# tensor: forward pass, loss, gradients, one Adam step, 100 training steps. Here it runs on
# **every function you wrote**, whether it passed its check or not (the same rule as
# `mnist-course parity --mine`, so the notebook and the terminal agree); the reference
# stands in only for a function still raising `NotImplementedError`, and the report's first
# lines say which is which, which of yours fail their check (they run all the same, while
# section 1's `use` trains with the course's), and whose pieces your `train_step` calls. A
# bug is reported at the first tensor that diverges, with its likely cause. Where your
# answer is right but not Keras's exact arithmetic (the exact betas of section 7), the row
# is accepted, with a note saying why. Your `backward` (rung 3) and `train_step` (rung 4, three
# steps) get rows of their own, each beside the course's composition given the same pieces;
# when you have written `train_step`, rung 5 also makes each of its steps through it, on the
# batches of your `minibatch_indices`, each beside the course's `train_step` from the same
# state. Rung 5 trains 100 steps with your functions and, at every step, lets the reference
# take the same step from your weights, batch and Adam state: each step is compared on its
# own, so two right answers that round differently (section 7) cannot drift apart and fail,
# while a mistake that appears only late fails at the step where it appears.
# From a terminal, the same report: `mnist-course parity --mine lessons --dtype float32`.

# %%
from mnist_course.parity import parity_of  # noqa: E402

report = parity_of(yours, dtype="float32", data=data)
print(report.table())

# %% [markdown]
# ## 10. The same order every epoch
#
# Building this course turned up a surprise: with a seed set, `model.fit` on NumPy
# arrays with `shuffle=True` shuffles once and then feeds that same order in every
# epoch (TensorFlow issue 35682). Record the labels that reach each training step, in
# three epochs on 64 digits (two batches an epoch; any size shows it). Predict first:
# which of the two ways of feeding Keras repeats its order?

# %%
from mnist_course import keras_mlp  # noqa: E402

for reshuffle in (False, True):
    epoch_orders = keras_mlp.record_epoch_orders(
        images[:64], data.y_train[:64], reshuffle_each_epoch=reshuffle
    )
    how = "tf.data pipeline, reshuffled" if reshuffle else "model.fit on arrays"
    print(f"{how}:")
    for epoch, labels in enumerate(epoch_orders, start=1):
        print(f"  epoch {epoch}: first labels {labels[:12]}")

# %% [markdown]
# Whether one fixed order costs accuracy is a question for several seeds:
# `mnist-course parity --dtype float32 --statistical --seeds 5 --original-keras-shuffle`
# prints Keras fed this way against NumPy with a 95% interval. Predict first (it takes a
# few minutes): does the interval contain 0? The course's Keras reshuffles every epoch
# through `tf.data`, as your `minibatch_indices` does.

# %% [markdown]
# ## Summary
#
# - An epoch is a pass over the training set in a new random order, in mini-batches of
#   32 (the last may be smaller); the last 10% is held out for validation.
# - The training loop is forward, loss, backward and an Adam step per parameter: your
#   functions, a page of NumPy. Overfitting 100 digits checks it in seconds.
# - Your network trains on all of MNIST to the reference's accuracy; the two agree to
#   rounding after a step and stay equal, or drift apart as two runs do, as your rounding
#   decides (section 7 prints which); the parity ladder checks every tensor against Keras.
# - Shuffling must be redrawn every epoch; Keras's array input did not do that.

# %% [markdown]
# ## Experiments
#
# Each changes one thing: predict, run, explain. Each trains a fresh network on the first
# `SUBSET` images for `EPOCHS` epochs (the first cell: the course's settings). Raise them,
# and try several seeds, before you believe a difference of a few tenths of a point.
#
# 1. **Batch size.** At batch size 8, 32 and 256, with the same number of epochs: which
#    reaches the best validation accuracy, and which takes the least time per epoch?
#    Every image costs the same arithmetic at any batch size: where does the time of a
#    small batch go?
# 2. **Learning rate.** Adam at 1e-4, 1e-3 (the course's) and 1e-2: which learns
#    fastest in two epochs? At which rate would you expect the loss to go up again?
# 3. **No shuffling.** The same order every epoch, and then the images sorted by digit
#    (all the 0s, then all the 1s, ...). What does the network learn from a stretch of
#    batches that are all the same digit?

# %%
SUBSET, EPOCHS = min(5_000, len(x_fit)), 2


def experiment(label, **options):
    """Train a fresh network on the first SUBSET images; print validation accuracy and time."""
    trial = init_params(SEED)
    history, _ = fit(trial, x_fit[:SUBSET], y_fit[:SUBSET], EPOCHS, np.random.default_rng(SEED),
                     validation=(x_val, y_val), verbose=False, **options)  # fmt: skip
    print(
        f"{label:32} validation accuracy {history.history['val_accuracy'][-1]:.4f}, "
        f"{np.mean(history.seconds_per_epoch):.2f} s per epoch"
    )


experiment("the course's: batch 32, lr 1e-3")

# %%
for batch_size in (8, 256):
    experiment(f"batch size {batch_size}", batch_size=batch_size)

# %%
for learning_rate in (1e-4, 1e-2):
    experiment(f"learning rate {learning_rate:g}", learning_rate=learning_rate)


# %%
def in_order(order):
    """A batches_of function that returns the same batches of ``order`` every epoch."""
    return lambda num_samples, batch_size, rng: [
        order[i : i + batch_size] for i in range(0, num_samples, batch_size)
    ]


experiment(
    "one shuffled order, every epoch",
    batches_of=in_order(np.random.default_rng(SEED).permutation(SUBSET)),
)
experiment(
    "sorted by digit, every epoch", batches_of=in_order(np.argsort(y_fit[:SUBSET], kind="stable"))
)

# %% [markdown]
# ## Train your network in this page
#
# On the course's site, the panel below trains the network with **your** functions (the
# code in this page's editors and those of lessons 3-5), in your browser, with nothing
# installed. The rule is the one of `mnist-course parity --mine`: every function you have
# written runs as you wrote it, whether or not its check passes; one not written yet is
# replaced by the reference, and the panel says which are yours. When you have written
# `train_step`, it makes every step. It trains on
# <span data-expr="config.PAGE_TRAIN_IMAGES" data-format=",">10,000</span> training digits
# (<span data-expr="config.PAGE_VALIDATION_IMAGES" data-format=",">1,000</span> for validation,
# <span data-expr="config.PAGE_TEST_IMAGES" data-format=",">2,000</span> for the test) drawn
# from MNIST when the site was built; the same
# runs locally with `mnist-course parity --mine lessons/` and this notebook.
#
# <div id="mc-train-panel"></div>
