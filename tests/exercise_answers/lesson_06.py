# ruff: noqa: E501  (answers are written on one line each, as learners write them)

RIGHT = {
    "fit": [
        "def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,\n"
        "        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):\n"
        "    state = adam_state(params)\n"
        "    history = TrainingHistory()\n"
        "    orders = []\n"
        "    for epoch in range(epochs):\n"
        "        t0 = time.perf_counter()\n"
        "        batches = (batches_of or minibatch_indices)(len(x), batch_size, rng)\n"
        "        orders.append(np.concatenate(batches))\n"
        "        total_loss, total_correct = 0.0, 0.0\n"
        "        for idx in batches:\n"
        "            loss, logits = train_step(params, state, x[idx], y[idx], learning_rate)\n"
        "            total_loss += loss * len(idx)\n"
        "            total_correct += (logits.argmax(axis=1) == y[idx]).sum()\n"
        '        metrics = {"loss": total_loss / len(x), "accuracy": total_correct / len(x)}\n'
        "        if validation is not None:\n"
        "            xv, yv = validation\n"
        "            logits_v, _ = forward(xv, params)\n"
        '            metrics["val_loss"] = cross_entropy(logits_v, yv)\n'
        '            metrics["val_accuracy"] = accuracy(logits_v, yv)\n'
        "        history.record(metrics, time.perf_counter() - t0)\n"
        "        if verbose:\n"
        "            print(epoch + 1, metrics)\n"
        "    return history, orders\n",
        "def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,\n"
        "        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):\n"
        "    make_batches = batches_of if batches_of is not None else minibatch_indices\n"
        "    adam = adam_state(params)\n"
        "    hist, orders = TrainingHistory(), []\n"
        "    for _ in range(epochs):\n"
        "        start = time.perf_counter()\n"
        "        batches = make_batches(len(x), batch_size, rng)\n"
        "        losses, accs, sizes = [], [], []\n"
        "        for b in batches:\n"
        "            l, out = train_step(params, adam, x[b], y[b], learning_rate)\n"
        "            losses.append(l)\n"
        "            accs.append(accuracy(out, y[b]))\n"
        "            sizes.append(len(b))\n"
        '        m = {"loss": float(np.average(losses, weights=sizes)),\n'
        '             "accuracy": float(np.average(accs, weights=sizes))}\n'
        "        if validation:\n"
        "            val_logits = forward(validation[0], params)[0]\n"
        "            m.update(val_loss=cross_entropy(val_logits, validation[1]),\n"
        "                     val_accuracy=accuracy(val_logits, validation[1]))\n"
        "        hist.record(m, time.perf_counter() - start)\n"
        "        orders.append(np.concatenate(batches))\n"
        "    return hist, orders\n",
    ],
    "train_step": [
        "def train_step(params, state, x_batch, y_batch, learning_rate):\n"
        "    logits, cache = forward(x_batch, params)\n"
        "    loss = cross_entropy(logits, y_batch)\n"
        "    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
        "    state['t'] += 1\n"
        "    for i in range(len(params)):\n"
        "        params[i], state['m'][i], state['v'][i] = adam_step(params[i], grads[i], state['m'][i], state['v'][i], state['t'], learning_rate)\n"
        "    return loss, logits\n",
        "def train_step(params, state, x_batch, y_batch, learning_rate):\n"
        "    out, cache = forward(x_batch, params)\n"
        "    g = backward(cross_entropy_backward(out, y_batch), cache, params, relu_backward, dense_backward)\n"
        "    t = state['t'] + 1\n"
        "    new = [adam_step(p, dp, m, v, t, learning_rate) for p, dp, m, v in zip(params, g, state['m'], state['v'])]\n"
        "    params[:] = [n[0] for n in new]\n"
        "    state['m'] = [n[1] for n in new]\n"
        "    state['v'] = [n[2] for n in new]\n"
        "    state['t'] = t\n"
        "    return cross_entropy(out, y_batch), out\n",
        "def train_step(params, state, x_batch, y_batch, learning_rate):\n"
        "    logits, cache = forward(x_batch, params)\n"
        "    loss = cross_entropy(logits, y_batch)\n"
        "    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
        "    state['t'] = state['t'] + 1\n"
        "    t = state['t']\n"
        "    for i, (p, g) in enumerate(zip(params, grads)):\n"
        "        m, v = state['m'][i], state['v'][i]\n"
        "        p, m, v = adam_step(p, g, m, v, t, learning_rate, 0.9, 0.999, 1e-7)\n"
        "        params[i] = p\n"
        "        state['m'][i], state['v'][i] = m, v\n"
        "    return loss, logits\n",
    ],
    "minibatch_indices": [
        "def minibatch_indices(num_samples, batch_size, rng):\n"
        "    order = rng.permutation(num_samples)\n"
        "    return [order[i : i + batch_size] for i in range(0, num_samples, batch_size)]\n",
        "def minibatch_indices(num_samples, batch_size, rng):\n"
        "    order = np.arange(num_samples)\n"
        "    rng.shuffle(order)\n"
        "    return np.array_split(order, range(batch_size, num_samples, batch_size))\n",
        "def minibatch_indices(num_samples, batch_size, rng):\n"
        "    order = rng.permutation(num_samples)\n"
        "    batches = []\n"
        "    start = 0\n"
        "    while start < num_samples:\n"
        "        batches.append(order[start : start + batch_size])\n"
        "        start += batch_size\n"
        "    return batches\n",
    ],
    "accuracy": [
        "def accuracy(logits, labels):\n    return float((logits.argmax(axis=1) == labels).mean())\n",
        "def accuracy(logits, labels):\n    return np.mean(np.argmax(logits, axis=1) == labels)\n",
        "def accuracy(logits, labels):\n"
        "    right = 0\n"
        "    for row, label in zip(logits, labels):\n"
        "        if np.argmax(row) == label:\n"
        "            right += 1\n"
        "    return right / len(labels)\n",
        # Through the probabilities, with lesson 3's softmax (lesson 6's setup cell gives it).
        "def accuracy(logits, labels):\n"
        "    return (softmax(logits).argmax(axis=1) == labels).mean()\n",
    ],
}

