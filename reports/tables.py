"""The periodic report's tables, built once from `ReportContent` and written by both the Word
document (reports.word) and the Excel annex (reports.annex), so the two
always hold the same figures.

Cells keep their raw values (int, float, date, str, None); each column says how to show them:
the Word document writes text (1.285; 8,16; 14,29%; 15/06/2013 in Vietnamese), the annex writes
numbers and dates with an Excel number format. Some columns are only in the annex (codes, full
task wording, exact numbers) and some only in the document (a short task wording). The words are
catalogue keys `report.doc.*`, written in the language of `Words` (reports.words).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from domain.months import Month
from reports.model import ReportContent, TargetRow
from reports.words import VI, Words

SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
TASK_STATUSES = ("not_started", "in_progress", "done", "not_done")  # report.doc.status.*
TARGET_STATUSES = ("met", "not_met", "on_track", "off_track", "no_data")  # report.doc.target_status.*
REPORT_STATES = ("on_time", "late", "missing", "not_due")  # report.doc.report_state.*
# The tables in the document's order; each is named by its code, and its sheet in the annex by
# report.doc.sheet.<code>.
CODES = ("overview", "bands", "pilots", "targets", "sections", "done", "not_done", "leads", "reports", "report_cells")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text | num (int: 1.285, float: 8,16) | signed (+2, -0,35) | pct (14,29%) | date
    width: float = 2.0  # centimetres in the Word document; the annex scales it
    word: bool = True  # in the Word document
    excel: bool = True  # in the Excel annex
    group: str = ""  # a heading over consecutive columns with the same group


@dataclass(frozen=True)
class Group:
    """A row spanning the table: the heading of a group of rows (a section of the programme)."""

    text: str


@dataclass(frozen=True)
class Table:
    key: str  # its code (CODES)
    sheet: str  # the annex sheet's name
    title: str  # "Bảng 3. …"
    columns: tuple[Column, ...]
    rows: tuple  # tuples of cell values in column order, or Group rows
    total: tuple | None = None
    note: str = ""
    word_rows: tuple | None = None  # the document's rows when it shows fewer than the annex

    def columns_for(self, target: str) -> list[int]:
        return [i for i, c in enumerate(self.columns) if getattr(c, target)]


def number_text(value: float | int, decimals: int = 0, w: Words = VI) -> str:
    """1285 -> '1.285'; 8.1597 -> '8,16' (decimals=2); in English 1,285 and 8.16."""
    return w.number(value, decimals)


def cell_text(value, kind: str, w: Words = VI) -> str:
    """A cell as the Word document shows it; None is '–'."""
    if value is None:
        return "–"
    if kind == "date":
        return f"{value.day:02d}/{value.month:02d}/{value.year}" if isinstance(value, date) else str(value)
    if kind == "num":
        return w.number(value, 2 if isinstance(value, float) else 0)
    if kind == "signed":
        text = w.number(value, 2 if isinstance(value, float) else 0)
        return text if text.startswith("-") or text.strip("0,.") == "" else "+" + text
    if kind == "pct":
        return w.number(value, 2) + "%"
    return str(value)


def month_text(month: str | None, w: Words = VI) -> str:
    """'2013-09' -> 'tháng 9/2013' ('September 2013')."""
    if not month:
        return "–"
    m = Month.parse(month)
    return w.t(f"due.month.{m.month}", year=str(m.year))


def report_tables(c: ReportContent, w: Words = VI) -> list[Table]:
    """Every table of the report, in the document's order; the last (each report received) is
    only in the annex. reports.text places the others in the document."""
    tables = [t for t in (_overview(c, w), _bands(c, w), _pilots(c, w), _targets(c, w)) if t is not None]
    tables += [_sections(c, w), _done(c, w), _not_done(c, w), _leads(c, w), _reports(c, w), _report_cells(c, w)]
    return [replace(t, sheet=w.t(f"report.doc.sheet.{t.key}"), title=w.t("report.doc.table_title", number=i, title=t.title))
            for i, t in enumerate(tables, start=1)]


def _table(key: str, title: str, columns, rows, total=None, **more) -> Table:
    return Table(key, "", title, tuple(columns), tuple(rows), total, **more)


def _change(now, before):
    return None if now is None or before is None else now - before


def _end_of(month: str | None, w: Words) -> str:
    return w.t("report.doc.col.end_of", month=month_text(month, w))


def _overview(c: ReportContent, w: Words) -> Table | None:
    if c.now is None:
        return None
    b, n = c.before, c.now
    rows = [(label, getattr(b, f) if b else None, getattr(n, f), _change(getattr(n, f), getattr(b, f) if b else None))
            for label, f in ((w.t("report.doc.overview.communes"), "communes"),
                             (w.t("report.doc.overview.standard", total=n.criteria_total), "standard"),
                             (w.t("report.doc.overview.average"), "average"),
                             (w.t("report.doc.overview.criteria_met"), "criteria_met"))]
    return _table("overview", w.t("report.doc.table.overview"), (
        Column(w.t("report.doc.col.content"), width=7.9),
        Column(_end_of(c.period.baseline_month, w), "num", 2.9),
        Column(_end_of(n.month, w), "num", 2.9),
        Column(w.t("report.doc.col.change"), "signed", 2.8),
    ), rows)


def _bands(c: ReportContent, w: Words) -> Table | None:
    if not c.bands:
        return None
    rows = tuple((w.text(b.label), b.before, b.communes, b.percent, b.change) for b in c.bands)
    before = c.before.communes if c.before else None
    total = (w.t("report.doc.bands.total"), before, c.now.communes, 100.0, _change(c.now.communes, before))
    return _table("bands", w.t("report.doc.table.bands"), (
        Column(w.t("report.doc.col.band"), width=5.4),
        Column(w.t("report.doc.col.communes_end_of", month=month_text(c.period.baseline_month, w)), "num", 2.8),
        Column(w.t("report.doc.col.communes_end_of", month=month_text(c.now.month, w)), "num", 2.8),
        Column(w.t("report.doc.col.share_of_communes"), "pct", 2.7),
        Column(w.t("report.doc.col.change"), "signed", 2.8),
    ), rows, total)


def _pilots(c: ReportContent, w: Words) -> Table | None:
    if not c.pilots:
        return None
    rows = tuple((p.rank, p.code, p.name, p.district, p.total, p.before, p.now, p.change,
                  ", ".join(str(n) for n in p.missing_numbers) or "–", ", ".join(p.missing_names) or "–")
                 for p in c.pilots)
    known = [p for p in c.pilots if p.before is not None]
    mean = lambda xs: sum(xs) / len(xs) if xs else None  # noqa: E731
    before, now = mean([p.before for p in known]), mean([float(p.now) for p in c.pilots])
    total = ("", "", w.t("report.doc.pilots.average"), "", None, before, now, _change(now, before) if known else None, "", "")
    met = w.t("report.doc.col.criteria_met")
    return _table("pilots", w.t("report.doc.table.pilots", group=f"{c.pilot_group[:1].lower()}{c.pilot_group[1:]}"), (
        Column(w.t("report.doc.col.rank"), "num", 1.5),
        Column(w.t("report.doc.col.commune_code"), word=False),
        Column(w.t("report.doc.col.commune"), width=2.3),
        Column(w.t("report.doc.col.district"), width=2.4),
        Column(w.t("report.doc.col.criteria_in_set"), "num", word=False),
        Column(_end_of(c.period.baseline_month, w), "num", 2.1, group=met),
        Column(_end_of(c.now.month, w), "num", 2.1, group=met),
        Column(w.t("report.doc.col.change"), "signed", 1.7, group=met),
        Column(w.t("report.doc.col.missing_numbers"), width=4.4),
        Column(w.t("report.doc.col.missing_names"), width=9, word=False),
    ), rows, total, note=w.t("report.doc.pilots.note"))


def _target_texts(t: TargetRow, w: Words) -> tuple[str, str, str, str]:
    """(result, target, gap, forecast) as the document writes them."""
    pct = lambda v: cell_text(v, "pct", w)  # noqa: E731
    communes = lambda text: w.t("report.doc.communes", count=text)  # noqa: E731
    unit = (lambda v: pct(v)) if t.by_percent else (lambda v: communes(w.number(round(v))))  # noqa: E731
    if t.count is None:
        result = "–"
    elif t.by_percent:
        result = f"{pct(t.share)} ({communes(f'{t.count}/{t.n_communes}')})"
    else:
        of = t.denominator or t.n_communes
        result = (w.t("report.doc.target.none_yet", count=communes(f"{t.count}/{of}")) if t.count == 0
                  else communes(f"{t.count}/{of}"))
    goal = f"{SYMBOLS[t.comparison]} " + (f"{w.number(t.target_value, 0 if t.target_value == int(t.target_value) else 2)}%"
                                           if t.by_percent else
                                           communes(f"{w.number(t.target_value)}{'/' + str(t.denominator) if t.denominator else ''}"))
    gap = "–" if t.gap_communes is None else (w.t("report.doc.target.reached") if t.gap_communes == 0
                                              else communes(t.gap_communes))
    if t.forecast is None:
        forecast = "–"
    elif t.forecast_is_actual:
        forecast = w.t("report.doc.target.at_deadline", value=unit(t.forecast))
    elif t.forecast_low is not None and (unit(t.forecast_low) != unit(t.forecast) or unit(t.forecast_high) != unit(t.forecast)):
        low, high = unit(t.forecast_low), unit(t.forecast_high)
        forecast = f"{unit(t.forecast)} ({_bare(low, w)}–{high})"
    else:
        forecast = unit(t.forecast)
    return result, goal, gap, forecast


def _bare(value: str, w: Words) -> str:
    """A range's low end without its unit: '5' of '5 xã', '12,50' of '12,50%'."""
    return value.removesuffix(w.t("report.doc.communes", count="")).removesuffix("%")


