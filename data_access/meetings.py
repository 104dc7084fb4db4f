"""Past meetings (whose figures are frozen at `asof`); freezing one is `services.meetings.freeze`."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.meeting_models import Meeting

MEETING_COLUMNS = ["id", "name", "meeting_date", "asof", "period", "created_by", "created_at"]


class MeetingError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def meetings(*, session: Session) -> pd.DataFrame:
    rows = session.execute(select(*(getattr(Meeting, c) for c in MEETING_COLUMNS))
                           .order_by(Meeting.asof.desc(), Meeting.id.desc())).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=MEETING_COLUMNS)


def previous_meeting(table: pd.DataFrame, asof: datetime) -> pd.Series | None:
    """The latest meeting frozen before `asof` (for "since the previous meeting")."""
    earlier = table[table["asof"] < pd.Timestamp(asof)]
    return None if earlier.empty else earlier.iloc[0]
