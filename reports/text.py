"""The periodic report's wording: its heading lines and its outline — headings, one or two
sentences that state the key figures, the tables — built from `ReportContent`. The Word document
(reports.word) writes this outline; the page's preview shows it compactly.

Vietnamese by default (the document goes to the provincial committee and People's Committee);
English when asked for (`Words("en")`). The sentences are catalogue keys `report.doc.*`; a list
"a, b và c" is joined by the catalogue's own words.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reports.model import ReportContent
from reports.tables import TASK_STATUSES, Table, cell_text, month_text, report_tables
from reports.words import VI, Words


@dataclass(frozen=True)
class DocumentHeading:
    """The administrative heading (TT 01/2011/TT-BNV), the signature and the recipients.

    By default the Coordination Office reports to the Steering Committee's standing members and
    the People's Committee (the 2013 work programme §II.2); an admin changes this on /admin (services.report_settings).
    """

    parent_agency: str = "UBND TỈNH AN GIANG"
    issuer: tuple[str, ...] = ("VĂN PHÒNG ĐIỀU PHỐI", "CHƯƠNG TRÌNH XÂY DỰNG NTM")
    issuer_name: str = "Văn phòng Điều phối chương trình xây dựng NTM tỉnh"
    symbol: str = "BC-VPĐP"  # the number is given by the records office (văn thư) when issued
    place: str = "An Giang"
    signer_authority: str = ""  # "KT. TRƯỞNG BAN", "TM. ỦY BAN NHÂN DÂN"…; empty: the head signs himself
    signer_title: str = "CHÁNH VĂN PHÒNG"
    signer_name: str = ""
    recipients: tuple[str, ...] = (
        "TT. Ban Chỉ đạo tỉnh (b/c)",
        "UBND tỉnh (b/c)",
        "Thành viên Ban Chỉ đạo tỉnh",
        "UBND các huyện, thị xã, thành phố",
        "Lưu: VT, VPĐP",
    )


@dataclass(frozen=True)
class Heading:
    level: int  # 1: "I. …" (capitals), 2: "1. …"
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    italic: bool = False
    indent: bool = True  # first-line indent of the body


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class TableBlock:
    table: Table


Block = Heading | Para | Bullets | TableBlock
HEADING = DocumentHeading()
PLACEHOLDER = "…" * 33  # a dotted line to write on, when the office typed nothing
BLANK = (Para(PLACEHOLDER, indent=False), Para(PLACEHOLDER, indent=False))


def title_lines(c: ReportContent, w: Words = VI) -> list[str]:
    """The trích yếu in balanced lines: 'Kết quả thực hiện Chương trình công tác năm 2013' / 'và xây
    dựng nông thôn mới quý III năm 2013'."""
    period = w.phrase(c.period.label)
    if _programme_in_force(c):
        return [w.t("report.doc.title.programme", year=c.programme_issued.year),
                w.t("report.doc.title.programme_and", period=period)]
    return [w.t("report.doc.title.ntp"), w.t("report.doc.title.ntp_and", period=period)]


def title(c: ReportContent, w: Words = VI) -> str:
    return " ".join(title_lines(c, w))


def date_line(c: ReportContent, heading: DocumentHeading, w: Words = VI) -> str:
    """"An Giang, ngày 05 tháng 01 năm 2014": the day the report is made (not the period's year);
    a day below 10 and the months 1 and 2 take a leading zero (TT 01/2011, Điều 9)."""
    day = c.made_on or date.today()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return w.t("report.doc.date_line", place=heading.place, day=f"{day.day:02d}", month=month, year=day.year)


def _signed(value, w: Words, decimals: int = 0, unit_key: str = "") -> str:
    """'tăng 0,35 tiêu chí', 'giảm 2 xã', 'không đổi'."""
    if value is None:
        return ""
    if round(value, decimals) == 0:
        return w.t("report.doc.unchanged")
    amount = w.nt(unit_key, round(abs(value)), count=w.number(abs(value), decimals))
    return w.t("report.doc.up" if value > 0 else "report.doc.down", amount=amount)


