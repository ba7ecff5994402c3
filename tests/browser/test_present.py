"""`make present`'s command line (scripts/present.py), without a server or a browser."""

from __future__ import annotations

from scripts import present, voila_harness as harness


def test_defaults_keep_the_app_local_code_free_and_on_the_notebooks():
    args = present.arguments(["--port=9999"])
    assert "--Voila.ip=127.0.0.1" in args
    assert "--strip_sources=True" in args
    assert "--Voila.port_retries=0" in args
    assert args[-1] == str(harness.NOTEBOOKS) and "--port=9999" in args


def test_an_option_given_on_the_command_line_replaces_its_default():
    # traitlets refuses the same option twice, so the default must step aside
    args = present.arguments(["--Voila.ip=0.0.0.0", "--VoilaConfiguration.strip_sources=False",
                              str(harness.NOTEBOOKS)])
    assert [a for a in args if a.startswith("--Voila.ip")] == ["--Voila.ip=0.0.0.0"]
    assert not [a for a in args if a.startswith("--strip_sources")]
    assert args.count(str(harness.NOTEBOOKS)) == 1


def test_the_landing_page_is_the_start_here_notebook():
    assert present.LANDING == harness.LANDING
    assert (harness.NOTEBOOKS / present.LANDING).is_file()
