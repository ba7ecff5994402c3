"""Shared fixtures: a headless matplotlib, a scratch copy of the data package, the seed documents."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
#: names the folder of the seed documents (seeds/, sources/): the material the project was built
#: from, kept beside it for developers and CI (.ci/run sets it to ../shared when that exists);
#: never needed at run time, nor in a plain clone
SHARED_ENV = "ALLSTATS_SHARED"


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


def shared_folder(environ=os.environ) -> Path | None:
    """The folder of the seed documents that $ALLSTATS_SHARED names, or None when it is unset.
    A name that is set but wrong is an error, not a reason to skip."""
    value = environ.get(SHARED_ENV, "").strip()
    if not value:
        return None
    folder = Path(value).expanduser().resolve()
    missing = [part for part in ("seeds", "sources") if not (folder / part).is_dir()]
    if missing:
        raise pytest.UsageError(f"{SHARED_ENV}={value}: {folder} has no "
                                f"{' or '.join(p + '/' for p in missing)} folder; unset it "
                                "or name the folder of the seed documents (seeds/, sources/)")
    return folder


@pytest.fixture
def shared():
    """The folder of the seed documents; tests that read it skip where $ALLSTATS_SHARED is
    unset (a plain clone, GitHub's workflow), under CI=true too."""
    folder = shared_folder()
    if folder is None:
        pytest.skip(f"needs the seed documents: set {SHARED_ENV} to their folder "
                    "(.ci/run sets it to ../shared when that exists)")
    return folder


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
