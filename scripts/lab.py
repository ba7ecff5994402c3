"""`make lab`: JupyterLab on the notebooks, announced in one line with the address to open.

    python -m scripts.lab [--ip=127.0.0.1] [--port=8888] [--open] [NOTEBOOK_DIR]

JupyterLab asks for a token; left to itself it hides the address that carries the token in
about 25 lines of log, and http://127.0.0.1:8888 alone leads to a login page. Here the token is
made first, JupyterLab starts quietly (its warnings and errors still show), and once it answers
this prints one line with the full address of the start-here notebook, token included, and with
``--open`` opens it in the default browser. The port must be free: JupyterLab would otherwise
move to another one and the line would be wrong. Ctrl+C stops JupyterLab.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LANDING = "00_start_here.ipynb"
READY = "JupyterLab is ready: open {url}   (Ctrl+C stops it)"
START_TIMEOUT_S = 120
#: `jupyter lab` without DeprecationWarnings, which speak to the developers of Jupyter and its
#: extensions, not to a teacher (jupyter_server warns about its own default of ServerApp.token,
#: and Voila, a server extension, turns traitlets' deprecation warnings back on); every other
#: warning and error still shows
LAUNCH = ("import sys, warnings; show = warnings.showwarning; "
          "warnings.showwarning = lambda message, category, *args, **kwargs: None "
          "if issubclass(category, DeprecationWarning) else show(message, category, *args, **kwargs); "
          "from jupyterlab.labapp import main; sys.exit(main())")


def lab_url(ip: str, port: int, token: str, landing: str | None = LANDING) -> str:
    host = "127.0.0.1" if ip in ("", "0.0.0.0", "localhost") else ip
    path = f"lab/tree/{landing}" if landing else "lab"
    return f"http://{host}:{port}/{path}?token={token}"


def command(ip: str, port: int, folder: Path, token: str) -> list[str]:
    allow_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return [sys.executable, "-c", LAUNCH, f"--ServerApp.ip={ip}", f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0", "--no-browser", f"--ServerApp.root_dir={folder}",
            f"--IdentityProvider.token={token}", "--ServerApp.log_level=WARN", "--LabApp.log_level=WARN", *allow_root]


def wait_until_ready(process: subprocess.Popen, ip: str, port: int, token: str,
                     timeout_s: float = START_TIMEOUT_S) -> None:
    host = "127.0.0.1" if ip in ("", "0.0.0.0", "localhost") else ip
    status = f"http://{host}:{port}/api/status?token={token}"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"make lab: JupyterLab stopped (exit code {process.returncode}); "
                             f"is port {port} taken? Try `make lab PORT={port + 1}`")
        try:
            with urllib.request.urlopen(status, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    raise SystemExit(f"make lab: JupyterLab did not answer on port {port} "
                     f"within {timeout_s:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make lab", description=__doc__.splitlines()[0])
    parser.add_argument("--ip", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument("--open", action="store_true", help="open the address in a browser")
    parser.add_argument("folder", nargs="?", type=Path, default=NOTEBOOKS)
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error(f"PORT={args.port} is not a port number (1-65535)")
    folder = args.folder.resolve()
    if not folder.is_dir():
        parser.error(f"{args.folder} is not a folder")
    token = secrets.token_hex(24)
    # JupyterLab in its own session: Ctrl+C reaches only this script, which stops JupyterLab
    # (JupyterLab itself would stop to ask "Shutdown this Jupyter server (y/[n])?")
    process = subprocess.Popen(command(args.ip, args.port, folder, token), start_new_session=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        wait_until_ready(process, args.ip, args.port, token)
        url = lab_url(args.ip, args.port, token,
                      LANDING if (folder / LANDING).is_file() else None)
        print(READY.format(url=url), flush=True)
        if args.open:
            webbrowser.open(url)
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
