"""`make present`: every notebook as a code-free web app (Voila) for a class, on one machine.

    python -m scripts.present [NOTEBOOK_DIR] [--lesson=NAME] [--lesson-pool=N] [--other-pool=N]
                              [--idle-timeout=S] [--cull-interval=S] [--warm-concurrency=N]
                              [--refill-calm=S]
                              [--port=8866] [--no-browser] [other Voila options]

Voila shows each notebook's outputs and widgets, never its code (``strip_sources``); the page may
only talk to the widgets, not run code. The server listens on 127.0.0.1 unless ``--Voila.ip=``
says otherwise and fails if the port is taken. ``/`` redirects to the landing notebook, whose
relative links open the other notebooks under ``/voila/render/``.

A class on one server:

- **Warm kernels.** Every page is served from a pool of kernels that have already run the
  notebook (Voila's preheated kernels), so the page and its widgets arrive without running the
  notebook at request time; the pool refills behind each student. The teacher names today's
  lesson: ``--lesson=03_relative_survival --lesson-pool=30`` keeps 30 warm kernels of that
  notebook and ``--other-pool`` (default 1) of every other one. Warm-ups run
  ``--warm-concurrency`` at a time (default: half the cores), so refilling a pool leaves the
  other cores to the students already working, and a pool refills only once no page has been
  served for ``--refill-calm`` seconds (default 15): while a class arrives, the cores go to
  the students. A page that finds no warm kernel left has one warmed for it at once. The log
  says when every pool is warm, and ``/allstats/status`` gives the pools' and kernels' counts.
- **No kernel outlives its page.** A page that closes asks the server to stop its kernel (Voila's
  page sends that request without the ``_xsrf`` cookie the server requires, voila#1458, so every
  page here sets the cookie). A kernel nobody is connected to (a page that vanished without
  saying so, a plain GET that never opened the page's websocket) is stopped after
  ``--idle-timeout`` seconds without activity (default 30), checked every ``--cull-interval``
  seconds (default 10). Kernels with an open page are never culled: a student who leaves the
  page untouched for the whole lesson still has a working page (the websocket's pings keep the
  connection, and so the kernel, alive).
- **Nothing from another host.** The pages use the ``allstats_a11y`` template
  (``share/jupyter/voila/templates/allstats_a11y``): Voila's lab template without its CDN links
  (Font Awesome comes with Voila's own bundle), with the accessibility script and styles inlined. The versions of Voila and of the widgets' JavaScript
  are pinned to ones built against the same JupyterLab (pyproject.toml, the present extra).
- **Static files from memory** (scripts/assets.py): a class asks for a hundred files per page
  at once; each is read and compressed once, then answered from memory.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path
from unittest import mock

import voila.app
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.ioloop import PeriodicCallback
from tornado.web import RedirectHandler
from traitlets import Dict, Int, Unicode
from voila.app import Voila
from voila.paths import collect_static_paths
from voila.tornado.handler import TornadoVoilaHandler

from scripts import assets
from scripts.notebook_tags import LAB_ONLY

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LANDING = "00_start_here.ipynb"
#: the Jupyter data folder holding this project's Voila template (share/jupyter/voila/templates)
JUPYTER_DATA = ROOT / "share" / "jupyter"
#: the page template: Voila's lab template with nothing fetched from another host, a main
#: landmark, the notebook's title and the page's accessibility script and styles
#: (share/jupyter/voila/templates/allstats_a11y)
TEMPLATE = "allstats_a11y"
STATUS_PATH = "allstats/status"

#: memory of one kernel, to refuse pools that cannot fit: a warm kernel of these notebooks
#: measured about 120 MB proportional (PSS) and 160 MB resident (`make bench-class`); the
#: margin is for kernels that have drawn for a whole lesson
KERNEL_MB = 190
LESSON_POOL = 30
OTHER_POOL = 1
IDLE_TIMEOUT_S = 30
CULL_INTERVAL_S = 10
WARM_CONCURRENCY = max(1, (os.cpu_count() or 2) // 2)
REFILL_CALM_S = 15

#: what `make present` means unless the command line sets the same option (traitlets refuses
#: an option given twice); each default with the spellings that set it
DEFAULTS = [
    ("--Voila.ip=127.0.0.1", ("--Voila.ip",)),
    ("--Voila.port_retries=0", ("--Voila.port_retries",)),
    ("--strip_sources=True", ("--strip_sources", "--VoilaConfiguration.strip_sources")),
    (f"--template={TEMPLATE}", ("--template", "--VoilaConfiguration.template")),
    # a page's address cannot pick another template or theme (?template=, ?theme=): the pages
    # stay the allstats template, and every page comes from a warm kernel
    ("--VoilaConfiguration.allow_template_override=NO",
     ("--VoilaConfiguration.allow_template_override",)),
    ("--VoilaConfiguration.allow_theme_override=NO", ("--VoilaConfiguration.allow_theme_override",)),
    # the list of notebooks at /voila/tree as a plain page: Voila's JupyterLab-based list loads
    # the widget extensions, which fail there (no kernel) and fill the console with errors
    ("--classic_tree=True", ("--classic_tree", "--VoilaConfiguration.classic_tree")),
    # the notebooks' folder may serve pictures and styles, never notebooks, data or code
    (r"--VoilaConfiguration.file_allowlist=.*\.(png|jpg|jpeg|gif|svg|css)",
     ("--VoilaConfiguration.file_allowlist",)),
    # cells for JupyterLab only ("Run All", `make lab`, its menus) are not for the app
    (f"--TagRemovePreprocessor.remove_cell_tags={LAB_ONLY}",
     ("--TagRemovePreprocessor.remove_cell_tags",)),
]


class UsageError(SystemExit):
    """A bad option: the message says what was wrong and what would be right."""

    def __init__(self, message: str):
        super().__init__(f"make present: {message}")


# --------------------------------------------------------------------------- the class's options

def notebook_names(folder: Path) -> list[str]:
    return sorted(p.name for p in Path(folder).glob("*.ipynb"))


def resolve_lesson(folder: Path, lesson: str) -> str:
    """The notebook file a LESSON names: `03_relative_survival`, its .ipynb name, or `03`."""
    names = notebook_names(folder)
    wanted = lesson.strip()
    if not wanted:
        raise UsageError("LESSON is empty: name a notebook, e.g. LESSON=03_relative_survival")
    matches = [n for n in names if wanted in (n, n.removesuffix(".ipynb"))] or \
              [n for n in names if n.split("_", 1)[0] == wanted]
    if len(matches) != 1:
        choices = ", ".join(n.removesuffix(".ipynb") for n in names) or "(none)"
        raise UsageError(f"LESSON={lesson} is not one notebook of {folder}: "
                         f"choose one of {choices}")
    return matches[0]


def pool_sizes(folder: Path, lesson: str | None, lesson_pool: int, other_pool: int) -> dict:
    """Warm kernels to keep for each notebook: the lesson's pool, and the other pool for the rest."""
    for name, value in (("--lesson-pool (POOL)", lesson_pool), ("--other-pool", other_pool)):
        if value < 0:
            raise UsageError(f"{name}={value}: a pool holds 0 or more kernels")
    names = notebook_names(folder)
    if not names:
        raise UsageError(f"{folder} holds no notebook")
    chosen = resolve_lesson(folder, lesson) if lesson else None
    return {name: (lesson_pool if name == chosen else other_pool) for name in names}


