"""Every chart, static or in an explorer: text contrast and the look of secondary sources.

- Contrast (WCAG 2.1, 1.4.3): every text drawn has at least 4.5:1 contrast with the pixels
  behind its glyphs (3:1 for large text), measured on the drawn picture
  (:func:`chart_checks.text_contrast_problems`). Explorers are checked after every choice of
  every control (:func:`chart_cases.explorer_states`).
- Secondary sources: every patch drawn from a figure read only in a secondary source is marked
  (``gid="secondary"``), purple and hatched with ``SECONDARY_HATCH``; their number equals what the
  data say; and no other patch carries that hatch, so that it means one thing everywhere.
"""

from __future__ import annotations

import matplotlib.colors as mcolors
import matplotlib.patches
import numpy as np
import pytest

from allstats import catalogue, charts, currency, provenance, series, subtypes, survival
from allstats.explorers import by_name
from allstats.statements import share_allowed

from chart_cases import CASES, DRAWN_BY_OTHERS, EXPLORER_CHARTS, chart_functions, explorer_states
from chart_checks import secondary_patches, text_contrast_problems


def test_every_chart_function_has_a_case():
    covered = ({function for function, _ in CASES.values()} | set(EXPLORER_CHARTS)
               | set(DRAWN_BY_OTHERS))
    assert chart_functions() - covered == set(), "add the new chart to tests/chart_cases.py"
    assert set(EXPLORER_CHARTS) <= chart_functions()
    for names in EXPLORER_CHARTS.values():
        assert set(names) <= set(by_name())
    for cases in DRAWN_BY_OTHERS.values():
        assert set(cases) <= set(CASES)


def test_the_text_shades_are_dark_enough_and_keep_their_hue():
    import colorsys
    for name, shade in charts.TEXT.items():
        assert charts.contrast_ratio(shade, "white") >= 5.5, name
        if name not in ("black", "grey"):
            hue = colorsys.rgb_to_hls(*mcolors.to_rgb(shade))[0]
            fill_hue = colorsys.rgb_to_hls(*mcolors.to_rgb(charts.PALETTE[name]))[0]
            assert hue == pytest.approx(fill_hue, abs=0.02), name
    # and stay 4.5:1 over the light grid lines they may cross
    assert all(charts.contrast_ratio(shade, charts.GRID) >= 4.5 for shade in charts.TEXT.values())


def test_the_checker_sees_low_contrast_text():
    """Not blind: grey on white, white on sky blue and text hidden in its own colour fail;
    black on white passes."""
    fig, ax = charts.new_figure(6, 3)
    ax.axis("off")
    ax.text(0.1, 0.8, "fails: 2.8 to 1", color="#999999", fontsize=14)
    ax.text(0.1, 0.5, "passes", color="black", fontsize=14)
    ax.text(0.1, 0.2, "white on sky", color="white", fontsize=14,
            bbox=dict(facecolor=charts.PALETTE["sky"], edgecolor="none"))
    ax.text(0.6, 0.5, "invisible", color="white", fontsize=14)
    checked, problems = text_contrast_problems(fig)
    assert checked == 4
    assert sorted(p.text for p in problems) == ["fails: 2.8 to 1", "invisible", "white on sky"]
    ratios = {p.text: p.ratio for p in problems}
    assert ratios["fails: 2.8 to 1"] == pytest.approx(charts.contrast_ratio("#999999", "white"),
                                                      abs=0.01)
    assert ratios["invisible"] == pytest.approx(1.0)


@pytest.mark.parametrize("name", list(CASES))
def test_static_chart_text_contrast(name):
    chart = CASES[name][1]()
    checked, problems = text_contrast_problems(chart.figure)
    assert checked >= 5, "the chart should draw its title, labels and source line"
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("name", sorted(by_name()))
def test_explorer_chart_text_contrast_in_every_state(name):
    explorer = by_name()[name]()
    failures = []
    for state in explorer_states(explorer):
        checked, problems = text_contrast_problems(explorer.figure)
        assert checked >= 3
        failures += [f"{state}: {p}" for p in problems]
    assert failures == [], "\n".join(failures)


# --- secondary sources ------------------------------------------------------------------------

