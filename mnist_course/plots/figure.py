"""The Figure every course figure is: shown in Jupyter as a PNG with alt text."""

from __future__ import annotations

import base64
import html
import io

from matplotlib.figure import Figure


class CourseFigure(Figure):
    """A Figure that Jupyter shows as a PNG, with or without pyplot's inline backend."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()

    def _repr_html_(self) -> str:
        """The PNG with alt text for screen readers (notebooks and the site show this)."""
        png = base64.b64encode(self._repr_png_()).decode("ascii")
        return f'<img src="data:image/png;base64,{png}" alt="{html.escape(self.alt_text())}">'

    def alt_text(self) -> str:
        """What the figure shows, from its titles and axis labels."""
        title = self._suptitle.get_text() if self._suptitle is not None else ""
        panels = [axis.get_title() for axis in self.axes if axis.get_title()]
        labels = {
            f"a chart of {axis.get_ylabel()} against {axis.get_xlabel()}"
            for axis in self.axes
            if axis.get_xlabel() and axis.get_ylabel()
        }
        parts = [title] if title else []
        if panels:
            shown = "; ".join(panels[:6]) + ("; …" if len(panels) > 6 else "")
            parts.append(f"{len(panels)} panel{'s' if len(panels) > 1 else ''}: {shown}")
        parts += sorted(labels)
        return "Figure: " + (". ".join(parts) if parts else "a course figure")


def new_figure(width: float, height: float) -> CourseFigure:
    """A figure of ``width`` x ``height`` inches with constrained layout."""
    return CourseFigure(figsize=(width, height), layout="constrained")
