"""Explorers: median time from a control change to the updated figure on the Agg canvas.

For every explorer registered in :mod:`allstats.explorers` (``by_name()``), each control is moved
through up to 50 values (sliders end to end, dropdown options in turn). Reported per explorer:

- ``change_to_canvas_ms``: the factory's update, the readout and the blitted redraw on the Agg canvas (the target:
  under 30 ms, and at most 1.5 times ``full_draw_ms``);
- ``change_to_png_ms``: what the observer really does on a change, including the PNG for the page;
- ``full_draw_ms``: drawing the same figure once from scratch.
"""

from __future__ import annotations

import statistics
import time

import matplotlib

matplotlib.use("Agg")

TARGET_MS = 30.0
TARGET_RATIO = 1.5


def control_values(control, n: int = 50) -> list:
    """``n`` values for a control, each different from the one before, so every set is a change.

    The control's distinct positions are walked end to end and back (sliders by their step,
    dropdown options in order, toggles both ways), as a student sweeping it would.
    """
    if hasattr(control, "options") and control.options:
        positions = [o[1] if isinstance(o, tuple) else o for o in control.options]
    elif isinstance(getattr(control, "value", None), bool):
        positions = [False, True]
    else:
        lo, hi, step = control.min, control.max, getattr(control, "step", 1) or 1
        count = int(round((hi - lo) / step)) + 1
        stride = max(1, (count - 1) // (n - 1)) if count > n else 1
        positions = [type(control.value)(round(lo + step * i, 10)) for i in range(0, count, stride)]
    if len(positions) < 2:
        return []
    cycle = positions + positions[-2:0:-1]        # there and back: no value repeats its neighbour
    start = cycle.index(control.value) + 1 if control.value in cycle else 0
    return [cycle[(start + i) % len(cycle)] for i in range(n)]


def _median_ms(samples):
    return 1000 * statistics.median(samples)


def explorer_factories():
    """Every registered explorer factory, by explorer name."""
    from allstats.explorers import by_name
    return by_name()


def bench_explorer(factory, n: int = 50) -> dict:
    explorer = factory()
    send_to_page = explorer.refresh
    canvas, png, full = [], [], []
    for name, control in explorer.controls.items():
        values = control_values(control, n)
        # pass 1: the observer's own path (update + redraw), stopping at the Agg canvas
        explorer.refresh = explorer.draw
        for value in values:
            t0 = time.perf_counter()
            control.value = value
            canvas.append(time.perf_counter() - t0)
        # pass 2: the same changes as the page gets them, PNG encoding included
        explorer.refresh = send_to_page
        for value in values:
            t0 = time.perf_counter()
            control.value = value
            png.append(time.perf_counter() - t0)
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
