"""What the page shows of an explorer: its chart with a text alternative, and controls that
every reader can use (WCAG 2.1 AA).

:class:`ChartImage` is a small widget (anywidget: its front end is the ES module below, shipped
with the widget's state, so JupyterLab, Notebook 7 and Voila run it and nothing is loaded from
elsewhere). It shows the explorer's picture as an ``<img>`` whose ``alt`` is the chart's text
alternative (:mod:`allstats.charts.alt`), changed with the picture in one message. (The plain
``ipywidgets.Image`` cannot carry an alt: its ``tooltip`` crashes the image view in ipywidgets
8.1.)

The same module makes the explorer box around it accessible, because ipywidgets' own controls
are not: each slider's handle is named by its visible label (``aria-labelledby``) and its
``aria-valuetext`` is the value as the slider's readout shows it ("90%", not "0.9"); the
readout's number box leaves the tab order (the handle takes the arrow keys); toggle buttons say
which one is pressed (``aria-pressed``); labels lose the ``title="null"`` tooltip; the readout
becomes a live region (``role="status"``), so a screen reader announces it when a control moves.
A mutation observer keeps all this true as the widgets redraw themselves. The style sheet gives
every control a visible focus outline (3 px, 6.8:1 against white), the pressed toggle button a
colour with 6.8:1 contrast and a bold label, and lets the controls wrap at 320 CSS pixels.
"""

from __future__ import annotations

import anywidget
import traitlets

__all__ = ["ChartImage", "FOCUS_COLOUR", "ESM", "CSS"]

#: the focus outline and the pressed toggle button (the blue text shade of the palette)
FOCUS_COLOUR = "#005F96"

ESM = r"""
function setAttr(node, name, value) {
  if (node && node.getAttribute(name) !== value) node.setAttribute(name, value);
}

// one counter for the whole page: every explorer's module shares it, so ids never repeat
function idOf(node) {
  if (!node.id) {
    window.allstatsLabelIds = (window.allstatsLabelIds || 0) + 1;
    node.id = `allstats-label-${window.allstatsLabelIds}`;
  }
  return node.id;
}

function labelOf(control) {
  const label = control.querySelector(":scope > .widget-label");
  return label && label.textContent.trim() ? label : null;
}

// ipywidgets' sliders, toggle buttons and labels, made accessible inside one explorer box
function enhance(box) {
  for (const label of box.querySelectorAll(".widget-label[title]")) {
    const title = label.getAttribute("title");
    if (!title || title === "null" || title === "undefined") label.removeAttribute("title");
  }
  for (const readout of box.querySelectorAll(".allstats-readout")) {
    setAttr(readout, "role", "status");
    setAttr(readout, "aria-live", "polite");
  }
  for (const slider of box.querySelectorAll(".widget-slider")) {
    const label = labelOf(slider);
    const handle = slider.querySelector(".noUi-handle");
    const shown = slider.querySelector(".widget-readout");
    if (!handle) continue;
    if (label) setAttr(handle, "aria-labelledby", idOf(label));
    if (shown) {
      const text = shown.textContent.trim();
      if (text) setAttr(handle, "aria-valuetext", text);
      setAttr(shown, "tabindex", "-1");        // the handle takes the keys: one tab stop
      if (label) setAttr(shown, "aria-label", `${label.textContent.trim()}, typed value`);
    }
  }
  for (const toggles of box.querySelectorAll(".widget-toggle-buttons")) {
    const label = labelOf(toggles);
    const group = toggles.querySelector(".widget-toggle-buttons > div:not(.widget-label)")
      || toggles;
    setAttr(group, "role", "group");
    if (label) setAttr(group, "aria-labelledby", idOf(label));
    for (const button of toggles.querySelectorAll("button")) {
      setAttr(button, "aria-pressed", button.classList.contains("mod-active") ? "true" : "false");
      if (button.getAttribute("title") === "" || button.getAttribute("title") === "null")
        button.removeAttribute("title");
    }
  }
  for (const dropdown of box.querySelectorAll(".widget-dropdown")) {
    const label = labelOf(dropdown);
    const select = dropdown.querySelector("select");
    if (label && select && !select.labels?.length) setAttr(select, "aria-labelledby", idOf(label));
  }
}

// the explorer's PNG download link carries no copy of the picture: point it at the bytes
// this widget shows (the same object URL as the <img>)
function linkPicture(box, url) {
  if (!box || !url) return;
  for (const link of box.querySelectorAll("a.allstats-download-png[data-from-chart]")) {
    if (link.getAttribute("href") !== url) link.setAttribute("href", url);
  }
}

function watch(el, pictureUrl) {
  let observer = null, timer = 0, box = null;
  const attach = () => {
    box = el.closest(".allstats-explorer");
    if (!box) { timer = setTimeout(attach, 50); return; }
    enhance(box);
    linkPicture(box, pictureUrl());
    observer = new MutationObserver(() => { enhance(box); linkPicture(box, pictureUrl()); });
    observer.observe(box, {subtree: true, childList: true, characterData: true,
                           attributes: true,
                           attributeFilter: ["class", "title", "aria-valuetext"]});
  };
  attach();
  return () => { clearTimeout(timer); if (observer) observer.disconnect(); };
}

function render({ model, el }) {
  const img = document.createElement("img");
  img.className = "allstats-chart";
  img.decoding = "sync";
  el.appendChild(img);
  let url = null;
  const show = () => {
    const value = model.get("value");
    const next = URL.createObjectURL(new Blob([value], {type: "image/png"}));
    img.alt = model.get("alt");
    img.width = model.get("natural_width");
    img.height = model.get("natural_height");
    img.src = next;
    linkPicture(el.closest(".allstats-explorer"), next);
    if (url) URL.revokeObjectURL(url);
    url = next;
  };
  const showAlt = () => { img.alt = model.get("alt"); };
  model.on("change:value", show);
  model.on("change:alt", showAlt);
  show();
  const stop = watch(el, () => url);
  return () => {
    model.off("change:value", show);
    model.off("change:alt", showAlt);
    if (url) URL.revokeObjectURL(url);
    stop();
  };
}

export default { render };
"""

