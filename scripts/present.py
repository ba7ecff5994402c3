"""`make present`: every notebook as a code-free web app (Voila), opening on the start-here page.

    python -m scripts.present [NOTEBOOK_DIR] [--port=8866] [--no-browser] [other Voila options]

Voila runs each notebook in a fresh kernel when its page is opened and shows the outputs and
the widgets, never the code (``strip_sources``); the page may only talk to the widgets, not run
code (Voila refuses execute requests from the front end by default). The server listens on
127.0.0.1 unless ``--Voila.ip=`` says otherwise, and fails if the port is taken rather than
quietly moving to another one. ``/`` redirects to the landing notebook
(``notebooks/00_start_here.ipynb``), whose relative links (``01_new_cases.ipynb``) open the
other notebooks under ``/voila/render/``; the file list stays at ``/voila/tree``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from jupyter_server.utils import url_path_join
from tornado.web import RedirectHandler
from traitlets import Unicode
from voila.app import Voila

from scripts.notebook_tags import LAB_ONLY

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LANDING = "00_start_here.ipynb"
#: the Jupyter data folder holding this project's Voila template (share/jupyter/voila/templates)
JUPYTER_DATA = ROOT / "share" / "jupyter"
#: the page template: Voila's lab template with a main landmark, the notebook's title and the
#: page's accessibility script and styles (share/jupyter/voila/templates/allstats_a11y)
TEMPLATE = "allstats_a11y"

#: what `make present` means unless the command line sets the same option (traitlets refuses
#: an option given twice); each default with the spellings that set it
DEFAULTS = [
    ("--Voila.ip=127.0.0.1", ("--Voila.ip",)),
    ("--Voila.port_retries=0", ("--Voila.port_retries",)),
    ("--strip_sources=True", ("--strip_sources", "--VoilaConfiguration.strip_sources")),
    (f"--template={TEMPLATE}", ("--template", "--VoilaConfiguration.template")),
    # the notebooks' folder may serve pictures and styles, never notebooks, data or code
    (r"--VoilaConfiguration.file_allowlist=.*\.(png|jpg|jpeg|gif|svg|css)",
     ("--VoilaConfiguration.file_allowlist",)),
    # cells for JupyterLab only ("Run All", `make lab`, its menus) are not for the app
    (f"--TagRemovePreprocessor.remove_cell_tags={LAB_ONLY}",
     ("--TagRemovePreprocessor.remove_cell_tags",)),
]


class PresentApp(Voila):
    """Voila on a folder of notebooks, with ``/`` redirecting to the landing notebook."""

    name = "allstats-present"
    landing = Unicode(LANDING, config=True,
                      help="Notebook (relative to the folder) that / redirects to.")

    def init_handlers(self):
        handlers = super().init_handlers()
        if self.notebook_path:           # a single notebook is already served at /
            return handlers
        if not (Path(self.root_dir) / self.landing).is_file():
            self.log.warning("%s is missing: / shows the list of notebooks", self.landing)
            return handlers
        target = url_path_join(self.base_url, "voila/render", self.landing)
        # tornado tries handlers in order: this one shadows the tree page at / only
        redirect = (self.server_url, RedirectHandler, {"url": target, "permanent": False})
        return [redirect, *handlers]


def arguments(argv: list[str]) -> list[str]:
    """Voila's command line: the defaults the caller did not set, the caller's options, and the
    notebook folder if the caller named none."""
    names = {a.split("=", 1)[0] for a in argv if a.startswith("--")}
    defaults = [default for default, spellings in DEFAULTS if not names & set(spellings)]
    folder_given = any(Path(a).exists() for a in argv if not a.startswith("-"))
    return [*defaults, *argv, *([] if folder_given else [str(NOTEBOOKS)])]


def jupyter_path_with_template(environ) -> str:
    """JUPYTER_PATH with this project's data folder first, where Voila looks for templates."""
    parts = [str(JUPYTER_DATA), *filter(None, environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    return os.pathsep.join(dict.fromkeys(parts))


def main(argv: list[str] | None = None) -> None:
    # the kernel is this environment's python3 (.venv), even if the user has one of their own
    os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")
    os.environ["JUPYTER_PATH"] = jupyter_path_with_template(os.environ)
    PresentApp.launch_instance(argv=arguments(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    main()
