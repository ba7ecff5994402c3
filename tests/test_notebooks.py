"""Rules every notebook follows, checked on the committed files (nbval runs them separately)."""

import json
import re

import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_statistic_typed_by_hand_in_prose(path):
    """Markdown holds no digits: numbers in prose are rendered by code from data/.

    Digits inside `code`, link targets and notebook file names are allowed."""
    for i, cell in enumerate(cells(path)):
        if cell["cell_type"] != "markdown":
            continue
        text = source(cell)
        text = re.sub(r"`[^`]*`", "", text)                       # inline code
        text = re.sub(r"\]\([^)]*\)", "]", text)                  # link targets
        text = re.sub(r"\b\d\d_[a-z_]+\.ipynb\b", "", text)       # notebook names
        digits = re.findall(r"[^\s]*\d[^\s]*", text)
        assert not digits, f"{path.name} markdown cell {i}: {digits}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_only_widget_cells_ignore_output_and_everything_ran(path):
    for i, cell in enumerate(cells(path)):
        if cell["cell_type"] != "code":
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        shows_widget = any(WIDGET in out.get("data", {}) for out in cell.get("outputs", []))
        assert ("nbval-ignore-output" in tags) == shows_widget, (path.name, i, tags)
        assert not {"nbval-skip", "raises-exception"} & set(tags), (path.name, i)
        assert cell.get("execution_count") is not None, f"{path.name} cell {i} is not executed"
        assert not any(out.get("output_type") == "error" for out in cell.get("outputs", []))
        assert not any(out.get("name") == "stderr" for out in cell.get("outputs", [])), \
            f"{path.name} cell {i} writes to stderr"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_uses_the_library_not_hand_made_data(path):
    code = "\n".join(source(c) for c in cells(path) if c["cell_type"] == "code")
    assert "import allstats" in code or "from allstats" in code
    assert "read_csv" not in code and "../data" not in code, "load data with allstats.load"
    assert "../shared" not in code


def test_exactly_one_start_here_with_the_statement_that_it_advises_no_one():
    starts = [p for p in NOTEBOOKS if p.name.startswith("00_")]
    if not starts:
        pytest.skip("the start-here notebook is not written yet")
    text = " ".join(source(c) for c in cells(starts[0]) if c["cell_type"] == "markdown").lower()
    assert "advi" in text and "statistic" in text