def _targets(c: ReportContent, w: Words) -> Table | None:
    if not c.targets:
        return None
    rows = []
    beside = {}
    for other in getattr(c, "other_readings", ()):
        beside.setdefault(other.other_of, []).append(other)
    shown = [row for t in c.targets for row in (t, *beside.get(t.key, ()))]
    for t in shown:
        wording = (w.t("report.doc.target.band_reading", low=t.band[0], high=t.band[1]) if t.reading == "band"
                   else t.wording)
        if t.other_of:
            wording = w.t("report.doc.target.other_reading", wording=wording)
        result, goal, gap, forecast = _target_texts(t, w)
        communes = None if t.by_percent else t.forecast  # one unit per column: communes, or percent
        percent = t.forecast if t.by_percent else None
        low, high = t.forecast_low, t.forecast_high
        rows.append((wording, t.deadline, result, goal, gap, forecast, w.t(f"report.doc.target_status.{t.status}"),
                     t.count, t.denominator or t.n_communes, t.n_communes, t.share, t.gap_communes,
                     communes, None if t.by_percent else low, None if t.by_percent else high,
                     percent, low if t.by_percent else None, high if t.by_percent else None))
    return _table("targets", w.t("report.doc.table.targets", month=month_text(c.now.month, w)), (
        Column(w.t("report.doc.col.target"), width=4.5),
        Column(w.t("report.doc.col.deadline"), "date", 2.2),
        Column(w.t("report.doc.col.result"), width=2.7),
        Column(w.t("report.doc.col.goal"), word=False),
        Column(w.t("report.doc.col.gap"), width=1.6),
        Column(w.t("report.doc.col.forecast"), width=2.9, excel=False),
        Column(w.t("report.doc.col.assessment"), width=2.6),
        Column(w.t("report.doc.col.communes_met"), "num", word=False),
        Column(w.t("report.doc.col.share_base"), "num", word=False),
        Column(w.t("report.doc.col.communes_with_data"), "num", word=False),
        Column(w.t("report.doc.col.share_met"), "pct", 3, word=False),
        Column(w.t("report.doc.col.communes_short"), "num", word=False),
        Column(w.t("report.doc.col.forecast_communes"), "num", word=False),
        Column(w.t("report.doc.col.forecast_low_communes"), "num", word=False),
        Column(w.t("report.doc.col.forecast_high_communes"), "num", word=False),
        Column(w.t("report.doc.col.forecast_at_deadline"), "pct", word=False),
        Column(w.t("report.doc.col.forecast_low"), "pct", word=False),
        Column(w.t("report.doc.col.forecast_high"), "pct", word=False),
    ), rows, note=w.t("report.doc.targets.note"))


