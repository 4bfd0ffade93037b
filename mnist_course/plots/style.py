"""The two colour schemes of the course's figures: light, and dark for the site's slate.

A figure is drawn in a scheme by creating *and saving* it inside ``drawn_in(scheme)``:
matplotlib reads most colours from ``rcParams`` when an artist is made, and some (the
ticks) only when the figure is drawn. Figure functions ask ``current_scheme()`` for the
colours that ``rcParams`` has no name for: runs, pass/fail, greys, colormaps.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import matplotlib
from matplotlib import cycler
from matplotlib.colors import Colormap, LinearSegmentedColormap, to_rgb
from matplotlib.typing import ColorType


@dataclass(frozen=True)
class Scheme:
    """The colours of one scheme. Greys are named by use, from faintest to strongest."""

    name: str
    suffix: str  # added to a figure's file name: "network.png", "network-dark.png"
    background: str
    text: str
    series: tuple[str, ...]  # one colour per run: Keras, NumPy, ...
    passed: str  # a right prediction, a passed comparison
    failed: str  # a wrong prediction, a failed comparison
    fill: str  # areas behind the data (parity tolerances)
    line: str  # many thin lines (the network's connections)
    rule: str  # separators (between parity rungs)
    ink: str | Colormap  # digits: background to ink
    counts: str | Colormap  # confusion matrices: none to many
    diverging: str | Colormap  # weights: negative blue, zero neutral, positive red
    value: str  # diagrams: the arrays the forward pass computes
    parameter: str  # diagrams: kernels and biases
    gradient: str  # diagrams: gradients flowing back
    note: str  # diagrams: notes under a figure, pointers to a point
    rc: dict[str, object] = field(default_factory=dict)  # rcParams while drawing

    def text_on(self, colour: ColorType) -> str:
        """The text colour, or the background's, whichever is more legible on ``colour``."""
        return max((self.text, self.background), key=lambda ink: contrast(ink, colour))


LIGHT = Scheme(
    name="light",
    suffix="",
    background="white",
    text="black",
    series=("tab:blue", "tab:orange", "tab:green"),
    passed="tab:green",
    failed="crimson",
    fill="0.88",
    line="0.8",
    rule="0.6",
    ink="gray_r",
    counts="Blues",
    diverging="RdBu_r",
    # Okabe-Ito colours for the diagrams, for colour-blind readers: contrast on white
    # 5.2:1, 4.9:1 (a dark amber) and 3.9:1 (arrows and labels of 9 pt and more).
    value="#0072B2",
    parameter="#9C6500",
    gradient="#D55E00",
    note="0.3",
)  # matplotlib's defaults, as the course has always drawn

# Material's slate: background hsl(225, 15%, 14%); text a little brighter than the page's
# (hsl(225, 15%, 85%), 11:1 on the background); every colour of data at least 6:1.
# Greys sit 12%, 20% and 60% of the way from background to text.
_SLATE, _SLATE_TEXT = "#1e2129", "#d3d6de"
_DARK_SERIES = ("#6ea8fe", "#ffa94d", "#63d297")

DARK = Scheme(
    name="dark",
    suffix="-dark",
    background=_SLATE,
    text=_SLATE_TEXT,
    series=_DARK_SERIES,
    passed="#63d297",
    failed="#ff7b72",
    fill="#34373f",
    line="#42454d",
    rule="#8b8e96",
    # Colormaps that start at the background, so that blank pixels and empty cells are
    # the page itself rather than white or black squares.
    ink=LinearSegmentedColormap.from_list("course_dark_ink", [_SLATE, _SLATE_TEXT]),
    counts=LinearSegmentedColormap.from_list("course_dark_counts", [_SLATE, "#2f5d9e", "#a9c9ff"]),
    diverging=LinearSegmentedColormap.from_list(
        "course_dark_diverging", ["#8fbcff", "#3a5f99", _SLATE, "#a8504a", "#ff9d94"]
    ),
    value=_DARK_SERIES[0],
    parameter="#e3b341",
    gradient="#ff9d5c",
    note="#9aa0ab",
    rc={
        "figure.facecolor": _SLATE,
        "axes.facecolor": _SLATE,
        "savefig.facecolor": _SLATE,
        "text.color": _SLATE_TEXT,
        "axes.labelcolor": _SLATE_TEXT,
        "axes.edgecolor": "#9aa0ab",
        "xtick.color": "#9aa0ab",
        "ytick.color": "#9aa0ab",
        "xtick.labelcolor": _SLATE_TEXT,
        "ytick.labelcolor": _SLATE_TEXT,
        "grid.color": "#666971",
        "legend.facecolor": _SLATE,
        "legend.edgecolor": "#666971",
        "axes.prop_cycle": cycler(color=list(_DARK_SERIES)),
    },
)

SCHEMES: tuple[Scheme, ...] = (LIGHT, DARK)

_current: ContextVar[Scheme] = ContextVar("course_scheme", default=LIGHT)


def current_scheme() -> Scheme:
    """The scheme figures are being drawn in: light unless inside ``drawn_in``."""
    return _current.get()


@contextmanager
def drawn_in(scheme: Scheme) -> Iterator[Scheme]:
    """Draw (and save) figures in ``scheme``: its rcParams and colours, then back."""
    token = _current.set(scheme)
    try:
        with matplotlib.rc_context(scheme.rc):
            yield scheme
    finally:
        _current.reset(token)


def _luminance(colour: ColorType) -> float:
    """WCAG relative luminance of a matplotlib colour."""
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: ColorType, second: ColorType) -> float:
    """WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    darker, lighter = sorted((_luminance(first), _luminance(second)))
    return (lighter + 0.05) / (darker + 0.05)
