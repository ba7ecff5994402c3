"""scripts/assets.py: the app's static files, found safely, read and compressed once."""

from __future__ import annotations

import gzip
import os

import pytest

from scripts import assets


@pytest.fixture
def roots(tmp_path):
    first, second, outside = tmp_path / "first", tmp_path / "second", tmp_path / "outside"
    for folder in (first, second / "sub", outside):
        folder.mkdir(parents=True)
    (first / "a.js").write_text("first a")
    (second / "a.js").write_text("second a")
    (second / "sub" / "b.css").write_text("b")
    (outside / "secret.txt").write_text("secret")
    os.symlink(outside / "secret.txt", first / "link.txt")
    return [str(first), str(second)], outside


def test_a_file_is_found_in_the_first_root_that_has_it(roots):
    paths, _ = roots
    assert assets.resolve(paths, "a.js") == os.path.realpath(os.path.join(paths[0], "a.js"))
    assert assets.resolve(paths, "sub/b.css") == os.path.realpath(
        os.path.join(paths[1], "sub", "b.css"))
    assert assets.resolve(paths, "missing.js") is None
    assert assets.resolve(paths, "sub") is None                  # a folder is not a file


@pytest.mark.parametrize("path", ["../outside/secret.txt", "sub/../../outside/secret.txt",
                                  "/etc/passwd", "link.txt", "a.js\x00", "", "..\\x"])
def test_nothing_outside_the_roots_is_ever_served(roots, path):
    paths, _ = roots
    assert assets.resolve(paths, path) is None


def test_text_is_compressed_once_and_pictures_are_not(tmp_path):
    script = tmp_path / "big.js"
    script.write_text("const x = 1;\n" * 2000)
    asset = assets.load(str(script))
    assert gzip.decompress(asset.gzipped) == asset.body == script.read_bytes()
    assert asset.content_type.startswith(("application/javascript", "text/javascript"))
    assert asset.etag.startswith('"') and len(asset.etag) == 34
    picture = tmp_path / "p.png"
    picture.write_bytes(os.urandom(5000))
    assert assets.load(str(picture)).gzipped is None
    small = tmp_path / "s.css"
    small.write_text("a{}")
    assert assets.load(str(small)).gzipped is None
