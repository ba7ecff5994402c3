"""allstats.statements: one reading of a source's statement, rule by rule.

The cases of the three copies this module replaced (series.statement_interval,
provenance.stated_interval, charts.subtypes.qualified_interval) are kept here, against the one
rule; "about" now widens everywhere (the subtypes copy read it as a single point).
"""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import allstats
from allstats import statements
from allstats.arithmetic import about_tolerance, satisfies
from allstats.statements import Interval, allowed, as_people, as_percent, describe, share_allowed


# --- what each qualifier allows -----------------------------------------------------------------

@pytest.mark.parametrize("qualifier, value, expected", [
    ("exact", 52.7, (52.7, 52.7)),
    ("about", 80, (75.0, 85.0)),
    ("about", 85, (82.5, 87.5)),
    ("about", 4, (3.5, 4.5)),
    ("about", 0.5, (0.45, 0.55)),
    ("less than", 0.5, (0.0, 0.5)),
    ("up to", 10, (0.0, 10.0)),
    ("more than", 95, (95.0, 100.0)),
    ("at least", 2, (2.0, 100.0)),
])
def test_each_qualifier_allows_its_interval(qualifier, value, expected):
    interval = allowed(qualifier, value)
    assert (interval.low, interval.high) == pytest.approx(expected)
    assert interval.value == value and interval.qualifier == qualifier


@pytest.mark.parametrize("qualifier, kind", [
    ("exact", "point"), ("about", "point"), ("range", "range"), ("more than", "lower bound"),
    ("at least", "lower bound"), ("less than", "upper bound"), ("up to", "upper bound")])
def test_each_qualifier_has_its_kind(qualifier, kind):
    interval = allowed(qualifier, 10, low=5, high=15)
    assert interval.kind == kind == statements.KINDS[qualifier]
    assert set(statements.KINDS) == set(statements.QUALIFIERS)


def test_a_range_is_its_bounds_and_has_no_single_value():
    assert allowed("range", low=20, high=30) == Interval(20.0, 30.0, "range", "range", None)
    with pytest.raises(ValueError, match="needs both low and high"):
        allowed("range", low=20)
    with pytest.raises(ValueError, match="cannot run from 30 down to 20"):
        allowed("range", low=30, high=20)


def test_floor_and_ceiling_close_the_bounds():
    assert (allowed("less than", 50, floor=10).low, allowed("less than", 50, floor=10).high) \
        == (10.0, 50.0)
    assert allowed("more than", 4, ceiling=10).high == 10.0
    assert allowed("more than", 4, ceiling=math.inf).high == math.inf


def test_unknown_qualifiers_and_missing_values_are_refused():
    with pytest.raises(ValueError, match="unknown qualifier 'nearly'"):
        allowed("nearly", 3)
    with pytest.raises(ValueError, match="'about' needs a value"):
        allowed("about", float("nan"))


@given(st.floats(min_value=0.01, max_value=1000, allow_nan=False),
       st.sampled_from(["exact", "about", "more than", "at least", "less than", "up to"]))
def test_the_value_as_written_is_always_allowed(value, qualifier):
    interval = allowed(qualifier, value, ceiling=2000)
    assert interval.low <= value <= interval.high
    if qualifier == "about":
        assert interval.high - value == pytest.approx(about_tolerance(value))


@given(st.floats(min_value=0, max_value=100, allow_nan=False),
       st.sampled_from(["exact", "about", "at least", "up to"]), st.integers(1, 99))
def test_inclusive_qualifiers_agree_with_satisfies(computed, qualifier, value):
    """'satisfies' (arithmetic) and the interval (statements) read the same words alike; they
    differ only at a strict bound, which the interval includes."""
    interval = allowed(qualifier, value)
    inside = interval.low <= computed <= interval.high
    if qualifier == "about" and abs(abs(computed - value) - about_tolerance(value)) < 1e-9:
        return                     # at the edge of the rounding, within floating error
    assert satisfies(computed, qualifier, value) == inside


# --- shares: percent and "N out of M" ------------------------------------------------------------

def test_out_of_and_percent_per_unit():
    assert statements.out_of("out of 1,000") == 1000.0
    assert statements.out_of("percent") == 100.0 and statements.out_of("people") is None
    assert statements.percent_per_unit("out of 1,000") == pytest.approx(0.1)
    assert statements.percent_per_unit("out of 5") == 20.0
    with pytest.raises(ValueError, match="not a share"):
        statements.percent_per_unit("people")


def test_as_percent_reads_n_out_of_m():
    assert as_percent({"unit": "out of 10", "value": 4}) == 40.0
    assert as_percent({"unit": "out of 5", "value": 4}) == 80.0
    assert as_percent({"unit": "percent", "value": 52.7}) == 52.7
    with pytest.raises(ValueError, match="not a share"):
        as_percent({"unit": "people", "value": 4, "id": "x"})


