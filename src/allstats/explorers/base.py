"""Explorers: a figure and the controls a student moves, updated in place.

Each factory builds its figure once, keeps handles on the artists, and on every control change
updates them (``set_facecolor``, ``set_height``, ``set_data``, ``set_text``) before redrawing
the canvas with ``draw_idle``. The figure reaches the page as an ``ipywidgets.Image`` that is
refreshed from the Agg canvas, so the same explorer works in JupyterLab, in Voila and under
nbval, with no Output widget to route. Tests drive an explorer by setting ``.value`` on its
controls and reading :attr:`Explorer.values` and the artists.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Callable

import ipywidgets as widgets


__all__ = ["Explorer", "canvas_png", "connect", "page_widgets"]


def canvas_png(fig) -> bytes:
    """What the figure's Agg canvas holds now, as PNG bytes (no redraw)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombuffer("RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba(), "raw",
                     "RGBA", 0, 1).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def page_widgets(max_width: str = "900px") -> tuple[widgets.HTML, widgets.Image]:
    """The readout (numbers as HTML) and the image (the chart) that an explorer shows."""
    image = widgets.Image(format="png", layout=widgets.Layout(max_width=max_width, width="100%"))
    return widgets.HTML(), image


@dataclass
class Explorer:
    """Controls, figure and artists of one explorer, plus the numbers it currently shows.

    ``dynamic`` lists the artists that change with the controls. The rest of the figure (axes,
    labels, source line) is drawn once and kept as a background; each change restores it and
    redraws only the dynamic artists (blitting), because re-rendering every glyph of the static
    text would cost most of the time of a full draw.
    """

    controls: dict[str, widgets.Widget]
    figure: object
    artists: dict
    readout: widgets.HTML
    image: widgets.Image
    update: Callable[[], None] = lambda: None     # set by the factory before connect()
    dynamic: list = field(default_factory=list)
    name: str = "explorer"
    values: dict = field(default_factory=dict)
    _background: object = field(default=None, repr=False)
    _widget: object = field(default=None, repr=False)

    @property
    def widget(self) -> widgets.Widget:
        """What a notebook displays: the controls, the numbers, the chart.

        CSS classes let a browser test find the parts: ``allstats-explorer`` and
        ``allstats-explorer-<name>`` on the box, ``allstats-readout``, ``allstats-chart``, and
        ``allstats-control-<control name>`` on each control.
        """
        if getattr(self, "_widget", None) is None:
            for key, control in self.controls.items():
                control.add_class(f"allstats-control-{key}")
            self.readout.add_class("allstats-readout")
            self.image.add_class("allstats-chart")
            box = widgets.VBox([widgets.HBox(list(self.controls.values()),
                                             layout=widgets.Layout(flex_flow="row wrap")),
                                self.readout, self.image], layout=widgets.Layout(width="100%"))
            box.add_class("allstats-explorer")
            box.add_class(f"allstats-explorer-{self.name}")
            self._widget = box
        return self._widget

    def invalidate(self) -> None:
        """Forget the background: call after changing a static artist (axis limits, labels)."""
        self._background = None

    def draw(self) -> None:
        """Bring the Agg canvas up to date with the artists."""
        canvas = self.figure.canvas
        if self._background is None:
            for artist in self.dynamic:
                artist.set_animated(True)
            canvas.draw()                       # everything static
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in self.dynamic:
            self.figure.draw_artist(artist)

    def refresh(self) -> None:
        """Redraw what changed and send the new picture to the page."""
        self.draw()
        self.image.value = canvas_png(self.figure)

    def png(self) -> bytes:
        """The picture as the page shows it now."""
        self.draw()
        return canvas_png(self.figure)

    def full_draw(self) -> None:
        """Draw the whole figure from scratch, dynamic artists included (for benchmarks)."""
        for artist in self.dynamic:
            artist.set_animated(False)
        self.figure.canvas.draw()
        self.invalidate()

    def _ipython_display_(self):  # pragma: no cover - exercised in notebooks
        from IPython.display import display
        display(self.widget)


def connect(explorer: Explorer) -> Explorer:
    """Call ``explorer.update`` then redraw on every control change; draw the first picture."""
    def on_change(_change=None):
        explorer.update()
        explorer.refresh()
    for control in explorer.controls.values():
        control.observe(on_change, names="value")
    on_change()
    return explorer
