"""Shared fixtures: a headless matplotlib, a scratch copy of the data package, the shared folder."""

import os
import shutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
#: ../shared beside the project: material for developers and CI, never needed at run time
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt
    plt.close("all")


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ to corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def shared():
    """The shared folder (seeds, source pack); tests that read it skip where it is absent."""
    if not SHARED.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED} is missing: CI must run with shared/ beside the project")
        pytest.skip(f"{SHARED} is not present")
    return SHARED


def count_colours(collection, colours):
    """How many icons of a collection show each colour of ``colours`` ({name: colour})."""
    import matplotlib.colors as mcolors
    import numpy as np
    faces = collection.get_facecolors()
    counts = {k: int(np.all(np.isclose(faces, mcolors.to_rgba(c)), axis=1).sum())
              for k, c in colours.items()}
    assert sum(counts.values()) == len(faces), "some icons have a colour outside the legend"
    return counts


def assert_change_redraws_like_a_full_draw(explorer, control: str, value) -> None:
    """Moving ``control`` to ``value`` sends a new picture to the page, and the blitted canvas
    (background plus the redrawn dynamic artists) equals a full redraw, pixel for pixel."""
    import numpy as np
    before = bytes(explorer.image.value)
    explorer.controls[control].value = value
    assert bytes(explorer.image.value) != before
    blitted = np.asarray(explorer.figure.canvas.buffer_rgba()).copy()
    explorer.full_draw()
    assert np.array_equal(blitted, np.asarray(explorer.figure.canvas.buffer_rgba()))
