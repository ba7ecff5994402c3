"""`make present`'s command line and options (scripts/present.py), without a server or a browser."""

from __future__ import annotations

import os

import pytest

from scripts import present, voila_harness as harness


def test_defaults_keep_the_app_local_code_free_and_on_the_notebooks():
    args = present.arguments(["--port=9999"])
    assert "--Voila.ip=127.0.0.1" in args
    assert "--strip_sources=True" in args
    assert "--Voila.port_retries=0" in args
    assert f"--template={present.TEMPLATE}" in args
    assert "--VoilaConfiguration.allow_template_override=NO" in args
    assert "--VoilaConfiguration.allow_theme_override=NO" in args
    assert args[-1] == str(harness.NOTEBOOKS) and "--port=9999" in args


def test_an_option_given_on_the_command_line_replaces_its_default():
    # traitlets refuses the same option twice, so the default must step aside
    args = present.arguments(["--Voila.ip=0.0.0.0", "--VoilaConfiguration.strip_sources=False",
                              str(harness.NOTEBOOKS)])
    assert [a for a in args if a.startswith("--Voila.ip")] == ["--Voila.ip=0.0.0.0"]
    assert not [a for a in args if a.startswith("--strip_sources")]
    assert args.count(str(harness.NOTEBOOKS)) == 1


def test_a_relative_folder_is_made_absolute(tmp_path, monkeypatch):
    (tmp_path / "lessons").mkdir()
    monkeypatch.chdir(tmp_path)
    args = present.arguments(["lessons"])
    assert str(tmp_path / "lessons") in args and "lessons" not in args


def test_the_landing_page_is_the_start_here_notebook():
    assert present.LANDING == harness.LANDING
    assert (harness.NOTEBOOKS / present.LANDING).is_file()


def test_the_template_lives_where_voila_looks_for_it():
    template = present.JUPYTER_DATA / "voila" / "templates" / present.TEMPLATE
    assert (template / "conf.json").is_file() and (template / "index.html.j2").is_file()
    path = present.jupyter_path_with_template({"JUPYTER_PATH": os.pathsep.join(["/a", "/b"])})
    assert path.split(os.pathsep) == [str(present.JUPYTER_DATA), "/a", "/b"]
    assert present.jupyter_path_with_template({}) == str(present.JUPYTER_DATA)


def test_no_template_links_another_host():
    template = present.JUPYTER_DATA / "voila" / "templates" / present.TEMPLATE
    for path in template.rglob("*"):
        if path.is_file():
            assert "://" not in path.read_text(encoding="utf-8"), path


# --------------------------------------------------------------------------- the class's pools

def test_the_lesson_gets_its_pool_and_every_other_notebook_the_small_one():
    sizes = present.pool_sizes(harness.NOTEBOOKS, "03_relative_survival", 30, 1)
    assert sizes["03_relative_survival.ipynb"] == 30
    assert {n: s for n, s in sizes.items() if n != "03_relative_survival.ipynb"} == \
        {p.name: 1 for p in harness.notebooks() if p.name != "03_relative_survival.ipynb"}


def test_without_a_lesson_every_notebook_gets_the_small_pool():
    assert set(present.pool_sizes(harness.NOTEBOOKS, None, 30, 2).values()) == {2}


@pytest.mark.parametrize("spelling", ["03_relative_survival", "03_relative_survival.ipynb", "03"])
def test_a_lesson_may_be_named_by_its_file_its_stem_or_its_number(spelling):
    assert present.resolve_lesson(harness.NOTEBOOKS, spelling) == "03_relative_survival.ipynb"


@pytest.mark.parametrize("lesson", ["relative_survival_03", "99", "", "0"])
def test_a_lesson_that_names_no_one_notebook_is_refused_with_the_choices(lesson):
    with pytest.raises(present.UsageError) as error:
        present.resolve_lesson(harness.NOTEBOOKS, lesson)
    message = str(error.value)
    assert message.startswith("make present: ")
    assert "LESSON" in message
    if lesson:
        assert "03_relative_survival" in message and "00_start_here" in message


def test_a_negative_pool_is_refused():
    with pytest.raises(present.UsageError, match="a pool holds 0 or more kernels"):
        present.pool_sizes(harness.NOTEBOOKS, "03", -1, 1)
    with pytest.raises(present.UsageError, match="--other-pool=-2"):
        present.pool_sizes(harness.NOTEBOOKS, None, 30, -2)


def test_a_folder_without_notebooks_is_refused(tmp_path):
    with pytest.raises(present.UsageError, match="holds no notebook"):
        present.pool_sizes(tmp_path, None, 30, 1)


def test_pools_that_cannot_fit_in_memory_are_refused_with_the_arithmetic():
    sizes = {"a.ipynb": 200, "b.ipynb": 1}
    with pytest.raises(present.UsageError, match=r"401 kernels .* choose a smaller POOL"):
        present.check_memory(sizes, available_mb=24 * 1024)
    fits = {"a.ipynb": 30, **{f"{i}.ipynb": 1 for i in range(7)}}
    present.check_memory(fits, available_mb=24 * 1024)        # 67 kernels: about 12 GB


def test_the_class_options_are_command_line_options_of_the_app():
    aliases = present.PresentApp.aliases
    for option, trait in [("lesson", "lesson"), ("lesson-pool", "lesson_pool"),
                          ("other-pool", "other_pool"), ("idle-timeout", "idle_timeout"),
                          ("cull-interval", "cull_interval"),
                          ("warm-concurrency", "warm_concurrency")]:
        assert aliases[option] == f"PresentApp.{trait}"
        assert present.PresentApp.class_traits()[trait].metadata.get("config")
