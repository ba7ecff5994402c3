"""The data package: loads typed, validates with allstats and with frictionless, cites its sources."""

import json
import re
import unicodedata

import pandas as pd
import pytest

import allstats
from allstats.data import PROVENANCE

from conftest import DATA

RESOURCES = allstats.resource_names()


def test_package_validates_with_allstats():
    counts = allstats.validate()
    assert set(counts) == set(RESOURCES)
    assert all(n > 0 for n in counts.values()), counts


def test_package_validates_with_frictionless():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATA / "datapackage.json"))
    errors = [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]
    assert report.valid, "\n".join(errors[:20]) or report.errors


@pytest.mark.parametrize("name", RESOURCES)
def test_each_resource_loads_with_its_schema_types(name):
    frame = allstats.load(name)
    schema = next(r for r in allstats.data.package()["resources"] if r["name"] == name)["schema"]
    assert list(frame.columns) == [f["name"] for f in schema["fields"]]
    for f in schema["fields"]:
        column = frame[f["name"]]
        expected = {"integer": "Int64", "number": "float64", "string": "string",
                    "boolean": "boolean"}.get(f["type"])
        if expected:
            assert str(column.dtype) == expected, (name, f["name"], column.dtype)


def test_every_figure_resource_carries_provenance():
    for name in RESOURCES:
        if name == "sources":
            continue
        frame = allstats.load(name)
        assert list(frame.columns[-len(PROVENANCE):]) == list(PROVENANCE), name
        assert frame["quote"].str.len().min() > 10, name
        assert set(frame["verification"]) <= {"verified", "secondary"}


def test_every_source_id_resolves_and_every_source_is_used():
    sources = set(allstats.load("sources")["id"])
    used = set()
    for name in RESOURCES:
        if name != "sources":
            ids = set(allstats.load(name)["source_id"])
            assert ids <= sources, (name, ids - sources)
            used |= ids
    assert used == sources, f"sources listed but never cited: {sorted(sources - used)}"


def test_load_reads_another_copy_through_data_dir(data_copy):
    path = data_copy / "acs_estimates.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0]] + [l for l in lines[1:] if l.startswith("2023,")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame = allstats.load("acs_estimates", data_dir=data_copy)
    assert set(frame["year"]) == {2023}
    assert len(allstats.load("acs_estimates")) > len(frame)


def test_seed_figures_as_stated():
    """Spot checks of the seed guide's Statistics page, against the rows that hold them."""
    est = allstats.load("acs_estimates").set_index(["year", "measure", "sex"])["count"]
    stated = {("new_cases", "all"): 6540, ("new_cases", "male"): 3660,
              ("new_cases", "female"): 2880, ("deaths", "all"): 1390, ("deaths", "male"): 700,
              ("deaths", "female"): 690}
    for (measure, sex), count in stated.items():
        assert est[(2023, measure, sex)] == count
    surv = allstats.load("survival_by_age")
    latest = surv[surv.source_id == "cancernet-adult-all-2023"].set_index("age_low")["percent"]
    assert latest[20] == 43 and latest[0] == 90


def test_acs_series_covers_every_year_2014_to_2025():
    est = allstats.load("acs_estimates")
    for measure in ("new_cases", "deaths"):
        years = set(est[(est.measure == measure) & (est.sex == "all")]["year"])
        assert set(range(2014, 2026)) <= years, measure


REJECTED_OR_NOT_FOUND = {
    # value, resource, column: figures the source pack marks REJECTED (never to enter data/)
    (126118, "prevalence", "count"),
    (73.2, "survival_by_age", "percent"),
    (59610, "all_cancer_totals", "count"),
}


def test_no_rejected_figure_entered_the_package():
    for value, name, column in REJECTED_OR_NOT_FOUND:
        assert value not in set(allstats.load(name)[column].dropna()), (name, value)
    est = allstats.load("acs_estimates")
    assert 2026 not in set(est["year"]), "ACS 2026 ALL estimates are NOT FOUND in the pack"


def _normalise(text):
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


def test_quotes_are_the_sources_own_words(shared):
    """Seed quotes appear verbatim in the seeds; the others in the source pack."""
    seeds = {"cancernet-adult-all-2023": "000_bfabd6b1d13cd881.txt",
             "cancernet-adult-all-2017": "000_bfabd6b1d13cd881.txt",
             "acs-living-as-all-survivor-2025": "003_617ae2642772edae.txt"}
    seed_text = {k: _normalise((shared / "seeds" / v).read_text(encoding="utf-8"))
                 for k, v in seeds.items()}
    pack = _normalise((shared / "sources" / "all-statistics.md").read_text(encoding="utf-8"))
    missing = []
    for name in RESOURCES:
        if name in ("sources", "us_life_tables_2019"):
            continue
        for row in allstats.load(name).itertuples():
            quote = _normalise(row.quote)
            haystack = seed_text.get(row.source_id, pack)
            # the pack elides with "..." and "•"; every fragment must be there verbatim
            fragments = [f.strip(" .•") for f in re.split(r"\.\.\.|…|•", quote)]
            if not all(f in haystack for f in fragments if len(f) > 3):
                missing.append(f"{name} {row.source_id}: {row.quote[:80]}")
    assert not missing, "quotes not found verbatim:\n" + "\n".join(missing)


def _quoted_words(shared):
    """What the seeds say, and what the source pack puts in quotation marks: the sources'
    own words (the pack's other words are its summaries)."""
    seeds = " | ".join(_normalise(p.read_text(encoding="utf-8"))
                       for p in sorted((shared / "seeds").glob("*.txt")))
    pack = _normalise((shared / "sources" / "all-statistics.md").read_text(encoding="utf-8"))
    return seeds + " | " + " | ".join(re.findall(r'"([^"]*)"', pack))


