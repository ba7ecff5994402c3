"""The strict nbval run of notebooks/ against the same number of notebooks that only import.

Target: the real run takes at most 2 times the import-only run (kernel start-up and imports
are the floor every notebook pays). Both runs use the same pytest command as `make test`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
IMPORTS = """%matplotlib inline
import allstats
from allstats import charts, explorers, text
import ipywidgets
import pandas
import matplotlib.pyplot"""
TARGET_RATIO = 2.0


def _nbval(folder: Path) -> float:
    cmd = [sys.executable, "-m", "pytest", "-q", "--nbval", "--nbval-current-env",
           "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"), "-p", "no:python",
           "-p", "no:cacheprovider", str(folder)]
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"nbval failed on {folder}:\n{done.stdout[-2000:]}")
    return elapsed


def _import_only(folder: Path, count: int) -> None:
    from scripts.execute_notebooks import execute
    for i in range(count):
        nb = nbformat.v4.new_notebook()
        nb.cells.append(nbformat.v4.new_code_cell(IMPORTS))
        path = folder / f"imports_{i:02d}.ipynb"
        nbformat.write(nb, path)
        execute(path)


def run(quick: bool = False) -> list[dict]:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    repeats = 1 if quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _import_only(folder, len(notebooks))
        real, base = [], []
        for _ in range(repeats):        # interleaved, so both see the same machine load
            real.append(_nbval(ROOT / "notebooks"))
            base.append(_nbval(folder))
    r, b = statistics.median(real), statistics.median(base)
    return [{"notebooks": len(notebooks), "runs": repeats, "strict_nbval_s": r,
             "import_only_s": b, "ratio": r / b, "within_target": r / b <= TARGET_RATIO}]


if __name__ == "__main__":
    from benchmarks.__main__ import table
    print(table(run()))
