"""Class: 30 students open today's lesson within 5 s, use it, and leave (loopback only).

`make present LESSON=03_relative_survival POOL=30` is started as a teacher would (30 warm
kernels of the lesson, 1 of every other notebook) and the benchmark waits until its pools are
warm. Then 30 students arrive at random moments within ARRIVAL_S seconds (seeded):

- 27 are light clients (tornado, in this process), so that the figures are the server's and not
  those of 30 browsers sharing this machine's cores. Each does what the browser does, without
  drawing: GET the page and read it to the end (the whole page: the figure of the goal), GET
  the page's assets (the list a Chromium page fetched before the class, six at a time), open the
  kernel's websocket and ask for the widgets' state (ipywidgets' control comm), then stays.
- Before them, one Chromium student comes alone and leaves (the same timings: what a page
  costs with the machine to itself).
- 3 are Chromium pages (Debian's Chromium, one browser, a context each). Timed in the page: the
  first explorer's chart shown (from the start of navigation), then PRESSES key presses on a
  slider, each from keydown to the new chart decoded (as bench_browser does).

Once the arrivals have calmed, the pool refills (one kernel at a time, see scripts/present.py):
the Chromium students press the slider PRESSES times more while a kernel warms up beside them.

Then they leave: half of the light clients and two Chromium pages close their page (the page's
request to stop its kernel, with its _xsrf cookie), the others vanish (the connection dropped,
no request: a crashed tab). LEAVE_WAIT_S seconds later the benchmark counts the kernel
processes the server runs, asks for every student's kernel by id, and reads the pools' status.
Memory is the sum over the server and all its kernels, sampled every half second: resident
(RSS, counts shared pages once per process) and proportional (PSS, shared pages split).

Goal with the lesson's pool warm: whole page median <= 1 s and max <= 3 s, first widget <= 3 s,
chart update median <= 150 ms, and no kernel beyond the pools LEAVE_WAIT_S seconds after the
class leaves. On a shared machine, ALLSTATS_BENCH_CALM=1.5 makes the class wait (at most
CALM_WAIT_S, once the pools are warm) for a 1-minute load average under 1.5; the table gives
the load at the start, as the class arrived and at the end. Bounded: 30 clients, each request
under REQUEST_TIMEOUT_S, the run under DEADLINE_S, and the server is stopped at the end.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import statistics
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

LESSON = "03_relative_survival.ipynb"
STUDENTS, CHROMIUM, POOL = 30, 3, 30
ARRIVAL_S = 5.0
LEAVE_WAIT_S = 60.0
PRESSES = 10
REQUEST_TIMEOUT_S = 60.0
DEADLINE_S = 45 * 60
SEED = 12
#: on a shared machine: wait (at most CALM_WAIT_S, after the pools are warm) until the 1-minute
#: load average is under this before the class arrives; the table says the load it found
CALM_ENV = "ALLSTATS_BENCH_CALM"
CALM_WAIT_S = 20 * 60
GOALS = {"page_median_s": 1.0, "page_max_s": 3.0, "first_widget_max_s": 3.0,
         "chart_update_median_ms": 150.0, "kernels_beyond_pools": 0}
STATE_TIMEOUT_S = 60.0


# --------------------------------------------------------------------------- memory

class MemorySampler(threading.Thread):
    """Peak memory of a process and all its descendants: RSS every ``every_s`` (cheap), PSS
    every ``pss_every_s`` (reading every process's smaps costs CPU the class needs)."""

    def __init__(self, pid: int, every_s: float = 0.5, pss_every_s: float = 3.0):
        super().__init__(daemon=True)
        self.pid, self.every_s, self.pss_every_s = pid, every_s, pss_every_s
        self.peak_rss = self.peak_pss = 0
        self.peak_processes = 0
        self._halt = threading.Event()

    def processes(self):
        import psutil
        try:
            root = psutil.Process(self.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def sample(self, pss: bool = True) -> tuple[int, int, int]:
        """(RSS, PSS or 0, processes) now."""
        import psutil
        processes = self.processes()
        rss = proportional = 0
        for process in processes:
            try:
                if pss:
                    info = process.memory_full_info()
                    rss += info.rss
                    proportional += getattr(info, "pss", info.rss)
                else:
                    rss += process.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return rss, proportional, len(processes)

    def run(self):
        last_pss = float("-inf")
        while not self._halt.is_set():
            with_pss = time.monotonic() - last_pss >= self.pss_every_s
            rss, pss, count = self.sample(pss=with_pss)
            if with_pss:
                last_pss = time.monotonic()
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self.peak_processes = max(self.peak_processes, count)
            self._halt.wait(self.every_s)

    def stop(self):
        self._halt.set()
        self.join(timeout=10)


def cpu_seconds(server_pid: int) -> dict:
    """CPU time used so far (user + system, seconds) by the server, its kernels, Chromium and
    this process (the light clients and the driver of the Chromium pages), and by the whole
    machine (every core's busy time: what else ran beside the class shows as the difference)."""
    import psutil

    def used(process):
        try:
            times = process.cpu_times()
            return times.user + times.system
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return 0.0
    server = psutil.Process(server_pid)
    me = psutil.Process()
    kernels = sum(used(p) for p in server.children(recursive=True))
    chromium = sum(used(p) for p in me.children(recursive=True)
                   if "chrom" in (p.name() or "").lower())
    machine = psutil.cpu_times()
    busy = sum(machine) - machine.idle - getattr(machine, "iowait", 0.0)
    return {"server": used(server), "kernels": kernels, "chromium": chromium, "bench": used(me),
            "machine": busy}


# --------------------------------------------------------------------------- light clients

def kernel_id_of(html: str) -> str:
    match = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                      html, flags=re.S)
    if not match:
        raise RuntimeError("the page carries no jupyter-config-data")
    return json.loads(match.group(1))["kernelId"]


#: the kernel websocket protocol JupyterLab's services (and so Voila's page) speak
WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"


def ws_message(data: bytes) -> dict:
    """A kernel message from a websocket frame of the v1 protocol (channel, header, parent
    header, metadata, content, buffers)."""
    from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1
    channel, parts = deserialize_msg_from_ws_v1(data)
    header, parent, metadata, content = (json.loads(p) for p in parts[:4])
    return {"channel": channel, "header": header, "parent_header": parent,
            "metadata": metadata, "content": content, "msg_type": header["msg_type"]}


def shell_message(msg_type: str, content: dict, session: str, metadata=None) -> bytes:
    """A shell message as the page sends it (v1 protocol)."""
    from datetime import datetime, timezone

    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1
    date = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    header = {"msg_id": str(uuid.uuid4()), "msg_type": msg_type, "session": session,
              "username": "", "date": date, "version": "5.2"}
    parts = [json.dumps(part).encode() for part in (header, {}, metadata or {}, content)]
    return serialize_msg_to_ws_v1(parts, "shell")


class LightStudent:
    """One student without a browser: the requests a page makes, timed, and its websocket."""

    def __init__(self, base_url: str, lesson: str, assets: list[str]):
        self.base_url, self.lesson, self.assets = base_url, lesson, assets
        self.kernel_id = None
        self.page_s = self.first_byte_s = self.assets_s = self.state_s = None
        self.bytes = 0
        self.error = None
        self.cookie = ""
        self.ws = None

    async def arrive(self, client):
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        start = time.perf_counter()
        first = []

        def chunk(data):
            if not first:
                first.append(time.perf_counter())
            self.bytes += len(data)
            body.append(data)
        body: list[bytes] = []
        headers = {"Accept": "text/html,application/xhtml+xml", "Accept-Encoding": "gzip"}
        response = await client.fetch(HTTPRequest(
            f"{self.base_url}/voila/render/{self.lesson}", headers=headers,
            streaming_callback=chunk, request_timeout=REQUEST_TIMEOUT_S,
            decompress_response=True))
        self.page_s = time.perf_counter() - start
        self.first_byte_s = (first[0] if first else time.perf_counter()) - start
        html = b"".join(body).decode()
        self.kernel_id = kernel_id_of(html)
        cookies = response.headers.get_list("Set-Cookie")
        xsrf = [c.split(";", 1)[0] for c in cookies if c.startswith("_xsrf=")]
        self.cookie = xsrf[0] if xsrf else ""

        limit = asyncio.Semaphore(6)                  # a browser's connections to one host

        async def get(url):
            async with limit:                      # read to the end, not decoded: light
                await client.fetch(HTTPRequest(
                    url.replace("{kernel_id}", self.kernel_id),
                    headers={"Cookie": self.cookie, "Accept-Encoding": "gzip"},
                    request_timeout=REQUEST_TIMEOUT_S, decompress_response=False,
                    streaming_callback=lambda data: None))
        await asyncio.gather(*(get(url) for url in self.assets))
        self.assets_s = time.perf_counter() - start

        session = uuid.uuid4().hex
        ws_url = self.base_url.replace("http", "ws", 1) + \
            f"/api/kernels/{self.kernel_id}/channels?session_id={session}"
        self.ws = await websocket_connect(HTTPRequest(
            ws_url, headers={"Cookie": self.cookie, "Origin": self.base_url},
            connect_timeout=REQUEST_TIMEOUT_S), subprotocols=[WS_PROTOCOL])
        # what the page's widget manager sends first (seen in Chromium's frames)
        comm_id = str(uuid.uuid4())
        for msg_type, content, metadata in [
                ("kernel_info_request", {}, None),
                ("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control",
                               "data": {}}, {"version": "1.0.0"}),
                ("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}}, None)]:
            await self.ws.write_message(shell_message(msg_type, content, session, metadata),
                                        binary=True)
        deadline = time.perf_counter() + STATE_TIMEOUT_S
        while time.perf_counter() < deadline:
            data = await asyncio.wait_for(self.ws.read_message(),
                                          deadline - time.perf_counter())
            if data is None:
                raise RuntimeError("the kernel's websocket closed")
            message = ws_message(data)
            if message.get("msg_type") == "comm_msg" and \
                    message["content"].get("data", {}).get("method") == "update_states":
                self.state_s = time.perf_counter() - start
                return
        raise TimeoutError("no widget state from the kernel")

    async def leave(self, client, close_page: bool):
        from tornado.httpclient import HTTPRequest

        if close_page and self.kernel_id:
            # what the page's beforeunload handler sends: a POST with the _xsrf form field
            token = self.cookie.split("=", 1)[1] if "=" in self.cookie else ""
            await client.fetch(HTTPRequest(
                f"{self.base_url}/voila/api/shutdown/{self.kernel_id}", method="POST",
                body=urlencode({"_xsrf": token}),
                headers={"Cookie": self.cookie, "Origin": self.base_url,
                         "Content-Type": "application/x-www-form-urlencoded"},
                request_timeout=REQUEST_TIMEOUT_S), raise_error=False)
            if self.ws is not None:
                self.ws.close()
        elif self.ws is not None:
            self.ws.protocol.stream.close()          # vanish: the socket drops, no goodbye


# --------------------------------------------------------------------------- Chromium students

_FIRST_CHART = """() => {
    const img = document.querySelector('.allstats-explorer img.allstats-chart');
    return img && img.complete && img.naturalWidth > 0 ? performance.now() : null;
}"""
_NAVIGATION = """() => { const n = performance.getEntriesByType('navigation')[0];
                         return n ? n.responseEnd : null; }"""
# from a keydown on the slider's handle to the new chart decoded, timed in the page
from benchmarks.bench_browser import _ARM, _RESULT  # noqa: E402


class BrowserStudent:
    def __init__(self, url: str):
        self.url = url
        self.page = None
        self.kernel_id = None
        self.first_widget_s = self.page_s = None
        self.updates_ms: list[float] = []
        self.refill_updates_ms: list[float] = []
        self.lost = 0
        self.box = self.knob = self.keys = None
        self.problems: list[str] = []
        self.error = None

    async def arrive(self, browser, presses: int):
        context = await browser.new_context(viewport={"width": 1280, "height": 800})
        await context.route(re.compile(r"^(?!(https?|wss?)://127\.0\.0\.1[:/])(https?|wss?)://"),
                            lambda route: route.abort())
        self.page = page = await context.new_page()
        page.on("console", lambda m: self.problems.append(f"{m.type}: {m.text}")
                if m.type in ("warning", "error") else None)
        page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        await page.goto(self.url, wait_until="commit", timeout=REQUEST_TIMEOUT_S * 1000)
        handle = await page.wait_for_function(_FIRST_CHART, timeout=REQUEST_TIMEOUT_S * 1000,
                                              polling=20)
        self.first_widget_s = await handle.json_value() / 1000
        self.page_s = (await page.evaluate(_NAVIGATION) or 0) / 1000
        self.kernel_id = await page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent)"
            ".kernelId")
        self.box = page.locator(".allstats-explorer").filter(
            has=page.locator(".noUi-handle")).first
        self.knob = self.box.locator(".noUi-handle").first
        at_max = await self.box.locator(".noUi-target").first.evaluate(
            "t => Number(t.noUiSlider.get(true)) >= t.noUiSlider.options.range.max")
        self.keys = ["ArrowLeft", "ArrowRight"] if at_max else ["ArrowRight", "ArrowLeft"]
        await self.press(presses, self.updates_ms)

    async def press(self, presses: int, into: list[float]):
        """Key presses on the slider, each timed from keydown to the new chart decoded."""
        for i in range(presses):
            await asyncio.sleep(0.3)                   # a student's pace; the chart settles
            await self.box.evaluate(_ARM)
            await self.knob.focus()
            await self.knob.press(self.keys[i % 2])
            elapsed = await self.page.evaluate(_RESULT)
            if elapsed is None:
                self.lost += 1
            else:
                into.append(elapsed)

    async def leave(self, close_page: bool):
        """Close the tab, running its unload handlers (the request to stop the kernel) or not
        (a crashed tab); the browser stays open, as a student's does."""
        if self.page is not None:
            await self.page.close(run_before_unload=close_page)