def _moves(up: int, down: int, w: Words) -> str:
    """'có 6 xã tăng số tiêu chí đạt, không có xã nào giảm'."""
    if not up and not down:
        return w.t("report.doc.moves.none")
    rise = w.nt("report.doc.moves.up", up, count=up) if up else w.t("report.doc.moves.no_up")
    return w.t("report.doc.moves", rise=rise, fall=w.nt("report.doc.moves.down", down, count=down) if down
               else w.t("report.doc.moves.no_down"))


def _programme_in_force(c: ReportContent) -> bool:
    """The work programme was issued by the period's end (a report of 2011 does not report on it)."""
    return c.programme_issued is not None and c.programme_issued <= c.period.end


def _programme(c: ReportContent, w: Words) -> str:
    if not c.programme_issued:
        return w.t("report.doc.programme_unnamed")
    return w.t("report.doc.programme", year=c.programme_issued.year, document=c.programme_document,
               day=cell_text(c.programme_issued, "date", w))


def _capital(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}"


def intro(c: ReportContent, heading: DocumentHeading, w: Words = VI) -> str:
    end = cell_text(c.period.end, "date", w)
    if not _programme_in_force(c):
        return w.t("report.doc.intro_ntp", issuer=_capital(heading.issuer_name), period=w.phrase(c.period.label), day=end)
    return w.t("report.doc.intro", programme=_programme(c, w), issuer=heading.issuer_name,
               period=w.phrase(c.period.label), day=end)


def outline(c: ReportContent, heading: DocumentHeading = HEADING, w: Words = VI) -> list[Block]:
    tables = {t.key: t for t in report_tables(c, w)}
    whole = title(c, w)
    return [*_criteria(c, tables, w), *_tasks(c, tables, w), *_proposals(c, tables, w),
            Para(w.t("report.doc.closing", title=f"{whole[0].lower()}{whole[1:]}", issuer=heading.issuer_name))]


def _criteria(c: ReportContent, tables: dict[str, Table], w: Words) -> list[Block]:
    out: list[Block] = [Heading(1, w.t("report.doc.h.criteria"))]
    if c.now is None:
        return out + [Para(w.t("report.doc.criteria.no_data", period=w.phrase(c.period.label)))]
    n, b = c.now, c.before
    change = w.t("report.doc.compared", change=_signed(n.average - b.average, w, 2, "report.doc.criteria_count"),
                 month=month_text(b.month, w)) if b else ""
    standard = (w.nt("report.doc.criteria.standard", n.standard, count=n.standard) if n.standard
                else w.t("report.doc.criteria.no_standard"))
    out += [Heading(2, w.t("report.doc.h.communes")),
            Para(w.t("report.doc.criteria.summary", month=month_text(n.month, w), communes=n.communes,
                     total=n.criteria_total, set=c.criteria_set, average=w.number(n.average, 2), change=change,
                     standard=standard)),
            TableBlock(tables["overview"])]
    low = c.bands[0]
    band = w.text(low.label)
    low_change = (w.t("report.doc.compared", change=_signed(low.change, w, 0, "report.doc.communes_count"),
                      month=month_text(b.month, w)) if low.change is not None else "")
    out += [Para(w.t("report.doc.criteria.bands", communes=low.communes, band=f"{band[0].lower()}{band[1:]}",
                     change=low_change)), TableBlock(tables["bands"])]
    if c.pilots:
        up = sum(1 for p in c.pilots if (p.change or 0) > 0)
        down = sum(1 for p in c.pilots if (p.change or 0) < 0)
        top = c.pilots[0]
        moves = w.t("report.doc.pilots.moves", moves=_moves(up, down, w)) if any(p.change is not None for p in c.pilots) else ""
        out += [Heading(2, w.t("report.doc.h.pilots", group=f"{c.pilot_group[:1].lower()}{c.pilot_group[1:]}")),
                Para(w.t("report.doc.pilots.summary", month=month_text(n.month, w), communes=len(c.pilots),
                         average=w.number(sum(p.now for p in c.pilots) / len(c.pilots), 2), moves=moves,
                         name=top.name, district=top.district, now=top.now, total=top.total)),
                TableBlock(tables["pilots"])]
    if c.targets:
        main = [t for t in c.targets if not t.reading]
        out += [Heading(2, w.t("report.doc.h.targets", number=3 if c.pilots else 2)),
                Para(_targets_sentence(main, n.month, w)),
                TableBlock(tables["targets"])]
    return out


