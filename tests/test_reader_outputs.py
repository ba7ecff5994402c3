"""What a reader sees is made for a reader: every HTML output of every executed notebook.

Walks the committed outputs of each notebook in ``notebooks/`` (``text/html`` and
``text/markdown`` outputs of code cells, and the explorers' stored readouts, which the app and
the handout show) and reports, by kind:

- ``not made by the helper``: a table without the class that :func:`allstats.tables.reader_table`
  gives (pandas' own repr, a hand-made table);
- ``True/False``: a cell that says True or False;
- ``NaN/None``: a cell that says NaN, None, NaT, <NA> or nan%;
- ``needless .0``: a number with trailing decimal zeros (35.0, 90.0%, 1000.0) in a column where
  no number of that precision needs its last decimal;
- ``unformatted number``: four or more digits without a thousands separator (6020, 1958310),
  except a year (1900–2099) in a column whose header speaks of years;
- ``snake_case header``: a header such as ``claim_id`` or ``period_start``;
- ``bare index``: a first column without a header that counts 0, 1, 2, ... (a frame's default
  index);
- ``internal id``: a row id of ``data/`` (``cr-rate-adults-acs``, a source id, a claim id) in a
  table cell, except in 08's reference tables of every figure (inside ``allstats-reference``);
- ``cut text``: an ellipsis ("…", "...", "[...]") that no sentence of ``data/`` contains;
- ``literal \\n``: a backslash and an n shown as text.

``python tests/test_reader_outputs.py [NOTEBOOK ...]`` prints the problems found, by notebook and
kind, without failing.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: the one notebook whose reference tables show the rows' ids (inside this class)
REFERENCE_NOTEBOOK = "08_sources_and_claims.ipynb"
REFERENCE_CLASS = "allstats-reference"
#: the class every table made by :func:`allstats.tables.reader_table` carries
TABLE_CLASS = "allstats-table"

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

KINDS = ("not made by the helper", "True/False", "NaN/None", "needless .0", "unformatted number",
         "snake_case header", "bare index", "internal id", "cut text", "literal \\n")

BOOLEAN = {"True", "False", "true", "false"}
MISSING = re.compile(r"^(nan|NaN|None|NaT|<NA>|inf|-inf)%?$")
NUMBER = re.compile(r"^[-−]?\d[\d,]*(?:\.(\d+))?(%| %)?$")
LONG_DIGITS = re.compile(r"^[-−]?(\d{4,})(?:\.\d+)?(%| %)?$")
SNAKE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b")
ID_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
ELLIPSIS = re.compile(r"…|\.\.\.|\[\.\.\.\]")
YEAR_WORDS = ("year", "edition", "period", "published", "diagnosed", "from", "to")


@dataclass
class Table:
    classes: set
    in_reference: bool
    rows: list = field(default_factory=list)      # [(is_header_row, [(tag, text), ...])]


class _Reader(HTMLParser):
    """The tables of an HTML fragment (rows of (tag, text) cells) and its visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.texts: list[str] = []
        self._open: list[tuple[str, set]] = []
        self._tables: list[Table] = []
        self._row = self._cell = None
        self._in_head = False

    def _inside(self, cls: str) -> bool:
        return any(cls in classes for _, classes in self._open)

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        if tag not in ("br", "img", "hr", "input", "meta", "link", "wbr"):
            self._open.append((tag, classes))
        if tag == "table":
            table = Table(classes, self._inside(REFERENCE_CLASS))
            self.tables.append(table)
            self._tables.append(table)
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = (tag, [])
        elif tag == "br" and self._cell is not None:
            self._cell[1].append(" ")

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append((self._cell[0], " ".join("".join(self._cell[1]).split())))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._tables:
            self._tables[-1].rows.append((self._in_head, self._row))
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table" and self._tables:
            self._tables.pop()

    def handle_data(self, data):
        if any(tag in ("style", "script") for tag, _ in self._open):
            return
        self.texts.append(data)
        if self._cell is not None:
            self._cell[1].append(data)


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def _header_and_body(table: Table):
    """The header rows (or a first row of th cells), each column's name (its header cells
    joined: pandas puts an index's name in a second header row) and the body rows."""
    rows = table.rows
    heads = [cells for is_head, cells in rows if is_head]
    body = [cells for is_head, cells in rows if not is_head]
    if not heads and body and all(tag == "th" for tag, _ in body[0]):
        heads, body = [body[0]], body[1:]
    width = max((len(row) for row in heads), default=0)
    names = [" ".join(row[i][1] for row in heads if i < len(row) and row[i][1])
             for i in range(width)]
    return heads, names, body


