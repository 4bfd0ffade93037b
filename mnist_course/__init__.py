"""mnist-course: the same small MNIST network built twice, in Keras and in NumPy.

Importing this package (or its NumPy parts) never imports TensorFlow: only
``mnist_course.keras_mlp`` and code that calls it pay for that.
"""

__version__ = "0.1.0"