def check_memory(sizes: dict, available_mb: float | None = None) -> None:
    """Refuse pools that could not fit: while a class arrives, each student's kernel leaves its
    pool and a new one warms in its place, so the lesson's pool can count twice."""
    if available_mb is None:
        available_mb = _available_mb()
    if available_mb is None:
        return
    kernels = sum(sizes.values()) + max(sizes.values(), default=0)
    need_mb = kernels * KERNEL_MB
    if need_mb > available_mb:
        raise UsageError(
            f"pools of {sum(sizes.values())} warm kernels, plus the students' kernels while the "
            f"largest pool refills, need about {need_mb / 1024:.1f} GB ({kernels} kernels of about "
            f"{KERNEL_MB} MB); this machine has {available_mb / 1024:.1f} GB available: "
            "choose a smaller POOL or OTHER_POOL")


def _available_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


# --------------------------------------------------------------------------- kernels

def classroom_kernel_manager(base: type) -> type:
    """Voila's pooled kernel manager, with warm-ups run a few at a time, the idle clock of a
    pooled kernel restarted when a page takes it, and counts for /allstats/status."""

    class ClassroomKernelManager(base):
        warm_concurrency = Int(WARM_CONCURRENCY, config=True,
                               help="How many kernels may run their notebook at once to warm up.")
        refill_calm = Int(REFILL_CALM_S, config=True,
                          help="Seconds without a page served before a pool refills.")

        def __init__(self, **kwargs):
            self._warm_slots: asyncio.Semaphore | None = None
            self._warming: set[str] = set()
            self._wanted: set[asyncio.Task] = set()       # warm-ups a page is waiting for
            self._wake = asyncio.Event()
            self._last_served = float("-inf")
            super().__init__(**kwargs)

        async def _wait_until_calm(self) -> None:
            """Refills wait until no page has been served for `refill_calm` seconds, so that
            a class arriving gets the cores; a warm-up a page is waiting for goes at once."""
            me = asyncio.current_task()
            while me not in self._wanted:
                quiet = time.monotonic() - self._last_served
                if quiet >= self.refill_calm:
                    return
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), self.refill_calm - quiet)
                except asyncio.TimeoutError:
                    pass

        async def _initialize(self, notebook_path, kernel_id=None, **kwargs):
            if kernel_id is not None:           # a restart of a running kernel, not a warm-up
                return await super()._initialize(notebook_path, kernel_id, **kwargs)
            if self._warm_slots is None:
                self._warm_slots = asyncio.Semaphore(max(1, self.warm_concurrency))
            await self._wait_until_calm()
            async with self._warm_slots:
                content = await super()._initialize(notebook_path, None, **kwargs)
                self._warming.add(content["kernel_id"])
                try:
                    await asyncio.wait([content["task"]])     # the notebook has run
                finally:
                    self._warming.discard(content["kernel_id"])
            self._wanted.discard(asyncio.current_task())
            return content

        async def get_rendered_notebook(self, notebook_name, *args, **kwargs):
            self._last_served = time.monotonic()
            pool = self._pools.get(notebook_name, [])
            if pool and not pool[0].done():     # no warm kernel left: this page waits for one
                self._wanted.add(pool[0])
                self._wake.set()
            render_task, rendered_cache, kernel_id = await super().get_rendered_notebook(
                notebook_name, *args, **kwargs)
            # warmed minutes ago, taken now: the idle clock starts now, or the culler could stop
            # the kernel before the page has opened its websocket
            from jupyter_server._tz import utcnow
            self.get_kernel(kernel_id).last_activity = utcnow()
            return render_task, rendered_cache, kernel_id

        def pool_target(self, notebook: str) -> int:
            default = self.kernel_pools_config.get("default", {})
            return self.kernel_pools_config.get(notebook, default).get(
                "pool_size", default.get("pool_size", 1))

        def classroom_status(self) -> dict:
            running = set(self.list_kernel_ids())
            pools, ready_ids = {}, set()
            for name, pool in self._pools.items():
                ready = {task.result()["kernel_id"] for task in pool
                         if task.done() and not task.cancelled() and task.exception() is None}
                ready &= running
                ready_ids |= ready
                pools[name] = {"size": self.pool_target(name), "ready": len(ready),
                               "pending": len(pool) - len(ready)}
            warming = self._warming & running
            serving = running - ready_ids - warming
            connections = self._kernel_connections
            return {
                "warm": all(p["ready"] >= p["size"] for p in pools.values()),
                "pools": pools,
                "kernels": len(running),
                "in_pools": len(ready_ids),
                "warming": len(warming),
                "serving": len(serving),
                "connected": sum(1 for k in serving if connections.get(k, 0) > 0),
            }

    return ClassroomKernelManager


