# ruff: noqa: E501  (answers are written on one line each, as learners write them)

ADAM_SIGNATURE = (
    "def adam_step(param, grad, m, v, t, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, "
    "epsilon=1e-7):\n"
)

MOMENTUM_SIGNATURE = "def momentum_step(param, grad, velocity, learning_rate, momentum):\n"

RIGHT = {
    "sgd_step": [
        "def sgd_step(param, grad, learning_rate):\n    return param - learning_rate * grad\n",
        "def sgd_step(param, grad, learning_rate):\n"
        "    new = param.copy()\n    new -= learning_rate * grad\n    return new\n",
        "def sgd_step(param, grad, learning_rate):\n"
        "    return np.subtract(param, np.multiply(learning_rate, grad))\n",
        # A NumPy scalar in the parameter's own dtype keeps float32 float32.
        "def sgd_step(param, grad, learning_rate):\n"
        "    return param - param.dtype.type(learning_rate) * grad\n",
    ],
    "momentum_step": [
        MOMENTUM_SIGNATURE
        + "    velocity = momentum * velocity - learning_rate * grad\n    return param + velocity, velocity\n",
        MOMENTUM_SIGNATURE
        + "    new_velocity = momentum * velocity\n    new_velocity -= learning_rate * grad\n"
        "    new_param = param.copy()\n    new_param += new_velocity\n    return new_param, new_velocity\n",
        # A loop over the elements, written out.
        MOMENTUM_SIGNATURE + "    new_param, new_velocity = np.array(param), np.zeros_like(param)\n"
        "    for i in np.ndindex(np.shape(param)):\n"
        "        new_velocity[i] = momentum * velocity[i] - learning_rate * grad[i]\n"
        "        new_param[i] = param[i] + new_velocity[i]\n"
        "    return new_param, new_velocity\n",
        # Keras's float32-rounded momentum, as lesson 5 measures it in float64.
        MOMENTUM_SIGNATURE
        + "    velocity = float(np.float32(momentum)) * velocity - learning_rate * grad\n"
        "    return param + velocity, velocity\n",
    ],
    "adam_step": [
        ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
        "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
        "    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)\n"
        "    return param - alpha * m / (np.sqrt(v) + epsilon), m, v\n",
        # np.sqrt of Python floats is a float64 scalar: made a Python float, or cast.
        ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
        "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
        "    alpha = float(learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t))\n"
        "    return param - alpha * m / (np.sqrt(v) + epsilon), m, v\n",
        ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
        "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
        "    alpha = (learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)).astype(param.dtype)\n"
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
        # Keras exactly: betas rounded to float32, the powers and the rest in param's dtype.
        ADAM_SIGNATURE + "    real = param.dtype.type\n"
        "    m = m + (grad - m) * (1 - beta_1)\n"
        "    v = v + (grad * grad - v) * (1 - beta_2)\n"
        "    beta_1_power = real(np.float32(beta_1)) ** real(t)\n"
        "    beta_2_power = real(np.float32(beta_2)) ** real(t)\n"
        "    alpha = real(learning_rate) * np.sqrt(1 - beta_2_power) / (1 - beta_1_power)\n"
        "    return param - alpha * m / (np.sqrt(v) + epsilon), m, v\n",
    ],
}