def test_a_share_is_read_in_its_own_unit_then_converted():
    # "about 4 out of 10" rounds in tens of people: 3.5 to 4.5 out of 10, 35% to 45%
    guide = share_allowed({"qualifier": "about", "value": 4, "unit": "out of 10"})
    assert (guide.low, guide.high, guide.value) == pytest.approx((35, 45, 40))
    # a bound on an "out of 5" share reaches the whole: 5 out of 5 is 100%
    more = share_allowed({"qualifier": "more than", "value": 4, "unit": "out of 5"})
    assert (more.low, more.high) == (80.0, 100.0)
    with pytest.raises(ValueError, match="not a share"):
        share_allowed({"qualifier": "exact", "value": 4, "unit": "people"})


def test_the_guides_rows_read_as_their_words_say():
    figures = allstats.load("figures").set_index("id")
    adults = share_allowed(figures.loc["adults-share-of-cases-2023"])        # about 4 out of 10
    assert (adults.low, adults.high) == pytest.approx((35, 45))
    deaths = share_allowed(figures.loc["adults-share-of-deaths-2023"])       # about 80%
    assert (deaths.low, deaths.high) == pytest.approx((75, 85))
    share = share_allowed(figures.loc["all-share-of-cancers-2023"])          # less than 0.5%
    assert (share.low, share.high, share.kind) == (0.0, 0.5, "upper bound")
    ph = share_allowed(figures.loc["philadelphia-share-adults"])             # 20% to 30%
    assert (ph.low, ph.high, ph.kind) == (20.0, 30.0, "range")
    nccn = share_allowed(figures.loc["b-cell-share-adults-nccn"])            # about 75 out of 100
    assert (nccn.low, nccn.high, nccn.value) == pytest.approx((72.5, 77.5, 75))


# --- saying it back ------------------------------------------------------------------------------

@pytest.mark.parametrize("row, words", [
    ({"qualifier": "about", "value": 85, "unit": "percent"}, "about 85%"),
    ({"qualifier": "range", "low": 20, "high": 30, "unit": "percent"}, "20% to 30%"),
    ({"qualifier": "more than", "value": 95, "unit": "percent"}, "more than 95%"),
    ({"qualifier": "at least", "value": 2, "unit": "years"}, "at least 2 years"),
    ({"qualifier": "exact", "value": 1, "unit": "years"}, "1 year"),
    ({"qualifier": "about", "value": 4, "unit": "out of 10"}, "about 4 out of 10"),
    ({"qualifier": "exact", "value": 6540, "unit": "people"}, "6,540"),
    ({"qualifier": "range", "low": 3, "high": 4, "unit": "weeks"}, "3 to 4 weeks"),
    ({"qualifier": "range", "low": 1, "high": 4, "unit": "age in years"}, "ages 1 to 4"),
])
def test_describe_says_the_statement_in_the_sources_terms(row, words):
    assert describe(row) == words


def test_describe_reads_the_value_column_of_each_resource():
    survival = allstats.load("survival_by_age").iloc[0]
    assert describe(survival).endswith("%")
    with pytest.raises(ValueError, match="without a unit"):
        describe({"qualifier": "exact", "value": 3, "unit": None})


@pytest.mark.parametrize("row, size, words", [
    ({"qualifier": "range", "low": 20, "high": 30, "unit": "percent"}, 100, "20 to 30 out of 100"),
    ({"qualifier": "about", "value": 85, "unit": "percent"}, 100, "about 85 out of 100"),
    ({"qualifier": "more than", "value": 95, "unit": "percent"}, 100, "more than 95 out of 100"),
    ({"qualifier": "up to", "value": 50, "unit": "percent"}, 100, "up to 50 out of 100"),
    ({"qualifier": "exact", "value": 25, "unit": "percent"}, 100, "25 out of 100"),
    ({"qualifier": "exact", "value": 52.7, "unit": "percent"}, 100, "about 53 out of 100"),
    ({"qualifier": "about", "value": 75, "unit": "out of 100"}, 1000, "about 750 out of 1,000"),
])
def test_as_people_keeps_the_qualifier(row, size, words):
    assert as_people(row, size) == words


def test_a_little_less_than_is_just_below_not_anything_below():
    half = allowed("a little less than", 50)
    assert (half.low, half.high, half.kind) == (45.0, 50.0, "just below")
    assert not satisfies(40, "a little less than", 50)       # the guide's 40% does not meet it
    assert satisfies(47.3, "a little less than", 50) and not satisfies(50, "a little less than", 50)
    figures = allstats.load("figures").set_index("id")
    acs = figures.loc["adults-share-of-cases-acs-2025"]
    assert acs["qualifier"] == "a little less than"
    assert describe(acs) == "a little less than 50%"
    assert "a little less than half" in acs["quote"]
