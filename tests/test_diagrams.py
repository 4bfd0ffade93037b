"""The computational-graph diagram: its nodes follow config, and it renders."""

from mnist_course import config, diagrams


def test_graph_nodes_follow_the_layer_sizes():
    nodes = diagrams.graph_nodes(batch="B")
    names = [name for name, _ in nodes]
    hidden = len(config.HIDDEN_UNITS)
    assert names[0] == "x" and names[-2:] == ["logits", "loss"]
    assert names[1:-2] == [f"{kind}{n}" for n in range(1, hidden + 1) for kind in ("z", "a")]
    assert nodes[0][1] == f"(B, {config.NUM_PIXELS})"
    assert nodes[-2][1] == f"(B, {config.NUM_CLASSES})"


def test_network_graph_renders_as_png_with_and_without_gradients():
    for show_gradients in (False, True):
        png = diagrams.network_graph(show_gradients=show_gradients)._repr_png_()
        assert png.startswith(b"\x89PNG")


def test_relu_derivative_marks_the_value_chosen_at_zero():
    figure = diagrams.relu_and_its_derivative(at_zero=0.0)
    slope_axis = figure.axes[1]
    filled = slope_axis.collections[-1].get_offsets()  # the filled dot: the choice at 0
    assert filled.tolist() == [[0.0, 0.0]]
    assert figure._repr_png_().startswith(b"\x89PNG")
