"""Text for JupyterLab only: "Run All", `make lab` and JupyterLab's menus appear in JupyterLab,
not in the code-free app (Voila, `make present`) or the handout (`make html`).

Such text lives in markdown cells tagged ``jupyterlab-only`` (:data:`scripts.notebook_tags.LAB_ONLY`);
both `scripts/present.py` and `scripts/build_html.py` leave those cells out. The browser tests
(tests/browser/test_lab.py) check the app page and JupyterLab itself.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from scripts import build_html, present
from scripts.notebook_tags import LAB_ONLY

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: words that speak to a reader in JupyterLab
LAB_WORDS = re.compile(r"Run All|make lab|View › Appearance|Kernel › Restart")


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def lab_only(cell) -> bool:
    return LAB_ONLY in cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_jupyterlab_words_stand_only_in_cells_tagged_for_jupyterlab(path):
    for cell in cells(path):
        if cell["cell_type"] == "markdown" and not lab_only(cell):
            found = LAB_WORDS.findall(source(cell))
            assert not found, f"{path.name}: {found} in a cell not tagged {LAB_ONLY!r}"
        if lab_only(cell):
            assert cell["cell_type"] == "markdown", "only markdown cells may be left out"


def test_the_start_here_notebook_tells_jupyterlab_readers_to_run_it():
    tagged = [source(c) for c in cells(ROOT / "notebooks" / "00_start_here.ipynb") if lab_only(c)]
    text = "\n".join(tagged)
    assert "Run All Cells" in text and "make lab" in text and "Presentation Mode" in text


def plain(text: str) -> str:
    """Markdown or HTML as the words a reader sees, spaces collapsed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)            # links
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    text = re.sub(r"(?m)^\s*(#+|-)\s+", " ", text)                     # headings, bullets
    return " ".join(re.sub(r"[*_`]", "", text).split())


def test_the_handout_leaves_out_the_cells_for_jupyterlab(tmp_path):
    path = ROOT / "notebooks" / "00_start_here.ipynb"
    build_html.build_page(path, tmp_path)
    page = plain((tmp_path / "00_start_here.html").read_text(encoding="utf-8"))
    markdown = [c for c in cells(path) if c["cell_type"] == "markdown"]
    assert any(lab_only(c) for c in markdown) and not all(lab_only(c) for c in markdown)
    for cell in markdown:
        lines = [line for line in source(cell).splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith("#")] or lines
        opening = plain(body[0])[:50]            # its first line (a heading: its anchor follows)
        assert (opening in page) != lab_only(cell), opening
    assert not LAB_WORDS.search(page)
    index = build_html.index_page(items="")
    assert not LAB_WORDS.search(index) and not LAB_WORDS.search(build_html.LIVE_NOTE)


def test_the_app_is_told_to_leave_out_the_cells_for_jupyterlab():
    options = present.arguments([])
    assert f"--TagRemovePreprocessor.remove_cell_tags={LAB_ONLY}" in options
    # the caller's own choice wins, as for every default
    mine = present.arguments(["--TagRemovePreprocessor.remove_cell_tags=other"])
    assert [o for o in mine if o.startswith("--TagRemovePreprocessor")] == \
        ["--TagRemovePreprocessor.remove_cell_tags=other"]