_SHUFFLED_ONCE = (
    "ORDER = None\n"
    "def minibatch_indices(num_samples, batch_size, rng):\n"
    "    global ORDER\n"
    "    if ORDER is None or len(ORDER) != num_samples:\n"
    "        ORDER = rng.permutation(num_samples)\n"
    "    return [ORDER[i : i + batch_size] for i in range(0, num_samples, batch_size)]\n"
)

_FIT = RIGHT["fit"][0]

WRONG = {
    "fit": [
        (  # a generator of its own, whatever rng is passed in (review s10b: it was accepted)
            _FIT.replace(
                "(batches_of or minibatch_indices)(len(x), batch_size, rng)",
                "(batches_of or minibatch_indices)(len(x), batch_size, np.random.default_rng(epoch))",
            ),
            "another generator gave the same orders: fit ignores the rng passed in",
        ),
        (  # the two results in each other's place (review s10b)
            _FIT.replace("    return history, orders\n", "    return orders, history\n"),
            "returned (orders, history): return them as (history, orders)",
        ),
        (  # the last batch's values recorded as the epoch's (review s10b)
            _FIT.replace(
                '        metrics = {"loss": total_loss / len(x), "accuracy": total_correct / len(x)}\n',
                '        metrics = {"loss": loss, "accuracy": accuracy(logits, y[idx])}\n',
            ),
            "likely:   the epoch's loss and accuracy are its last batch's",
        ),
        (  # each epoch's batches kept as they are (review s10: the check once crashed on it)
            _FIT.replace("orders.append(np.concatenate(batches))", "orders.append(batches)"),
            "the order of epoch 1 is a list of 3 batches",
        ),
        (  # the loss a plain mean of the batches', the accuracy weighted right (review s10)
            _FIT.replace(
                "total_loss += loss * len(idx)", "total_loss += loss * len(x) / len(batches)"
            ),
            "likely:   a plain mean of the batches' values",
        ),
        (  # the signature's default step size, not the one passed in (review s10)
            _FIT.replace("y[idx], learning_rate)", "y[idx], config.LEARNING_RATE)"),
            "likely:   the learning_rate passed in is not used",
        ),
        (  # the accuracy alone measured after the step (review s10)
            _FIT.replace(
                "            total_correct += (logits",
                "            logits, _ = forward(x[idx], params)\n            total_correct += (logits",
            ),
            "likely:   the batch's loss and accuracy are measured after its step",
        ),
        (  # right in every way but one: the batches_of passed in is ignored (review s9)
            RIGHT["fit"][0].replace("(batches_of or minibatch_indices)", "minibatch_indices"),
            "the batches_of passed in was not used",
        ),
        (  # validation scored as the epoch begins, before it trains (the review, session 8)
            "def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,\n"
            "        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):\n"
            "    state, history, orders = adam_state(params), TrainingHistory(), []\n"
            "    for epoch in range(epochs):\n"
            "        metrics = {}\n"
            "        if validation is not None:\n"
            "            logits_v, _ = forward(validation[0], params)\n"
            '            metrics["val_loss"] = cross_entropy(logits_v, validation[1])\n'
            '            metrics["val_accuracy"] = accuracy(logits_v, validation[1])\n'
            "        batches = (batches_of or minibatch_indices)(len(x), batch_size, rng)\n"
            "        orders.append(np.concatenate(batches))\n"
            "        loss_sum = hits = 0.0\n"
            "        for idx in batches:\n"
            "            loss, logits = train_step(params, state, x[idx], y[idx], learning_rate)\n"
            "            loss_sum += loss * len(idx)\n"
            "            hits += accuracy(logits, y[idx]) * len(idx)\n"
            '        history.record({"loss": loss_sum / len(x), "accuracy": hits / len(x), **metrics}, 0.0)\n'
            "    return history, orders\n",
            "likely:   the validation set is scored before the epoch trains",
        ),
        # Written by learners: no shuffle at all, a summed loss, a record per batch, Keras 1's 'acc'.
        (
            "def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,\n"
            "        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):\n"
            "    state = adam_state(params)\n"
            "    history = TrainingHistory()\n"
            "    orders = []\n"
            "    for epoch in range(epochs):\n"
            "        t0 = time.perf_counter()\n"
            "        batches = [np.arange(len(x))[i:i+batch_size] for i in range(0, len(x), batch_size)]\n"
            "        orders.append(np.concatenate(batches))\n"
            "        total_loss, total_correct = 0.0, 0.0\n"
            "        for idx in batches:\n"
            "            loss, logits = train_step(params, state, x[idx], y[idx], learning_rate)\n"
            "            total_loss += loss * len(idx)\n"
            "            total_correct += (logits.argmax(axis=1) == y[idx]).sum()\n"
            '        metrics = {"loss": total_loss / len(x), "accuracy": total_correct / len(x)}\n'
            "        if validation is not None:\n"
            "            xv, yv = validation\n"
            "            logits_v, _ = forward(xv, params)\n"
            '            metrics["val_loss"] = cross_entropy(logits_v, yv)\n'
            '            metrics["val_accuracy"] = accuracy(logits_v, yv)\n'
            "        history.record(metrics, time.perf_counter() - t0)\n"
            "        if verbose:\n"
            "            print(epoch + 1, metrics)\n"
            "    return history, orders\n",
            "likely:   never shuffled",
        ),
        (
            "def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,\n"
            "        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):\n"
            "    state = adam_state(params)\n"
            "    history = TrainingHistory()\n"
            "    orders = []\n"
            "    for epoch in range(epochs):\n"
            "        t0 = time.perf_counter()\n"
            "        batches = minibatch_indices(len(x), batch_size, rng)\n"
            "        orders.append(np.concatenate(batches))\n"
            "        total_loss, total_correct = 0.0, 0.0\n"
            "        for idx in batches:\n"
            "            loss, logits = train_step(params, state, x[idx], y[idx], learning_rate)\n"
            "            total_loss += loss * len(idx)\n"
            "            total_correct += (logits.argmax(axis=1) == y[idx]).sum()\n"
            '        metrics = {"loss": total_loss, "accuracy": total_correct / len(x)}\n'
            "        if validation is not None:\n"
            "            xv, yv = validation\n"
            "            logits_v, _ = forward(xv, params)\n"
            '            metrics["val_loss"] = cross_entropy(logits_v, yv)\n'
            '            metrics["val_accuracy"] = accuracy(logits_v, yv)\n'
            "        history.record(metrics, time.perf_counter() - t0)\n"
            "        if verbose:\n"
            "            print(epoch + 1, metrics)\n"
            "    return history, orders\n",
            "the epoch's loss is a sum over its 70 samples",
        ),
        (
            "def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,\n"
            "        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):\n"
            "    state = adam_state(params)\n"
            "    history = TrainingHistory()\n"
            "    orders = []\n"
            "    for epoch in range(epochs):\n"
            "        t0 = time.perf_counter()\n"
            "        batches = minibatch_indices(len(x), batch_size, rng)\n"
            "        orders.append(np.concatenate(batches))\n"
            "        total_loss, total_correct = 0.0, 0.0\n"
            "        for idx in batches:\n"
            "            loss, logits = train_step(params, state, x[idx], y[idx], learning_rate)\n"
            "            total_loss += loss * len(idx)\n"
            "            total_correct += (logits.argmax(axis=1) == y[idx]).sum()\n"
            "            history.record({'loss': loss, 'accuracy': 0.0}, 0.0)\n"
            '        metrics = {"loss": total_loss / len(x), "accuracy": total_correct / len(x)}\n'
            "        if validation is not None:\n"
            "            xv, yv = validation\n"
            "            logits_v, _ = forward(xv, params)\n"
            '            metrics["val_loss"] = cross_entropy(logits_v, yv)\n'
            '            metrics["val_accuracy"] = accuracy(logits_v, yv)\n'
            "        history.record(metrics, time.perf_counter() - t0)\n"
            "        if verbose:\n"
            "            print(epoch + 1, metrics)\n"
            "    return history, orders\n",
            "has 8 values for 2 epochs: one per epoch",
        ),
        (
            "def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,\n"
            "        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):\n"
            "    state = adam_state(params)\n"
            "    history = TrainingHistory()\n"
            "    orders = []\n"
            "    for epoch in range(epochs):\n"
            "        t0 = time.perf_counter()\n"
            "        batches = minibatch_indices(len(x), batch_size, rng)\n"
            "        orders.append(np.concatenate(batches))\n"
            "        total_loss, total_correct = 0.0, 0.0\n"
            "        for idx in batches:\n"
            "            loss, logits = train_step(params, state, x[idx], y[idx], learning_rate)\n"
            "            total_loss += loss * len(idx)\n"
            "            total_correct += (logits.argmax(axis=1) == y[idx]).sum()\n"
            '        metrics = {"loss": total_loss / len(x), "acc": total_correct / len(x)}\n'
            "        if validation is not None:\n"
            "            xv, yv = validation\n"
            "            logits_v, _ = forward(xv, params)\n"
            '            metrics["val_loss"] = cross_entropy(logits_v, yv)\n'
            '            metrics["val_accuracy"] = accuracy(logits_v, yv)\n'
            "        history.record(metrics, time.perf_counter() - t0)\n"
            "        if verbose:\n"
            "            print(epoch + 1, metrics)\n"
            "    return history, orders\n",
            "the history holds ['acc', 'loss'",
        ),
        (
            "def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,\n"
            "        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):\n"
            "    state, history, orders = adam_state(params), TrainingHistory(), []\n"
            "    batches = minibatch_indices(len(x), batch_size, rng)\n"
            "    for epoch in range(epochs):\n"
            "        orders.append(np.concatenate(batches))\n"
            "        loss_sum = correct = 0.0\n"
            "        for b in batches:\n"
            "            loss, logits = train_step(params, state, x[b], y[b], learning_rate)\n"
            "            loss_sum += loss * len(b)\n"
            "            correct += accuracy(logits, y[b]) * len(b)\n"
            '        history.record({"loss": loss_sum / len(x), "accuracy": correct / len(x)}, 0.0)\n'
            "    return history, orders\n",
            "likely:   the batches are drawn once, before the epochs",
        ),
        (
            "def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,\n"
            "        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):\n"
            "    state, history, orders = adam_state(params), TrainingHistory(), []\n"
            "    for epoch in range(epochs):\n"
            "        batches = minibatch_indices(len(x), batch_size, rng)\n"
            "        orders.append(np.concatenate(batches))\n"
            "        losses, accs = [], []\n"
            "        for b in batches:\n"
            "            loss, logits = train_step(params, state, x[b], y[b], learning_rate)\n"
            "            losses.append(loss)\n"
            "            accs.append(accuracy(logits, y[b]))\n"
            '        metrics = {"loss": np.mean(losses), "accuracy": np.mean(accs)}\n'
            "        if validation is not None:\n"
            "            vl, _ = forward(validation[0], params)\n"
            '            metrics["val_loss"] = cross_entropy(vl, validation[1])\n'
            '            metrics["val_accuracy"] = accuracy(vl, validation[1])\n'
            "        history.record(metrics, 0.0)\n"
            "    return history, orders\n",
            "likely:   a plain mean of the batches' values",
        ),
        (
            "def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,\n"
            "        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):\n"
            "    history, orders = TrainingHistory(), []\n"
            "    for epoch in range(epochs):\n"
            "        state = adam_state(params)\n"
            "        batches = minibatch_indices(len(x), batch_size, rng)\n"
            "        orders.append(np.concatenate(batches))\n"
            "        loss_sum = correct = 0.0\n"
            "        for b in batches:\n"
            "            loss, logits = train_step(params, state, x[b], y[b], learning_rate)\n"
            "            loss_sum += loss * len(b)\n"
            "            correct += accuracy(logits, y[b]) * len(b)\n"
            '        metrics = {"loss": loss_sum / len(x), "accuracy": correct / len(x)}\n'
            "        if validation is not None:\n"
            "            vl, _ = forward(validation[0], params)\n"
            '            metrics["val_loss"] = cross_entropy(vl, validation[1])\n'
            '            metrics["val_accuracy"] = accuracy(vl, validation[1])\n'
            "        history.record(metrics, 0.0)\n"
            "    return history, orders\n",
            "likely:   Adam's state starts again every epoch",
        ),
        (
            "def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,\n"
            "        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):\n"
            "    state, history, orders = adam_state(params), TrainingHistory(), []\n"
            "    for epoch in range(epochs):\n"
            "        batches = minibatch_indices(len(x), batch_size, rng)\n"
            "        orders.append(np.concatenate(batches))\n"
            "        loss_sum = correct = 0.0\n"
            "        for b in batches:\n"
            "            loss, logits = train_step(params, state, x[b], y[b], learning_rate)\n"
            "            loss_sum += loss * len(b)\n"
            "            correct += accuracy(logits, y[b]) * len(b)\n"
            '        metrics = {"loss": loss_sum / len(x), "accuracy": correct / len(x)}\n'
            "        if validation is not None:\n"
            "            vl, _ = forward(x, params)\n"
            '            metrics["val_loss"] = cross_entropy(vl, y)\n'
            '            metrics["val_accuracy"] = accuracy(vl, y)\n'
            "        history.record(metrics, 0.0)\n"
            "    return history, orders\n",
            "likely:   the validation metrics are computed on the training data",
        ),
        (
            "def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,\n"
            "        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):\n"
            "    state, history, orders = adam_state(params), TrainingHistory(), []\n"
            "    for epoch in range(epochs):\n"
            "        order = np.random.permutation(len(x))\n"
            "        orders.append(order)\n"
            "        loss_sum = correct = 0.0\n"
            "        for i in range(0, len(x), batch_size):\n"
            "            b = order[i:i + batch_size]\n"
            "            loss, logits = train_step(params, state, x[b], y[b], learning_rate)\n"
            "            loss_sum += loss * len(b)\n"
            "            correct += accuracy(logits, y[b]) * len(b)\n"
            '        metrics = {"loss": loss_sum / len(x), "accuracy": correct / len(x)}\n'
            "        if validation is not None:\n"
            "            vl, _ = forward(validation[0], params)\n"
            '            metrics["val_loss"] = cross_entropy(vl, validation[1])\n'
            '            metrics["val_accuracy"] = accuracy(vl, validation[1])\n'
            "        history.record(metrics, 0.0)\n"
            "    return history, orders\n",
            "draw them from the rng passed in",
        ),
        (
            "def fit(params, x, y, epochs, rng, validation=None, batch_size=config.DEFAULT_BATCH_SIZE,\n"
            "        learning_rate=config.LEARNING_RATE, batches_of=None, verbose=True):\n"
            "    state, history, orders = adam_state(params), TrainingHistory(), []\n"
            "    for epoch in range(epochs):\n"
            "        batches = minibatch_indices(len(x), batch_size, rng)\n"
            "        orders.append(np.concatenate(batches))\n"
            "        loss_sum = correct = 0.0\n"
            "        for b in batches:\n"
            "            loss, logits = train_step(params, state, x[b], y[b], learning_rate)\n"
            "            loss_sum += loss * len(b)\n"
            "            correct += accuracy(logits, y[b]) * len(b)\n"
            '        history.record({"loss": loss_sum / len(x), "accuracy": correct / len(x)}, 0.0)\n'
            "    return history, orders\n",
            "the validation set is scored after each epoch",
        ),
    ],
    "train_step": [
        (  # (logits, loss): the two results in each other's place (review s10b)
            RIGHT["train_step"][0].replace("return loss, logits", "return logits, loss"),
            "returned (logits, loss): return them as (loss, logits)",
        ),
        (  # m and v handed to adam_step in each other's place (review s10b)
            RIGHT["train_step"][0].replace(
                "grads[i], state['m'][i], state['v'][i], state['t']",
                "grads[i], state['v'][i], state['m'][i], state['t']",
            ),
            "likely:   m and v handed to adam_step in each other's place",
        ),
        (  # a new list bound to the name params: the caller's list never sees the step
            "def train_step(params, state, x_batch, y_batch, learning_rate):\n"
            "    logits, cache = forward(x_batch, params)\n"
            "    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
            "    state['t'] += 1\n"
            "    out = [adam_step(p, g, m, v, state['t'], learning_rate) for p, g, m, v in zip(params, grads, state['m'], state['v'])]\n"
            "    params = [o[0] for o in out]\n"
            "    state['m'], state['v'] = [o[1] for o in out], [o[2] for o in out]\n"
            "    return cross_entropy(logits, y_batch), logits\n",
            "likely:   params is bound to a new list inside train_step",
        ),
        (
            "def train_step(params, state, x_batch, y_batch, learning_rate):\n    logits, cache = forward(x_batch, params)\n    loss = cross_entropy(logits, y_batch)\n    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
            "    state['t'] += 1\n"
            "    for p, g, m, v in zip(params, grads, state['m'], state['v']):\n"
            "        p, m, v = adam_step(p, g, m, v, state['t'], learning_rate)\n"
            "    return loss, logits\n",
            "computed but not stored",
        ),
        (
            "def train_step(params, state, x_batch, y_batch, learning_rate):\n    logits, cache = forward(x_batch, params)\n    loss = cross_entropy(logits, y_batch)\n    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
            "    for i in range(len(params)):\n"
            "        state['t'] += 1\n"
            "        params[i], state['m'][i], state['v'][i] = adam_step(params[i], grads[i], state['m'][i], state['v'][i], state['t'], learning_rate)\n"
            "    return loss, logits\n",
            "once per parameter",
        ),
        (
            "def train_step(params, state, x_batch, y_batch, learning_rate):\n    logits, cache = forward(x_batch, params)\n    loss = cross_entropy(logits, y_batch)\n    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
            "    for i in range(len(params)):\n"
            "        params[i], state['m'][i], state['v'][i] = adam_step(params[i], grads[i], state['m'][i], state['v'][i], state['t'], learning_rate)\n"
            "    state['t'] += 1\n"
            "    return loss, logits\n",
            "Adam counts from 1",
        ),
        (
            "def train_step(params, state, x_batch, y_batch, learning_rate):\n    logits, cache = forward(x_batch, params)\n    loss = cross_entropy(logits, y_batch)\n    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
            "    state['t'] += 1\n"
            "    for i in range(len(params)):\n"
            "        params[i], state['m'][i], state['v'][i] = adam_step(params[i], grads[i], state['m'][i], state['v'][i], state['t'])\n"
            "    return loss, logits\n",
            "ignored the learning rate",
        ),
        (
            "def train_step(params, state, x_batch, y_batch, learning_rate):\n    logits, cache = forward(x_batch, params)\n    loss = cross_entropy(logits, y_batch)\n    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
            "    state['t'] += 1\n"
            "    for i in range(len(params)):\n"
            "        params[i] = params[i] - learning_rate * grads[i]\n"
            "    return loss, logits\n",
            "params[0] after the step",
        ),
        (
            "def train_step(params, state, x_batch, y_batch, learning_rate):\n    logits, cache = forward(x_batch, params)\n    loss = cross_entropy(logits, y_batch)\n    grads = backward(cross_entropy_backward(logits, y_batch), cache, params, relu_backward, dense_backward)\n"
            "    state['t'] += 1\n"
            "    for i in range(len(params)):\n"
            "        params[i], state['m'][i], state['v'][i] = adam_step(params[i], grads[i], state['m'][i], state['v'][i], state['t'], learning_rate)\n"
            "    return loss\n",
            "expected it to return (loss, logits)",
        ),
    ],
    "minibatch_indices": [
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    order = np.random.permutation(num_samples)\n"
            "    return [order[i : i + batch_size] for i in range(0, num_samples, batch_size)]\n",
            "ignores the generator passed in",
        ),
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    order = np.random.default_rng(0).permutation(num_samples)\n"
            "    return [order[i : i + batch_size] for i in range(0, num_samples, batch_size)]\n",
            "ignores the generator passed in",
        ),
        (_SHUFFLED_ONCE, "ignores the generator passed in"),
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    # a copy of rng's seed: the same order again on every call\n"
            "    order = np.random.default_rng(rng.bit_generator.seed_seq).permutation(num_samples)\n"
            "    return [order[i : i + batch_size] for i in range(0, num_samples, batch_size)]\n",
            "the same order on every call",
        ),
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    batches = [np.arange(i, min(i + batch_size, num_samples))\n"
            "               for i in range(0, num_samples, batch_size)]\n"
            "    rng.shuffle(batches)\n"
            "    return batches\n",
            "the batches hold the same samples every epoch",
        ),
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    order = rng.permutation(num_samples)\n"
            "    return [order[i : i + batch_size] for i in range(0, num_samples + 1, batch_size)]\n",
            "an empty batch",
        ),
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    order = rng.permutation(num_samples)\n"
            "    n = num_samples // batch_size\n"
            "    return [order[i * batch_size : (i + 1) * batch_size] for i in range(n)]\n",
            "some indices repeat or are missing",
        ),
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    order = list(rng.permutation(num_samples))\n"
            "    return [order[i : i + batch_size] for i in range(0, num_samples, batch_size)]\n",
            "expected a list of 1-D NumPy arrays",
        ),
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    order = rng.permutation(num_samples)\n"
            "    return [order[i : i + batch_size] for i in range(0, num_samples - batch_size + 1, batch_size)]\n",
            "likely:   dropped the last, smaller batch",
        ),
        # Near-equal batches: every sample once, but not batch_size per batch.
        (
            "def minibatch_indices(num_samples, batch_size, rng):\n"
            "    order = rng.permutation(num_samples)\n"
            "    return np.array_split(order, math.ceil(num_samples / batch_size))\n",
            "batch sizes [3, 3, 2, 2], expected [3, 3, 3, 1]",
        ),
    ],
    "accuracy": [
        (  # a percentage (review s10)
            "def accuracy(logits, labels):\n    return 100 * np.mean(logits.argmax(axis=1) == labels)\n",
            "likely:   a percentage (0 to 100)",
        ),
        (
            "def accuracy(logits, labels):\n"
            "    predictions = np.argmax(logits, axis=0)\n"
            "    return float(np.mean(predictions == labels))\n",
            "likely:   argmax over axis 0, the batch",
        ),
        (
            "def accuracy(logits, labels):\n    best = logits.max(axis=1)\n    return float((logits[np.arange(len(labels)), labels] == best).mean())\n",
            "likely:   counted a tie for the largest logit as right",
        ),
        (
            "def accuracy(logits, labels):\n    order = np.arange(len(labels))\n    return np.mean(logits[order, labels] >= logits.max(axis=1))\n",
            "case:     all logits equal (ties)",
        ),
        (
            "def accuracy(logits, labels):\n    return (logits.argmax(axis=1) == labels).sum()\n",
            "likely:   returned the count",
        ),
        (
            "def accuracy(logits, labels):\n    return (logits.argmax(axis=1) == labels)\n",
            "expected a number",
        ),
        (
            "def accuracy(logits, labels):\n    return (logits.argmax(axis=1) == labels).mean() * 100\n",
            "wrong values",
        ),
        (
            "def accuracy(logits, labels):\n    return float((logits.argmax(axis=0) == labels).mean())\n",
            "raised ValueError: operands could not be broadcast",
        ),
        (
            "def accuracy(logits, labels):\n    return float((logits.max(axis=1) == labels).mean())\n",
            "wrong values",
        ),
    ],
}
