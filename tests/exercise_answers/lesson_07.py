RIGHT = {
    "confusion_matrix": [
        "def confusion_matrix(y_true, y_pred, num_classes=10):\n"
        "    counts = np.zeros((num_classes, num_classes), dtype=int)\n"
        "    np.add.at(counts, (y_true, y_pred), 1)\n"
        "    return counts\n",
        "def confusion_matrix(y_true, y_pred, num_classes=10):\n"
        "    flat = np.bincount(y_true * num_classes + y_pred, minlength=num_classes**2)\n"
        "    return flat.reshape(num_classes, num_classes)\n",
        "def confusion_matrix(y_true, y_pred, num_classes=10):\n"
        "    counts = np.zeros((num_classes, num_classes), dtype=np.int64)\n"
        "    for t, p in zip(y_true, y_pred):\n"
        "        counts[t][p] += 1\n"
        "    return counts\n",
        "def confusion_matrix(y_true, y_pred, num_classes=10):\n"
        "    from sklearn.metrics import confusion_matrix as sk\n"
        "    return sk(y_true, y_pred, labels=list(range(num_classes)))\n",
    ],
}

WRONG = {
    "confusion_matrix": [
        (
            "def confusion_matrix(y_true, y_pred, num_classes=10):\n"
            "    n = max(y_true.max(), y_pred.max()) + 1\n"
            "    counts = np.zeros((n, n), dtype=int)\n"
            "    np.add.at(counts, (y_true, y_pred), 1)\n"
            "    return counts\n",
            "likely:   sized from the labels",
        ),
        (
            "def confusion_matrix(y_true, y_pred, num_classes=10):\n"
            "    counts = np.zeros((num_classes, num_classes), dtype=int)\n"
            "    np.add.at(counts, (y_pred, y_true), 1)\n"
            "    return counts\n",
            "likely:   transposed",
        ),
        (
            "def confusion_matrix(y_true, y_pred, num_classes=10):\n"
            "    counts = np.zeros((num_classes, num_classes), dtype=int)\n"
            "    counts[y_true, y_pred] += 1\n"
            "    return counts\n",
            "likely:   counts[y_true, y_pred] += 1 counts a repeated pair once",
        ),
        (
            "def confusion_matrix(y_true, y_pred, num_classes=10):\n"
            "    counts = np.zeros((10, 10), dtype=int)\n"
            "    np.add.at(counts, (y_true, y_pred), 1)\n"
            "    return counts\n",
            "wrong shape: expected (3, 3), got (10, 10)",
        ),
    ],
}