def _sections(c: ReportContent, w: Words) -> Table:
    counts = ("tasks", "done_in_period", "done_before", "not_done", "not_due", "regular")
    rows = tuple((f"{s.section}. {s.title}", *(getattr(s, k) for k in counts)) for s in c.sections)
    total = (w.t("report.doc.total"), *(sum(getattr(s, k) for s in c.sections) for k in counts))
    return _table("sections", w.t("report.doc.table.sections"), (
        Column(w.t("report.doc.col.section"), width=6.0),
        Column(w.t("report.doc.col.tasks_total"), "num", 1.6),
        Column(w.t("report.doc.col.done_in_period"), "num", 1.8),
        Column(w.t("report.doc.col.done_before"), "num", 1.8),
        Column(w.t("report.doc.col.not_done"), "num", 1.9),
        Column(w.t("report.doc.col.not_due"), "num", 1.6),
        Column(w.t("report.doc.col.regular"), "num", 1.8),
    ), rows, total)


def _task_columns(width: float, w: Words) -> list[Column]:
    return [Column(w.t("report.doc.col.task"), width=width, excel=False), Column(w.t("report.doc.col.task_id"), word=False),
            Column(w.t("report.doc.col.section"), word=False),
            Column(w.t("report.doc.col.task_text"), width=10, word=False), Column(w.t("report.doc.col.lead"), width=2.6),
            Column(w.t("report.doc.col.partners"), width=5, word=False),
            Column(w.t("report.doc.col.deadline_as_written"), width=4.5, word=False),
            Column(w.t("report.doc.col.due"), "date", 2.3)]


