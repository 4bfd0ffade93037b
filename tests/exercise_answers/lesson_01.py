# ruff: noqa: E501  (answers are written on one line each, as learners write them)

RIGHT = {
    "scale_pixels": [
        "def scale_pixels(images):\n    return images.astype(np.float32) / 255\n",
        "def scale_pixels(images):\n    return (images / 255.0).astype(np.float32)\n",
        "def scale_pixels(images):\n    return np.divide(images, np.float32(255), dtype=np.float32)\n",
    ],
    "flatten_images": [
        "def flatten_images(images):\n    return images.reshape(len(images), 784)\n",
        "def flatten_images(images):\n    return images.reshape(images.shape[0], -1)\n",
        "def flatten_images(images):\n    return np.stack([image.flatten() for image in images])\n",
        "def flatten_images(images):\n"
        "    out = np.empty((len(images), 784), images.dtype)\n"
        "    for r in range(28):\n"
        "        out[:, 28 * r : 28 * (r + 1)] = images[:, r, :]\n"
        "    return out\n",
    ],
    "split_validation": [
        "def split_validation(x, y, validation_split):\n"
        "    n = int(len(x) * (1 - validation_split))\n"
        "    return x[:n], y[:n], x[n:], y[n:]\n",
        "def split_validation(x, y, validation_split):\n"
        "    split_at = math.floor(len(x) * (1 - validation_split))\n"
        "    x_train, x_val = np.split(x, [split_at])\n"
        "    y_train, y_val = np.split(y, [split_at])\n"
        "    return x_train, y_train, x_val, y_val\n",
    ],
}

WRONG = {
    "scale_pixels": [
        ("def scale_pixels(images):\n    return images / 255\n", "float64, not float32"),
        (
            "def scale_pixels(images):\n    return images.astype(np.float32) / images.max()\n",
            "scaled by the image's own maximum",
        ),
        (
            "def scale_pixels(images):\n    return (images.astype(np.float32) / 255).tolist()\n",
            "expected a NumPy array, got a Python list",
        ),
        ("def scale_pixels(images):\n    images = images / 255\n", "returned None"),
    ],
    "flatten_images": [
        (
            "def flatten_images(images):\n    return images.reshape(len(images), 784, order='F')\n",
            "column by column",
        ),
        (
            "def flatten_images(images):\n    return images.astype(np.float32).reshape(-1, 784)\n",
            "wrong dtype: expected uint8, got float32",
        ),
        ("def flatten_images(images):\n    return images.flatten()\n", "flattened the whole batch"),
    ],
    "split_validation": [
        (
            "def split_validation(x, y, validation_split):\n"
            "    n_val = math.floor(len(x) * validation_split)\n"
            "    return x[n_val:], y[n_val:], x[:n_val], y[:n_val]\n",
            "likely:   held out the first floor(n * split) samples",
        ),
        (
            "def split_validation(x, y, validation_split):\n    n = math.ceil(len(x) * (1 - validation_split))\n    return x[:n], y[:n], x[n:], y[n:]\n",
            "likely:   rounded the training count up, math.ceil",
        ),
        (
            "def split_validation(x, y, validation_split):\n"
            "    n = round(len(x) * (1 - validation_split))\n"
            "    return x[:n], y[:n], x[n:], y[n:]\n",
            "rounded instead of flooring",
        ),
        (
            "def split_validation(x, y, validation_split):\n"
            "    n_val = int(len(x) * validation_split)\n"
            "    return x[:-n_val], y[:-n_val], x[-n_val:], y[-n_val:]\n",
            "likely:   floored the held-out count",
        ),
        (
            "def split_validation(x, y, validation_split):\n"
            "    n = math.ceil(len(x) * validation_split)\n"
            "    return x[n:], y[n:], x[:n], y[:n]\n",
            "held out the first fraction",
        ),
        (
            "def split_validation(x, y, validation_split):\n"
            "    n = int(len(x) * (1 - validation_split))\n"
            "    return x[:n], x[n:], y[:n], y[n:]\n",
            "value 2 of 4: wrong shape",
        ),
    ],
}