TARGET_ORDER = ("met", "on_track", "off_track", "not_met", "no_data")  # report.doc.targets.<status>
TASK_WORDS = ("in_progress", "not_started", "not_done")  # report.doc.task_state.<status>


def join(parts: list[str], w: Words = VI) -> str:
    """'a', 'a và b', 'a, b và c' ('a, b and c')."""
    return parts[0] if len(parts) == 1 else w.t("report.doc.and", first=", ".join(parts[:-1]), last=parts[-1])


def _targets_sentence(main, month: str, w: Words) -> str:
    """'Chương trình công tác đặt 4 mục tiêu; đến cuối tháng 9/2013, 1 mục tiêu đã đạt, 2 mục tiêu
    đúng tiến độ và 1 mục tiêu chậm tiến độ.'"""
    counts = [(sum(1 for t in main if t.status == key), key) for key in TARGET_ORDER]
    counts = [(n, key) for n, key in counts if n]
    if len(counts) == 1:
        words = w.t(f"report.doc.targets.{counts[0][1]}")
        state = (w.t("report.doc.targets.all", count=len(main), words=words) if len(main) > 1
                 else w.t("report.doc.targets.this", words=words))
    else:
        state = join([w.nt("report.doc.targets.count", n, count=n, words=w.t(f"report.doc.targets.{key}"))
                      for n, key in counts], w)
    return w.nt("report.doc.targets.sentence", len(main), count=len(main), month=month_text(month, w), state=state)


def _task_words(status: str, w: Words) -> str:
    if status in TASK_WORDS:
        return w.t(f"report.doc.task_state.{status}")
    return w.t(f"report.doc.status.{status}").lower() if status in TASK_STATUSES else status


def _not_done_sentence(c: ReportContent, end: str, w: Words) -> str:
    """'Đến hết ngày 30/09/2013 còn 3 nhiệm vụ đã đến hạn nhưng chưa hoàn thành: 2 nhiệm vụ đang
    thực hiện và 1 nhiệm vụ chưa triển khai; các cơ quan chủ trì đã nêu nguyên nhân của cả 3.'"""
    by_status: dict[str, int] = {}
    for t in c.not_done:
        by_status[t.status] = by_status.get(t.status, 0) + 1
    n = len(c.not_done)
    words = {s: _task_words(s, w) for s in by_status}
    if len(by_status) == 1:
        state = w.t("report.doc.not_done.all" if n > 1 else "report.doc.not_done.one", words=words[next(iter(by_status))])
    else:
        state = w.t("report.doc.not_done.split", parts=join(
            [w.nt("report.doc.not_done.count", k, count=k, words=words[s]) for s, k in by_status.items()], w))
    no_reason = sum(1 for t in c.not_done if not t.reason)
    if not no_reason:
        reasons = w.t("report.doc.reasons.all", of=w.t("report.doc.reasons.of_all", count=n) if n > 1 else "")
    elif no_reason == n:
        reasons = w.t("report.doc.reasons.none" if n > 1 else "report.doc.reasons.none_one")
    else:
        reasons = w.nt("report.doc.reasons.some", no_reason, count=no_reason)
    return w.nt("report.doc.not_done.sentence", n, day=end, count=n, state=state, reasons=reasons)


