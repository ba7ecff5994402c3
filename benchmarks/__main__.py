"""`make bench`: run every benchmarks/bench_*.py and print one table per benchmark.

Each module exposes ``run(quick: bool = False) -> list[dict]``; the rows are printed as a table.
Times are medians over repeated runs in one process; the machine is shared, so compare ratios
measured in the same run rather than absolute numbers across runs.

    python -m benchmarks [--quick] [name ...]
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import benchmarks


def table(rows: list[dict]) -> str:
    if not rows:
        return "(no rows)"
    columns = list(dict.fromkeys(k for row in rows for k in row))
    cells = [[_fmt(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(v.rjust(w) if _numeric(v) else v.ljust(w) for v, w in zip(r, widths))
            for r in cells]
    return "\n".join([line, rule, *body])


def _numeric(text: str) -> bool:
    return text.replace(".", "", 1).replace(",", "").replace("-", "", 1).isdigit()


def _fmt(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                   if m.name.startswith("bench_"))
    if wanted:
        names = [n for n in names if any(w in n for w in wanted)]
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        start = time.perf_counter()
        rows = module.run(quick=quick)
        print(f"\n## {name}  ({(module.__doc__ or '').strip().splitlines()[0]})")
        print(table(rows))
        print(f"({time.perf_counter() - start:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
