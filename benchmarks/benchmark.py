"""Time both implementations on this machine; print the numbers and save them.

    python benchmarks/benchmark.py [--epochs 3] [--out benchmarks/results]

Measures, in one run: seconds per epoch of NumPy and Keras at batch 32 and 128 (the
median over epochs after the first, which includes Keras's tracing), and of Keras at
batch 32 with one training step per graph call (what ``KERAS_STEPS_PER_EXECUTION``
saves), NumPy's epoch at batch 128 beside a process that keeps one core busy (the
laptop that is never idle), prediction throughput on the 10,000 test images, peak memory
(max RSS) of a process that loads MNIST and trains one epoch, and the time to import the
library. Writes
``benchmark.json`` and ``benchmark.md``. This is a benchmark, not a test: it asserts
nothing, and its numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from statistics import median

from mnist_course.data import load_mnist, scale_pixels
from mnist_course.numpy_mlp import MLP
from mnist_course.runs import RunSettings, train_run

BATCH_SIZES = (32, 128)


def seconds_per_epoch(impl: str, batch_size: int, epochs: int, data) -> float:
    result = train_run(RunSettings(impl, epochs=epochs, batch_size=batch_size), data, verbose=0)
    return median(result.history.seconds_per_epoch[1:] or result.history.seconds_per_epoch)


def _spin(seconds: float) -> None:
    """A busy process: what a learner's browser or editor does to the other core."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def numpy_seconds_per_epoch_beside_a_busy_process(epochs: int, data) -> float:
    """The NumPy network's epoch at batch 128 while another process holds one core."""
    busy = multiprocessing.get_context("spawn").Process(target=_spin, args=(600.0,), daemon=True)
    busy.start()
    try:
        return seconds_per_epoch("numpy", 128, epochs, data)
    finally:
        busy.terminate()
        busy.join()


def keras_seconds_per_epoch_one_step_per_call(epochs: int, data) -> float:
    """Keras at batch 32 as compiled before ``KERAS_STEPS_PER_EXECUTION``: one step a call."""
    from mnist_course import keras_mlp  # TensorFlow: imported when measured, not before

    model = keras_mlp.build_model()
    model.compile(
        optimizer=keras_mlp.make_adam(),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=1,
    )
    history = keras_mlp.train(model, scale_pixels(data.x_train), data.y_train, epochs=epochs,
                              verbose=0)  # fmt: skip
    return median(history.seconds_per_epoch[1:] or history.seconds_per_epoch)


def predictions_per_second(data) -> dict[str, float]:
    from mnist_course import keras_mlp  # TensorFlow: imported when measured, not before

    x_test = scale_pixels(data.x_test)
    numpy_model, keras_model = MLP(), keras_mlp.build_model()

    def rate(predict, repeats: int) -> float:
        predict()  # warm-up (Keras traces its function here)
        start = time.perf_counter()
        for _ in range(repeats):
            predict()
        return repeats * len(x_test) / (time.perf_counter() - start)

    return {
        "numpy": rate(lambda: numpy_model.predict_proba(x_test), 20),
        "keras_predict": rate(lambda: keras_model.predict(x_test, batch_size=32, verbose=0), 3),
        "keras_predict_batch_10000": rate(
            lambda: keras_model.predict(x_test, batch_size=10_000, verbose=0), 10
        ),
    }


def peak_memory_mb(impl: str) -> float:
    """Max RSS of a fresh process that loads MNIST and trains one epoch at batch 32."""
    code = (
        "import resource\n"
        "from mnist_course.runs import RunSettings, train_run\n"
        f"train_run(RunSettings({impl!r}, epochs=1), verbose=0)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, encoding="utf-8"
    )
    return int(output.stdout.split()[-1]) / 1024  # Linux reports kilobytes


def import_seconds(module: str, repeats: int = 3) -> float:
    """Best of a few fresh interpreters: time of ``import module`` alone."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, encoding="utf-8").stdout)
        for _ in range(repeats)
    ]  # fmt: skip
    return min(runs)


def markdown(results: dict) -> str:
    epoch = results["seconds_per_epoch"]
    lines = [
        f"Measured {results['date']} on {results['machine']}; data: {results['data']}.",
        "",
        "| measure | NumPy | Keras | NumPy / Keras |",
        "|---|---:|---:|---:|",
    ]
    for batch_size in BATCH_SIZES:
        n, k = epoch["numpy"][str(batch_size)], epoch["keras"][str(batch_size)]
        lines.append(
            f"| seconds per epoch, batch {batch_size} | {n:.3f} | {k:.3f} | {n / k:.2f}x |"
        )
    busy = results["numpy_seconds_per_epoch_busy_neighbour"]
    idle = epoch["numpy"]["128"]
    lines.append(
        f"| seconds per epoch, batch 128, beside a busy process | {busy:.3f} "
        f"({busy / idle:.2f}x idle) | | |"
    )
    one_step = results["keras_seconds_per_epoch_one_step_per_call"]
    lines.append(
        f"| seconds per epoch, batch 32, Keras one step per call "
        f"(`steps_per_execution=1`) | | {one_step:.3f} | |"
    )
    rates = results["predictions_per_second"]
    lines.append(
        f"| predictions per second (10,000 test images) | {rates['numpy']:,.0f} "
        f"| {rates['keras_predict']:,.0f} (batch 32), "
        f"{rates['keras_predict_batch_10000']:,.0f} (batch 10,000) | |"
    )
    memory = results["peak_memory_mb"]
    lines.append(
        f"| peak memory, load + 1 epoch (MB) | {memory['numpy']:.0f} | {memory['keras']:.0f} | |"
    )
    imports = results["import_seconds"]
    lines.append(
        f"| import time (s) | {imports['mnist_course.numpy_mlp']:.2f} "
        f"| {imports['mnist_course.keras_mlp']:.2f} | |"
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3, help="epochs per timing (default 3)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = parser.parse_args()

    # Memory first, while this process is small: a child started later would report
    # this parent's size as its own peak (Linux keeps the high-water mark across exec).
    peak_memory = {impl: peak_memory_mb(impl) for impl in ("numpy", "keras")}
    data = load_mnist()
    results = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs",
        "data": data.describe(),
        "seconds_per_epoch": {
            impl: {str(b): seconds_per_epoch(impl, b, args.epochs, data) for b in BATCH_SIZES}
            for impl in ("numpy", "keras")
        },
        "numpy_seconds_per_epoch_busy_neighbour": numpy_seconds_per_epoch_beside_a_busy_process(
            args.epochs, data
        ),
        "keras_seconds_per_epoch_one_step_per_call": keras_seconds_per_epoch_one_step_per_call(
            args.epochs, data
        ),
        "predictions_per_second": predictions_per_second(data),
        "peak_memory_mb": peak_memory,
        "import_seconds": {
            module: import_seconds(module)
            for module in ("mnist_course", "mnist_course.numpy_mlp", "mnist_course.keras_mlp")
        },
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "benchmark.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    table = markdown(results)
    (args.out / "benchmark.md").write_text(table, encoding="utf-8")
    print(table)
    print(json.dumps(results["import_seconds"], indent=2))


if __name__ == "__main__":
    main()
