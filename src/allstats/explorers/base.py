"""Explorers: a figure and the controls a student moves, updated in place.

**The contract.** An explorer is one module-level factory and, usually, one readout function:

1. The chart comes from :mod:`allstats.charts` and follows :class:`ChartArtists`: it is drawn
   once, exposes ``figure`` and the ``dynamic`` artists that change, and ``show(...)`` updates
   those artists in place (``set_facecolor``, ``set_height``, ``set_data``, ``set_text``) and
   returns what it shows. Charts take frames, numbers and strings; never ``data_dir``.
2. The factory ``make_<thing>_explorer(*, data_dir=None)`` is registered under the explorer's
   name with :func:`explorer`; it takes no required argument, reads its data through the data
   layer (:mod:`allstats.series`, :mod:`allstats.survival`, ...), builds the chart and the
   controls (:func:`int_slider`, :func:`float_slider`, :func:`dropdown`,
   :func:`toggle_buttons`: one house style), and returns ``connect(Explorer(...), update)``.
3. ``update()`` reads the controls, calls the chart's ``show`` and returns the **values** shown:
   a dict of numbers and strings, which tests compare with the library.
4. The readout is a pure function of those values (plus whatever fixed data the factory binds
   with :func:`functools.partial`), returning a list of text parts: plain strings,
   :class:`Bold`, :class:`Italic`, :data:`BREAK`, or :class:`Html` for markup built by another
   escaping function. :func:`render_readout` is the one place that escapes them.

:func:`connect` calls ``update`` on every change, writes the readout, and redraws only the
dynamic artists over a cached background (blitting); the Agg canvas reaches the page as a
:class:`~allstats.explorers.page.ChartImage` whose ``alt`` is the chart's text alternative
(``chart.description``, rewritten by ``show``), so the same explorer works in JupyterLab, in Voila
and under nbval with no Output widget to route. The page's readout is a live region and the
controls are named, announced and focusable (:mod:`allstats.explorers.page`). Tests drive an
explorer by setting ``.value`` on its controls and reading :attr:`Explorer.values`, the artists,
the readout and :attr:`Explorer.alt`.
"""

from __future__ import annotations

import base64
import html
import os
import re
from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

import ipywidgets as widgets

from .page import ChartImage

__all__ = [
    "ChartArtists", "Explorer", "PerChoiceExplorer", "connect", "explorer", "registered",
    "canvas_png", "Bold", "Italic", "Html", "BREAK", "render_readout", "secondary_note",
    "CONTROL_STYLE", "int_slider", "float_slider", "dropdown", "toggle_buttons",
    "year_explorer", "StillBox", "ExplorerBox", "static_picture", "RUN_NOTE", "readout_lines",
]


class ChartArtists(Protocol):
    """What an explorer needs of its chart (the artists dataclass a chart function returns)."""

    figure: object
    #: the chart's text alternative (:class:`allstats.charts.alt.Description`), rewritten by
    #: ``show``: the page shows it as the picture's ``alt``
    description: object

    @property
    def dynamic(self) -> list:
        """The artists that change with the controls; everything else is drawn once."""

    def show(self, *args, **kwargs):
        """Update the dynamic artists (and ``description``) in place; return what is shown."""


# --- the readout: text parts, escaped in one place --------------------------------------------

class Bold(str):
    """Readout text shown in bold."""


class Italic(str):
    """Readout text shown in italics."""


class Html(str):
    """Markup built (and escaped) by another function, e.g. a table of quotes."""


class _Break:
    def __repr__(self):
        return "BREAK"


#: a line break in a readout
BREAK = _Break()


def readout_lines(lines: int) -> str:
    """A readout height of ``lines`` lines, for ``Explorer(readout_height=...)``.

    An ipywidgets HTML widget sets its line height to ``--jp-widgets-inline-height`` (28px in
    ipywidgets 8), more than twice its 13px font, so a height in ``em`` holds far fewer lines
    than it seems to: count lines instead."""
    return f"calc({int(lines)} * var(--jp-widgets-inline-height, 28px))"


def secondary_note(verification: str, words: str) -> list:
    """The readout's closing caveat for a figure seen only in a secondary source (else none)."""
    return [BREAK, Italic(words)] if verification == "secondary" else []


