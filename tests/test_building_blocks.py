"""The shared building blocks: icon arrays, the Explorer box, typed cells of the data package."""

import json

import matplotlib.colors as mcolors
import numpy as np
import pytest

import allstats
from allstats import DataError, charts
from allstats.explorers.worked_example import make_inverse_explorer

from test_data_errors import assert_located, rewrite, set_cell


def test_icon_colours_group_categories_in_order():
    faces = charts.icon_colours({"a": 2, "b": 1}, {"a": "#000000", "b": "#FFFFFF"}, 3)
    assert faces.shape == (3, 4)
    assert np.allclose(faces[:2], mcolors.to_rgba("#000000"))
    assert np.allclose(faces[2], mcolors.to_rgba("#FFFFFF"))


@pytest.mark.parametrize("counts,size,match", [
    ({"a": 2, "b": 2}, 3, "add up to 4"),
    ({"a": 4, "b": -1}, 3, "must not be negative"),
])
def test_icon_colours_refuse_counts_that_do_not_fit(counts, size, match):
    with pytest.raises(ValueError, match=match):
        charts.icon_colours(counts, {"a": "red", "b": "blue"}, size)


def test_icon_array_draws_one_icon_per_person_and_recolours_in_place():
    fig, ax = charts.new_figure(4, 4)
    array = charts.icon_array(ax, {"a": 7, "b": 3}, {"a": "red", "b": "blue"}, columns=5)
    assert (array.rows, array.columns, array.size) == (2, 5, 10)
    assert len(array.collection.get_offsets()) == 10
    array.recolour({"a": 1, "b": 9}, {"a": "red", "b": "blue"})
    faces = array.collection.get_facecolors()
    assert np.allclose(faces[0], mcolors.to_rgba("red")) and np.allclose(faces[1:], mcolors.to_rgba("blue"))
    with pytest.raises(ValueError, match="do not fill a grid"):
        charts.icon_array(ax, {"a": 7}, {"a": "red"}, columns=5)


def test_source_line_sits_under_the_axes():
    fig, ax = charts.new_figure(10, 5)
    ax.set_xlabel("people")
    text = charts.add_source_line(fig, "Source: " + "a long citation " * 20)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert "\n" in text.get_text()                     # wrapped to the figure's width
    assert text.get_window_extent(renderer).y1 < ax.xaxis.label.get_window_extent(renderer).y0
    assert text.get_window_extent(renderer).x1 <= fig.bbox.x1


def test_explorer_box_carries_the_css_classes_browser_tests_look_for():
    explorer = make_inverse_explorer()
    box = explorer.widget
    assert box is explorer.widget                      # built once
    assert {"allstats-explorer", "allstats-explorer-inverse"} <= set(box._dom_classes)
    assert "allstats-readout" in explorer.readout._dom_classes
    assert "allstats-chart" in explorer.image._dom_classes
    for name, control in explorer.controls.items():
        assert f"allstats-control-{name}" in control._dom_classes
    assert explorer.png().startswith(b"\x89PNG")


def _add_field(data_copy, resource, field, cells):
    pkg = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in pkg["resources"] if r["name"] == resource)
    res["schema"]["fields"].insert(0, field)
    (data_copy / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    rewrite(data_copy / f"{resource}.csv",
            lambda rows: [r.insert(0, c) for r, c in zip(rows, [field["name"]] + cells)])


def test_boolean_and_date_fields_are_typed(data_copy):
    n = len(allstats.load("prevalence"))
    _add_field(data_copy, "prevalence", {"name": "checked", "type": "boolean"},
               ["true", "false"] * (n // 2) + ["true"] * (n % 2))
    _add_field(data_copy, "prevalence", {"name": "read_on", "type": "date"}, ["2026-11-01"] * n)
    frame = allstats.load("prevalence", data_dir=data_copy)
    assert str(frame["checked"].dtype) == "boolean" and frame["checked"].iloc[0]
    assert str(frame["read_on"].dtype).startswith("datetime64")


@pytest.mark.parametrize("column,bad,match", [
    ("checked", "yes", "expected true or false"),
    ("read_on", "01/11/2026", "expected YYYY-MM-DD"),
    ("read_on", "2026-02-30", "expected YYYY-MM-DD"),
])
def test_bad_booleans_and_dates(data_copy, column, bad, match):
    n = len(allstats.load("prevalence"))
    _add_field(data_copy, "prevalence", {"name": "checked", "type": "boolean"}, ["true"] * n)
    _add_field(data_copy, "prevalence", {"name": "read_on", "type": "date"}, ["2026-11-01"] * n)
    set_cell(data_copy / "prevalence.csv", 3, column, bad)
    with pytest.raises(DataError, match=match) as excinfo:
        allstats.load("prevalence", data_dir=data_copy)
    assert_located(excinfo, "prevalence.csv", 3, column)


def test_unsupported_field_type(data_copy):
    n = len(allstats.load("prevalence"))
    _add_field(data_copy, "prevalence", {"name": "where", "type": "geopoint"}, ["1,2"] * n)
    with pytest.raises(DataError, match="'geopoint' is not supported") as excinfo:
        allstats.load("prevalence", data_dir=data_copy)
    assert_located(excinfo, "prevalence.csv", 2, "where")


def test_short_row_blank_line_and_stray_spaces(data_copy):
    path = data_copy / "survival_trend.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:3] + ["all ages,1975"] + lines[3:]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="row has 2 cells") as excinfo:
        allstats.load("survival_trend", data_dir=data_copy)
    assert_located(excinfo, "survival_trend.csv", 4, None)
    path.write_text("\n".join(lines[:3] + [""] + lines[3:]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="blank line"):
        allstats.load("survival_trend", data_dir=data_copy)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    set_cell(path, 5, "series", " all ages")
    with pytest.raises(DataError, match="leading or trailing spaces") as excinfo:
        allstats.load("survival_trend", data_dir=data_copy)
    assert_located(excinfo, "survival_trend.csv", 5, "series")


def test_package_that_is_not_json(data_copy):
    (data_copy / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    with pytest.raises(DataError, match="not valid JSON"):
        allstats.validate(data_copy)


def test_empty_csv(data_copy):
    (data_copy / "prevalence.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError, match="file is empty") as excinfo:
        allstats.load("prevalence", data_dir=data_copy)
    assert_located(excinfo, "prevalence.csv", 1, None)


def test_icon_grids_show_one_grid_at_a_time():
    fig, ax = charts.new_figure(6, 4)
    colours = {"a": "red", "b": "blue"}
    grids = charts.icon_grids(ax, {10: 5, 100: 10}, colours)
    assert [g.size for g in grids.values()] == [10, 100]
    assert len({id(g.collection.axes) for g in grids.values()}) == 2     # each on its own axes
    charts.show_icon_grid(grids, 100, {"a": 40, "b": 60}, colours)
    assert not grids[10].collection.axes.get_visible() and grids[100].collection.axes.get_visible()
    faces = grids[100].collection.get_facecolors()
    assert np.allclose(faces[:40], mcolors.to_rgba("red")) and np.allclose(faces[40:], mcolors.to_rgba("blue"))
    with pytest.raises(ValueError, match="cohort_size must be one of \\[10, 100\\]"):
        charts.show_icon_grid(grids, 1000, {"a": 1000, "b": 0}, colours, what="cohort_size")
