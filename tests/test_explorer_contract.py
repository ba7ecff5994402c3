"""The explorers' written contract (allstats.explorers.base): a registry by name, one house
style for controls, charts that follow ChartArtists, readouts escaped in one place."""

import pytest

import allstats
from allstats import catalogue
from allstats.explorers import base, by_name
from allstats.explorers.base import BREAK, Bold, Html, Italic, render_readout
from allstats.explorers.deaths import deaths_readout
from allstats.explorers.incidence import new_cases_readout


def test_listing_the_explorers_builds_none(monkeypatch):
    def refuse(self):
        raise AssertionError("an explorer was built while listing them")
    monkeypatch.setattr(base.Explorer, "__post_init__", refuse)
    factories = by_name()
    assert len(factories) >= 11
    for name, factory in factories.items():
        assert factory.explorer_name == name
        assert factory.__name__.startswith("make_") and factory.__name__.endswith("_explorer")


def test_a_name_can_be_registered_once():
    taken = next(iter(by_name()))
    with pytest.raises(ValueError, match="names must be unique"):
        base.explorer(taken)(lambda: None)


@pytest.mark.parametrize("name", sorted(by_name()))
def test_every_explorer_follows_the_contract(name):
    explorer = by_name()[name]()
    assert explorer.name == name
    assert explorer.artists["chart"] is explorer.chart
    assert explorer.figure is explorer.chart.figure and callable(explorer.chart.show)
    assert explorer.dynamic and all(hasattr(a, "draw") for a in explorer.dynamic)
    for control in explorer.controls.values():
        assert control.style.description_width == base.CONTROL_STYLE["description_width"]
        assert control.description
    # the readout on the page is the pure function of the values shown, rendered once
    assert explorer.readout.value == render_readout(explorer.readout_text(explorer.values))
    assert f"allstats-explorer-{name}" in explorer.widget._dom_classes


def test_render_readout_escapes_every_text_part_and_marks_up_the_rest():
    assert render_readout(["a < b & c", Bold("<i>"), BREAK, Italic('"q"'), Html("<table/>")]) \
        == 'a &lt; b &amp; c<b>&lt;i&gt;</b><br><i>&quot;q&quot;</i><table/>'
    with pytest.raises(TypeError, match="must be text"):
        render_readout([3])


def test_readouts_that_once_wrote_raw_html_now_escape_their_values():
    hostile = "<script>alert(1)</script>"
    deaths = render_readout(deaths_readout(dict(
        year=2023, male=1, female=2, all=3, new_cases=4, per_100=75.0, secondary=True,
        source=hostile)))
    assert hostile not in deaths and "&lt;script&gt;" in deaths
    cases = render_readout(new_cases_readout(dict(
        year=2023, male=1, female=2, all=3, secondary=False, source="ACS", sex_source=hostile,
        share_percent=0.5, share_holds=True, all_cases=3, all_cancers=600, bound=hostile,
        bound_source="ACS")))
    assert hostile not in cases and cases.count("&lt;script&gt;") == 2


def test_every_row_the_library_reads_by_id_is_in_the_package():
    for resource, ids in catalogue.REQUIRED.items():
        present = set(allstats.load(resource)["id"])
        assert set(ids) <= present, sorted(set(ids) - present)
