"""Light and dark figures: both written for every figure, the dark one really dark, its
colours legible on Material's slate, and every page showing each variant in its scheme."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.image import imread
from test_figures import made_up_results

from mnist_course import plots
from mnist_course.plots.style import contrast
from mnist_course.site.build_figures import draw_figures, write_results

DOCS = Path(__file__).resolve().parent.parent / "docs"
INLINE_CODE = re.compile(r"`[^`\n]*`")
FIGURE_LINK = re.compile(r"!\[([^\]]*)\]\((generated/[^)#]+\.png)(#[\w-]+)?\)")


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("figures")
    write_results(made_up_results(), out)
    return out


def luminance(path: Path) -> tuple[float, float]:
    """Mean luma (0 black .. 1 white, of the sRGB values) of a PNG's outer 3 pixels, where
    only the background is, and of the whole image."""
    luma = imread(path)[..., :3] @ [0.2126, 0.7152, 0.0722]
    ring = np.concatenate([luma[:3], luma[-3:], luma[:, :3].T, luma[:, -3:].T], axis=None)
    return float(ring.mean()), float(luma.mean())


def test_every_figure_is_written_light_and_dark(written):
    names = list(draw_figures(made_up_results()))
    expected = sorted(f"{name}{suffix}.png" for name in names for suffix in ("", "-dark"))
    assert sorted(path.name for path in written.glob("*.png")) == expected


def test_dark_variants_are_dark_and_light_variants_light(written):
    for light in sorted(written.glob("*.png")):
        if light.stem.endswith("-dark"):
            continue
        dark = light.with_name(f"{light.stem}-dark.png")
        (light_border, light_whole), (dark_border, dark_whole) = map(luminance, (light, dark))
        assert light_border > 0.95 and light_whole > 0.6, f"{light.name} is not light"
        assert dark_border < 0.2 and dark_whole < 0.45, f"{dark.name} is not dark"
        assert imread(dark).shape == imread(light).shape, f"{dark.name}: another size"


def test_dark_background_is_materials_slate(written):
    corner = imread(written / "network-dark.png")[0, 0, :3]
    assert np.allclose(corner, matplotlib.colors.to_rgb(plots.DARK.background), atol=1 / 255)


def test_dark_colours_are_legible_on_the_dark_background():
    dark = plots.DARK
    assert contrast(dark.text, dark.background) >= 7  # WCAG AAA for text
    diagram = (dark.value, dark.parameter, dark.gradient, dark.note)
    for colour in (*dark.series, dark.passed, dark.failed, dark.rc["axes.edgecolor"], *diagram):
        assert contrast(colour, dark.background) >= 4.5, colour  # 3 is WCAG's floor
    for colormap in (dark.ink, dark.counts):  # none or blank: the page itself
        assert contrast(colormap(0.0), dark.background) < 1.01
        assert contrast(colormap(1.0), dark.background) >= 7
    assert contrast(dark.diverging(0.5), dark.background) < 1.01  # zero weight: blank


def test_cell_text_takes_the_more_legible_colour():
    assert plots.LIGHT.text_on("#08306b") == "white"  # the darkest blue of "Blues"
    assert plots.LIGHT.text_on("#f7fbff") == "black"
    assert plots.DARK.text_on(plots.DARK.counts(1.0)) == plots.DARK.background
    assert plots.DARK.text_on(plots.DARK.counts(0.3)) == plots.DARK.text


def test_drawn_in_applies_a_scheme_and_restores_the_light_one():
    before = matplotlib.rcParams["figure.facecolor"]
    with plots.drawn_in(plots.DARK):
        assert plots.current_scheme() is plots.DARK
        figure = plots.seconds_per_epoch({"Keras": 2.0, "NumPy": 1.0})
        assert matplotlib.colors.same_color(figure.get_facecolor(), plots.DARK.background)
    assert plots.current_scheme() is plots.LIGHT
    assert matplotlib.rcParams["figure.facecolor"] == before


def test_every_page_shows_each_figure_light_and_dark_with_one_alt_text():
    links = {  # inline code (an example of the syntax) is not a figure on the page
        page.name: FIGURE_LINK.findall(INLINE_CODE.sub("", page.read_text(encoding="utf-8")))
        for page in sorted(DOCS.glob("*.md"))
    }
    assert sum(len(found) for found in links.values()) >= 2 * 8  # 8 embeds today
    for page, found in links.items():
        lights = [(alt, path) for alt, path, fragment in found if fragment == "#only-light"]
        darks = [(alt, path) for alt, path, fragment in found if fragment == "#only-dark"]
        assert len(lights) + len(darks) == len(found), f"{page}: a figure without a fragment"
        expected = [(alt, path.removesuffix(".png") + "-dark.png") for alt, path in lights]
        assert darks == expected, f"{page}: light and dark variants do not pair up"
        for alt, path in lights:
            assert not path.endswith("-dark.png") and len(alt.split()) >= 5, (page, alt)