# --------------------------------------------------------------------------- the run

async def capture_assets(browser, url: str) -> tuple[list[str], str]:
    """The same-origin GETs a Chromium page makes for the lesson, besides the page itself;
    the page's own kernel id in them is replaced by a placeholder."""
    context = await browser.new_context()
    page = await context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url) if r.method == "GET" else None)
    await page.goto(url, wait_until="load")
    await page.wait_for_function(_FIRST_CHART, timeout=REQUEST_TIMEOUT_S * 1000)
    await page.wait_for_load_state("networkidle")
    kernel_id = await page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    await page.close(run_before_unload=True)
    await context.close()
    origin = url.split("/voila/")[0]
    assets = [u.replace(kernel_id, "{kernel_id}") for u in dict.fromkeys(requests)
              if u.startswith(origin) and u != url and "/channels" not in u]
    return assets, kernel_id


async def class_session(server, students: int, chromium: int, presses: int,
                        leave_wait_s: float) -> dict:
    from playwright.async_api import async_playwright
    from tornado.httpclient import AsyncHTTPClient

    from scripts import voila_harness as harness

    AsyncHTTPClient.configure(None, max_clients=students * 6 + 10)
    client = AsyncHTTPClient()
    url = server.url(LESSON)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(harness.CHROMIUM),
                                                   args=harness.CHROMIUM_ARGS)
        try:
            assets, _ = await capture_assets(browser, url)
            await asyncio.to_thread(server.wait_until_warm, 600)
            # one Chromium student alone first: what a page costs when it has the machine to
            # itself, beside what it costs among the class (its kernel goes back to the pool)
            solo = BrowserStudent(url)
            await solo.arrive(browser, presses)
            await solo.leave(close_page=True)
            await asyncio.to_thread(server.wait_until_warm, 600)
            calm = float(os.environ.get(CALM_ENV) or 0)
            calm_until = time.monotonic() + CALM_WAIT_S
            while calm and os.getloadavg()[0] >= calm and time.monotonic() < calm_until:
                await asyncio.sleep(5)
            load_at_arrival = os.getloadavg()[0]
            before = server.status()

            rng = random.Random(SEED)
            arrivals = sorted(rng.uniform(0, ARRIVAL_S) for _ in range(students))
            picks = {int((i + 0.5) * students / chromium) for i in range(chromium)}
            people = [BrowserStudent(url) if i in picks else
                      LightStudent(server.base_url, LESSON, assets)
                      for i in range(students)]
            sampler = MemorySampler(server.process.pid)
            sampler.start()
            cpu_before = cpu_seconds(server.process.pid)
            start = time.perf_counter()

            async def attend(person, at):
                await asyncio.sleep(max(0.0, at - (time.perf_counter() - start)))
                try:
                    if isinstance(person, BrowserStudent):
                        await person.arrive(browser, presses)
                    else:
                        await person.arrive(client)
                except Exception as exc:              # counted and shown, never hidden
                    import traceback
                    where = traceback.extract_tb(exc.__traceback__)[-1]
                    person.error = (f"{type(exc).__name__}: {exc} "
                                    f"({Path(where.filename).name}:{where.lineno})")
            await asyncio.gather(*(attend(p, at) for p, at in zip(people, arrivals)))
            class_s = time.perf_counter() - start
            cpu_after = cpu_seconds(server.process.pid)
            during = server.status()

            # the pool refills once the arrivals calm down: the same students, moving the
            # same sliders while a kernel warms up beside them
            refill_wait = time.perf_counter()
            while server.status()["warming"] == 0 and time.perf_counter() - refill_wait < 60:
                await asyncio.sleep(0.2)
            refilling = server.status()["warming"] > 0
            await asyncio.gather(*(p.press(presses, p.refill_updates_ms) for p in people
                                   if isinstance(p, BrowserStudent) and p.box is not None),
                                 return_exceptions=True)

            # they leave: every second light client and all Chromium pages but the last close
            # their page; the others vanish
            leave_at = time.perf_counter()
            closers = []
            for i, person in enumerate(people):
                if isinstance(person, BrowserStudent):
                    close = person is not [p for p in people if isinstance(p, BrowserStudent)][-1]
                    closers.append(person.leave(close))
                else:
                    closers.append(person.leave(client, close_page=(i % 2 == 0)))
            await asyncio.gather(*closers, return_exceptions=True)
            await asyncio.sleep(max(0.0, leave_wait_s - (time.perf_counter() - leave_at)))
            after = server.status()
            processes = len(server.kernel_pids())
            ids = [p.kernel_id for p in people if p.kernel_id]
            still = sum(await asyncio.gather(*(asyncio.to_thread(server.kernel_running, k)
                                               for k in ids)))
            sampler.stop()
        finally:
            await browser.close()
    client.close()
    return {"people": people, "solo": solo, "assets": assets, "before": before, "during": during,
            "after": after, "processes_after": processes, "student_kernels_running": still,
            "class_s": class_s, "sampler": sampler, "refilling": refilling,
            "load_at_arrival": load_at_arrival,
            "cpu": {k: cpu_after[k] - cpu_before[k] for k in cpu_before}}