CSS = f"""
.allstats-explorer {{ max-width: 100%; box-sizing: border-box; }}
.allstats-explorer img.allstats-chart {{ display: block; max-width: 100%; height: auto; }}
.allstats-explorer .widget-inline-hbox {{ flex-wrap: wrap; max-width: 100%; row-gap: 4px; }}
.allstats-explorer .widget-dropdown > select {{ min-width: 0; max-width: 100%; flex: 1 1 12em; }}
.allstats-explorer .widget-slider .slider-container {{ min-width: 8em; }}
.allstats-explorer .widget-label {{ white-space: normal; }}
.allstats-explorer select:focus-visible,
.allstats-explorer button:focus-visible,
.allstats-explorer input:focus-visible,
.allstats-explorer .noUi-handle:focus-visible,
.allstats-explorer .widget-readout:focus-visible {{
  outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: 2px !important;
}}
.allstats-explorer .widget-toggle-buttons button {{
  background: #FFFFFF; color: #000000; border: 1px solid #767676; box-shadow: none;
}}
.allstats-explorer .widget-toggle-buttons button.mod-active {{
  background: {FOCUS_COLOUR}; color: #FFFFFF; border-color: {FOCUS_COLOUR}; font-weight: bold;
  box-shadow: inset 0 -4px 0 #000000;
}}
.allstats-readout .widget-html-content {{ overflow-wrap: anywhere; }}
.allstats-readout .widget-html-content table {{ width: 100%; table-layout: fixed; }}
.allstats-readout .widget-html-content td, .allstats-readout .widget-html-content th {{
  overflow-wrap: anywhere; vertical-align: top;
}}
"""


class ChartImage(anywidget.AnyWidget):
    """An explorer's picture: PNG bytes shown as an ``<img>`` with an ``alt``.

    Set ``value`` and ``alt`` together (``with image.hold_sync():``) so that the page changes
    both in one message.
    """

    _esm = ESM
    _css = CSS
    value = traitlets.Bytes(b"").tag(sync=True)
    alt = traitlets.Unicode("").tag(sync=True)
    natural_width = traitlets.Int(0).tag(sync=True)
    natural_height = traitlets.Int(0).tag(sync=True)