def _decimals(text: str):
    match = NUMBER.match(text)
    return None if match is None else (match.group(1) or "")


def table_problems(table: Table, *, ids: set, ids_allowed: bool) -> list[tuple[str, str]]:
    found = []
    heads, names, body = _header_and_body(table)
    if TABLE_CLASS not in table.classes:
        found.append(("not made by the helper", " | ".join(names)[:80] or "(no header)"))
    for row in heads:
        for _, text in row:
            if SNAKE.search(text):
                found.append(("snake_case header", text))
    first = [cells[0][1] for cells in body if cells]
    unnamed = not names or not names[0]
    if unnamed and len(first) >= 2 and first == [str(i) for i in range(len(first))]:
        found.append(("bare index", f"0 to {len(first) - 1}"))
    columns: dict[int, list[str]] = {}
    for cells in body:
        for i, (_, text) in enumerate(cells):
            columns.setdefault(i, []).append(text)
    for i, texts in columns.items():
        header = (names[i] if i < len(names) else "").lower()
        # a precision is needed when some number of that precision has a nonzero last decimal
        needed = {d for d in map(_decimals, texts) if d and not set(d) <= {"0"}}
        needed_lengths = {len(d) for d in needed}
        for text in texts:
            if text in BOOLEAN:
                found.append(("True/False", f"{header or 'column ' + str(i)}: {text}"))
            if MISSING.match(text):
                found.append(("NaN/None", f"{header or 'column ' + str(i)}: {text}"))
            decimals = _decimals(text)
            if decimals and set(decimals) <= {"0"} and len(decimals) not in needed_lengths:
                found.append(("needless .0", f"{header or 'column ' + str(i)}: {text}"))
            digits = LONG_DIGITS.match(text)
            if digits:
                year = re.fullmatch(r"(19|20)\d\d", text)
                if not (year and any(w in header for w in YEAR_WORDS)):
                    found.append(("unformatted number", f"{header or 'column ' + str(i)}: {text}"))
            if not ids_allowed:
                for token in ID_TOKEN.findall(text):
                    if token in ids:
                        found.append(("internal id", token))
    return found


def text_problems(texts: list[str], *, quotes: str) -> list[tuple[str, str]]:
    found = []
    for text in texts:
        if "\\n" in text:
            found.append(("literal \\n", text.strip()[:80]))
        for match in ELLIPSIS.finditer(text):
            if _quoted_whole(text, match, quotes):
                continue
            around = text[max(0, match.start() - 40):match.end()].strip()
            if around not in quotes:
                found.append(("cut text", around))
    return found


def _quoted_whole(text: str, match, quotes: str) -> bool:
    """Whether the ellipsis sits inside “…” whose whole text is a sentence of data/ (a quote
    that elides, as the source pack does)."""
    start = text.rfind("“", 0, match.start())
    end = text.find("”", match.end())
    if start < 0 or end < 0 or text.rfind("”", 0, match.start()) > start:
        return False
    return text[start + 1:end] in quotes


def html_problems(html: str, *, ids: set, quotes: str, ids_allowed_in_reference: bool = False):
    reader = _read(html)
    found = text_problems(reader.texts, quotes=quotes)
    for table in reader.tables:
        found += table_problems(table, ids=ids,
                                ids_allowed=ids_allowed_in_reference and table.in_reference)
    return found


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def stored_readouts(nb: dict) -> list[str]:
    """The HTML of every explorer readout stored in the notebook's widget state."""
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return [model["state"].get("value", "") for model in state.values()
            if "allstats-readout" in model.get("state", {}).get("_dom_classes", [])]


def notebook_problems(path: Path, *, ids: set, quotes: str) -> list[tuple[str, str]]:
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    reference = Path(path).name == REFERENCE_NOTEBOOK
    found = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            data = output.get("data", {})
            if "text/html" in data:
                found += html_problems(_joined(data["text/html"]), ids=ids, quotes=quotes,
                                       ids_allowed_in_reference=reference)
            elif "text/markdown" in data:
                found += text_problems([_joined(data["text/markdown"])], quotes=quotes)
    for readout in stored_readouts(nb):
        found += html_problems(readout, ids=ids, quotes=quotes)
    return found


def internal_ids() -> set:
    """Every row id of data/ a reader should not meet: figures, survival rows, sources, claims."""
    import allstats
    ids = set(allstats.load("figures")["id"]) | set(allstats.load("survival_by_age")["id"])
    ids |= set(allstats.load("sources")["id"])
    ids |= set(allstats.claims()["claim_id"])
    return ids


