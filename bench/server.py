"""A Streamlit server and headless Chromium for the benches (no pytest needed).

Copies of what tests/e2e/conftest.py does, adapted for timing: the server's start is timed until
`/_stcore/health` answers (polled every 50 ms), and a page is "idle" when Streamlit's own markers
say its script has finished. `ready_marker=False` waits for a plain Streamlit app that does not
write the dashboard's `ntm-ready` marker (the empty page used as the floor).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EMPTY_APP = 'import streamlit as st\n\nst.write("ok")\n'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVER_FLAGS = ["--server.headless=true", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
                "--server.fileWatcherType=none"]


def streamlit_command(script: str, port: int) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", script, *SERVER_FLAGS, f"--server.port={port}"]


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT
    healthy_s: float  # from the command's start until /_stcore/health answered
    log: Path  # the command's standard output and error

    pid: int = 0

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def cpu_s(self) -> float:
        """CPU seconds (user + system) of the server process so far, with its finished children
        (the init command that serve.py waits for): less sensitive to the machine's load than
        wall time."""
        return process_cpu_s(self.pid)


def process_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime + cutime + cstime) / os.sysconf("SC_CLK_TCK")


@contextmanager
def streamlit_server(database_url: str | None = None, *, command: list[str] | None = None, script: str = "app.py",
                     cwd: Path = ROOT, extra_env: dict | None = None, timeout_s: float = 180) -> Iterator[Server]:
    """Start `streamlit run script` in `cwd` (or `command`, given the port) and wait until healthy."""
    port = free_port()
    env = {**os.environ, **({"NTM_DATABASE_URL": database_url} if database_url else {}), **(extra_env or {})}
    args = streamlit_command(script, port) if command is None else [*command, *SERVER_FLAGS, f"--server.port={port}"]
    with tempfile.NamedTemporaryFile("w", prefix="bench-server-", suffix=".log", delete=False) as fh:
        log = Path(fh.name)
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited: {log.read_text(errors='replace')[-3000:]}")
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if time.perf_counter() - t0 > timeout_s:
                raise RuntimeError(f"the server did not become healthy in {timeout_s} s")
            time.sleep(0.05)
        yield Server(base, time.perf_counter() - t0, log, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.unlink(missing_ok=True)


def wait_idle(page, timeout_ms: int = 120000, ready_marker: bool = True) -> None:
    """Streamlit has finished running the script. The dashboard writes `ntm-ready` when a run ends
    (right after a load the app reports notRunning before the first run has started); the empty
    page's equivalent is its one line of text."""
    if ready_marker:
        page.wait_for_selector("[data-testid=ntm-ready]", state="attached", timeout=timeout_ms)
    else:
        page.get_by_text("ok", exact=True).wait_for(timeout=timeout_ms)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout_ms)
    page.wait_for_selector("[data-testid=stStatusWidget]", state="detached", timeout=timeout_ms)


def timed_load(context, url: str, ready_marker: bool = True) -> float:
    """Seconds from navigation to idle, in a new tab of `context`."""
    page = context.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(url)
        wait_idle(page, ready_marker=ready_marker)
        return time.perf_counter() - t0
    finally:
        page.close()


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]
