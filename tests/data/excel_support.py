"""What the Excel import tests share (test_excel_import, test_excel_import_cli): a database with
the sample's two months and three accounts, and the template, parse and import as the page does them."""

import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from data_access.assessments import current_records
from data_access.bootstrap import ensure_database
from data_access.criteria import criteria_by_period
from data_access.db import session_scope
from data_access.models import AuditLog
from domain.actor import Actor
from services.imports import import_excel
from spreadsheets.excel_import import parse_upload
from spreadsheets.template import HEADER_ROW, build_template
from tests.conftest import BACKENDS, module_database
from tests.support import make_user

PERIOD, PAST = "2013-12", "2013-11"
ADMIN = Actor("admin", "admin")
AN_PHU = Actor("anphu", "editor", "886")
OTHER = Actor("other", "editor")
NOTES = 3 + 19  # the first note column ("Ghi chú TC1") is column 23


def prepare(url):
    """Reference data, the sample of two months only (fast), three accounts."""
    from sample.loader import load_sample
    engine = ensure_database(url, load_sample_data=False)
    with session_scope(engine) as s:
        load_sample(session=s, periods=[PAST, PERIOD])
        make_user(s, "admin", "mat-khau-admin", "admin")
        make_user(s, "anphu", "mat-khau-anphu", "editor", district_code="886")
        make_user(s, "other", "mat-khau-other", "editor")
    return engine


@pytest.fixture(scope="module", params=BACKENDS)
def read_db(request, tmp_path_factory):
    """Shared by the tests that only read (templates, bad files)."""
    with module_database(request.param, tmp_path_factory, "xl") as url:
        yield prepare(url)


@pytest.fixture
def db(fresh_url):
    return prepare(fresh_url)


write_tests = pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)


def template(engine, district=None, period=PERIOD) -> Workbook:
    with session_scope(engine) as s:
        return load_workbook(io.BytesIO(build_template(session=s, period=period, district_code=district)))


def to_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def parse(engine, content, actor=ADMIN):
    with session_scope(engine) as s:
        return parse_upload(session=s, actor=actor, content=content)


def run_import(engine, content, actor=ADMIN, **kw):
    with session_scope(engine) as s:
        return import_excel(session=s, actor=actor, content=content, **kw)


def row_of(ws, code):
    return next(r for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 1).value == code)


def flip(ws, r, c):
    ws.cell(r, c).value = "Chưa đạt" if ws.cell(r, c).value == "Đạt" else "Đạt"
    return ws.cell(r, c).value == "Đạt"


def crit_ids(engine, period=PERIOD):
    with session_scope(engine) as s:
        return criteria_by_period(session=s, periods=[period])[period]


def record(engine, code, number, period=PERIOD):
    ids = crit_ids(engine, period)
    with session_scope(engine) as s:
        return current_records(session=s, period=period, commune_codes=[code])[(code, ids[number])]


def audit_count(engine):
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(AuditLog))
