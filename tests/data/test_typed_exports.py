"""Numbers are numbers in every file the app writes: the command line's CSV and xlsx exports (counts
as "17", never "17.0"; numeric xlsx cells), the CSV downloads' typed tables, and the periodic
report's count of members' reports received after its cutoff (late, not dropped)."""
import csv
import io
import re
from datetime import date, datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from data_access.tasks import queries as tq
from data_access.tasks.writes import _record_receipt
from reports import content as report_content
from reports.period import parse_period
from spreadsheets.export import TABLES, csv_bytes, export_table, typed, write
from tests.conftest import BACKENDS

WHOLE_FLOAT = re.compile(r"^-?\d+\.0$")


def test_typed_turns_whole_floats_into_integers():
    df = pd.DataFrame({"count": [17.0, None, 4.0], "share": [14.16, 0.5, None], "mixed": [1, None, 3],
                       "label": ["11/19", "a", None], "flag": [True, False, True]})
    out = typed(df)
    assert str(out["count"].dtype) == "Int64" and str(out["mixed"].dtype) == "Int64"
    assert out["share"].dtype == float and out["flag"].dtype == bool
    assert not pd.api.types.is_numeric_dtype(out["label"])
    rows = list(csv.reader(io.StringIO(csv_bytes(df, bom=True).decode("utf-8-sig"))))
    assert rows[1:] == [["17", "14.16", "1", "11/19", "True"], ["", "0.5", "", "a", "False"],
                        ["4", "", "3", "", "True"]]


def test_targets_export_writes_counts_as_integers(session, tmp_path):
    rows = list(csv.DictReader(io.StringIO(write(export_table(session=session, table="targets"), "csv", None).decode())))
    counts = [r["target_count"] for r in rows if r["target_count"]]
    assert counts and all(c.isdigit() for c in counts), counts
    assert "17" in counts or "4" in counts
    out = tmp_path / "targets.xlsx"
    write(export_table(session=session, table="targets"), "xlsx", out)
    ws = load_workbook(out).active
    col = [c.value for c in ws[1]].index("target_count")
    cells = [r[col] for r in ws.iter_rows(min_row=2) if r[col].value is not None]
    assert cells and all(c.data_type == "n" and isinstance(c.value, int) for c in cells)


@pytest.mark.parametrize("table", sorted(set(TABLES) - {"assessments"}) + ["assessments"])
def test_no_export_writes_a_whole_number_as_a_float(session, table):
    df = export_table(session=session, table=table, period="2013-12" if table == "assessments" else None)
    text = write(df, "csv", None).decode("utf-8")
    for row in csv.reader(io.StringIO(text)):
        bad = [v for v in row if WHOLE_FLOAT.match(v)]
        assert not bad, (table, row)


def _receipt_and_report(engine, received: date, recorded: datetime):
    with session_scope(engine) as s:
        _record_receipt(s, tq.MONTHLY_REPORT, "so_y_te", date(2013, 9, 30), received, by="test", at=recorded)
    with session_scope(engine) as s:
        content = report_content.report_content(session=s, period=parse_period("2013-Q3"))
    cells = [c for c in content.report_cells if c.agency == "Sở YT" and c.kind == "month" and c.due == date(2013, 9, 20)]
    row = next(r for r in content.reports if r.agency == "Sở YT")
    return cells, row


@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_a_report_received_after_the_cutoff_counts_as_late(fresh_url):
    """Sở Y tế's September report (due 20/9) arrives on 05/10, after the Q3 report's cutoff
    (30/9): the Q3 report counts it late by 15 days, marked after the cutoff, not missing."""
    engine = ensure_database(fresh_url, load_sample_data=False)
    cells, row = _receipt_and_report(engine, date(2013, 10, 5), datetime(2013, 10, 5, 9))
    assert [(c.state, c.days_late, c.after_cutoff, c.received) for c in cells] == [
        ("late", 15, True, date(2013, 10, 5))]
    assert (row.monthly.late, row.monthly.late_after_cutoff) == (1, 1)
    assert row.monthly.missing == row.monthly.due - 1  # every other month of Q3 was never received


@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_a_report_received_in_time_but_recorded_after_the_cutoff_counts_as_on_time(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=False)
    cells, row = _receipt_and_report(engine, date(2013, 9, 19), datetime(2013, 10, 2, 9))
    assert [(c.state, c.days_late, c.after_cutoff) for c in cells] == [("on_time", 0, False)]
    assert (row.monthly.on_time, row.monthly.late_after_cutoff) == (1, 0)