def _tasks(c: ReportContent, tables: dict[str, Table], w: Words) -> list[Block]:
    end = cell_text(c.period.end, "date", w)
    period = w.phrase(c.period.label)
    out: list[Block] = [Heading(1, w.t("report.doc.h.tasks"))]
    if not c.tasks_total:
        return out + [Para(w.t("report.doc.tasks.no_catalogue"))]
    if not _programme_in_force(c):
        return out + [Para(w.t("report.doc.tasks.issued_after", programme=_capital(_programme(c, w)), period=period))]
    late_done = sum(1 for t in c.done if t.finished_late_days)
    regular = sum(s.regular for s in c.sections)
    out += [Heading(2, w.t("report.doc.h.general")),
            Para(w.t("report.doc.tasks.general", programme=_capital(_programme(c, w)), tasks=c.tasks_total,
                     regular=regular, period=period, done=len(c.done), day=end, not_done=len(c.not_done))),
            TableBlock(tables["sections"]),
            Heading(2, w.t("report.doc.h.done"))]
    if c.done:
        out += [Para(w.nt("report.doc.tasks.done", len(c.done), period=period, count=len(c.done),
                          late=w.nt("report.doc.tasks.done_late", late_done, count=late_done) if late_done
                          else w.t("report.doc.tasks.done_on_time"))),
                TableBlock(tables["done"])]
    else:
        out.append(Para(w.t("report.doc.tasks.none_done", period=period)))
    out.append(Heading(2, w.t("report.doc.h.not_done")))
    if c.not_done:
        out += [Para(_not_done_sentence(c, end, w)),
                TableBlock(tables["not_done"]), TableBlock(tables["leads"])]
    else:
        out.append(Para(w.t("report.doc.tasks.none_not_done", day=end)))
    out.append(Heading(2, w.t("report.doc.h.reports")))
    if c.reports:
        t = tables["reports"].total
        due, on_time, late, missing = t[1] + t[5], t[2] + t[6], t[3] + t[7], t[4] + t[8]
        out += [Para(w.t("report.doc.reports.summary", period=period,
                         agencies=w.nt("report.doc.reports.agencies", len(c.reports), count=len(c.reports)),
                         monthly=t[1], quarterly=t[5],
                         on_time=w.nt("report.doc.reports.on_time", on_time, count=on_time),
                         share=cell_text(on_time * 100 / due, "pct", w),
                         late=w.nt("report.doc.reports.late", late, count=late) if late else w.t("report.doc.reports.no_late"),
                         missing=(w.nt("report.doc.reports.missing", missing, count=missing) if missing
                                  else w.t("report.doc.reports.no_missing")))),
                TableBlock(tables["reports"])]
    else:
        out.append(Para(w.t("report.doc.reports.none_due", period=period)))
    return out


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _proposals(c: ReportContent, tables: dict[str, Table], w: Words) -> list[Block]:
    nxt = w.phrase(c.period.next().label)
    out: list[Block] = [Heading(1, w.t("report.doc.h.proposals")), Heading(2, w.t("report.doc.h.proposals_1"))]
    out += [Para(line) for line in _lines(c.proposals)] or list(BLANK)
    out.append(Heading(2, w.t("report.doc.h.priorities", period=nxt)))
    if _lines(c.priorities):
        return out + [Para(line) for line in _lines(c.priorities)]
    if c.not_done:
        ref = tables["not_done"].title.split(".")[0]
        out.append(Para(w.t("report.doc.priorities.not_done", table=ref)))
    if c.next_due:
        out.append(Para(w.t("report.doc.priorities.next_due", period=nxt)))
        out.append(Bullets(tuple(w.t("report.doc.priorities.task", id=t.id, text=t.text.rstrip(" .;"), lead=t.lead,
                                     due=cell_text(t.due, "date", w))
                                 for t in c.next_due)))
    if not c.not_done and not c.next_due:
        out += list(BLANK)
    return out