def _task_cells(t, w: Words) -> tuple:
    """The task in full (the document names the task as the programme words it, never cut short)."""
    marks = ([w.t("report.doc.task.awaiting", document=t.awaiting) if t.awaiting else w.t("report.doc.task.no_due_yet")]
             if t.due is None and t.awaiting
             else [w.t("report.doc.task.tentative")] if getattr(t, "tentative", False) else [])
    named = f"{t.id}. {t.text}" + (f" ({'; '.join(marks)})" if marks else "")
    return (named, t.id, t.section, t.text, t.lead, t.partners or "–",
            t.deadline_text, t.due)


def _done(c: ReportContent, w: Words) -> Table:
    rows = tuple((*_task_cells(t, w), t.done_date,
                  w.nt("report.doc.task.late_days", t.finished_late_days, days=t.finished_late_days) if t.finished_late_days
                  else w.t("report.doc.report_state.on_time"), t.finished_late_days) for t in c.done)
    return _table("done", w.t("report.doc.table.done", period=w.phrase(c.period.label)), (
        *_task_columns(6.9, w),
        Column(w.t("report.doc.col.done_date"), "date", 2.4), Column(w.t("report.doc.col.assessment"), width=2.3),
        Column(w.t("report.doc.col.days_late"), "num", word=False),
    ), rows)


