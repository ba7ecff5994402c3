"""The guide's worked example: 1,000 people, 900 expected alive, 810 observed alive."""

import dataclasses
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import allstats
from allstats.text import figure

proportions = st.floats(min_value=0.001, max_value=1.0, allow_nan=False)
cohorts = st.integers(min_value=1, max_value=10**7)


def test_guide_numbers_come_out_of_the_guide_inputs():
    ex = allstats.relative_survival_example()
    assert ex.cohort_size == 1000 and ex.expected_alive == 900 and ex.observed_alive == 810
    # and they equal the guide's own figures, stored in data/figures.csv
    assert ex.expected_alive == figure("worked-example-expected-alive")["value"]
    assert ex.observed_alive == figure("worked-example-observed-alive")["value"]
    assert allstats.guide_example() == ex


def test_result_is_immutable_and_carries_its_inputs():
    ex = allstats.relative_survival_example(100, 0.8, 0.5)
    assert (ex.cohort_size, ex.expected_survival, ex.relative_survival) == (100, 0.8, 0.5)
    assert ex.expected_alive == 80 and ex.observed_alive == 40
    assert ex.expected_deaths == 20 and ex.excess_deaths == 40 and ex.observed_deaths == 60
    with pytest.raises(dataclasses.FrozenInstanceError):
        ex.cohort_size = 5


def test_inverse_question():
    assert allstats.relative_survival_from(810, 900, cohort_size=1000) == pytest.approx(0.9)
    assert allstats.relative_survival_from(0.81, 0.9) == pytest.approx(0.9)
    assert allstats.relative_survival_from(0, 900, cohort_size=1000) == 0


@given(cohort=cohorts, expected=proportions, relative=proportions)
def test_inverse_undoes_the_example(cohort, expected, relative):
    ex = allstats.relative_survival_example(cohort, expected, relative)
    assert 0 <= ex.observed_alive <= ex.expected_alive <= ex.cohort_size
    back = allstats.relative_survival_from(ex.observed_alive, ex.expected_alive, cohort)
    assert back == pytest.approx(relative, rel=1e-12)


@given(cohort=cohorts, expected=proportions, relative=proportions)
def test_rounded_people_add_up_to_the_cohort(cohort, expected, relative):
    r = allstats.relative_survival_example(cohort, expected, relative).rounded()
    assert r["observed_alive"] + r["excess_deaths"] + r["expected_deaths"] == cohort
    assert min(r.values()) >= 0


@pytest.mark.parametrize("kwargs,match", [
    (dict(relative_survival=90), "divide it by 100"),
    (dict(relative_survival=0), "more than 0 and at most 1"),
    (dict(expected_survival=-0.1), "more than 0 and at most 1"),
    (dict(expected_survival=1.2), "at most 1"),
    (dict(expected_survival="0.9"), "proportion"),
    (dict(cohort_size=0), "positive whole number"),
    (dict(cohort_size=10.5), "positive whole number"),
    (dict(cohort_size=-3), "positive whole number"),
    (dict(cohort_size=True), "positive whole number"),
])
def test_invalid_inputs_get_a_sentence(kwargs, match):
    with pytest.raises(ValueError, match=match):
        allstats.relative_survival_example(**kwargs)


@pytest.mark.parametrize("args,match", [
    ((1200, 900, 1000), "more people alive than in the cohort"),
    ((810, 1100, 1000), "more people alive than in the cohort"),
    ((950, 900, 1000), "above 100%"),
    ((10, 0, 1000), "more than 0"),
    ((-1, 900, 1000), "at least 0"),
    ((1.2, 0.9, None), "more people alive than in the whole group"),
])
def test_inverse_refuses_impossible_results(args, match):
    with pytest.raises(ValueError, match=match):
        allstats.relative_survival_from(*args)


# --- hostile input (issue 13) -------------------------------------------------------------------

@pytest.mark.parametrize("args,name", [
    ((1000, 1.5, 0.9), "expected_survival"),           # would give 1,350 alive of 1,000
    ((1000, 0.9, 1.01), "relative_survival"),
    (("x", None, 2), "cohort_size"),
    ((1000, None, 0.9), "expected_survival"),
    ((1000, 0.9, math.nan), "relative_survival"),
    ((1000, 0.9, math.inf), "relative_survival"),
    ((10**400, 0.9, 0.9), "cohort_size"),
    ((2**53 + 1, 0.9, 0.9), "cohort_size"),
    ((1000, 10**400, 0.9), "expected_survival"),
])
def test_the_class_checks_its_own_inputs(args, name):
    with pytest.raises(ValueError, match=f"^{name} "):
        allstats.RelativeSurvivalExample(*args)


def test_the_class_normalises_a_whole_float_cohort():
    ex = allstats.RelativeSurvivalExample(1000.0, 0.9, 0.9)
    assert ex.cohort_size == 1000 and isinstance(ex.cohort_size, int)
    assert ex == allstats.relative_survival_example()


@pytest.mark.parametrize("args,name", [
    ((10**400, 0.9), "observed_alive"),
    ((-10**400, 0.9), "observed_alive"),              # not read as +infinity
    ((-10**400, -10**401), "observed_alive"),
    ((0.5, 10**400), "expected_alive"),
    ((math.nan, 0.9), "observed_alive"),
    ((0.5, math.inf), "expected_alive"),
    ((1, 2, 10**400), "cohort_size"),
])
def test_inverse_names_the_parameter_however_large(args, name):
    with pytest.raises(ValueError, match=f"^{name} "):
        allstats.relative_survival_from(*args)


def test_huge_cohorts_are_refused_not_overflowed():
    with pytest.raises(ValueError, match="^cohort_size .* at most 9,007,199,254,740,992"):
        allstats.relative_survival_example(10**400)
    assert allstats.relative_survival_example(2**53, 0.5, 0.5).observed_alive == 2**51


@pytest.mark.parametrize("row_id,column,bad,match", [
    ("worked-example-cohort", "value", "1000.5", "positive whole number"),
    ("worked-example-cohort", "unit", "count", "reads it in 'people'"),
    ("worked-example-expected-alive", "value", "1200", "at most 1"),
    ("worked-example-relative-survival", "value", "0", "more than 0"),
])
def test_guide_example_locates_a_figure_it_cannot_use(data_copy, row_id, column, bad, match):
    from test_data_errors import assert_located, set_cell
    path = data_copy / "figures.csv"
    line = 1 + next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines())
                    if text.startswith(row_id + ","))
    set_cell(path, line, column, bad)
    with pytest.raises(allstats.DataError, match=match) as excinfo:
        allstats.guide_example(data_copy)
    assert_located(excinfo, "figures.csv", line, column)