class StatusHandler(APIHandler):
    """GET /allstats/status: the pools and kernels as counts (never kernel ids, which would let
    one page reach another student's kernel)."""

    @web.authenticated
    def get(self):
        status = getattr(self.kernel_manager, "classroom_status", None)
        if status is None:
            raise web.HTTPError(404, "kernel pools are off (--preheat_kernel=False)")
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(status()))


class PageHandler(TornadoVoilaHandler):
    """Voila's notebook page, which also sets the ``_xsrf`` cookie: the page's request to stop
    its kernel when it closes sends that cookie's value, and without it the server refuses the
    request (403 "'_xsrf' argument missing from POST", voila#1458)."""

    async def prepare(self):
        await super().prepare()
        self.xsrf_token  # noqa: B018 - reading the token sets the cookie on this response

    def should_use_rendered_notebook(self, notebook_data, pool_size, template_name, theme,
                                     request_args):
        # Voila passes on ?template= and ?theme= even where they are not allowed to change
        # anything, and then skips the warm kernel: ignore them unless they may override
        config = self.voila_configuration
        if config.allow_template_override != "YES":
            template_name = None
        if config.allow_theme_override != "YES":
            theme = None
        return super().should_use_rendered_notebook(notebook_data, pool_size, template_name,
                                                    theme, request_args)


