"""A real Streamlit server and Debian's Chromium, for the browser tests and the benches alike.

`streamlit_server` starts `streamlit run` (or a given command such as `python serve.py`) on a free
port and waits until `/_stcore/health` answers; `wait_idle` waits until a page's script run has
ended. The idle condition: the page's end marker `ntm-ready` is there (ui/shell.py
PageContext.finish writes it last; right after a load Streamlit reports "notRunning" before the
first run has even started), Streamlit's script state is "notRunning" and its status widget is
gone. Playwright drives Debian's chromium (`CHROMIUM`); Playwright's own browser download is not
used.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from config import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1600, "height": 1000}
SERVER_FLAGS = ["--server.headless=true", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
                "--server.fileWatcherType=none"]

READY = "[data-testid=ntm-ready]"
NOT_RUNNING = "[data-testid=stApp][data-test-script-state=notRunning]"
STATUS = "[data-testid=stStatusWidget]"

# The floor of the benches: an empty Streamlit page that writes only the pages' end marker.
FLOOR_APP = "import streamlit as st; st.html('<span data-testid=\"ntm-ready\" data-run=\"1\"></span>')\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server(str):
    """A running server: its base URL (this string, http://127.0.0.1:PORT), its process id, the
    seconds from the start command until healthy, and the file holding its output."""

    pid: int
    healthy_s: float
    log: Path

    @property
    def base(self) -> str:
        return str(self)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def cpu_s(self, children: bool = False) -> float:
        """User + system CPU seconds of the server process so far (Linux /proc; 10 ms steps); with
        `children`, also its finished children's (serve.py's database preparation)."""
        return process_cpu_s(self.pid, children)

    def memory(self) -> dict[str, int]:
        """VmHWM (peak resident) and VmRSS of the server process, in bytes."""
        out = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                out[key] = int(value.split()[0]) * 1024
        return out


def process_cpu_s(pid: int, children: bool = False) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    ticks = [int(x) for x in fields[11:15]]  # utime, stime, cutime, cstime
    return sum(ticks if children else ticks[:2]) / os.sysconf("SC_CLK_TCK")


@contextmanager
def streamlit_server(script: str | Path = "app.py", port: int | None = None, env: dict | None = None, *,
                     database_url: str | None = None, command: list[str] | None = None,
                     cwd: Path | None = None, timeout_s: float = 120) -> Iterator[Server]:
    """`streamlit run script` on 127.0.0.1:port (a free one by default) until healthy; yields the
    Server and stops it on exit. `script` is relative to `cwd` (default: the checkout), or absolute
    (then `cwd` defaults to its folder). `command` replaces `python -m streamlit run script` (the
    server flags and the port are added to it). `database_url` sets NTM_DATABASE_URL; `env` adds
    variables. The output goes to a temporary file, shown when the server fails to start."""
    port = port or free_port()
    path = Path(script)
    if not path.is_absolute():
        path = Path(cwd or ROOT) / path
    cwd = Path(cwd) if cwd else (ROOT if command else path.parent)
    full_env = {**os.environ, **({"NTM_DATABASE_URL": database_url} if database_url else {}), **(env or {})}
    args = [*(command or [sys.executable, "-m", "streamlit", "run", str(path)]), *SERVER_FLAGS, f"--server.port={port}"]
    with tempfile.NamedTemporaryFile("w", prefix="streamlit-server-", suffix=".log", delete=False) as fh:
        log = Path(fh.name)
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=full_env, stdout=fh, stderr=subprocess.STDOUT, text=True)
    server = Server(f"http://127.0.0.1:{port}")
    server.pid, server.log = proc.pid, log
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited: {log.read_text(errors='replace')[-3000:]}")
            try:
                if urllib.request.urlopen(f"{server}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if time.perf_counter() - t0 > timeout_s:
                raise RuntimeError(f"the server did not become healthy in {timeout_s} s: "
                                   f"{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.05)
        server.healthy_s = time.perf_counter() - t0
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.unlink(missing_ok=True)


def write_floor_app(folder: Path) -> Path:
    """The floor app in `folder`, with the project's .streamlit/config.toml (same theme and toolbar)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "app.py").write_text(FLOOR_APP, encoding="utf-8")
    config = ROOT / ".streamlit" / "config.toml"
    if config.exists():
        (folder / ".streamlit").mkdir(exist_ok=True)
        (folder / ".streamlit" / "config.toml").write_text(config.read_text(encoding="utf-8"), encoding="utf-8")
    return folder / "app.py"


def chromium_missing() -> str | None:
    """Why the browser cannot start (None when Debian's chromium is there)."""
    if os.path.exists(CHROMIUM):
        return None
    return f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"


def launch(playwright):
    """Headless Debian chromium through Playwright."""
    missing = chromium_missing()
    if missing:
        raise RuntimeError(missing)
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_idle(page, timeout_ms: float = 60000) -> None:
    """Streamlit has finished running the page's script (see the module's docstring)."""
    page.wait_for_selector(READY, state="attached", timeout=timeout_ms)
    page.wait_for_selector(NOT_RUNNING, timeout=timeout_ms)
    page.wait_for_selector(STATUS, state="detached", timeout=timeout_ms)
