"""Explorers, without a browser: sweep every control over its range by setting .value, and check
that the figure's artists and the numbers shown equal the library's values after each change."""

import pytest

import allstats
from allstats import charts
from allstats.explorers.worked_example import WORKED_EXAMPLE_SIZES, WORKED_EXAMPLE_START_SIZE, make_worked_example_explorer

from conftest import assert_change_redraws_like_a_full_draw, count_colours


def slider_values(slider):
    """Every position of a slider, from min to max by its step."""
    n = int(round((slider.max - slider.min) / slider.step))
    return [round(slider.min + i * slider.step, 10) for i in range(n + 1)]


def check_worked_example(explorer, start_size=WORKED_EXAMPLE_START_SIZE):
    c = explorer.controls
    get = lambda name, default: c[name].value if name in c else default  # noqa: E731
    guide = allstats.guide_example()
    base = allstats.relative_survival_example(start_size, guide.expected_survival,
                                              guide.relative_survival)
    ex = allstats.relative_survival_example(get("cohort_size", base.cohort_size),
                                            get("expected_survival", base.expected_survival),
                                            get("relative_survival", base.relative_survival))
    expected = ex.rounded()
    arrays = explorer.artists["arrays"]
    visible = [size for size, a in arrays.items() if a.collection.axes.get_visible()]
    assert visible == [ex.cohort_size]
    shown = count_colours(arrays[ex.cohort_size].collection, charts.worked_example.WORKED_EXAMPLE_COLOURS)
    assert shown == {"alive": expected["observed_alive"], "excess_death": expected["excess_deaths"],
                     "expected_death": expected["expected_deaths"]}
    title = explorer.artists["title"].get_text()
    assert f"{expected['observed_alive']:,} of {ex.cohort_size:,}" in title
    legend = [t.get_text() for t in explorer.artists["legend"].get_texts()]
    assert legend[0].startswith(f"{expected['observed_alive']:,} alive")
    assert legend[1].startswith(f"{expected['excess_deaths']:,} extra deaths")
    assert legend[2].startswith(f"{expected['expected_deaths']:,} deaths expected")
    html = explorer.readout.value
    assert f"<b>{expected['expected_alive']:,}</b>" in html
    assert f"<b>{expected['observed_alive']:,}</b>" in html
    assert explorer.values["observed_alive"] == expected["observed_alive"]
    assert bytes(explorer.image.value).startswith(b"\x89PNG")


def test_starts_at_the_guides_numbers():
    """The guide's proportions, on 100 people (large icons) or on the guide's own 1,000."""
    figures = allstats.load("figures").set_index("id")["value"]
    cohort = figures["worked-example-cohort"]
    for size in (WORKED_EXAMPLE_START_SIZE, cohort):
        explorer = make_worked_example_explorer(cohort_size=size)
        assert explorer.controls["cohort_size"].value == size
        assert explorer.values["expected_alive"] == figures["worked-example-expected-alive"] * size / cohort
        assert explorer.values["observed_alive"] == figures["worked-example-observed-alive"] * size / cohort
        check_worked_example(explorer, size)


@pytest.mark.parametrize("name", ["relative_survival", "expected_survival"])
def test_sweep_each_slider_over_its_whole_range(name):
    explorer = make_worked_example_explorer()
    slider = explorer.controls[name]
    for value in slider_values(slider):
        slider.value = value
        check_worked_example(explorer)


def test_sweep_cohort_size_with_the_sliders_elsewhere():
    explorer = make_worked_example_explorer()
    explorer.controls["relative_survival"].value = 0.37
    for size in WORKED_EXAMPLE_SIZES:
        explorer.controls["cohort_size"].value = size
        check_worked_example(explorer)
        explorer.controls["expected_survival"].value = 0.55
        check_worked_example(explorer)


def test_one_slider_version_and_bad_controls():
    explorer = make_worked_example_explorer(controls=("relative_survival",))
    assert list(explorer.controls) == ["relative_survival"]
    explorer.controls["relative_survival"].value = 0.5
    expected = allstats.guide_example().expected_survival * WORKED_EXAMPLE_START_SIZE
    assert explorer.values["observed_alive"] == round(expected * 0.5)
    check_worked_example(explorer)
    with pytest.raises(ValueError, match="unknown controls"):
        make_worked_example_explorer(controls=("speed",))


def test_the_page_shows_what_the_canvas_holds():
    """The PNG sent to the page changes with the slider, and matches a full redraw."""
    explorer = make_worked_example_explorer()
    assert_change_redraws_like_a_full_draw(explorer, "relative_survival", 0.3)


def check_inverse(explorer):
    expected = explorer.controls["expected_alive"].value
    observed = explorer.controls["observed_alive"].value
    assert observed <= expected == explorer.controls["observed_alive"].max
    ratio = allstats.relative_survival_from(observed, expected, 1000)
    chart = explorer.artists["chart"]
    assert [bar.get_width() for bar in chart.bars] == [expected, observed]
    assert [label.get_text().strip() for label in chart.labels] == [f"{expected:,}", f"{observed:,}"]
    shown = f"{round(ratio * 100, 1):g}%"
    assert chart.title.get_text() == f"{observed:,} ÷ {expected:,} = {shown} relative survival"
    assert explorer.values["relative_survival"] == pytest.approx(ratio)
    assert f"<b>{shown}</b>" in explorer.readout.value


def test_inverse_explorer_starts_at_the_guide_and_sweeps_both_sliders():
    from allstats.explorers.worked_example import make_inverse_explorer
    explorer = make_inverse_explorer()
    assert explorer.values["relative_survival"] == pytest.approx(
        allstats.load("figures").set_index("id").at["worked-example-relative-survival", "value"]
        / 100)
    check_inverse(explorer)
    observed = explorer.controls["observed_alive"]
    for value in slider_values(observed):
        observed.value = value
        check_inverse(explorer)
    expected = explorer.controls["expected_alive"]
    for value in slider_values(expected):
        expected.value = value          # observed is clamped to the new maximum when needed
        check_inverse(explorer)