def render_readout(parts: Sequence) -> str:
    """A readout's parts as HTML: every string escaped (``&``, ``<``, ``>`` and quotes), bold
    and italic marked up, :class:`Html` passed through.

    >>> render_readout(["5 < 6 ", Bold("and"), BREAK, Italic("R&D")])
    '5 &lt; 6 <b>and</b><br><i>R&amp;D</i>'
    """
    out = []
    for part in parts:
        if part is BREAK:
            out.append("<br>")
        elif isinstance(part, Html):
            out.append(str(part))
        elif isinstance(part, Bold):
            out.append(f"<b>{html.escape(part)}</b>")
        elif isinstance(part, Italic):
            out.append(f"<i>{html.escape(part)}</i>")
        elif isinstance(part, str):
            out.append(html.escape(part))
        else:
            raise TypeError(f"a readout part must be text, Bold, Italic, Html or BREAK, "
                            f"got {part!r}")
    return "".join(out)


# --- the picture an explorer shows where no kernel moves it ------------------------------------

#: what JupyterLab shows under an explorer's stored picture before the notebook runs
RUN_NOTE = ("This chart moves once the notebook runs (<i>Run › Run All Cells</i>); until then "
            "it shows the picture stored with the notebook.")


def static_picture(name: str, readout_html: str, png: bytes | str | None, note: str,
                   alt: str | None = None, after_picture: str = "") -> str:
    """One explorer as still HTML: its readout, its picture (a PNG, or its base64 text) inline as
    a ``data:`` URI, and a note saying where it moves. ``readout_html`` is a rendered readout
    (:func:`render_readout`); the picture's alt text is ``alt`` (the chart's text alternative),
    else the readout's words; ``after_picture`` is HTML placed under the picture (the handout's
    download links). The explorer's name is in ``data-explorer`` and in the picture's
    class ``allstats-static-chart-<name>`` (JupyterLab keeps the classes of an untrusted output,
    not its ``data-`` attributes)."""
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", readout_html or "")).split())
    if isinstance(png, bytes):
        png = base64.b64encode(png).decode("ascii")
    alt = alt or words or f"{name} explorer, first picture"
    return (f'<div class="allstats-static-explorer" data-explorer="{html.escape(name)}">'
            + (f'<div class="allstats-static-readout">{readout_html}</div>' if readout_html else "")
            + (f'<img class="allstats-static-chart allstats-static-chart-{html.escape(name)}" '
               f'alt="{html.escape(alt)}" src="data:image/png;base64,{png}" '
               'style="max-width:900px; width:100%; height:auto">' if png else "")
            + after_picture
            + f'<p class="allstats-static-note">{note}</p></div>')


class StillBox(widgets.VBox):
    """A box whose display also carries a still HTML form of it, which JupyterLab shows while the
    widget cannot render: a notebook opened from disk is not trusted, and JupyterLab then renders
    each output by its safe formats only, never by the widget's; without this the reader would
    see the widget's text form, ``VBox(children=(HBox(...``. Voila and a running notebook show
    the live widget, whose format they prefer. ``still()`` gives the HTML, ``plain`` the text."""

    def __init__(self, children, *, still, plain: str, **kwargs):
        super().__init__(children, **kwargs)
        self._still = still
        self._plain = plain

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None or os.environ.get("VOILA_SERVER_URL"):
            return bundle       # Voila (which sets that variable) always shows the live widget
        bundle["text/html"] = self._still()
        bundle["text/plain"] = self._plain
        return bundle


class ExplorerBox(StillBox):
    """The box of an explorer: its still form is the explorer's picture (:func:`static_picture`)
    with its readout and a note saying it moves once the notebook runs."""

    def __init__(self, children, *, explorer: "Explorer", **kwargs):
        super().__init__(children, still=lambda: static_picture(
            explorer.name, explorer.readout.value, bytes(explorer.image.value) or None, RUN_NOTE,
            alt=explorer.alt),
            plain=f"The {explorer.name} explorer: it moves once the notebook runs.", **kwargs)
        self._explorer = explorer


# --- controls, in one house style ---------------------------------------------------------------

#: every control's description is shown in full (ipywidgets cuts it at 80 px by default)
CONTROL_STYLE = {"description_width": "initial"}
#: no tooltip: ipywidgets 8 writes a missing one as the text "null" on the control's label
NO_TOOLTIP = ""


