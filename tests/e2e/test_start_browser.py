"""`./run`'s start (serve.py) on an empty database: when the server answers, the database is
already prepared (sample included) and the overview has been run once; the first visitor gets it."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from sqlalchemy import create_engine, func, select

from data_access.models import Assessment
from tests.conftest import ROOT
from tests.e2e.conftest import _free_port, assert_no_exception, metrics, wait_idle


def test_serve_prepares_the_database_and_the_first_page_before_it_answers(browser, tmp_path):
    url = f"sqlite:///{tmp_path / 'first.sqlite3'}"
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "serve.py", "--server.headless=true", f"--server.port={port}",
             "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
            cwd=ROOT, env={**os.environ, "NTM_DATABASE_URL": url, "NTM_LOAD_SAMPLE": "1"},
            stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 180
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            assert time.time() < deadline, "serve.py did not answer in 180 s"
            time.sleep(0.2)
        # Nobody has visited yet: the sample history is there all the same.
        engine = create_engine(url)
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Assessment)).scalar() == 135_660
        engine.dispose()
        output = log.read_text()
        assert "Cơ sở dữ liệu sẵn sàng" in output  # the init step's summary
        assert "could not be prepared" not in output  # the warm-up ran the overview without an error

        context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="vi-VN")
        page = context.new_page()
        page.goto(base + "/?period=2013-12")
        wait_idle(page)
        assert_no_exception(page)
        assert page.get_by_test_id("ntm-ready").get_attribute("data-page") == "overview"
        m = metrics(page)  # 2013-12 of the sample: no commune at the standard yet, 1,012 criteria met in all
        assert (m["Xã đạt chuẩn NTM"], m["Bình quân tiêu chí/xã"]) == ("0/119", f"{1012 / 119:.2f}".replace(".", ","))
        context.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
