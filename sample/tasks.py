"""A deterministic sample history of the work programme, flagged `is_sample` on every row:
status updates of the tasks (with the reasons the seed asks for when a task is late or not done),
report receipts by agency and month (some late, some missing), weekly inspection visits, and the
dates of the two awaited central documents.

Dates are relative to the programme's year (month 13 = January of the next year); the sample
ends with the year-end review on 10 January. Loaded by `sample.loader.load_sample`, cleared
by `clear_sample`. Every status update goes through `_record_status`, so the sample obeys the same
rules as an office clerk.
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, delete, exists, func, select, update
from sqlalchemy.orm import Session

from data_access.models import Assessment, UnitGroupMember
from data_access.tasks.models import (
    AwaitedEvent,
    InspectionVisit,
    ProgrammeTask,
    ReportingObligation,
    ReportReceipt,
    TaskStatusUpdate,
)
from data_access.tasks.queries import (
    MONTHLY_REPORT,
    QUARTERLY_REPORT,
    programme_issued,
    recurrence,
    reporting_agency_keys,
    tasks,
)
from data_access.tasks.writes import _record_event_date, _record_receipt, _record_status, _record_visit
from domain.authors import SAMPLE_AUTHOR
from domain.months import Month
from domain.tasks.board import report_periods

OFFICE = "van_phong_dieu_phoi"

# Two central documents the tasks wait for. Plausible dates for the sample only (tasks_2013.yaml
# notes the likely documents but leaves them unverified).
# Awaited documents (2.1.3, 2.1.5): the sample records no date. The seed names none, and a date
# invented here would give those tasks a due date the text does not have; an editor records the
# real date on /entry (services.tasks.record_event_date) and only then do they fall due.
EVENTS: dict[str, tuple[str, str]] = {}

# task id -> updates (recorded on, status, done on, note, reason). Tasks not listed get one
# "in progress" update with the members' first monthly report.
PLAN: dict[str, list[tuple]] = {
    "2.1.1": [("06-20", "in_progress", None, "Đã dự thảo Quyết định điều chỉnh Bộ tiêu chí, gửi các sở, ngành góp ý.", None),
              ("07-20", "in_progress", None, "Đang tổng hợp ý kiến góp ý của các sở, ngành.", None),
              ("08-05", "not_done", None, None, "Các sở, ngành gửi góp ý chậm; phải chờ Bộ NN&PTNT hướng dẫn các tiêu chí sửa đổi theo QĐ 342/QĐ-TTg nên chưa trình UBND tỉnh trong tháng 7."),
              ("09-20", "in_progress", None, "Dự thảo đã hoàn chỉnh.", "Chờ Ban Chỉ đạo tỉnh cho ý kiến thống nhất trước khi trình UBND tỉnh; dự kiến trình trong tháng 10."),
              ("10-20", "done", "10-15", "UBND tỉnh đã ban hành Quyết định điều chỉnh, bổ sung Bộ tiêu chí.", None)],
    "2.1.2": [("06-20", "in_progress", None, "Đã dự thảo Quyết định phân công thành viên BCĐ phụ trách địa bàn.", None),
              ("06-28", "done", "06-27", "Đã trình UBND tỉnh quyết định.", None)],
    "2.1.3": [("06-20", "not_started", None, "Chờ Bộ NN&PTNT ban hành Thông tư sửa đổi Thông tư 54/2009.", None),
              ("10-20", "in_progress", None, "Thông tư mới đã ban hành; đang dự thảo văn bản hướng dẫn.", None),
              ("11-20", "in_progress", None, None, "Thông tư mới thay đổi nhiều chỉ tiêu; cần lấy ý kiến các sở phụ trách tiêu chí trước khi ban hành."),
              ("12-20", "done", "12-16", "Đã ban hành văn bản hướng dẫn.", None)],
    "2.1.4": [("06-10", "in_progress", None, "Đang hoàn chỉnh thiết kế mẫu nhà văn hóa ấp, cầu, đường giao thông nông thôn.", None),
              ("06-20", "not_done", None, None, "Thiết kế mẫu cần thống nhất với Sở GTVT, Sở NN&PTNT về quy mô và suất đầu tư; chưa trình UBND tỉnh kịp hạn."),
              ("07-20", "in_progress", None, None, "Đang chỉnh sửa theo góp ý của các sở; dự kiến trình trong tháng 8."),
              ("08-20", "done", "08-06", "UBND tỉnh đã phê duyệt thiết kế mẫu.", None)],
    "2.1.5": [("06-20", "not_started", None, "Chờ Bộ KH&ĐT hướng dẫn QĐ 498/QĐ-TTg.", None),
              ("08-20", "in_progress", None, "Bộ KH&ĐT đã có hướng dẫn; đang dự thảo văn bản của tỉnh.", None),
              ("09-20", "in_progress", None, None, "Dự thảo cần lấy ý kiến UBND các huyện và thống nhất với Sở Tài chính về thanh quyết toán công trình theo cơ chế đặc thù."),
              ("10-20", "in_progress", None, None, "Đang tổng hợp ý kiến của 11 huyện, thị xã, thành phố; dự kiến ban hành trong tháng 11."),
              ("11-27", "done", "11-25", "Đã ban hành văn bản hướng dẫn.", None)],
    "2.1.6": [("07-20", "in_progress", None, "Đã khảo sát yêu cầu; đang xây dựng phần mềm.", None),
              ("12-20", "in_progress", None, "Đang chạy thử tại 17 xã điểm.", None),
              ("13-10", "not_done", None, None, "Phần mềm đã chạy thử nhưng các huyện chưa nhập đủ số liệu tiêu chí của các xã; chưa đưa vào hoạt động chính thức.")],
    "2.2.6": [("06-20", "in_progress", None, "Đang mở lớp tập huấn cho công an viên, đội dân phòng.", None),
              ("13-10", "done", "12-27", "Đã hoàn thành các lớp tập huấn theo kế hoạch năm.", None)],
    "2.3.2": [("06-20", "in_progress", None, "Đang chuẩn bị hội nghị sơ kết 3 năm; triển khai kế hoạch dạy nghề năm.", None),
              ("12-20", "done", "12-18", "Đã hoàn thành kế hoạch đào tạo nghề năm.", None)],
    "2.3.3": [("06-20", "in_progress", None, None, None), ("12-20", "done", "12-13", None, None)],
    "2.3.4": [("06-20", "in_progress", None, None, None),
              ("13-10", "not_done", None, None, "Hai lớp bồi dưỡng cán bộ cấp xã chuyển sang quý I năm sau do kinh phí được phân bổ chậm.")],
    "2.5.1": [("06-20", "not_started", None, "Chờ Quyết định điều chỉnh QĐ 1958 (nhiệm vụ 2.1.1).", None),
              ("10-20", "in_progress", None, "Đã có văn bản hướng dẫn huyện, xã rà soát đề án.", None),
              ("13-10", "not_done", None, None, "Quyết định điều chỉnh Bộ tiêu chí ban hành chậm (tháng 10) nên các huyện, xã chưa kịp rà soát, trình phê duyệt đề án trong năm.")],
    "2.5.2": [("07-20", "in_progress", None, None, None), ("12-20", "done", "12-12", None, None)],
    "2.5.3": [("07-20", "in_progress", None, None, None),
              ("13-10", "not_done", None, None, "Chờ phê duyệt điều chỉnh quy hoạch sử dụng đất cấp huyện; chưa có căn cứ hướng dẫn các xã.")],
    "2.6.6": [("09-20", "in_progress", None, "Các xã điểm đang rà soát các chỉ tiêu không cần vốn nhà nước.", None)],
    "2.7.1": [("08-20", "in_progress", None, "Đang chuẩn bị báo cáo sơ kết.", None),
              ("09-30", "done", "09-26", "Đã tổ chức hội nghị.", None)],
    "2.7.2": [("07-20", "in_progress", None, "Đang chuẩn bị báo cáo sơ kết 5 năm.", None),
              ("08-02", "not_done", None, None, "Lùi thời gian tổ chức để kết hợp với hội nghị sơ kết của Tỉnh ủy."),
              ("10-20", "done", "10-10", "Đã tổ chức hội nghị.", None)],
    "2.7.4": [("07-20", "in_progress", None, None, None), ("07-31", "done", "07-26", "Đã tổ chức hội nghị.", None)],
}
DEFAULT_UPDATE = ("06-20", "in_progress", None, "Đang triển khai thực hiện.", None)

# Forced receipts at the boundary of the monthly due day (the 20th) for a plain example.
BOUNDARY = {("so_xay_dung", 7): 20, ("so_tai_chinh", 7): 21}
OFFICE_RECEIPTS = {  # obligation -> received (month-day) per period, in order; None = missing
    "vpdp_bao_cao_dinh_ky": ["06-28", "10-02", "13-08"],
    "vpdp_cap_nhat_17_xa": ["06-28", "07-31", "08-30", "09-30", "10-31", "12-03", "12-31"],
}
LEADERS = ("Phó Chủ tịch UBND tỉnh, Trưởng ban Chỉ đạo", "Giám đốc Sở NN&PTNT", "Giám đốc Sở KH&ĐT",
           "Chánh Văn phòng Điều phối tỉnh", "Phó Giám đốc Sở Xây dựng", "Giám đốc Sở GTVT")
ISSUES = ("đường trục ấp chưa được cứng hóa theo quy định", "thu nhập và tỷ lệ hộ nghèo khó đạt trong năm",
          "trường học chưa đạt chuẩn cơ sở vật chất", "chợ nông thôn chưa đạt chuẩn",
          "tỷ lệ hộ dùng nước sạch còn thấp", "chưa có điểm tập kết rác thải tập trung",
          "nhà văn hóa xã chưa được đầu tư", "tỷ lệ lao động qua đào tạo còn thấp")
ACTIONS = ("Đề nghị UBND huyện ưu tiên bố trí vốn lồng ghép.", "Giao Văn phòng Điều phối tỉnh hướng dẫn hồ sơ.",
           "Đề nghị xã đẩy mạnh vận động nhân dân đóng góp ngày công, hiến đất.",
           "Đề nghị sở phụ trách tiêu chí kiểm tra, hỗ trợ xã.")


def _day(year: int, month_day: str) -> date:
    month, day = (int(x) for x in month_day.split("-"))
    return Month(year, 1).plus(month - 1).first_day.replace(day=day)


def _at(day: date, hour: int = 16) -> datetime:
    return datetime.combine(day, time(hour, 0))


def has_task_sample(*, session: Session) -> bool:
    return bool(session.scalar(select(exists().where(TaskStatusUpdate.is_sample.is_(True)))))


def _events(session: Session, year: int) -> None:
    for key, (occurred, recorded) in EVENTS.items():
        event = session.get(AwaitedEvent, key)
        if event is not None and event.occurred_on is None:
            _record_event_date(session, key, _day(year, occurred), by=SAMPLE_AUTHOR,
                              at=_at(_day(year, recorded), 9), is_sample=True, bump=False)


def _statuses(session: Session, year: int) -> int:
    n = 0
    updates = [(tid, u) for tid in tasks(session=session)["id"] for u in PLAN.get(tid, [DEFAULT_UPDATE])]
    for tid, (when, status, done, note, reason) in sorted(updates, key=lambda x: _day(year, x[1][0])):
        _record_status(session, tid, status, by=SAMPLE_AUTHOR, at=_at(_day(year, when)),
                      done_date=_day(year, done) if done else None, note=note, reason=reason,
                      is_sample=True, bump=False)
        session.flush()
        n += 1
    return n


def _received(rng: random.Random, due: date, habit: float, first: bool) -> date | None:
    """On time, late or missing, by the agency's habit (0 punctual … 2 often late); the first
    report, ten days after the programme was issued, is more often late. Weekends move to a
    working day."""
    miss = 0.02 + 0.08 * habit + (0.10 if first else 0.0)
    late = 0.10 + 0.18 * habit + (0.15 if first else 0.0)
    draw = rng.random()
    if draw < miss:
        return None
    if draw < miss + late:
        day, step = due + timedelta(days=rng.randint(1, 14)), 1
    else:
        day, step = due - timedelta(days=rng.randint(0, 5)), -1
    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day


def _receipts(session: Session, year: int, issued: date) -> int:
    end = date(year, 12, 31)
    n = 0
    for key in reporting_agency_keys(session=session):
        rng = random.Random(f"ntm-receipts-{key}")
        habit = rng.choice((0.0, 0.0, 0.5, 1.0, 2.0))
        for ob in (MONTHLY_REPORT, QUARTERLY_REPORT):
            for i, p in enumerate(report_periods(recurrence(session=session, obligation_key=ob), start=issued, as_of=end)):
                received = _received(rng, p.due, habit, first=i == 0)
                if ob == MONTHLY_REPORT and (key, p.start.month) in BOUNDARY:
                    received = p.due.replace(day=BOUNDARY[(key, p.start.month)])
                if received is not None:
                    _record_receipt(session, ob, key, p.end, received, by=SAMPLE_AUTHOR, at=_at(received, 17),
                                   is_sample=True, bump=False)
                    n += 1
    for ob, days in OFFICE_RECEIPTS.items():
        for p, when in zip(report_periods(recurrence(session=session, obligation_key=ob), start=issued, as_of=end), days):
            if when:
                _record_receipt(session, ob, OFFICE, p.end, _day(year, when), by=SAMPLE_AUTHOR,
                               at=_at(_day(year, when), 17), is_sample=True, bump=False)
                n += 1
    return n


def _met_count(session: Session, commune: str, period: str) -> tuple[int, int]:
    # Sample assessments have one version per commune-month, so plain counts are the latest state.
    row = session.execute(select(func.count(), func.sum(case((Assessment.met.is_(True), 1), else_=0)))
                          .where(Assessment.commune_code == commune, Assessment.period == period,
                                 Assessment.is_sample.is_(True))).one()
    return int(row[1] or 0), int(row[0] or 0)


def _visits(session: Session, year: int, issued: date) -> int:
    rng = random.Random("ntm-visits")
    communes = sorted(session.scalars(select(UnitGroupMember.commune_code)
                                      .where(UnitGroupMember.group_key == "pilot34")))
    rng.shuffle(communes)
    if not communes:
        return 0
    monday = issued + timedelta(days=7 - issued.weekday())
    week = n = 0
    while monday.year == year:
        if rng.random() > 0.12:  # about one week in eight has no visit
            day = monday + timedelta(days=rng.randint(1, 4))
            commune = communes[n % len(communes)]
            met, total = _met_count(session, commune, str(Month.of(day)))
            state = f"Xã đạt {met}/{total} tiêu chí. " if total else ""
            findings = f"{state}Còn khó khăn: {rng.choice(ISSUES)}. {rng.choice(ACTIONS)}"
            _record_visit(session, day, LEADERS[week % len(LEADERS)], commune, findings, by=SAMPLE_AUTHOR,
                         at=_at(day + timedelta(days=1), 10), is_sample=True, bump=False)
            n += 1
        monday += timedelta(days=7)
        week += 1
    return n


def load_task_sample(*, session: Session) -> int:
    """Add the sample unless it is there already; returns the number of rows added."""
    issued = programme_issued(session=session)
    if issued is None or has_task_sample(session=session):
        return 0
    year = issued.year
    # The writers look tasks and obligations up one by one (session.get); holding them here keeps
    # them in the session's identity map (it holds rows weakly), so each is read once, not per row.
    held = [*session.scalars(select(ProgrammeTask)), *session.scalars(select(ReportingObligation))]
    _events(session, year)
    session.flush()
    n = _statuses(session, year) + _receipts(session, year, issued) + _visits(session, year, issued)
    del held
    return n


def clear_task_sample(*, session: Session) -> int:
    """Remove every sample row of the programme; real records stay."""
    n = 0
    for model in (TaskStatusUpdate, ReportReceipt, InspectionVisit):
        n += session.execute(delete(model).where(model.is_sample.is_(True))).rowcount or 0
    session.execute(update(AwaitedEvent).where(AwaitedEvent.is_sample.is_(True)).values(
        occurred_on=None, recorded_at=None, recorded_by=None, is_sample=False))
    return n
