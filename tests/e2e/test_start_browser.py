"""`./run`'s start (serve.py) on an empty database: when the server answers, the database is
already prepared (sample included) and the overview has been run once; the first visitor gets it."""
from __future__ import annotations

import sys

from sqlalchemy import create_engine, func, select

from config import ROOT
from data_access.models import Assessment
from devtools.streamlit_server import VIEWPORT, streamlit_server, wait_idle
from tests.e2e.conftest import assert_no_exception, metrics


def test_serve_prepares_the_database_and_the_first_page_before_it_answers(browser, tmp_path):
    url = f"sqlite:///{tmp_path / 'first.sqlite3'}"
    with streamlit_server(command=[sys.executable, str(ROOT / "serve.py")], database_url=url,
                          env={"NTM_LOAD_SAMPLE": "1"}, timeout_s=180) as base:
        # Nobody has visited yet: the sample history is there all the same.
        engine = create_engine(url)
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Assessment)).scalar() == 135_660
        engine.dispose()
        output = base.output()
        assert "Cơ sở dữ liệu sẵn sàng" in output  # the init step's summary
        assert "could not be prepared" not in output  # the warm-up ran the overview without an error

        context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
        page = context.new_page()
        page.goto(base + "/?period=2013-12")
        wait_idle(page)
        assert_no_exception(page)
        assert page.get_by_test_id("ntm-ready").get_attribute("data-page") == "overview"
        m = metrics(page)  # 2013-12 of the sample: no commune at the standard yet, 1,012 criteria met in all
        assert (m["Xã đạt chuẩn NTM"], m["Bình quân tiêu chí/xã"]) == ("0/119", f"{1012 / 119:.2f}".replace(".", ","))
        context.close()