WRONG = {
    "sgd_step": [
        # Right values, but a 0-d float64 array is not a weak Python float: float64 out.
        (
            "def sgd_step(param, grad, learning_rate):\n"
            "    return param - np.array(learning_rate) * grad\n",
            "upcast float32 to float64: a result keeps its inputs' floating dtype",
        ),
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
            "changed its input in place (`param`;",
        ),
    ],
    "momentum_step": [
        # Right values, but its arrays are made as float64 (dtype=float, np.zeros).
        (
            MOMENTUM_SIGNATURE
            + "    new_param, new_velocity = np.array(param, dtype=float), np.zeros(np.shape(param))\n"
            "    for i in np.ndindex(np.shape(param)):\n"
            "        new_velocity[i] = momentum * velocity[i] - learning_rate * grad[i]\n"
            "        new_param[i] = param[i] + new_velocity[i]\n"
            "    return new_param, new_velocity\n",
            "upcast float32 to float64 in value 1 of 2",
        ),
        (
            MOMENTUM_SIGNATURE
            + "    velocity = momentum * velocity + grad\n    return param - learning_rate * velocity, velocity\n",
            "likely:   velocity kept as PyTorch keeps it",
        ),
        (
            MOMENTUM_SIGNATURE
            + "    velocity = momentum * velocity + learning_rate * grad\n    return param - velocity, velocity\n",
            "likely:   the velocity has the opposite sign",
        ),
        (
            MOMENTUM_SIGNATURE
            + "    new_param = param + velocity\n    velocity = momentum * velocity - learning_rate * grad\n    return new_param, velocity\n",
            "likely:   stepped with the old velocity",
        ),
        (
            MOMENTUM_SIGNATURE
            + "    velocity = momentum * velocity - learning_rate * (1 - momentum) * grad\n    return param + velocity, velocity\n",
            "likely:   a running *mean* of the gradients",
        ),
        (
            MOMENTUM_SIGNATURE
            + "    velocity = 0.9 * velocity - learning_rate * grad\n    return param + velocity, velocity\n",
            "likely:   momentum 0.9 hard-coded",
        ),
        (
            MOMENTUM_SIGNATURE
            + "    velocity = momentum * velocity - learning_rate * grad\n    return velocity, param + velocity\n",
            "the right 2 values in another order",
        ),
        (
            MOMENTUM_SIGNATURE
            + "    velocity *= momentum\n    velocity -= learning_rate * grad\n    return param + velocity, velocity\n",
            "changed its input in place",
        ),
    ],
    "adam_step": [
        # Issue 21's answer: np.sqrt of Python floats is a NumPy float64 scalar, and a
        # float64 scalar times a float32 array is float64 under NumPy 2's promotion.
        (
            ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)\n"
            "    return param - alpha * m / (np.sqrt(v) + epsilon), m, v\n",
            "usually:  a NumPy float64 scalar times a float32 array (np.sqrt(...)",
        ),
        (
            ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    return param - learning_rate * m / (np.sqrt(v) + epsilon), m, v\n",
            "likely:   Adam without bias correction",
        ),
        (
            ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad\n"
            "    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)\n"
            "    return param - alpha * m / (np.sqrt(v) + epsilon), m, v\n",
            "likely:   v fed the gradient, not its square",
        ),
        (
            ADAM_SIGNATURE + "    m = beta_2 * m + (1 - beta_2) * grad\n"
            "    v = beta_1 * v + (1 - beta_1) * grad**2\n"
            "    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)\n"
            "    return param - alpha * m / (np.sqrt(v) + epsilon), m, v\n",
            "likely:   beta_1 and beta_2 swapped",
        ),
        (
            ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * np.abs(grad)\n"
            "    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)\n"
            "    return param - alpha * m / (np.sqrt(v) + epsilon), m, v\n",
            "likely:   v fed |g|",
        ),
        (  # the two names swapped once, at the top (review s9c)
            ADAM_SIGNATURE + "    beta_1, beta_2 = beta_2, beta_1\n"
            "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)\n"
            "    return param - alpha * m / (np.sqrt(v) + epsilon), m, v\n",
            "likely:   beta_1 and beta_2 swapped everywhere",
        ),
        (  # the step counted from 0 in the learner's head: t + 1
            ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    step = t + 1\n"
            "    alpha = learning_rate * math.sqrt(1 - beta_2**step) / (1 - beta_1**step)\n"
            "    return param - alpha * m / (np.sqrt(v) + epsilon), m, v\n",
            "likely:   the bias correction used t + 1",
        ),
        (
            ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    m_hat = m / (1 - beta_1 ** (t - 1))\n"
            "    v_hat = v / (1 - beta_2 ** (t - 1))\n"
            "    eps_hat = epsilon / math.sqrt(1 - beta_2 ** (t - 1))\n"
            "    return param - learning_rate * m_hat / (np.sqrt(v_hat) + eps_hat), m, v\n",
            "ZeroDivisionError",
        ),
        (
            ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)\n"
            "    return param - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v\n",
            "likely:   epsilon added to sqrt(v_hat), Algorithm 1's place",
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
        (
            ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * (1 - beta_2**t) / (1 - beta_1**t)\n"
            "    return param - alpha * m / (np.sqrt(v) + epsilon), m, v\n",
            "likely:   no square root in the step size",
        ),
        (
            ADAM_SIGNATURE + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)\n"
            "    return param - learning_rate * m_hat / (np.sqrt(v_hat) + 1e-8), m, v\n",
            "likely:   Algorithm 1 with the paper's epsilon 1e-8",
        ),
    ],
}
