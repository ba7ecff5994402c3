"""Explorers: median time from a control change to the updated figure on the Agg canvas.

For every ``make_*_explorer`` in :mod:`allstats.explorers`, each control is moved through up to
50 values (sliders end to end, dropdown options in turn). Reported per explorer:

- ``change_to_canvas_ms``: ``update()`` and the blitted redraw on the Agg canvas (the target:
  under 30 ms, and at most 1.5 times ``full_draw_ms``);
- ``change_to_png_ms``: what the observer really does on a change, including the PNG for the page;
- ``full_draw_ms``: drawing the same figure once from scratch.
"""

from __future__ import annotations

import inspect
import statistics
import time

import matplotlib

matplotlib.use("Agg")

TARGET_MS = 30.0
TARGET_RATIO = 1.5


def control_values(control, n: int = 50) -> list:
    if hasattr(control, "options") and control.options:
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [options[i % len(options)] for i in range(n)]
    if isinstance(getattr(control, "value", None), bool):
        return [bool(i % 2) for i in range(n)]
    lo, hi, step = control.min, control.max, getattr(control, "step", 1) or 1
    positions = int(round((hi - lo) / step))
    picks = [round(lo + step * round(i * positions / (n - 1)), 10) for i in range(n)]
    return [type(control.value)(p) for p in picks]


def _median_ms(samples):
    return 1000 * statistics.median(samples)


def explorer_factories():
    import allstats.explorers as ex
    return {name: obj for name, obj in inspect.getmembers(ex, inspect.isfunction)
            if name.startswith("make_") and name.endswith("_explorer")}


def bench_explorer(factory, n: int = 50) -> dict:
    explorer = factory()
    canvas, png, full = [], [], []
    for name, control in explorer.controls.items():
        values = control_values(control, n)
        for value in values:
            # a change as the page makes it: the observer updates, blits and encodes the PNG
            t0 = time.perf_counter()
            control.value = value
            png.append(time.perf_counter() - t0)
            # the same change, timed to the canvas only
            t0 = time.perf_counter()
            explorer.update()
            explorer.draw()
            canvas.append(time.perf_counter() - t0)
    for _ in range(max(5, n // 5)):
        t0 = time.perf_counter()
        explorer.full_draw()
        full.append(time.perf_counter() - t0)
    explorer.draw()
    change, draw = _median_ms(canvas), _median_ms(full)
    return {"changes": len(canvas), "change_to_canvas_ms": change,
            "change_to_png_ms": _median_ms(png), "full_draw_ms": draw,
            "ratio": change / draw, "within_target": change < TARGET_MS and
            change <= TARGET_RATIO * draw}


def run(quick: bool = False) -> list[dict]:
    import matplotlib.pyplot as plt
    rows = []
    for name, factory in sorted(explorer_factories().items()):
        rows.append({"explorer": name, **bench_explorer(factory, n=10 if quick else 50)})
        plt.close("all")
    return rows


if __name__ == "__main__":
    from benchmarks.__main__ import table
    print(table(run()))
