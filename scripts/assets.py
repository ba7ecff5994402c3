"""The app's static files (Voila's bundle, its templates' files, the widget extensions) from memory.

A Voila page loads about a hundred files (5.4 MB) before its first widget shows, and a class
asks for all of them at once: thirty browsers, three thousand requests to one Python process.
Voila's handlers look each file up on disk again for every request (its template handler walks
the template folders every time) and send it in 64 KB pieces. Here each file is found, read and
gzipped once, then answered from memory in one write, compressed for browsers that accept it
(all do), with an ETag so that a page opened again costs a 304.

`install(...)` swaps Voila's three static handlers in a handler list for this one; the URLs stay
the same, so the pages and any template use it without knowing. Templates live in
share/jupyter/voila/templates/ (present.py puts that folder on JUPYTER_PATH); a template's own
files in its static/ folder are served at /voila/templates/<template>/static/<file>. The slides
(Voila's reveal template, which links reveal.js, jQuery and Font Awesome from CDNs) are meant to
come as a template beside `allstats`, with `"base_template": "reveal"`, those files copied into
its static/ folder and its blocks pointed at them, as `allstats` does for the lab template.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
from dataclasses import dataclass
from typing import Callable

from tornado import web

#: worth compressing: text formats (fonts and pictures are compressed already)
COMPRESSIBLE = {".js", ".css", ".json", ".svg", ".html", ".map", ".txt", ".ttf", ".eot"}
LONG_CACHE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    etag: str
    content_type: str


def resolve(roots: list[str], relative: str) -> str | None:
    """The first regular file ``relative`` names under one of ``roots``, or None; never a file
    outside its root (``..``, absolute paths and symbolic links out of the root are refused)."""
    if not relative or relative.startswith(("/", "\\")) or "\\" in relative \
            or ".." in relative.split("/") or "\x00" in relative:
        return None
    for root in roots:
        real_root = os.path.realpath(root)
        candidate = os.path.realpath(os.path.join(real_root, relative))
        if os.path.commonpath([real_root, candidate]) != real_root:
            continue
        if os.path.isfile(candidate):
            return candidate
    return None


def load(path: str) -> Asset:
    with open(path, "rb") as f:
        body = f.read()
    content_type, encoding = mimetypes.guess_type(path)
    if encoding or not content_type:
        content_type = "application/octet-stream"
    if content_type.startswith("text/") or content_type in ("application/javascript",
                                                            "application/json"):
        content_type += "; charset=UTF-8"
    gzipped = None
    if os.path.splitext(path)[1].lower() in COMPRESSIBLE and len(body) > 1024:
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        if len(packed) < 0.9 * len(body):
            gzipped = packed
    return Asset(body, gzipped, f'"{hashlib.md5(body).hexdigest()}"', content_type)


class AssetHandler(web.RequestHandler):
    """GET/HEAD of one static file from memory (see the module's docstring)."""

    #: absolute file path -> Asset, for the server's life (the files do not change under it)
    cache: dict[str, Asset] = {}
    #: (route, url path) -> absolute file path or None
    found: dict[tuple[int, str], str | None] = {}

    def initialize(self, roots: Callable[[str], tuple[list[str], str]]):
        self.roots = roots

    def compute_etag(self):
        return None                     # ours is set below, from the file, not the response

    def _asset(self, path: str) -> Asset:
        key = (id(self.roots), path)
        if key not in self.found:
            roots, relative = self.roots(path)
            self.found[key] = resolve(roots, relative)
        absolute = self.found[key]
        if absolute is None:
            raise web.HTTPError(404)
        if absolute not in self.cache:
            self.cache[absolute] = load(absolute)
        return self.cache[absolute]

    def get(self, path: str, include_body: bool = True):
        asset = self._asset(path)
        self.set_header("Content-Type", asset.content_type)
        self.set_header("ETag", asset.etag)
        self.set_header("Vary", "Accept-Encoding")
        # a versioned address (?v=) never changes; anything else is checked again (a 304)
        self.set_header("Cache-Control", LONG_CACHE if self.get_argument("v", None)
                        else "no-cache")
        wanted = self.request.headers.get("If-None-Match", "")
        if asset.etag in [tag.strip() for tag in wanted.split(",")] or wanted.strip() == "*":
            self.set_status(304)
            return self.finish()
        body = asset.body
        if asset.gzipped is not None and "gzip" in self.request.headers.get("Accept-Encoding",
                                                                            ""):
            self.set_header("Content-Encoding", "gzip")
            body = asset.gzipped
        self.set_header("Content-Length", len(body))
        return self.finish(body if include_body else None)

    def head(self, path: str):
        return self.get(path, include_body=False)


def install(handlers: list, static_paths: list[str], labextensions_path: list[str],
            template_static_paths: Callable[[str], list[str]]) -> list:
    """The handler list with Voila's handlers of /voila/static, /voila/templates and
    /voila/labextensions replaced by AssetHandler (same URL patterns)."""
    from jupyter_server.base.handlers import FileFindHandler
    from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler

    by_template: dict[str, list[str]] = {}

    def in_static(path):
        return static_paths, path

    def in_labextensions(path):
        return labextensions_path, path

    def in_template(path):
        template, _, rest = path.partition("/")
        static, _, relative = rest.partition("/")
        if static != "static" or not template or os.path.basename(template) != template:
            return [], ""
        if template not in by_template:
            try:
                by_template[template] = template_static_paths(template)
            except ValueError:                          # no such template
                by_template[template] = []
        return by_template[template], relative

    swaps = {MultiStaticFileHandler: in_static, TemplateStaticFileHandler: in_template,
             FileFindHandler: in_labextensions}
    result = []
    for pattern, handler, *rest in handlers:
        if handler is FileFindHandler and "labextensions" not in pattern:
            result.append((pattern, handler, *rest))
        elif handler in swaps:
            result.append((pattern, AssetHandler, {"roots": swaps[handler]}))
        else:
            result.append((pattern, handler, *rest))
    return result
