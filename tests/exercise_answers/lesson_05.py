# ruff: noqa: E501  (answers are written on one line each, as learners write them)

ADAM_SIGNATURE = (
    "def adam_step(param, grad, m, v, t, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, "
    "epsilon=1e-7):\n"
)

RIGHT = {
    "sgd_step": [
        "def sgd_step(param, grad, learning_rate):\n    return param - learning_rate * grad\n",
        "def sgd_step(param, grad, learning_rate):\n"
        "    new = param.copy()\n    new -= learning_rate * grad\n    return new\n",
        "def sgd_step(param, grad, learning_rate):\n"
        "    return np.subtract(param, np.multiply(learning_rate, grad))\n",
    ],
    "adam_step": [
        ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
        "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
        "    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)\n"
        "    return param - alpha * m / (np.sqrt(v) + epsilon), m, v\n",
        # The paper's m-hat / v-hat form, with the epsilon that makes it Keras's.
        ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
        "    v = beta_2 * v + (1 - beta_2) * grad * grad\n"
        "    m_hat = m / (1 - beta_1**t)\n"
        "    v_hat = v / (1 - beta_2**t)\n"
        "    epsilon_hat = epsilon / math.sqrt(1 - beta_2**t)\n"
        "    return param - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon_hat), m, v\n",
        # Keras's float32-rounded betas in the bias correction, as lesson 5 explains.
        ADAM_SIGNATURE + "    m = m + (grad - m) * (1 - beta_1)\n"
        "    v = v + (grad * grad - v) * (1 - beta_2)\n"
        "    b1, b2 = float(np.float32(beta_1)), float(np.float32(beta_2))\n"
        "    alpha = learning_rate * math.sqrt(1 - b2**t) / (1 - b1**t)\n"
        "    return param - alpha * m / (np.sqrt(v) + epsilon), m, v\n",
        # ... and with the powers themselves in float32.
        ADAM_SIGNATURE + "    m = m + (grad - m) * (1 - beta_1)\n"
        "    v = v + (grad * grad - v) * (1 - beta_2)\n"
        "    alpha = learning_rate * np.sqrt(1 - np.float32(beta_2) ** t) / "
        "(1 - np.float32(beta_1) ** t)\n"
        "    return param - alpha * m / (np.sqrt(v) + epsilon), m, v\n",
    ],
}

WRONG = {
    "sgd_step": [
        (
            "def sgd_step(param, grad, learning_rate):\n    return param + learning_rate * grad\n",
            "likely:   stepped uphill",
        ),
        (
            "def sgd_step(param, grad, learning_rate):\n    return param - 0.1 * grad\n",
            "likely:   a fixed learning rate",
        ),
        (
            "def sgd_step(param, grad, learning_rate):\n    param -= learning_rate * grad\n    return param\n",
            "changed its input in place",
        ),
    ],
    "adam_step": [
        (
            ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    return param - learning_rate * m / (np.sqrt(v) + epsilon), m, v\n",
            "likely:   Adam without bias correction",
        ),
        (
            ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)\n"
            "    return param - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v\n",
            "likely:   epsilon added to the corrected sqrt(v_hat)",
        ),
        (
            ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)\n"
            "    return param - alpha * m / np.sqrt(v + epsilon), m, v\n",
            "likely:   epsilon inside the square root",
        ),
        (
            ADAM_SIGNATURE + "    m = 0.9 * m + 0.1 * grad\n"
            "    v = 0.999 * v + 0.001 * grad**2\n"
            "    alpha = 1e-3 * math.sqrt(1 - 0.999**t) / (1 - 0.9**t)\n"
            "    return param - alpha * m / (np.sqrt(v) + 1e-7), m, v\n",
            "likely:   the default hyper-parameters hard-coded",
        ),
        (
            ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)\n"
            "    return param - alpha * m / (np.sqrt(v) + epsilon), m\n",
            "expected a tuple of 3 values",
        ),
    ],
}