def _not_done(c: ReportContent, w: Words) -> Table:
    rows, section = [], None
    for t in c.not_done:
        if t.section != section:
            section = t.section
            rows.append(Group(f"{t.section}. {t.section_title}"))
        status = w.t(f"report.doc.status.{t.status}") if t.status in TASK_STATUSES else t.status
        state = status + (w.nt("report.doc.task.overdue_days", t.days_late, days=t.days_late) if t.days_late else
                          w.t("report.doc.task.due_at_end"))
        rows.append((*_task_cells(t, w), state, t.days_late, t.reason or w.t("report.doc.task.no_reason"), t.reason_at))
    return _table("not_done", w.t("report.doc.table.not_done", day=cell_text(c.period.end, "date", w)), (
        *_task_columns(4.4, w),
        Column(w.t("report.doc.col.state"), width=2.4), Column(w.t("report.doc.col.days_overdue"), "num", word=False),
        Column(w.t("report.doc.col.reason"), width=4.8), Column(w.t("report.doc.col.reason_date"), "date", word=False),
    ), rows)


def _leads(c: ReportContent, w: Words) -> Table:
    rows = tuple((r.agency, r.tasks, r.done_in_period, r.not_done, r.not_done_no_reason) for r in c.by_lead)
    active = tuple(r for r in rows if r[2] or r[3])
    return _table("leads", w.t("report.doc.table.leads"), (
        Column(w.t("report.doc.col.lead"), width=6.4),
        Column(w.t("report.doc.col.tasks_led"), "num", 2.5),
        Column(w.t("report.doc.col.done_in_period"), "num", 2.5),
        Column(w.t("report.doc.col.not_done"), "num", 2.6),
        Column(w.t("report.doc.col.no_reason"), "num", 2.5),
    ), rows, word_rows=active, note=w.t("report.doc.leads.note"))


def _reports(c: ReportContent, w: Words) -> Table:
    month_group = (w.t("report.doc.col.monthly_due", rule=c.report_rules[0]) if c.report_rules[0]
                   else w.t("report.doc.col.monthly"))
    quarter_group = (w.t("report.doc.col.quarterly_due", rule=c.report_rules[1].split(' (')[0]) if c.report_rules[1]
                     else w.t("report.doc.col.quarterly"))
    parts = ("due", "on_time", "late", "missing")
    rows = tuple((r.agency, *(getattr(r.monthly, p) for p in parts), *(getattr(r.quarterly, p) for p in parts))
                 for r in c.reports)
    total = (w.t("report.doc.total"), *(sum(row[i] for row in rows) for i in range(1, 9)))
    heads = (w.t("report.doc.col.reports_due"), *(w.t(f"report.doc.report_state.{s}") for s in ("on_time", "late", "missing")))
    late = sum(r.monthly.late_after_cutoff + r.quarterly.late_after_cutoff for r in c.reports)
    return _table("reports", w.t("report.doc.table.reports", period=w.phrase(c.period.label)), (
        Column(w.t("report.doc.col.agency"), width=4.1),
        *(Column(h, "num", 1.55, group=month_group) for h in heads),
        *(Column(h, "num", 1.55, group=quarter_group) for h in heads),
    ), rows, total if rows else None,
        note=w.t("report.doc.reports.note", after=w.nt("report.doc.reports.after_cutoff", late, count=late) if late else ""))


def _report_cells(c: ReportContent, w: Words) -> Table:
    rows = tuple((r.agency, w.t(f"report.doc.report_kind.{r.kind}"), w.phrase(r.label), r.due, r.received,
                  w.t(f"report.doc.report_state.{r.state}"), r.days_late) for r in c.report_cells)
    return _table("report_cells", w.t("report.doc.table.report_cells", period=w.phrase(c.period.label)), (
        Column(w.t("report.doc.col.agency"), width=5), Column(w.t("report.doc.col.report_kind")),
        Column(w.t("report.doc.col.report_period"), width=3), Column(w.t("report.doc.col.report_due"), "date"),
        Column(w.t("report.doc.col.received"), "date"), Column(w.t("report.doc.col.state")),
        Column(w.t("report.doc.col.days_late"), "num"),
    ), rows)  # the annex only: the document shows the summary (Bảng 9)