def _layout(width: str | None) -> widgets.Layout:
    """A control's width, never wider than the page (reflow at 320 CSS pixels)."""
    return widgets.Layout(max_width="100%") if width is None else \
        widgets.Layout(width=width, max_width="100%")


def int_slider(description: str, *, value: int, min: int, max: int, step: int = 1,
               width: str = "520px") -> widgets.IntSlider:
    """A whole-number slider that updates while it is dragged."""
    return widgets.IntSlider(value=value, min=min, max=max, step=step, description=description,
                             style=CONTROL_STYLE, continuous_update=True, tooltip=NO_TOOLTIP,
                             layout=_layout(width))


def float_slider(description: str, *, value: float, min: float, max: float, step: float,
                 readout_format: str = ".2f", width: str = "460px") -> widgets.FloatSlider:
    """A slider of decimals that updates while it is dragged; the page shows and announces its
    value in ``readout_format`` (".0%" shows and announces 0.9 as "90%")."""
    return widgets.FloatSlider(value=value, min=min, max=max, step=step,
                               description=description, readout_format=readout_format,
                               style=CONTROL_STYLE, continuous_update=True, tooltip=NO_TOOLTIP,
                               layout=_layout(width))


def dropdown(description: str, options, *, value=None,
             width: str | None = None) -> widgets.Dropdown:
    """A dropdown of ``(label, value)`` options; the first is chosen unless ``value`` is given."""
    control = widgets.Dropdown(options=options, description=description, style=CONTROL_STYLE,
                               tooltip=NO_TOOLTIP, layout=_layout(width))
    if value is not None:
        control.value = value
    return control


def toggle_buttons(description: str, options, *, value) -> widgets.ToggleButtons:
    """Buttons of which exactly one is pressed (the page says which: ``aria-pressed``)."""
    return widgets.ToggleButtons(options=options, value=value, description=description,
                                 style=CONTROL_STYLE, tooltip=NO_TOOLTIP, layout=_layout(None))


# --- the explorer -------------------------------------------------------------------------------

def canvas_png(fig) -> bytes:
    """What the figure's Agg canvas holds now, as PNG bytes (no redraw)."""
    from ..charts.alt import encode_png

    return encode_png(fig.canvas.buffer_rgba())


@dataclass
class Explorer:
    """Controls, chart and artists of one explorer, plus the numbers it currently shows.

    ``readout_text(values)`` gives the readout's parts (see the module's docstring).
    ``dynamic`` lists the artists that change with the controls (the chart's, unless given).
    ``readout_height`` reserves room for the longest readout, so that the chart under it does
    not move when the readout's length changes.
    The rest of the figure (axes, labels, source line) is drawn once and kept as a background;
    each change restores it and redraws only the dynamic artists (blitting), because
    re-rendering every glyph of the static text would cost most of the time of a full draw.
    """

    controls: dict[str, widgets.Widget]
    chart: ChartArtists
    readout_text: Callable[[dict], Sequence]
    artists: dict = field(default_factory=dict)
    dynamic: list | None = None
    max_width: str = "900px"
    name: str = "explorer"
    values: dict = field(default_factory=dict)
    readout_height: str | None = None
    readout: widgets.HTML = field(init=False, repr=False)
    image: ChartImage = field(init=False, repr=False)
    _background: object = field(default=None, init=False, repr=False)
    _widget: object = field(default=None, init=False, repr=False)
    _downloads: object = field(default=None, init=False, repr=False)

    def __post_init__(self):
        if self.dynamic is None:
            self.dynamic = list(self.chart.dynamic)
        self.artists = {"chart": self.chart, **self.artists}
        self.readout = widgets.HTML(layout=widgets.Layout(min_height=self.readout_height)
                                    if self.readout_height else widgets.Layout())
        width, height = self.figure.canvas.get_width_height()
        self.image = ChartImage(natural_width=width, natural_height=height,
                                layout=widgets.Layout(max_width=self.max_width, width="100%"))

    @property
    def figure(self):
        return self.chart.figure

    @property
    def alt(self) -> str:
        """The chart's text alternative as it is now (the page's ``<img alt>``)."""
        return self.chart.description.alt

    @property
    def widget(self) -> widgets.Widget:
        """What a notebook displays: the controls, the numbers, the chart.

        CSS classes let a browser test find the parts: ``allstats-explorer`` and
        ``allstats-explorer-<name>`` on the box, ``allstats-readout``, ``allstats-chart``,
        ``allstats-control-<control name>`` on each control, and ``allstats-downloads`` on the
        row of download links.
        """
        if self._widget is None:
            for key, control in self.controls.items():
                control.add_class(f"allstats-control-{key}")
            self.readout.add_class("allstats-readout")
            self.image.add_class("allstats-chart")
            box = ExplorerBox([widgets.HBox(list(self.controls.values()),
                                            layout=widgets.Layout(flex_flow="row wrap")),
                               self.readout, self.image, self.downloads.widget],
                              explorer=self,
                              layout=widgets.Layout(width="100%"))
            box.add_class("allstats-explorer")
            box.add_class(f"allstats-explorer-{self.name}")
            self._widget = box
        return self._widget

    @property
    def downloads(self):
        """The links to download what the explorer shows (picture and numbers), kept up to date
        with the controls (:class:`allstats.explorers.downloads.Downloads`)."""
        if self._downloads is None:
            from .downloads import Downloads
            self._downloads = Downloads(self)
        return self._downloads

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
        """Redraw what changed and send the new picture and its alt text to the page, in one
        message."""
        self.draw()
        with self.image.hold_sync():
            self.image.value = canvas_png(self.figure)
            self.image.alt = self.alt

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


