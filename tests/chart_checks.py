"""What the accessibility tests check on a drawn matplotlib figure.

:func:`text_contrast_problems`: every text drawn on the figure, against the pixels behind its
glyphs. The figure is drawn twice: once as it is, once with every text's glyphs transparent
(their boxes stay). A glyph pixel is a pixel of the text's box where the two drawings differ; the
colour behind it is the second drawing's pixel there. A text passes when its colour (with its
alpha, over that pixel) has at least 4.5:1 contrast with every pixel behind its glyphs, or 3:1
for large text (WCAG 2.1, 1.4.3). A text whose colour equals its background leaves no glyph
pixels: it is compared with the median of its box, and fails.

Large text, in WCAG's terms, is 18 pt or 14 pt bold *as displayed*. The pictures are drawn at
100 dpi and pages may show them at 75% of that (an explorer's picture in a narrower column), so
here large means at least 24 pt, or 18 pt bold, in matplotlib's points.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.colors as mcolors
import matplotlib.text
import numpy as np

from allstats.charts import contrast_ratio, relative_luminance

NORMAL_RATIO, LARGE_RATIO = 4.5, 3.0
LARGE_PT, LARGE_BOLD_PT = 24.0, 18.0


@dataclass
class ContrastProblem:
    text: str
    colour: str
    ratio: float
    required: float
    where: tuple

    def __str__(self):
        return (f"{self.text[:60]!r} in {self.colour}: {self.ratio:.2f}:1 < {self.required}:1 "
                f"at {self.where}")


def _is_large(text) -> bool:
    size = text.get_fontsize()
    weight = text.get_fontweight()
    bold = weight in ("bold", "heavy", "extra bold", "black", "semibold", "demibold", "demi") or \
        (isinstance(weight, (int, float)) and weight >= 600)
    return size >= LARGE_PT or (bold and size >= LARGE_BOLD_PT)


def _drawn_texts(fig) -> list:
    """The Text artists a full draw of the figure actually draws (visible, non-empty, inside
    visible parents), in drawing order."""
    drawn = []
    original = matplotlib.text.Text.draw

    def recording(self, renderer):
        result = original(self, renderer)
        if self.get_visible() and self.get_text().strip() and self.figure is fig:
            drawn.append(self)
        return result

    for artist in fig.findobj():
        if hasattr(artist, "set_animated"):
            artist.set_animated(False)
    matplotlib.text.Text.draw = recording
    try:
        fig.canvas.draw()
    finally:
        matplotlib.text.Text.draw = original
    return list(dict.fromkeys(drawn))


def _pixels(fig) -> np.ndarray:
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(float) / 255.0


def _luminance(rgb: np.ndarray) -> np.ndarray:
    c = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return c @ np.array([0.2126, 0.7152, 0.0722])


def text_contrast_problems(fig) -> tuple[int, list[ContrastProblem]]:
    """(how many texts were checked, the texts that fail the contrast rule)."""
    texts = _drawn_texts(fig)
    full = _pixels(fig).copy()
    colours = {t: t.get_color() for t in texts}
    for t in texts:
        t.set_color((0, 0, 0, 0))
    try:
        fig.canvas.draw()
        behind = _pixels(fig).copy()
    finally:
        for t, c in colours.items():
            t.set_color(c)
        fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    height, width = full.shape[:2]
    problems = []
    for t in texts:
        box = t.get_window_extent(renderer)
        x0, x1 = max(0, int(np.floor(box.x0))), min(width, int(np.ceil(box.x1)))
        y0, y1 = max(0, int(np.floor(height - box.y1))), min(height, int(np.ceil(height - box.y0)))
        if x1 <= x0 or y1 <= y0:
            continue
        region_full, region_behind = full[y0:y1, x0:x1], behind[y0:y1, x0:x1]
        glyphs = np.any(np.abs(region_full - region_behind) > 1 / 255, axis=-1)
        background = region_behind[glyphs] if glyphs.any() else \
            np.median(region_behind.reshape(-1, 3), axis=0, keepdims=True)
        rgba = mcolors.to_rgba(colours[t])
        alpha = rgba[3] * (1.0 if t.get_alpha() is None else t.get_alpha())
        shown = alpha * np.array(rgba[:3]) + (1 - alpha) * background
        lum_text, lum_back = _luminance(shown), _luminance(background)
        ratios = (np.maximum(lum_text, lum_back) + 0.05) / (np.minimum(lum_text, lum_back) + 0.05)
        worst = float(ratios.min())
        required = LARGE_RATIO if _is_large(t) else NORMAL_RATIO
        if worst < required - 1e-9:
            problems.append(ContrastProblem(t.get_text().replace("\n", " "),
                                            mcolors.to_hex(rgba), worst, required,
                                            (x0, y0, x1, y1)))
    return len(texts), problems


def secondary_patches(fig) -> list:
    """Patches a chart marked as drawn from a secondary source (gid ``secondary``)."""
    import matplotlib.patches
    return [p for p in fig.findobj(matplotlib.patches.Patch) if p.get_gid() == "secondary"]


__all__ = ["text_contrast_problems", "secondary_patches", "ContrastProblem", "contrast_ratio",
           "relative_luminance"]
