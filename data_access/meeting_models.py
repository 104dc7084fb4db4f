"""Frozen meetings: a steering-committee meeting's name, date and the moment its figures were frozen
("Chốt số liệu"). Links of the meeting carry that moment as `asof`, so they show the same numbers
months later (history is append-only)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models import Base


class Meeting(Base):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    meeting_date: Mapped[date] = mapped_column(Date)
    asof: Mapped[datetime] = mapped_column(DateTime, index=True)
    period: Mapped[str] = mapped_column(String(7))  # the month the briefing shows
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