def _qualified_secondary(ids):
    """Patches a chart of statements draws for secondary rows: a bar for a range or an "up to",
    a band for the rounding of "about" (an arrow for "more than" is a line, not a patch)."""
    rows = subtypes.statement_rows(ids)
    n = 0
    for _, row in rows[rows["verification"] == "secondary"].iterrows():
        interval = share_allowed(row)
        n += interval.kind in ("range", "upper bound") or \
            (interval.kind == "point" and interval.high > interval.low)
    return n


def _expected_secondary(name: str) -> int:
    if name == "share_of_cancers":
        return int(series.share_of_all_cancers()["secondary"].sum())
    if name == "deaths_vs_cases":
        return int(series.deaths_per_100_new_cases()["secondary"].sum())
    if name == "editions":
        return 2 * int((survival.edition_comparison()["verification"] == "secondary").sum())
    if name == "age_groups":
        return sum(int(rows["age_low"].notna().sum())
                   for rows in survival.age_group_rows().values()
                   if (rows["verification"] == "secondary").any())
    if name == "bt_split":
        split = subtypes.bt_split()
        secondary = split[split["verification"] == "secondary"]
        return int((secondary[["b", "t"]] > 0).sum().sum())
    if name == "genetics":
        return _qualified_secondary(catalogue.GENETICS)
    if name == "remission":
        return _qualified_secondary(catalogue.REMISSION)
    if name == "age_mix":          # the standardised bars rest on the secondary ICSS weights
        return 2 * int((currency.standard_rows()["verification"] == "secondary").any())
    if name == "by_publisher":
        return int((provenance.figures_by_publisher()["secondary"] > 0).sum())
    if name.startswith("disagreement-"):
        d = provenance.disagreements()[name.removeprefix("disagreement-")]
        return sum(s.secondary for s in d.statements)
    return 0


def check_secondary_look(fig) -> int:
    """Marked patches are purple and hatched; no unmarked patch has the secondary hatch.
    Returns the number of marked patches that are drawn (visible, with an area)."""
    marked = [p for p in secondary_patches(fig) if p.get_visible()]
    for patch in marked:
        assert patch.get_hatch() == charts.SECONDARY_HATCH
        assert mcolors.to_hex(patch.get_facecolor()) == mcolors.to_hex(charts.ROLE["secondary"])
    import matplotlib.legend
    keys = {id(h) for legend in fig.findobj(matplotlib.legend.Legend)
            for h in legend.legend_handles}
    others = [p for p in fig.findobj(matplotlib.patches.Patch)
              if p.get_gid() != "secondary" and p.get_hatch() == charts.SECONDARY_HATCH
              and id(p) not in keys]
    assert others == [], "the secondary hatch on a patch that is not from a secondary source"
    return len(marked)


@pytest.mark.parametrize("name", list(CASES))
def test_static_chart_secondary_sources_look_the_same(name):
    chart = CASES[name][1]()
    assert check_secondary_look(chart.figure) == _expected_secondary(name)


def test_year_explorers_mark_the_secondary_years():
    for name, measure in (("new-cases", "new_cases"), ("deaths", "deaths")):
        explorer = by_name()[name]()
        slider = explorer.controls["year"]
        secondary = set(series.secondary_years(measure))
        assert secondary, "the data have secondary years to show"
        for year in range(slider.min, slider.max + 1):
            slider.value = year
            marked = check_secondary_look(explorer.figure)
            assert marked == (3 if year in secondary else 0), (name, year)


def test_disagreement_and_survival_explorers_mark_secondary_sources():
    explorer = by_name()["disagreement"]()
    for key, d in provenance.disagreements().items():
        explorer.controls["disagreement"].value = key
        assert check_secondary_look(explorer.figure) == sum(s.secondary for s in d.statements)
    explorer = by_name()["survival-by-age"]()
    comparison = survival.edition_comparison()
    assert check_secondary_look(explorer.figure) == \
        2 * int((comparison["verification"] == "secondary").sum())


def test_legends_name_the_secondary_look_where_it_is_drawn():
    for name in ("editions", "genetics", "by_publisher", "disagreement-b-t-split"):
        fig = CASES[name][1]().figure
        legends = [a.get_legend() for a in fig.axes if a.get_legend()] + list(fig.legends)
        handles = [h for legend in legends for h in legend.legend_handles]
        assert any(getattr(h, "get_hatch", lambda: None)() == charts.SECONDARY_HATCH and
                   np.allclose(h.get_facecolor(), mcolors.to_rgba(charts.ROLE["secondary"]))
                   for h in handles), name
