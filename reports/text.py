"""The periodic report's wording: its heading lines and its outline — headings, one or two
sentences that state the key figures, the tables — built from `ReportContent`. The Word document
(reports.word) writes this outline; the page's preview shows it compactly.

Vietnamese only: the document goes to the provincial committee and People's Committee.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reports.model import ReportContent
from reports.tables import (
    STATUS_VI,
    Table,
    cell_text,
    month_text,
    number_text,
    report_tables,
)


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


def title_lines(c: ReportContent) -> list[str]:
    """The trích yếu in balanced lines: 'Kết quả thực hiện Chương trình công tác năm 2013' / 'và xây
    dựng nông thôn mới quý III năm 2013'."""
    if _programme_in_force(c):
        return [f"Kết quả thực hiện Chương trình công tác năm {c.programme_issued.year}",
                f"và xây dựng nông thôn mới {c.period.label_vi}"]
    return ["Kết quả thực hiện Chương trình MTQG", f"xây dựng nông thôn mới {c.period.label_vi}"]


def title(c: ReportContent) -> str:
    return " ".join(title_lines(c))


def date_line(c: ReportContent, heading: DocumentHeading) -> str:
    """"An Giang, ngày 05 tháng 01 năm 2014": the day the report is made (not the period's year);
    a day below 10 and the months 1 and 2 take a leading zero (TT 01/2011, Điều 9)."""
    day = c.made_on or date.today()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{heading.place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _signed(value, decimals: int = 0, unit: str = "") -> str:
    if value is None:
        return ""
    word = "tăng" if round(value, decimals) > 0 else "giảm" if round(value, decimals) < 0 else "không đổi"
    return word if word == "không đổi" else f"{word} {number_text(abs(value), decimals)}{unit}"


def _moves(up: int, down: int) -> str:
    """'có 6 xã tăng số tiêu chí đạt, không có xã nào giảm'."""
    if not up and not down:
        return "không có xã nào thay đổi số tiêu chí đạt"
    rise = f"có {up} xã tăng số tiêu chí đạt" if up else "không có xã nào tăng số tiêu chí đạt"
    return f"{rise}, {f'{down} xã giảm' if down else 'không có xã nào giảm'}"


def _programme_in_force(c: ReportContent) -> bool:
    """The work programme was issued by the period's end (a report of 2011 does not report on it)."""
    return c.programme_issued is not None and c.programme_issued <= c.period.end


def _programme(c: ReportContent) -> str:
    if not c.programme_issued:
        return "Chương trình công tác của Ban Chỉ đạo tỉnh"
    return (f"Chương trình công tác năm {c.programme_issued.year} của Ban Chỉ đạo tỉnh (số {c.programme_document} "
            f"ngày {c.programme_issued.day:02d}/{c.programme_issued.month:02d}/{c.programme_issued.year})")


def intro(c: ReportContent, heading: DocumentHeading) -> str:
    if not _programme_in_force(c):
        return (f"{heading.issuer_name[0].upper()}{heading.issuer_name[1:]} báo cáo kết quả thực hiện Chương trình "
                f"MTQG xây dựng nông thôn mới {c.period.label_vi} (số liệu tính đến hết ngày "
                f"{cell_text(c.period.end, 'date')}) như sau:")
    return (f"Thực hiện {_programme(c)}, {heading.issuer_name} báo cáo kết quả thực hiện {c.period.label_vi} "
            f"(số liệu tính đến hết ngày {cell_text(c.period.end, 'date')}) như sau:")


def outline(c: ReportContent, heading: DocumentHeading = HEADING) -> list[Block]:
    tables = {t.key: t for t in report_tables(c)}
    return [*_criteria(c, tables), *_tasks(c, tables), *_proposals(c, tables),
            Para(f"Trên đây là báo cáo {title(c)[0].lower()}{title(c)[1:]} của {heading.issuer_name}./.")]


def _criteria(c: ReportContent, tables: dict[str, Table]) -> list[Block]:
    out: list[Block] = [Heading(1, "I. KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ NÔNG THÔN MỚI")]
    if c.now is None:
        return out + [Para(f"Chưa có số liệu đánh giá tiêu chí của các xã trong {c.period.label_vi}.")]
    n, b = c.now, c.before
    change = f" ({_signed(n.average - b.average, 2, ' tiêu chí')} so với cuối {month_text(b.month)})" if b else ""
    out += [Heading(2, "1. Mức độ đạt tiêu chí của các xã"),
            Para(f"Đến cuối {month_text(n.month)}, toàn tỉnh có {n.communes} xã được đánh giá theo "
                 f"{n.criteria_total} tiêu chí của {c.criteria_set}; bình quân đạt {number_text(n.average, 2)} tiêu chí/xã{change}; "
+ (f"{n.standard} xã đạt chuẩn nông thôn mới." if n.standard else
                    "chưa có xã nào đạt chuẩn nông thôn mới.")),
            TableBlock(tables["Tổng hợp"])]
    low = c.bands[0]
    low_change = f" ({_signed(low.change, 0, ' xã')} so với cuối {month_text(b.month)})" if low.change is not None else ""
    out += [Para(f"Phân nhóm theo số tiêu chí đạt: còn {low.communes} xã {low.label[0].lower()}{low.label[1:]}"
                 f"{low_change}; chi tiết từng nhóm như sau:"), TableBlock(tables["Phân nhóm xã"])]
    if c.pilots:
        up = sum(1 for p in c.pilots if (p.change or 0) > 0)
        down = sum(1 for p in c.pilots if (p.change or 0) < 0)
        top = c.pilots[0]
        moves = f"; trong kỳ {_moves(up, down)}" if any(p.change is not None for p in c.pilots) else ""
        out += [Heading(2, f"2. Kết quả của {c.pilot_group[:1].lower()}{c.pilot_group[1:]}"),
                Para(f"Đến cuối {month_text(n.month)}, {len(c.pilots)} xã điểm đạt bình quân "
                     f"{number_text(sum(p.now for p in c.pilots) / len(c.pilots), 2)} tiêu chí/xã{moves}. "
                     f"Xã đạt nhiều tiêu chí nhất là {top.name} "
                     f"({top.district}) với {top.now}/{top.total} tiêu chí."),
                TableBlock(tables["Xã điểm"])]
    if c.targets:
        main = [t for t in c.targets if not t.reading]
        out += [Heading(2, f"{3 if c.pilots else 2}. Tiến độ thực hiện các mục tiêu"),
                Para(_targets_sentence(main, n.month)),
                TableBlock(tables["Mục tiêu"])]
    return out


TARGET_PHRASES = (("met", "đã đạt"), ("on_track", "đúng tiến độ"), ("off_track", "chậm tiến độ"),
                  ("not_met", "không đạt"), ("no_data", "chưa có số liệu để đánh giá"))
TASK_PHRASES = {"in_progress": "đang thực hiện", "not_started": "chưa triển khai",
                "not_done": "được báo cáo là không hoàn thành"}


def join_vi(parts: list[str]) -> str:
    """'a', 'a và b', 'a, b và c'."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} và {parts[-1]}"


def _targets_sentence(main, month: str) -> str:
    """'Chương trình công tác đặt 4 mục tiêu; đến cuối tháng 9/2013, 1 mục tiêu đã đạt, 2 mục tiêu
    đúng tiến độ và 1 mục tiêu chậm tiến độ.'"""
    counts = [(sum(1 for t in main if t.status == key), words) for key, words in TARGET_PHRASES]
    counts = [(n, words) for n, words in counts if n]
    if len(counts) == 1:
        state = f"cả {len(main)} mục tiêu đều {counts[0][1]}" if len(main) > 1 else f"mục tiêu này {counts[0][1]}"
    else:
        state = join_vi([f"{n} mục tiêu {words}" for n, words in counts])
    return f"Chương trình công tác đặt {len(main)} mục tiêu về số xã đạt tiêu chí; đến cuối {month_text(month)}, {state}."


def _not_done_sentence(c: ReportContent, end: str) -> str:
    """'Đến hết ngày 30/09/2013 còn 3 nhiệm vụ đã đến hạn nhưng chưa hoàn thành: 2 nhiệm vụ đang
    thực hiện và 1 nhiệm vụ chưa triển khai; các cơ quan chủ trì đã nêu nguyên nhân của cả 3.'"""
    by_status: dict[str, int] = {}
    for t in c.not_done:
        by_status[t.status] = by_status.get(t.status, 0) + 1
    n = len(c.not_done)
    words = {s: TASK_PHRASES.get(s, STATUS_VI.get(s, s).lower()) for s in by_status}
    if len(by_status) == 1:
        state = f", {'đều ' if n > 1 else ''}{words[next(iter(by_status))]}"
    else:
        state = ": " + join_vi([f"{k} nhiệm vụ {words[s]}" for s, k in by_status.items()])
    no_reason = sum(1 for t in c.not_done if not t.reason)
    if not no_reason:
        reasons = "các cơ quan chủ trì đã nêu nguyên nhân" + (f" của cả {n} nhiệm vụ" if n > 1 else "")
    elif no_reason == n:
        reasons = "chưa có nhiệm vụ nào được nêu nguyên nhân" if n > 1 else "nhiệm vụ này chưa được nêu nguyên nhân"
    else:
        reasons = f"{no_reason} nhiệm vụ chưa được nêu nguyên nhân"
    return (f"Đến hết ngày {end} còn {n} nhiệm vụ đã đến hạn nhưng chưa hoàn thành{state}; {reasons}. "
            f"Chi tiết theo từng mục và cơ quan chủ trì như sau:")


def _tasks(c: ReportContent, tables: dict[str, Table]) -> list[Block]:
    end = cell_text(c.period.end, "date")
    out: list[Block] = [Heading(1, "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA CHƯƠNG TRÌNH CÔNG TÁC")]
    if not c.tasks_total:
        return out + [Para("Cơ sở dữ liệu chưa có danh mục nhiệm vụ của Chương trình công tác.")]
    if not _programme_in_force(c):
        return out + [Para(f"{_programme(c)[0].upper()}{_programme(c)[1:]} được ban hành sau {c.period.label_vi}; "
                           f"kỳ báo cáo này chưa có nhiệm vụ nào của Chương trình.")]
    late_done = sum(1 for t in c.done if t.finished_late_days)
    regular = sum(s.regular for s in c.sections)
    out += [Heading(2, "1. Tình hình chung"),
            Para(f"{_programme(c)[0].upper()}{_programme(c)[1:]} có {c.tasks_total} nhiệm vụ, trong đó {regular} "
                 f"nhiệm vụ thực hiện thường xuyên hoặc định kỳ. Trong {c.period.label_vi} đã hoàn thành "
                 f"{len(c.done)} nhiệm vụ; đến hết ngày {end} còn {len(c.not_done)} nhiệm vụ đã đến hạn nhưng chưa "
                 f"hoàn thành."),
            TableBlock(tables["Nhiệm vụ theo mục"]),
            Heading(2, "2. Nhiệm vụ đã hoàn thành trong kỳ")]
    if c.done:
        out += [Para(f"Trong {c.period.label_vi} đã hoàn thành {len(c.done)} nhiệm vụ"
                     + (f", trong đó {late_done} nhiệm vụ hoàn thành trễ hạn." if late_done else ", đều đúng hạn.")),
                TableBlock(tables["Nhiệm vụ hoàn thành"])]
    else:
        out.append(Para(f"Trong {c.period.label_vi} không có nhiệm vụ nào được hoàn thành."))
    out.append(Heading(2, "3. Nhiệm vụ chưa hoàn thành và nguyên nhân"))
    if c.not_done:
        out += [Para(_not_done_sentence(c, end)),
                TableBlock(tables["Nhiệm vụ chưa hoàn thành"]), TableBlock(tables["Nhiệm vụ theo cơ quan"])]
    else:
        out.append(Para(f"Đến hết ngày {end} không có nhiệm vụ nào đã đến hạn mà chưa hoàn thành."))
    out.append(Heading(2, "4. Chế độ báo cáo của thành viên Ban Chỉ đạo tỉnh"))
    if c.reports:
        t = tables["Chế độ báo cáo"].total
        due, on_time, late, missing = t[1] + t[5], t[2] + t[6], t[3] + t[7], t[4] + t[8]
        out += [Para(f"Trong {c.period.label_vi}, {len(c.reports)} cơ quan phải nộp {t[1]} báo cáo tháng và {t[5]} báo "
                     f"cáo quý; {on_time} báo cáo nộp đúng hạn ({cell_text(on_time * 100 / due, 'pct')}), "
                     f"{_count(late, 'báo cáo', 'nộp trễ hạn')}, {_count(missing, 'báo cáo', 'chưa nộp')}."),
                TableBlock(tables["Chế độ báo cáo"])]
    else:
        out.append(Para(f"Trong {c.period.label_vi} chưa có kỳ báo cáo nào của thành viên Ban Chỉ đạo đến hạn."))
    return out


def _count(n: int, noun: str, rest: str) -> str:
    """'2 báo cáo chưa nộp'; for none: 'không có báo cáo nào chưa nộp'."""
    return f"{n} {noun} {rest}" if n else f"không có {noun} nào {rest}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _proposals(c: ReportContent, tables: dict[str, Table]) -> list[Block]:
    nxt = c.period.next()
    out: list[Block] = [Heading(1, "III. ĐỀ XUẤT, KIẾN NGHỊ VÀ NHIỆM VỤ TRỌNG TÂM KỲ TỚI"),
                        Heading(2, "1. Đề xuất, kiến nghị")]
    out += [Para(line) for line in _lines(c.proposals)] or list(BLANK)
    out.append(Heading(2, f"2. Nhiệm vụ trọng tâm {nxt.label_vi}"))
    if _lines(c.priorities):
        return out + [Para(line) for line in _lines(c.priorities)]
    if c.not_done:
        ref = tables["Nhiệm vụ chưa hoàn thành"].title.split(".")[0]
        out.append(Para(f"- Tập trung hoàn thành các nhiệm vụ đã đến hạn nhưng chưa hoàn thành nêu tại {ref}."))
    if c.next_due:
        out.append(Para(f"- Thực hiện các nhiệm vụ đến hạn trong {nxt.label_vi}:"))
        out.append(Bullets(tuple(f"{t.id}. {t.text.rstrip(' .;')} ({t.lead}; hạn {cell_text(t.due, 'date')})"
                                 for t in c.next_due)))
    if not c.not_done and not c.next_due:
        out += list(BLANK)
    return out
