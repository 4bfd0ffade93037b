"""The computational-graph diagram: its nodes follow config, and it renders."""

from mnist_course import config, plots


def test_graph_nodes_follow_the_layer_sizes():
    nodes = plots.graph_nodes(batch="B")
    names = [name for name, _ in nodes]
    hidden = len(config.HIDDEN_UNITS)
    assert names[0] == "x" and names[-2:] == ["logits", "loss"]
    assert names[1:-2] == [f"{kind}{n}" for n in range(1, hidden + 1) for kind in ("z", "a")]
    assert nodes[0][1] == f"(B, {config.NUM_PIXELS})"
    assert nodes[-2][1] == f"(B, {config.NUM_CLASSES})"


def test_network_graph_renders_as_png_with_and_without_gradients():
    for show_gradients in (False, True):
        png = plots.network_graph(show_gradients=show_gradients)._repr_png_()
        assert png.startswith(b"\x89PNG")


def test_network_graph_fits_the_site_column_with_readable_text_and_every_shape():
    """Saved at 100 dpi, shown in a lesson's output area of about 540 px (at a 1280 px
    window): at most 600 px wide, its 9 pt text is then at least 11 px tall on screen."""
    for show_gradients in (False, True):
        figure = plots.network_graph(show_gradients=show_gradients)
        assert figure.get_figwidth() * 100 <= 600
        texts = [text for axis in figure.axes for text in axis.texts]
        assert min(text.get_fontsize() for text in texts) >= 9
        shown = {text.get_text() for text in texts}
        for name, shape in plots.graph_nodes():
            assert f"{name}\n{shape}" in shown
        assert ("∂L/∂logits" in shown) == show_gradients
        assert "computational graph" in figure.alt_text()


def test_relu_derivative_marks_the_value_chosen_at_zero():
    figure = plots.relu_and_its_derivative(at_zero=0.0)
    slope_axis = figure.axes[1]
    filled = slope_axis.collections[-1].get_offsets()  # the filled dot: the choice at 0
    assert filled.tolist() == [[0.0, 0.0]]


def test_descent_paths_draw_one_panel_per_path_over_the_loss():
    import numpy as np

    paths = {"a": np.array([[-1.0, 1.0], [-0.5, 0.2], [0.0, 0.0]]), "b": np.zeros((4, 2))}
    figure = plots.descent_paths(lambda w1, w2: w1**2 + w2**2, paths, extent=(-2, 2, -2, 2))
    assert len(figure.axes) == 2
    path_line, star = figure.axes[0].get_lines()
    assert path_line.get_xdata().tolist() == [-1.0, -0.5, 0.0]
    assert abs(star.get_xdata()[0]) < 0.02 and abs(star.get_ydata()[0]) < 0.02  # the minimum
    assert figure.axes[1].get_title() == "b\n3 steps"
    assert figure._repr_png_().startswith(b"\x89PNG")


def test_diagrams_take_their_colours_from_the_scheme_drawn_in():
    from matplotlib.colors import same_color, to_rgba
    from matplotlib.patches import FancyBboxPatch

    for scheme in plots.SCHEMES:
        with plots.drawn_in(scheme):
            figure = plots.network_graph(show_gradients=True)
        patches = [patch for axis in figure.axes for patch in axis.patches]
        boxes = [patch for patch in patches if isinstance(patch, FancyBboxPatch)]
        assert boxes and all(same_color(box.get_facecolor(), scheme.background) for box in boxes)
        assert {box.get_edgecolor() for box in boxes} == {
            to_rgba(scheme.value),
            to_rgba(scheme.gradient),
        }