@dataclass
class PerChoiceExplorer(Explorer):
    """An explorer whose static picture depends on one control: one background per choice.

    Text is most of the drawing time, and some text changes only with one control (the source
    line with the statistic; every label of a comparison with the comparison). Each choice's
    background is drawn in full once and kept; coming back to a choice restores it and redraws
    only the ``dynamic`` artists on top. ``choice_key`` returns the current choice.
    """

    choice_key: Callable[[], object] = lambda: None
    _backgrounds: dict = field(default_factory=dict, init=False, repr=False)

    def draw(self) -> None:
        key = self.choice_key()
        self._background = self._backgrounds.get(key)
        super().draw()
        self._backgrounds[key] = self._background

    def invalidate(self) -> None:
        super().invalidate()
        self._backgrounds.clear()


def connect(explorer: Explorer, update: Callable[[], dict]) -> Explorer:
    """On every control change: ``values = update()``, the readout from
    ``explorer.readout_text(values)``, then the redraw; and draw the first picture now."""
    def on_change(_change=None):
        explorer.values = update()
        explorer.readout.value = render_readout(explorer.readout_text(explorer.values))
        explorer.refresh()
    for control in explorer.controls.values():
        control.observe(on_change, names="value")
    on_change()
    return explorer


# --- the registry -------------------------------------------------------------------------------

_REGISTRY: dict[str, Callable[..., Explorer]] = {}


def explorer(name: str):
    """Register a factory as the one that builds the explorer called ``name``.

    The page shows the name (CSS class ``allstats-explorer-<name>``) and :func:`registered`
    finds the factory by it without building anything. The explorer the factory returns gets
    this name.
    """
    def register(factory):
        if name in _REGISTRY:
            raise ValueError(f"{factory.__name__} and {_REGISTRY[name].__name__} both build "
                             f"explorers named {name!r}; names must be unique")

        def build(*args, **kwargs) -> Explorer:
            built = factory(*args, **kwargs)
            built.name = name
            return built

        build.__name__, build.__qualname__ = factory.__name__, factory.__qualname__
        build.__doc__, build.__module__ = factory.__doc__, factory.__module__
        build.__wrapped__ = factory
        build.explorer_name = name
        _REGISTRY[name] = build
        return build
    return register


def registered() -> dict[str, Callable[..., Explorer]]:
    """Every registered factory, by explorer name (nothing is built)."""
    return dict(_REGISTRY)


# --- shared explorers ---------------------------------------------------------------------------

def year_explorer(chart, years, start: int, readout_text, *, update) -> Explorer:
    """An explorer of a :func:`allstats.charts.incidence.year_figure`: one slider over exactly
    ``years``, starting at ``start``. Shared by the new-cases and deaths explorers."""
    slider = int_slider("Year of the estimate", value=start, min=years[0], max=years[-1])
    explorer_ = Explorer({"year": slider}, chart, readout_text,
                         artists={"bars": chart.bars, "title": chart.title,
                                  "highlight": chart.highlight, "points": chart.points},
                         max_width="1000px")
    return connect(explorer_, lambda: update(slider.value))
