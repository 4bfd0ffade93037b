# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 7: Evaluation and error analysis
#
# In this lesson you will:
#
# - compare the confusion matrices of the Keras and the NumPy networks;
# - read per-class precision and recall;
# - look at the digits the network gets wrong;
# - see what the 32 units of the first layer respond to.

# %% [markdown]
# ## Setup

# %% tags=["setup"]
# The names your exercise answers can use; `mnist-course check` runs this cell too.
import math  # noqa: F401

import numpy as np

from mnist_course.exercises import check, hint, solution, use  # noqa: F401

# %%
from sklearn.metrics import classification_report
from sklearn.metrics import confusion_matrix as sklearn_confusion_matrix

from mnist_course import config, course, keras_mlp, plots
from mnist_course.data import scale_pixels
from mnist_course.numpy_mlp import MLP, fit

data = course.setup()
x_train, x_test = scale_pixels(data.x_train), scale_pixels(data.x_test)
numpy_model = MLP(seed=config.DEFAULT_SEED)
fit(
    numpy_model,
    x_train,
    data.y_train,
    epochs=course.epochs(),
    validation_split=config.VALIDATION_SPLIT,
    verbose=0,
)
keras_model = keras_mlp.build_model(seed=config.DEFAULT_SEED)
keras_mlp.train(keras_model, x_train, data.y_train, epochs=course.epochs(), verbose=0)
predictions = {
    "NumPy": numpy_model.predict(x_test),
    "Keras": keras_model.predict(x_test, verbose=0).argmax(axis=1),
}

# %% [markdown]
# ## 1. Confusion matrices side by side
#
# Rows are the true digits, columns the predictions. The two networks make the same
# kinds of mistakes: 4s taken for 9s, 7s for 2s, 5s for 3s.

# %%
matrices = {name: sklearn_confusion_matrix(data.y_test, p) for name, p in predictions.items()}
plots.confusion_matrices(matrices)

# %% [markdown]
# ## 2. Precision and recall per digit
#
# *Recall* of digit 5: of all the real 5s, the share the network found. *Precision* of
# 5: of all the images it called 5, the share that really were. A class can have high
# recall and low precision when the network calls too many things by its name.

# %%
print(classification_report(data.y_test, predictions["NumPy"], digits=3))

# %% [markdown]
# ## 3. The digits it gets wrong
#
# Some mistakes are forgivable: digits a person would hesitate over. Others show what
# a network that sees only pixels, not strokes, finds hard.

# %%
wrong = np.flatnonzero(predictions["NumPy"] != data.y_test)
print(f"{len(wrong)} of {len(data.y_test)} test digits misclassified")
plots.digits(
    data.x_test[wrong[:30]],
    data.y_test[wrong[:30]],
    predictions["NumPy"][wrong[:30]],
    title="true → predicted",
)

# %% [markdown]
# ## 4. What the first layer looks for
#
# Each of the 32 first-layer units computes a weighted sum of the 784 pixels. Drawn as
# 28 x 28 images, the weights show what lights a unit up (red: ink here raises its
# output; blue: ink here lowers it). Many look like blurry strokes or parts of digits;
# the border pixels, always blank in MNIST, keep their small random starting weights.

# %%
plots.first_layer_units(
    numpy_model.named_parameters()["dense_1/kernel"],
    title="first-layer weights of the NumPy network",
)

# %% [markdown]
# ## Summary
#
# - Both networks confuse the same pairs of digits.
# - Precision and recall per class say more than one accuracy number.
# - The first layer learns stroke-like templates over the 28 x 28 image.

# %% [markdown]
# ## Exercise


# %% tags=["exercise"]
def confusion_matrix(y_true, y_pred, num_classes=10):
    """counts[i, j] = number of samples of true class i predicted as j."""
    raise NotImplementedError("your code here")


# %%
check("confusion_matrix", confusion_matrix)