def test_a_quote_is_the_sources_words_or_says_it_is_the_packs_summary(shared):
    """The rule for what enters data/: every figure the pack marks VERIFIED is stored. Its
    quote is ``verbatim`` only when the seeds, or the pack in quotation marks, give those words;
    otherwise it is the pack's ``summary`` and its source's notes ask for a re-check."""
    said = _quoted_words(shared)
    notes = allstats.load("sources").set_index("id")["notes"].fillna("")
    wrong = []
    for name in RESOURCES:
        if name in ("sources", "us_life_tables_2019"):
            continue
        for row in allstats.load(name).itertuples():
            fragments = [f.strip(" .•") for f in re.split(r"\.\.\.|…|•", _normalise(row.quote))]
            fragments = [f for f in fragments if len(f) > 3]
            words = bool(fragments) and all(f in said for f in fragments)
            if row.quote_kind == "verbatim" and not words:
                wrong.append(f"{name} {row.source_id}: {row.quote!r} is not the source's words "
                             "in the seeds or the pack: mark it summary")
            if row.quote_kind == "summary":
                if words:
                    wrong.append(f"{name} {row.source_id}: {row.quote!r} is quoted by the pack: "
                                 "mark it verbatim")
                if "re-check" not in notes[row.source_id].lower():
                    wrong.append(f"{name} {row.source_id}: a summary whose source's notes do "
                                 "not ask for a re-check")
    assert not wrong, "\n".join(wrong)


def test_the_packs_verified_childhood_figures_are_stored():
    """Section 4 of the pack: the Cancer.Net childhood page (2016: 89%; 07/2015: "more than
    85%") and the ACS childhood page ("more than 85%"; later "about 90%", secondary). The
    2016 figure comes without the page's words, so its quote is the pack's summary."""
    rows = allstats.load("survival_by_age")
    children = rows[rows["group"] == "children"]
    stated = {(r.source_id, r.edition_year if pd.notna(r.edition_year) else None, r.percent,
               r.qualifier, r.verification, r.quote_kind) for r in children.itertuples()}
    assert stated == {
        ("cancernet-childhood-all-statistics-2016", 2016, 89, "exact", "verified", "summary"),
        ("cancernet-childhood-all-statistics-2015", 2015, 85, "more than", "verified",
         "verbatim"),
        ("acs-childhood-leukemia-survival", None, 85, "more than", "verified", "verbatim"),
        ("acs-childhood-leukemia-survival-later", None, 90, "about", "secondary", "verbatim"),
    }


# Seed sentences with digits that state no figure about ALL or its statistics, and why.
NOT_A_FIGURE = [
    r"^Approved by the Cancer\.Net Editorial Board",   # page approval dates (in sources.csv)
    r"no 2 people with cancer are the same",           # a figure of speech
    r"Statistics adapted from the American Cancer",   # the edition it adapts (in sources.csv)
    r"All sources accessed",                           # access date
    r"^Copyright 200\d",                               # illustration copyright
    r"T-cell leukemia virus-1",                        # a virus's name
    r"These 2 procedures are similar",                 # two named procedures, not a statistic
    r"chromosome 9 breaks off|chromosomes 12 and 21|2 specific genes called BCR|2 genes, BCR",
    r"TEL and AML1|IKZF1 gene",                        # gene names
    r"3-dimensional picture",                          # how a CT scan works
    r"44-page booklet",                                # a booklet's length
    r"24/7|7:00 am|1-800-227-2345",                    # helpline furniture
    r"^Chapter 95|^6th ed|^Elsevier|^2025\.$|^V\.3\.2024|^Accessed at|^Last Revised",  # citations
]
NUMBER_WORDS = r"\d|\bhalf\b"


def test_every_seed_figure_is_a_row(shared):
    quotes = []
    for name in RESOURCES:
        if name != "sources":
            quotes += [_normalise(q) for q in allstats.load(name)["quote"]]
    quotes = " | ".join(quotes)
    unstored = []
    for seed in sorted((shared / "seeds").glob("*.txt")):
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", seed.read_text(encoding="utf-8")):
            sentence = _normalise(sentence.lstrip("• "))
            if not re.search(NUMBER_WORDS, sentence):
                continue
            if any(re.search(p, sentence) for p in NOT_A_FIGURE):
                continue
            core = re.sub(r"^\(Learn more about childhood ALL statistics\.\) ", "", sentence)
            if core not in quotes:
                unstored.append(f"{seed.name}: {sentence}")
    assert not unstored, "seed sentences with figures but no row in data/:\n" + "\n".join(unstored)


def test_datapackage_lists_units_and_sources():
    pkg = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg.get("licenses") and pkg.get("sources")
    for res in pkg["resources"]:
        assert res.get("sources"), res["name"]
        for f in res["schema"]["fields"]:
            assert f.get("description"), (res["name"], f["name"])


def test_life_tables_are_complete_and_consistent():
    life = allstats.load("us_life_tables_2019")
    for sex, group in life.groupby("sex"):
        assert list(group["age"]) == list(range(0, 101)), sex
        lx, qx = group["lx"].to_numpy(float), group["qx"].to_numpy(float)
        # l(x+1) = l(x) (1 - q(x)) to the rounding of the published table
        assert (abs(lx[1:] - lx[:-1] * (1 - qx[:-1])) <= 1.0).all(), sex
    e0 = life[life.age == 0].set_index("sex")["ex"]
    assert e0["male"] == 76.3 and e0["female"] == 81.4
    assert isinstance(life, pd.DataFrame)
