"""Execute notebooks in place, deterministically, so their stored outputs match a fresh run.

    python -m scripts.execute_notebooks notebooks/*.ipynb

Runs each notebook top to bottom in its own folder with the current environment's kernel,
stores the widget state (so static HTML exports show the first picture of each explorer), sets
the notebook's ``title`` metadata to its first heading (the page title in the app and the
handout), and leaves out timing metadata so that two runs in a row give identical files. The
kernel's ``language_info`` is kept as the kernel reports it (with the Python version), so that
JupyterLab, which writes it into the notebook it opens, does not mark the notebook modified on
opening.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from scripts.build_html import title_of

KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def run(path: Path, timeout: int = 600, env: dict | None = None):
    """The notebook at ``path`` executed top to bottom in its folder (not written back);
    ``env``: the kernel's environment (default: this process's)."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = KERNEL
    # the page's title in the app and the handout: the notebook's first heading
    nb.metadata["title"] = title_of(nb, path.stem)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(**({} if env is None else {"env": env}))
    return nb


def execute(path: Path, timeout: int = 600) -> None:
    nb = run(path, timeout)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    # language_info stays whole, version included: JupyterLab writes the kernel's language_info
    # into a notebook it opens and marks the notebook modified if that changes anything
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    for name in paths:
        print(f"executing {name}", flush=True)
        execute(Path(name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