def _median(values):
    return statistics.median(values) if values else float("nan")


def run(quick: bool = False) -> list[dict]:
    from scripts import voila_harness as harness

    reason = harness.browser_unavailable()
    if reason:
        return [{"what": "(class)", "skipped": reason}]
    students, chromium, pool = (10, 2, 10) if quick else (STUDENTS, CHROMIUM, POOL)
    load_before = os.getloadavg()
    started = time.perf_counter()
    options = [f"--lesson={LESSON}", f"--lesson-pool={pool}", "--other-pool=1"]
    log = Path(harness.ROOT) / "build" / "bench_class_voila.log"
    with harness.VoilaServer(log_path=log, options=options, warm_timeout_s=DEADLINE_S / 2) \
            as server:
        warm_s = time.perf_counter() - started
        warm_status = server.status()
        idle = MemorySampler(server.process.pid)
        idle_rss, idle_pss, _ = idle.sample()
        result = asyncio.run(asyncio.wait_for(
            class_session(server, students, chromium, PRESSES, LEAVE_WAIT_S),
            timeout=DEADLINE_S - (time.perf_counter() - started)))
    load_after = os.getloadavg()

    people = result["people"]
    light = [p for p in people if isinstance(p, LightStudent)]
    browsers = [p for p in people if isinstance(p, BrowserStudent)]
    errors = [p.error for p in people if p.error]
    pages = [p.page_s for p in light if p.page_s is not None]
    widgets = [p.first_widget_s for p in browsers if p.first_widget_s is not None]
    updates = [ms for p in browsers for ms in p.updates_ms]
    refill_updates = [ms for p in browsers for ms in p.refill_updates_ms]
    problems = sorted({x for p in browsers for x in p.problems})
    kernels_in_pools = sum(p["size"] for p in result["after"]["pools"].values())
    beyond = result["after"]["serving"]
    gb = 1024 ** 3
    pooled = warm_status["in_pools"]
    ours = sum(result["cpu"][k] for k in ("server", "kernels", "chromium", "bench"))
    others = max(0.0, result["cpu"]["machine"] - ours)
    rows = [
        {"what": "machine: cores; load average (1 min) at start / as the class arrived / at end",
         "value": f"{os.cpu_count()}; {load_before[0]:.1f} / {result['load_at_arrival']:.1f} / "
                  f"{load_after[0]:.1f}"},
        {"what": "pools warm after start (s); warm kernels",
         "value": f"{warm_s:.0f}; {pooled}"},
        {"what": "memory at warm: server + kernels, PSS / RSS (GB); PSS per warm kernel (MB)",
         "value": f"{idle_pss / gb:.2f} / {idle_rss / gb:.2f}; "
                  f"{idle_pss / max(pooled, 1) / 2**20:.0f}"},
        {"what": f"students (light + Chromium), arrived within {ARRIVAL_S:.0f} s; errors",
         "value": f"{len(light)} + {len(browsers)}; {len(errors)}",
         "goal": "0 errors", "met": not errors},
        {"what": "lesson pool when they arrived: ready / size",
         "value": f"{result['before']['pools'][LESSON]['ready']} / "
                  f"{result['before']['pools'][LESSON]['size']}"},
        {"what": "whole page (light clients): median / max (s)",
         "value": f"{_median(pages):.2f} / {max(pages, default=float('nan')):.2f}",
         "goal": f"<= {GOALS['page_median_s']:.0f} / <= {GOALS['page_max_s']:.0f}",
         "met": bool(pages) and len(pages) == len(light)
         and _median(pages) <= GOALS["page_median_s"] and max(pages) <= GOALS["page_max_s"]},
        {"what": "first byte (light): median / max (s)",
         "value": f"{_median([p.first_byte_s for p in light if p.first_byte_s]):.2f} / "
                  f"{max((p.first_byte_s for p in light if p.first_byte_s), default=0):.2f}"},
        {"what": f"page + its {len(result['assets'])} assets (light): median / max (s)",
         "value": f"{_median([p.assets_s for p in light if p.assets_s]):.2f} / "
                  f"{max((p.assets_s for p in light if p.assets_s), default=0):.2f}"},
        {"what": "widget state from the kernel (light): median / max (s)",
         "value": f"{_median([p.state_s for p in light if p.state_s]):.2f} / "
                  f"{max((p.state_s for p in light if p.state_s), default=0):.2f}"},
        {"what": "Chromium: whole page (s), each",
         "value": ", ".join(f"{p.page_s:.2f}" for p in browsers if p.page_s is not None)},
        {"what": "Chromium: first widget (s), each",
         "value": ", ".join(f"{s:.2f}" for s in widgets),
         "goal": f"<= {GOALS['first_widget_max_s']:.0f}",
         "met": len(widgets) == len(browsers)
         and max(widgets, default=99) <= GOALS["first_widget_max_s"]},
        {"what": "one Chromium student alone, before the class: first widget (s); chart update, "
                 f"{len(result['solo'].updates_ms)} presses: median (ms)",
         "value": f"{result['solo'].first_widget_s:.2f}; {_median(result['solo'].updates_ms):.0f}"},
        {"what": f"Chromium: chart update, {len(updates)} presses: median / max (ms); lost",
         "value": f"{_median(updates):.0f} / {max(updates, default=float('nan')):.0f}; "
                  f"{sum(p.lost for p in browsers)}",
         "goal": f"median <= {GOALS['chart_update_median_ms']:.0f}",
         "met": bool(updates) and _median(updates) <= GOALS["chart_update_median_ms"]},
        {"what": "Chromium: chart update while the pool refills: median / max (ms)"
                 + ("" if result["refilling"] else " (no refill seen)"),
         "value": f"{_median(refill_updates):.0f} / "
                  f"{max(refill_updates, default=float('nan')):.0f}"},
        {"what": "Chromium console warnings and errors", "value": len(problems),
         "goal": "0", "met": not problems},
        {"what": f"CPU (s) while they arrived and worked ({result['class_s']:.0f} s, "
                 f"{os.cpu_count()} cores): server, kernels, Chromium, light clients + driver; "
                 "other processes of the machine",
         "value": ", ".join(f"{result['cpu'][k]:.1f}"
                            for k in ("server", "kernels", "chromium", "bench"))
         + f"; {others:.1f}"},
        {"what": "peak memory, server + kernels: PSS (every 3 s) / RSS (every 0.5 s) (GB); "
                 "processes",
         "value": f"{result['sampler'].peak_pss / gb:.2f} / {result['sampler'].peak_rss / gb:.2f}"
                  f"; {result['sampler'].peak_processes}"},
        {"what": f"{LEAVE_WAIT_S:.0f} s after they left: kernel processes; pool sizes",
         "value": f"{result['processes_after']}; {kernels_in_pools}"},
        {"what": f"{LEAVE_WAIT_S:.0f} s after: students' kernels still running; "
                 "kernels beyond the pools",
         "value": f"{result['student_kernels_running']} of "
                  f"{sum(1 for p in people if p.kernel_id)}; {beyond}",
         "goal": "0; 0",
         "met": result["student_kernels_running"] == 0 and beyond == 0},
        {"what": "whole run (s)", "value": f"{time.perf_counter() - started:.0f}"},
    ]
    for error in sorted(set(errors))[:5]:
        rows.append({"what": "error", "value": error[:150]})
    for problem in problems[:5]:
        rows.append({"what": "console", "value": problem[:150]})
    return [{"what": r["what"], "value": r["value"], "goal": r.get("goal", ""),
             "met": r.get("met", "")} for r in rows]


if __name__ == "__main__":
    from benchmarks.__main__ import table
    print(table(run()))