def data_sentences() -> str:
    """Every quote and location of data/, joined: an ellipsis inside them is the source's own."""
    import allstats
    from allstats.provenance import figure_resources
    parts = []
    for name in figure_resources():
        frame = allstats.load(name)
        parts += [str(v) for column in ("quote", "location") for v in frame[column]]
    return "\n".join(parts)


# --- the tests ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def known():
    return {"ids": internal_ids(), "quotes": data_sentences()}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_output_is_made_for_a_reader(path, known):
    found = notebook_problems(path, **known)
    assert not found, (f"{path.name}: {len(found)} problems for a reader "
                       f"({dict(Counter(kind for kind, _ in found))}):\n"
                       + "\n".join(f"  {kind}: {text}" for kind, text in found))


RAW = """
<div><table border="1" class="dataframe">
  <thead><tr style="text-align: right;"><th></th><th>claim_id</th><th>holds</th>
    <th>count</th><th>percent</th><th>quote</th><th>period_start</th></tr></thead>
  <tbody>
    <tr><th>0</th><td>cr-rate-adults-acs</td><td>True</td><td>6020</td><td>35.0</td>
        <td>The 5-year survival rate is 38% for…</td><td>1975</td></tr>
    <tr><th>1</th><td>b-cell-share</td><td>False</td><td>1000.0</td><td>NaN</td>
        <td>No signs for 5 years:\\na return is unusual</td><td>None</td></tr>
    <tr><th>2</th><td>x</td><td>False</td><td>1,390</td><td>90.0</td><td>whole</td><td>2006</td></tr>
  </tbody>
</table></div>
"""


def test_the_walker_finds_each_kind_of_problem():
    """Each kind the issue lists is caught in a pandas table like the ones the notebooks had."""
    found = html_problems(RAW, ids={"cr-rate-adults-acs", "b-cell-share"}, quotes="")
    kinds = Counter(kind for kind, _ in found)
    assert kinds == {"not made by the helper": 1, "snake_case header": 2, "bare index": 1,
                     "internal id": 2, "True/False": 3, "unformatted number": 2,
                     "needless .0": 3, "NaN/None": 2, "cut text": 1, "literal \\n": 1}, kinds


def test_the_walker_passes_a_reader_table_and_allows_ids_only_in_the_reference():
    from allstats.tables import reader_table
    import pandas as pd
    frame = pd.DataFrame({"id": ["cr-rate-adults-acs"], "year": [2014], "count": [6020.0],
                          "percent": [35.0], "holds": [True], "low": [float("nan")],
                          "quote": ["A whole sentence."]})
    html = reader_table(frame)
    ids = {"cr-rate-adults-acs"}
    assert html_problems(html, ids=ids, quotes="") == [("internal id", "cr-rate-adults-acs")]
    inside = f'<details class="{REFERENCE_CLASS}"><summary>x</summary>{html}</details>'
    assert html_problems(inside, ids=ids, quotes="", ids_allowed_in_reference=True) == []
    assert html_problems(inside, ids=ids, quotes="", ids_allowed_in_reference=False) \
        == [("internal id", "cr-rate-adults-acs")]


def test_one_decimal_is_kept_where_the_column_needs_it():
    table = ('<table class="allstats-table"><thead><tr><th>survival (%)</th></tr></thead>'
             "<tbody><tr><td>90.0%</td></tr><tr><td>42.8%</td></tr></tbody></table>")
    assert html_problems(table, ids=set(), quotes="") == []
    whole = table.replace("42.8%", "43.0%")
    assert [kind for kind, _ in html_problems(whole, ids=set(), quotes="")] == ["needless .0"] * 2


def summary(paths) -> dict[str, Counter]:
    known = {"ids": internal_ids(), "quotes": data_sentences()}
    return {Path(p).name: Counter(kind for kind, _ in notebook_problems(Path(p), **known))
            for p in paths}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    counts = summary(sys.argv[1:] or NOTEBOOKS)
    width = max(len(k) for k in KINDS)
    print(f"{'':{width}}  " + "  ".join(f"{name[:2]:>3}" for name in counts) + "  total")
    for kind in KINDS:
        row = [counts[name][kind] for name in counts]
        print(f"{kind:{width}}  " + "  ".join(f"{n:3d}" for n in row) + f"  {sum(row):5d}")
    print(f"{'all kinds':{width}}  " + "  ".join(f"{sum(c.values()):3d}" for c in counts.values())
          + f"  {sum(sum(c.values()) for c in counts.values()):5d}")
