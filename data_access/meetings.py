"""Past meetings (whose figures are frozen at `asof`); freezing one is `services.meetings.freeze`."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data_access.meeting_models import Meeting

MEETING_COLUMNS = ["id", "name", "meeting_date", "asof", "period", "created_by", "created_at"]


class MeetingError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def meetings(session: Session) -> pd.DataFrame:
    rows = session.execute(select(*(getattr(Meeting, c) for c in MEETING_COLUMNS))
                           .order_by(Meeting.asof.desc(), Meeting.id.desc())).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=MEETING_COLUMNS)


def previous_meeting(table: pd.DataFrame, asof: datetime) -> pd.Series | None:
    """The latest meeting frozen before `asof` (for "since the previous meeting")."""
    earlier = table[table["asof"] < pd.Timestamp(asof)]
    return None if earlier.empty else earlier.iloc[0]


# The committee meets every quarter, half-year and year (seed §2.7): three sample meetings of 2013,
# frozen a few days after the quarter closed.
SAMPLE_MEETINGS = (
    ("Họp Ban Chỉ đạo sơ kết 6 tháng đầu năm 2013", date(2013, 7, 10), datetime(2013, 7, 8, 17, 0), "2013-06"),
    ("Họp Ban Chỉ đạo quý III/2013", date(2013, 10, 10), datetime(2013, 10, 8, 17, 0), "2013-09"),
    ("Họp Ban Chỉ đạo tổng kết năm 2013", date(2014, 1, 15), datetime(2014, 1, 13, 17, 0), "2013-12"),
)


def load_sample_meetings(session: Session) -> None:
    if session.scalar(select(Meeting.id).where(Meeting.is_sample.is_(True)).limit(1)) is not None:
        return
    for name, when, asof, period in SAMPLE_MEETINGS:
        session.add(Meeting(name=name, meeting_date=when, asof=asof, period=period, created_by="dữ liệu mẫu",
                            created_at=asof, is_sample=True))


def clear_sample_meetings(session: Session) -> None:
    session.execute(delete(Meeting).where(Meeting.is_sample.is_(True)))
