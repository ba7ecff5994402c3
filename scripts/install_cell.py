"""The lines that open each notebook's first code cell: install allstats where it is missing.

    python -m scripts.install_cell notebooks/*.ipynb     # add the lines where they are missing

A notebook opened outside this repository (an "Open in Colab" link, VS Code, a JupyterHub)
runs in a kernel that may not have allstats; these lines install it from the project's
repository (pyproject's Source address). Where allstats is installed they do nothing and print
nothing, so the stored outputs of the cell stay valid. Only the cell's source changes: its outputs
are left as they are (the command does not execute anything).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
MARKER = "# Where allstats is missing (Colab, a JupyterHub), install it first"


def repository() -> str:
    """The project's repository address, from pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["urls"]["Source"]


def block(source: str | None = None) -> str:
    return (f"{MARKER}\n"
            "import importlib.util\n"
            'if importlib.util.find_spec("allstats") is None:\n'
            f'    %pip install --quiet "allstats @ git+{source or repository()}"\n')


def first_code_cell(nb):
    return next(cell for cell in nb.cells if cell.cell_type == "code")


def add(path: Path) -> bool:
    """Put the block at the top of the notebook's first code cell (replacing an older version
    of it); return whether the file changed."""
    nb = nbformat.read(path, as_version=4)
    cell = first_code_cell(nb)
    source = cell.source
    if source.startswith(MARKER):
        rest = source.split("\n\n", 1)
        source = rest[1] if len(rest) == 2 else ""
    new = f"{block()}\n{source}"
    if new == cell.source:
        return False
    cell.source = new
    nbformat.write(nb, path)
    return True


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    for name in paths:
        print(f"{name}: {'updated' if add(Path(name)) else 'already has the lines'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
