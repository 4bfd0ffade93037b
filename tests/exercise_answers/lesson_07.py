RIGHT = {
    "never_inked": [
        "def never_inked(images):\n    return np.all(images == 0, axis=0)\n",
        "def never_inked(images):\n    return images.sum(axis=0) == 0\n",
        "def never_inked(images):\n"
        "    blank = np.ones(images.shape[1:], dtype=bool)\n"
        "    for image in images:\n"
        "        blank &= image == 0\n"
        "    return blank\n",
    ],
    "precision_recall": [
        "def precision_recall(counts):\n"
        "    tp = np.diag(counts)\n"
        "    col = counts.sum(axis=0)\n"
        "    row = counts.sum(axis=1)\n"
        "    precision = np.divide(tp, col, out=np.zeros(len(tp)), where=col != 0)\n"
        "    recall = np.divide(tp, row, out=np.zeros(len(tp)), where=row != 0)\n"
        "    return precision, recall\n",
        "def precision_recall(counts):\n"
        "    n = counts.shape[0]\n"
        "    p, r = [], []\n"
        "    for k in range(n):\n"
        "        called_k = counts[:, k].sum()\n"
        "        really_k = counts[k, :].sum()\n"
        "        p.append(counts[k, k] / called_k if called_k else 0.0)\n"
        "        r.append(counts[k, k] / really_k if really_k else 0.0)\n"
        "    return np.array(p), np.array(r)\n",
    ],
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
    "never_inked": [
        ("def never_inked(images):\n    return np.any(images == 0, axis=0)\n", "0 in some image"),
        (  # the same mistake through the minimum (review s10b: the message spoke of .any)
            "def never_inked(images):\n    return images.min(axis=0) == 0\n",
            "(.any(axis=0), or min == 0), not in every one",
        ),
        (
            "def never_inked(images):\n    return (images == 0).all(axis=(1, 2))\n",
            "one answer per image",
        ),
        (  # a threshold: the case's label says why (thresholds vary, no single "likely")
            "def never_inked(images):\n    return images.max(axis=0) < 2\n",
            "one faint pixel (value 1) in a corner",
        ),
        ("def never_inked(images):\n    return images.mean(axis=0)\n", "counts how often"),
        ("def never_inked(images):\n    return (images.max(axis=0) == 0).astype(int)\n", "bool"),
    ],
    "precision_recall": [
        (  # precision's 0/0 handled, recall's not (review s10: the twin was named)
            "def precision_recall(counts):\n"
            "    hits = np.diag(counts)\n"
            "    predicted = counts.sum(axis=0)\n"
            "    precision = np.where(predicted == 0, 0.0, hits / np.maximum(predicted, 1))\n"
            "    with np.errstate(invalid='ignore'):\n"
            "        recall = hits / counts.sum(axis=1)\n"
            "    return precision, recall\n",
            "likely:   recall's 0 / 0 left as NaN",
        ),
        (
            "def precision_recall(counts):\n"
            "    tp = np.diag(counts).astype(float)\n"
            "    rows, cols = counts.sum(axis=1), counts.sum(axis=0)\n"
            "    precision = np.divide(tp, rows, out=np.zeros_like(tp), where=rows > 0)\n"
            "    recall = np.divide(tp, cols, out=np.zeros_like(tp), where=cols > 0)\n"
            "    return precision, recall\n",
            "likely:   precision and recall swapped: precision divides by the column",
        ),
        (
            "def precision_recall(counts):\n"
            "    tp = np.diag(counts)\n"
            "    return tp / counts.sum(axis=1), tp / counts.sum(axis=0)\n",
            "likely:   precision and recall swapped",
        ),
        (
            "def precision_recall(counts):\n"
            "    tp = np.diag(counts)\n"
            "    return tp / counts.sum(axis=0), tp / counts.sum(axis=1)\n",
            "likely:   0 / 0 left as NaN",
        ),
        (
            "def precision_recall(counts):\n"
            "    tp = np.diag(counts)\n"
            "    predicted = np.maximum(counts.sum(axis=0), 1)\n"
            "    actual = np.maximum(counts.sum(axis=1), 1)\n"
            "    return tp // predicted, tp // actual\n",
            "likely:   integer division",
        ),
        (
            "def precision_recall(counts):\n"
            "    acc = np.trace(counts) / counts.sum()\n"
            "    return np.full(len(counts), acc), np.full(len(counts), acc)\n",
            "wrong values",
        ),
    ],
    "confusion_matrix": [
        (
            "def confusion_matrix(labels, predictions, num_classes=10):\n"
            "    m = np.zeros((num_classes, num_classes))\n"
            "    for t, p in zip(labels, predictions):\n"
            "        m[t, p] += 1\n"
            "    return m\n",
            "counts are whole numbers: expected an integer array, got float64",
        ),
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
