"""The sample's meetings of the provincial committee (flagged `is_sample`), frozen like real ones."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data_access.meeting_models import Meeting
from domain.authors import SAMPLE_AUTHOR

# The committee meets every quarter, half-year and year (the 2013 work programme §2.7): three sample meetings of 2013,
# frozen a few days after the quarter closed.
SAMPLE_MEETINGS = (
    ("Họp Ban Chỉ đạo sơ kết 6 tháng đầu năm 2013", date(2013, 7, 10), datetime(2013, 7, 8, 17, 0), "2013-06"),
    ("Họp Ban Chỉ đạo quý III/2013", date(2013, 10, 10), datetime(2013, 10, 8, 17, 0), "2013-09"),
    ("Họp Ban Chỉ đạo tổng kết năm 2013", date(2014, 1, 15), datetime(2014, 1, 13, 17, 0), "2013-12"),
)


def load_sample_meetings(*, session: Session) -> None:
    if session.scalar(select(Meeting.id).where(Meeting.is_sample.is_(True)).limit(1)) is not None:
        return
    for name, when, asof, period in SAMPLE_MEETINGS:
        session.add(Meeting(name=name, meeting_date=when, asof=asof, period=period, created_by=SAMPLE_AUTHOR,
                            created_at=asof, is_sample=True))


def clear_sample_meetings(*, session: Session) -> None:
    session.execute(delete(Meeting).where(Meeting.is_sample.is_(True)))
