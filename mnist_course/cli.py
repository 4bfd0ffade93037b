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

from . import config, console, course
from .commands import (
    run_check_answers,
    run_compare,
    run_data,
    run_figures,
    run_parity,
    run_site,
    run_train,
)
from .data import DATA_ENV, DataError
from .doctor import run_doctor
from .tasks import add_test_command


def main(argv: Sequence[str] | None = None) -> int:
    console.make_output_safe()
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "test":  # everything the test command does not know goes to pytest
        args.pytest_args = extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
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
        "--steps",
        type=int,
        help=f"training steps of rung 5 (default {config.PARITY_STEPS}); with --mine, every "
        "step is checked from your own state, so any number is fair",
    )
    parity.add_argument("--json", type=Path, metavar="FILE", help="also save the report as JSON")
    parity.add_argument(
        "--statistical",
        action="store_true",
        help="also run rung 6: train both from several seeds (minutes, not seconds)",
    )
    parity.add_argument(
        "--seeds", type=int, default=3, help="rung 6: seeds from --seed on (default 3)"
    )
    parity.add_argument("--epochs", type=int, default=config.DEFAULT_EPOCHS, help="for rung 6")
    parity.add_argument(
        "--original-keras-shuffle",
        action="store_true",
        help="rung 6 with Keras fed arrays as in the original notebook (one order every epoch)",
    )
    parity.add_argument(
        "--mine",
        nargs="?",
        const=Path("lessons"),
        type=Path,
        metavar="LESSONS_DIR",
        help="run the ladder on your own functions from the lessons (default: ./lessons); "
        f"the rule, as in a notebook's parity_of: {config.PARITY_FALLBACK_RULE}",
    )
    parity.add_argument(
        "--recorded",
        type=Path,
        metavar="FILE",
        help="with --mine: Keras's side as the site recorded it when built, without "
        "TensorFlow: FILE is keras-ladder.json (beside the site's in-page digits, "
        "site/assets/inpage/); the ladder runs on the digits and settings recorded there",
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

    for name, summary in (
        ("course", "build the course site: train, draw, run the lessons (the README's command)"),
        ("site", "the same as course"),
    ):
        _add_site_command(commands, name, summary)

    add_test_command(commands)

    doctor = commands.add_parser("doctor", help="what is installed, what is missing, what to do")
    doctor.set_defaults(handler=run_doctor)

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


def _add_site_command(commands: argparse._SubParsersAction, name: str, summary: str) -> None:
    site = commands.add_parser(name, help=summary)
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
        help=f"quick mode ({course.QUICK_MODE}): for tests, not for reading",
    )
    site.add_argument(
        "--pyodide",
        type=Path,
        default=None,
        help="folder holding Pyodide 0.27.7 for the in-page exercises (default: "
        "$MNIST_COURSE_PYODIDE, else the cache of an earlier download, else download it); "
        "every file is checked by SHA-256",
    )
    site.add_argument(
        "--require-runtime",
        action="store_true",
        help="stop if the in-page Python runtime is not available, rather than build the "
        "site without it (for publishing; or set MNIST_COURSE_REQUIRE_RUNTIME=1)",
    )
    site.set_defaults(handler=run_site)


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
    parser.add_argument(
        "--original-keras-shuffle",
        action="store_true",
        help="feed Keras the arrays as the original notebook did (one order every epoch)",
    )
    parser.add_argument("--quiet", action="store_true", help="no per-epoch progress")
    _add_data_option(parser)


if __name__ == "__main__":
    sys.exit(main())