# --------------------------------------------------------------------------- the app

class PresentApp(Voila):
    """Voila on a folder of notebooks, with ``/`` redirecting to the landing notebook, pools of
    warm kernels sized for today's lesson, culling of kernels nobody uses, and local assets."""

    name = "allstats-present"
    landing = Unicode(LANDING, config=True,
                      help="Notebook (relative to the folder) that / redirects to.")
    lesson = Unicode("", config=True,
                     help="Today's lesson: the notebook that keeps --lesson-pool warm kernels.")
    lesson_pool = Int(LESSON_POOL, config=True, help="Warm kernels of the lesson's notebook.")
    other_pool = Int(OTHER_POOL, config=True, help="Warm kernels of every other notebook.")
    idle_timeout = Int(IDLE_TIMEOUT_S, config=True,
                       help="Seconds before a kernel nobody is connected to is stopped (0: never).")
    cull_interval = Int(CULL_INTERVAL_S, config=True,
                        help="Seconds between two looks for kernels to stop.")
    warm_concurrency = Int(WARM_CONCURRENCY, config=True,
                           help="Kernels that may run their notebook at once to warm up.")
    refill_calm = Int(REFILL_CALM_S, config=True,
                      help="Seconds without a page served before the pools refill.")
    pool_sizes = Dict(help="Warm kernels per notebook, worked out from the options above.")

    aliases = {
        **Voila.aliases,
        "lesson": "PresentApp.lesson",
        "lesson-pool": "PresentApp.lesson_pool",
        "other-pool": "PresentApp.other_pool",
        "idle-timeout": "PresentApp.idle_timeout",
        "cull-interval": "PresentApp.cull_interval",
        "warm-concurrency": "PresentApp.warm_concurrency",
        "refill-calm": "PresentApp.refill_calm",
    }

    def initialize(self, argv=None):
        super().initialize(argv)
        if self.notebook_path:
            raise UsageError("serve the notebooks' folder, not one notebook")
        for name in ("idle_timeout", "cull_interval", "warm_concurrency", "refill_calm"):
            if getattr(self, name) < (0 if name in ("idle_timeout", "refill_calm") else 1):
                raise UsageError(f"--{name.replace('_', '-')}={getattr(self, name)} is too small")
        self.pool_sizes = pool_sizes(Path(self.root_dir), self.lesson or None,
                                     self.lesson_pool, self.other_pool)
        if self.voila_configuration.preheat_kernel is False and \
                "preheat_kernel" in self.config.get("VoilaConfiguration", {}):
            self.log.warning("--preheat_kernel=False: every page runs its notebook when opened")
        else:
            self.voila_configuration.preheat_kernel = True
            check_memory(self.pool_sizes)
        pools = {name: {"pool_size": size} for name, size in self.pool_sizes.items()}
        pools["default"] = {"pool_size": self.other_pool}
        self.config.VoilaKernelManager.kernel_pools_config = pools
        self.config.ClassroomKernelManager.warm_concurrency = self.warm_concurrency
        self.config.ClassroomKernelManager.refill_calm = self.refill_calm
        culling = self.config.MappingKernelManager
        culling.setdefault("cull_idle_timeout", self.idle_timeout)
        culling.setdefault("cull_interval", self.cull_interval)
        culling.setdefault("cull_connected", False)     # an open page keeps its kernel
        culling.setdefault("cull_busy", False)          # a kernel running a notebook is in use

    def init_settings(self):
        # Voila builds its pooled kernel manager class from a factory inside init_settings
        factory = voila.app.voila_kernel_manager_factory
        with mock.patch.object(voila.app, "voila_kernel_manager_factory",
                               lambda *a, **kw: classroom_kernel_manager(factory(*a, **kw))):
            return super().init_settings()

    def init_handlers(self):
        handlers = [(pattern, PageHandler if handler is TornadoVoilaHandler else handler,
                     *rest) for pattern, handler, *rest in super().init_handlers()]
        handlers = assets.install(
            handlers, self.static_paths, self.labextensions_path,
            lambda template: collect_static_paths(["voila", "nbconvert"], template))
        handlers.insert(0, (url_path_join(self.server_url, STATUS_PATH), StatusHandler))
        if not (Path(self.root_dir) / self.landing).is_file():
            self.log.warning("%s is missing: / shows the list of notebooks", self.landing)
            return handlers
        target = url_path_join(self.base_url, "voila/render", self.landing)
        # tornado tries handlers in order: this one shadows the tree page at / only
        redirect = (self.server_url, RedirectHandler, {"url": target, "permanent": False})
        return [redirect, *handlers]

    def listen(self):
        if hasattr(self.kernel_manager, "classroom_status"):
            self._announce = PeriodicCallback(self._announce_when_warm, 1000)
            self._announce.start()
        super().listen()

    def _announce_when_warm(self):
        status = self.kernel_manager.classroom_status()
        if not status["warm"]:
            return
        self._announce.stop()
        lesson = resolve_lesson(Path(self.root_dir), self.lesson) if self.lesson else None
        others = f"{self.other_pool} of every other notebook" if lesson else \
            f"{self.other_pool} of every notebook"
        which = f"{self.pool_sizes[lesson]} of {lesson} and {others}" if lesson else others
        self.log.info("Ready for the class: %d warm kernels (%s) at %s", status["in_pools"],
                      which, self.display_url)


def arguments(argv: list[str]) -> list[str]:
    """Voila's command line: the defaults the caller did not set, the caller's options, and the
    notebook folder (made absolute) or, if the caller named none, notebooks/."""
    names = {a.split("=", 1)[0] for a in argv if a.startswith("--")}
    defaults = [default for default, spellings in DEFAULTS if not names & set(spellings)]
    folders = [a for a in argv if not a.startswith("-") and Path(a).exists()]
    argv = [str(Path(a).resolve()) if a in folders else a for a in argv]
    return [*defaults, *argv, *([] if folders else [str(NOTEBOOKS)])]


def jupyter_path_with_template(environ: dict) -> str:
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
