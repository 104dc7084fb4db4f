"""The periodic report's tables, built once from `ReportContent` and written by both the Word
document (reports.word) and the Excel annex (reports.annex), so the two
always hold the same figures.

Cells keep their raw values (int, float, date, str, None); each column says how to show them:
the Word document writes Vietnamese text (1.285; 8,16; 14,29%; 15/06/2013), the annex writes
numbers and dates with an Excel number format. Some columns are only in the annex (codes, full
task wording, exact numbers) and some only in the document (a short task wording).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from domain.months import Month
from reports.model import ReportContent, TargetRow

STATUS_VI = {"not_started": "Chưa triển khai", "in_progress": "Đang thực hiện", "done": "Đã hoàn thành",
             "not_done": "Không hoàn thành"}
TARGET_STATUS_VI = {"met": "Đạt", "not_met": "Không đạt", "on_track": "Đúng tiến độ", "off_track": "Chậm tiến độ",
                    "no_data": "Chưa có số liệu"}
REPORT_STATE_VI = {"on_time": "Đúng hạn", "late": "Trễ hạn", "missing": "Chưa nộp", "not_due": "Chưa đến hạn"}
SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
NO_REASON = "Chưa nêu nguyên nhân"


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
    key: str  # the annex sheet's name
    title: str  # "Bảng 3. …"
    columns: tuple[Column, ...]
    rows: tuple  # tuples of cell values in column order, or Group rows
    total: tuple | None = None
    note: str = ""
    word_rows: tuple | None = None  # the document's rows when it shows fewer than the annex

    def columns_for(self, target: str) -> list[int]:
        return [i for i, c in enumerate(self.columns) if getattr(c, target)]


def number_text(value: float | int, decimals: int = 0) -> str:
    """1285 -> '1.285'; 8.1597 -> '8,16' (decimals=2)."""
    text = f"{abs(value):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("-" if round(value, decimals) < 0 else "") + text


def cell_text(value, kind: str) -> str:
    """A cell as the Word document shows it; None is '–'."""
    if value is None:
        return "–"
    if kind == "date":
        return f"{value.day:02d}/{value.month:02d}/{value.year}" if isinstance(value, date) else str(value)
    if kind == "num":
        return number_text(value, 2 if isinstance(value, float) else 0)
    if kind == "signed":
        text = number_text(value, 2 if isinstance(value, float) else 0)
        return text if text.startswith("-") or text.strip("0,") == "" else "+" + text
    if kind == "pct":
        return number_text(value, 2) + "%"
    return str(value)


def month_text(month: str | None) -> str:
    """'2013-09' -> 'tháng 9/2013'."""
    return Month.parse(month).label("vi", long=True) if month else "–"


def report_tables(c: ReportContent) -> list[Table]:
    """Every table of the report, in the document's order; the last (each report received) is
    only in the annex. reports.text places the others in the document."""
    tables = [t for t in (_overview(c), _bands(c), _pilots(c), _targets(c)) if t is not None]
    tables += [_sections(c), _done(c), _not_done(c), _leads(c), _reports(c), _report_cells(c)]
    return [replace(t, title=f"Bảng {i}. {t.title}") for i, t in enumerate(tables, start=1)]


def _change(now, before):
    return None if now is None or before is None else now - before


def _overview(c: ReportContent) -> Table | None:
    if c.now is None:
        return None
    b, n = c.before, c.now
    rows = [(label, getattr(b, f) if b else None, getattr(n, f), _change(getattr(n, f), getattr(b, f) if b else None))
            for label, f in (("Số xã có số liệu đánh giá", "communes"),
                             (f"Số xã đạt chuẩn nông thôn mới (đạt {n.criteria_total}/{n.criteria_total} tiêu chí)",
                              "standard"),
                             ("Bình quân số tiêu chí đạt/xã", "average"),
                             ("Tổng số tiêu chí đạt của các xã", "criteria_met"))]
    return Table("Tổng hợp", "Kết quả thực hiện Bộ tiêu chí của các xã", (
        Column("Nội dung", width=7.9),
        Column(f"Cuối {month_text(c.period.baseline_month)}", "num", 2.9),
        Column(f"Cuối {month_text(n.month)}", "num", 2.9),
        Column("Tăng (+), giảm (-)", "signed", 2.8),
    ), tuple(rows))


def _bands(c: ReportContent) -> Table | None:
    if not c.bands:
        return None
    rows = tuple((b.label, b.before, b.communes, b.percent, b.change) for b in c.bands)
    before = c.before.communes if c.before else None
    total = ("Tổng số xã", before, c.now.communes, 100.0, _change(c.now.communes, before))
    return Table("Phân nhóm xã", "Phân nhóm xã theo số tiêu chí đạt", (
        Column("Nhóm xã", width=5.4),
        Column(f"Số xã cuối {month_text(c.period.baseline_month)}", "num", 2.8),
        Column(f"Số xã cuối {month_text(c.now.month)}", "num", 2.8),
        Column("Tỷ lệ so với tổng số xã", "pct", 2.7),
        Column("Tăng (+), giảm (-)", "signed", 2.8),
    ), rows, total)


def _pilots(c: ReportContent) -> Table | None:
    if not c.pilots:
        return None
    rows = tuple((p.rank, p.code, p.name, p.district, p.total, p.before, p.now, p.change,
                  ", ".join(str(n) for n in p.missing_numbers) or "–", ", ".join(p.missing_names) or "–")
                 for p in c.pilots)
    known = [p for p in c.pilots if p.before is not None]
    mean = lambda xs: sum(xs) / len(xs) if xs else None  # noqa: E731
    before, now = mean([p.before for p in known]), mean([float(p.now) for p in c.pilots])
    total = ("", "", "Bình quân", "", None, before, now, _change(now, before) if known else None, "", "")
    met = "Số tiêu chí đạt"
    return Table("Xã điểm", f"Mức độ đạt tiêu chí của {c.pilot_group[:1].lower()}{c.pilot_group[1:]}", (
        Column("Xếp hạng", "num", 1.5),
        Column("Mã xã", word=False),
        Column("Xã", width=2.3),
        Column("Huyện, thị xã, thành phố", width=2.4),
        Column("Số tiêu chí của Bộ tiêu chí", "num", word=False),
        Column(f"Cuối {month_text(c.period.baseline_month)}", "num", 2.1, group=met),
        Column(f"Cuối {month_text(c.now.month)}", "num", 2.1, group=met),
        Column("Tăng (+), giảm (-)", "signed", 1.7, group=met),
        Column("Tiêu chí chưa đạt (số thứ tự)", width=4.4),
        Column("Tiêu chí chưa đạt (tên)", width=9, word=False),
    ), rows, total, note="Tiêu chí chưa đạt ghi theo số thứ tự trong Bộ tiêu chí; tên từng tiêu chí xem Phụ lục (Excel).")


def _target_texts(t: TargetRow) -> tuple[str, str, str, str]:
    """(result, target, gap, forecast) as the document writes them."""
    pct = lambda v: cell_text(v, "pct")  # noqa: E731
    unit = (lambda v: pct(v)) if t.by_percent else (lambda v: f"{number_text(round(v))} xã")  # noqa: E731
    if t.count is None:
        result = "–"
    elif t.by_percent:
        result = f"{pct(t.share)} ({t.count}/{t.n_communes} xã)"
    else:
        of = t.denominator or t.n_communes
        result = f"Chưa có xã nào đạt ({t.count}/{of} xã)" if t.count == 0 else f"{t.count}/{of} xã"
    goal = f"{SYMBOLS[t.comparison]} " + (f"{number_text(t.target_value, 0 if t.target_value == int(t.target_value) else 2)}%"
                                           if t.by_percent else
                                           f"{number_text(t.target_value)}{'/' + str(t.denominator) if t.denominator else ''} xã")
    gap = "–" if t.gap_communes is None else ("Đã đạt" if t.gap_communes == 0 else f"{t.gap_communes} xã")
    if t.forecast is None:
        forecast = "–"
    elif t.forecast_is_actual:
        forecast = f"Tại thời hạn: {unit(t.forecast)}"
    elif t.forecast_low is not None and (unit(t.forecast_low) != unit(t.forecast) or unit(t.forecast_high) != unit(t.forecast)):
        low, high = unit(t.forecast_low), unit(t.forecast_high)
        forecast = f"{unit(t.forecast)} ({low.removesuffix(' xã').removesuffix('%')}–{high})"
    else:
        forecast = unit(t.forecast)
    return result, goal, gap, forecast


def _targets(c: ReportContent) -> Table | None:
    if not c.targets:
        return None
    rows = []
    beside = {}
    for other in getattr(c, "other_readings", ()):
        beside.setdefault(other.other_of, []).append(other)
    shown = [row for t in c.targets for row in (t, *beside.get(t.key, ()))]
    for t in shown:
        wording = (f"Nếu chỉ tính các xã đạt {t.band[0]}–{t.band[1]} tiêu chí" if t.reading == "band" else t.wording)
        if t.other_of:
            wording = f"Cách hiểu khác của mục tiêu trên: {wording}"
        result, goal, gap, forecast = _target_texts(t)
        communes = None if t.by_percent else t.forecast  # one unit per column: communes, or percent
        percent = t.forecast if t.by_percent else None
        low, high = t.forecast_low, t.forecast_high
        rows.append((wording, t.deadline, result, goal, gap, forecast, TARGET_STATUS_VI[t.status], t.count,
                     t.denominator or t.n_communes, t.n_communes, t.share, t.gap_communes,
                     communes, None if t.by_percent else low, None if t.by_percent else high,
                     percent, low if t.by_percent else None, high if t.by_percent else None))
    return Table("Mục tiêu", f"Tiến độ thực hiện các mục tiêu đến cuối {month_text(c.now.month)}", (
        Column("Mục tiêu", width=4.5),
        Column("Thời hạn", "date", 2.2),
        Column("Kết quả", width=2.7),
        Column("Mức phải đạt", word=False),
        Column("Còn thiếu", width=1.6),
        Column("Dự báo đến thời hạn", width=2.9, excel=False),
        Column("Đánh giá", width=2.6),
        Column("Số xã đạt", "num", word=False),
        Column("Tổng số xã tính tỷ lệ", "num", word=False),
        Column("Số xã có số liệu", "num", word=False),
        Column("Tỷ lệ xã đạt so với số xã có số liệu", "pct", 3, word=False),
        Column("Số xã còn thiếu", "num", word=False),
        Column("Dự báo tại thời hạn (số xã)", "num", word=False),
        Column("Dự báo thấp (số xã)", "num", word=False),
        Column("Dự báo cao (số xã)", "num", word=False),
        Column("Dự báo tại thời hạn", "pct", word=False),
        Column("Dự báo thấp", "pct", word=False),
        Column("Dự báo cao", "pct", word=False),
    ), tuple(rows), note="Trước thời hạn, “Đúng tiến độ” khi giá trị dự báo tại thời hạn đạt mục tiêu. Dự báo ngoại "
                         "suy tuyến tính tốc độ của từng xã trong 12 tháng có số liệu gần nhất.")


def _sections(c: ReportContent) -> Table:
    counts = ("tasks", "done_in_period", "done_before", "not_done", "not_due", "regular")
    rows = tuple((f"{s.section}. {s.title}", *(getattr(s, k) for k in counts)) for s in c.sections)
    total = ("Tổng cộng", *(sum(getattr(s, k) for s in c.sections) for k in counts))
    return Table("Nhiệm vụ theo mục", "Tình hình thực hiện nhiệm vụ theo mục của Chương trình công tác", (
        Column("Mục", width=6.0),
        Column("Tổng số nhiệm vụ", "num", 1.6),
        Column("Hoàn thành trong kỳ", "num", 1.8),
        Column("Hoàn thành trước kỳ", "num", 1.8),
        Column("Chưa hoàn thành (đã đến hạn)", "num", 1.9),
        Column("Chưa đến hạn", "num", 1.6),
        Column("Thường xuyên, định kỳ", "num", 1.8),
    ), rows, total)


def _task_columns(width: float) -> list[Column]:
    return [Column("Nhiệm vụ", width=width, excel=False), Column("Mã nhiệm vụ", word=False), Column("Mục", word=False),
            Column("Nội dung nhiệm vụ", width=10, word=False), Column("Cơ quan chủ trì", width=2.6),
            Column("Cơ quan phối hợp", width=5, word=False), Column("Thời hạn theo Chương trình", width=4.5, word=False),
            Column("Hạn", "date", 2.3)]


def _task_cells(t) -> tuple:
    """The task in full (the document names the task as the programme words it, never cut short)."""
    marks = ([f"chờ {t.awaiting}" if t.awaiting else "chưa có hạn: chờ văn bản"] if t.due is None and t.awaiting
             else ["hạn dự kiến"] if getattr(t, "tentative", False) else [])
    named = f"{t.id}. {t.text}" + (f" ({'; '.join(marks)})" if marks else "")
    return (named, t.id, t.section, t.text, t.lead, t.partners or "–",
            t.deadline_text, t.due)


def _done(c: ReportContent) -> Table:
    rows = tuple((*_task_cells(t), t.done_date, f"Trễ {t.finished_late_days} ngày" if t.finished_late_days else "Đúng hạn",
                  t.finished_late_days) for t in c.done)
    return Table("Nhiệm vụ hoàn thành", f"Nhiệm vụ đã hoàn thành trong {c.period.label_vi}", (
        *_task_columns(6.9),
        Column("Ngày hoàn thành", "date", 2.4), Column("Đánh giá", width=2.3),
        Column("Số ngày trễ", "num", word=False),
    ), rows)


def _not_done(c: ReportContent) -> Table:
    rows, section = [], None
    for t in c.not_done:
        if t.section != section:
            section = t.section
            rows.append(Group(f"{t.section}. {t.section_title}"))
        state = STATUS_VI.get(t.status, t.status) + (f"; quá hạn {t.days_late} ngày" if t.days_late else
                                                      "; đến hạn ngày cuối kỳ")
        rows.append((*_task_cells(t), state, t.days_late, t.reason or NO_REASON, t.reason_at))
    return Table("Nhiệm vụ chưa hoàn thành", f"Nhiệm vụ đã đến hạn nhưng chưa hoàn thành đến hết ngày "
                                       f"{cell_text(c.period.end, 'date')} và nguyên nhân", (
        *_task_columns(4.4),
        Column("Tình trạng", width=2.4), Column("Số ngày quá hạn", "num", word=False),
        Column("Nguyên nhân", width=4.8), Column("Ngày nêu nguyên nhân", "date", word=False),
    ), tuple(rows))


def _leads(c: ReportContent) -> Table:
    rows = tuple((r.agency, r.tasks, r.done_in_period, r.not_done, r.not_done_no_reason) for r in c.by_lead)
    active = tuple(r for r in rows if r[2] or r[3])
    return Table("Nhiệm vụ theo cơ quan", "Kết quả thực hiện nhiệm vụ theo cơ quan chủ trì", (
        Column("Cơ quan chủ trì", width=6.4),
        Column("Số nhiệm vụ chủ trì", "num", 2.5),
        Column("Hoàn thành trong kỳ", "num", 2.5),
        Column("Chưa hoàn thành (đã đến hạn)", "num", 2.6),
        Column("Trong đó chưa nêu nguyên nhân", "num", 2.5),
    ), rows, word_rows=active,
        note="Nhiệm vụ có cơ quan đồng chủ trì được tính cho từng cơ quan. Bảng trong báo cáo chỉ nêu các cơ quan "
             "có nhiệm vụ hoàn thành hoặc chưa hoàn thành trong kỳ; Phụ lục (Excel) nêu đủ các cơ quan.")


def _reports(c: ReportContent) -> Table:
    month_group, quarter_group = (f"Báo cáo tháng (hạn {c.report_rules[0]})" if c.report_rules[0] else "Báo cáo tháng",
                                  f"Báo cáo quý (hạn {c.report_rules[1].split(' (')[0]})" if c.report_rules[1]
                                  else "Báo cáo quý")
    parts = ("due", "on_time", "late", "missing")
    rows = tuple((r.agency, *(getattr(r.monthly, p) for p in parts), *(getattr(r.quarterly, p) for p in parts))
                 for r in c.reports)
    total = ("Tổng cộng", *(sum(row[i] for row in rows) for i in range(1, 9)))
    heads = ("Phải nộp", "Đúng hạn", "Trễ hạn", "Chưa nộp")
    return Table("Chế độ báo cáo", f"Chế độ báo cáo của thành viên Ban Chỉ đạo tỉnh trong {c.period.label_vi}", (
        Column("Cơ quan", width=4.1),
        *(Column(h, "num", 1.55, group=month_group) for h in heads),
        *(Column(h, "num", 1.55, group=quarter_group) for h in heads),
    ), rows, total if rows else None,
        note="Báo cáo nhận đến hết ngày đến hạn là đúng hạn; nhận sau ngày đến hạn là trễ hạn (số ngày trễ tính từ "
             "ngày đến hạn đến ngày nhận), kể cả báo cáo nhận sau ngày cuối kỳ"
             + (f" ({late} báo cáo)" if (late := sum(r.monthly.late_after_cutoff + r.quarterly.late_after_cutoff
                                                     for r in c.reports)) else "")
             + "; chưa nộp là chưa ghi nhận báo cáo nào đến ngày lập báo cáo.")


def _report_cells(c: ReportContent) -> Table:
    rows = tuple((r.agency, "Tháng" if r.kind == "month" else "Quý", r.label, r.due, r.received,
                  REPORT_STATE_VI[r.state], r.days_late) for r in c.report_cells)
    return Table("Chi tiết báo cáo", f"Chi tiết nộp báo cáo của thành viên Ban Chỉ đạo tỉnh trong {c.period.label_vi}", (
        Column("Cơ quan", width=5), Column("Loại báo cáo"), Column("Kỳ báo cáo", width=3), Column("Hạn nộp", "date"),
        Column("Ngày nhận", "date"), Column("Tình trạng"), Column("Số ngày trễ", "num"),
    ), rows)  # the annex only: the document shows the summary (Bảng 9)
