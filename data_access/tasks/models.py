"""The work programme in the database: agencies, tasks, awaited events, reporting obligations, and
what people record about them (task status, report receipts, inspection visits).

The programme itself (agencies, tasks, obligations, events) is reference data loaded from
`data/` by `data_access.tasks.reference`. What people record follows the rule of docs/architecture.md (Time):
task status is append-only (a change adds a row with `recorded_at` and `recorded_by`; the
current status is the latest row), so the page can show the programme as recorded on any day.
Receipts and visits are facts entered once; an "as of" view ignores rows recorded later.

Partners and co-leads live in an association table (`task_agency`, with a role) rather than a
JSON list: "every task of agency X" is then one indexed join that behaves the same on SQLite and
PostgreSQL, and the foreign key guarantees that every agency a task names exists.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models import Base

AGENCY_ROLES = ("co_lead", "partner", "directs")


class Agency(Base):
    """A provincial department, organisation or a group the seed assigns work to."""

    __tablename__ = "agency"

    key: Mapped[str] = mapped_column(String(48), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name_vi: Mapped[str] = mapped_column(Text)
    short_vi: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))  # sở/ngành | tổ chức | … | group
    # Owes the members' monthly and quarterly progress reports (the programme's §II.1); see data_access.tasks.reference.
    reports_progress: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)


class AgencyMember(Base):
    """A named member of a group agency (the Fatherland Front and its member organisations)."""

    __tablename__ = "agency_member"

    group_key: Mapped[str] = mapped_column(ForeignKey("agency.key", ondelete="CASCADE"), primary_key=True)
    member_key: Mapped[str] = mapped_column(ForeignKey("agency.key", ondelete="CASCADE"), primary_key=True)


class AwaitedEvent(Base):
    """Something a task waits for ("sau khi có Thông tư …"); its date is entered when it happens."""

    __tablename__ = "awaited_event"

    key: Mapped[str] = mapped_column(String(48), primary_key=True)
    text_vi: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    occurred_on: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime)
    recorded_by: Mapped[str | None] = mapped_column(String(80))
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)


class ReportingObligation(Base):
    """A recurring duty of the programme's §II and §2.7–2.8: who owes it, its rhythm and due day."""

    __tablename__ = "reporting_obligation"

    key: Mapped[str] = mapped_column(String(48), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))
    text_vi: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    who_key: Mapped[str] = mapped_column(ForeignKey("agency.key"))
    rhythm: Mapped[str] = mapped_column(String(32))
    due_day: Mapped[int | None] = mapped_column(Integer)
    due_weekday: Mapped[int] = mapped_column(Integer, default=6)
    deadline_text: Mapped[str] = mapped_column(Text)
    due_rule_vi: Mapped[str] = mapped_column(Text)
    due_rule_en: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class ProgrammeTask(Base):
    """One task of the programme's §2.1–§2.8 as it is worded there, with its lead agency and deadline."""

    __tablename__ = "programme_task"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)  # "2.1.4"
    position: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(8), index=True)
    section_title_vi: Mapped[str] = mapped_column(Text)
    text_vi: Mapped[str] = mapped_column(Text)
    intro_vi: Mapped[str | None] = mapped_column(Text)
    lead_key: Mapped[str] = mapped_column(ForeignKey("agency.key"), index=True)
    deadline_text: Mapped[str] = mapped_column(Text)
    deadline_kind: Mapped[str] = mapped_column(String(16))
    deadline_value: Mapped[str | None] = mapped_column(String(10))
    tentative: Mapped[bool] = mapped_column(Boolean, default=False)
    event_key: Mapped[str | None] = mapped_column(ForeignKey("awaited_event.key"))
    grace_days: Mapped[int | None] = mapped_column(Integer)
    rhythm: Mapped[str | None] = mapped_column(String(32))
    due_day: Mapped[int | None] = mapped_column(Integer)
    obligation_key: Mapped[str | None] = mapped_column(ForeignKey("reporting_obligation.key"))
    commune_group: Mapped[str | None] = mapped_column(String(32))
    seed_line: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)


class TaskAgency(Base):
    """An agency other than the lead that a task names: co-lead, partner, or a unit it directs."""

    __tablename__ = "task_agency"
    __table_args__ = (Index("ix_task_agency_agency", "agency_key"),)

    task_id: Mapped[str] = mapped_column(ForeignKey("programme_task.id", ondelete="CASCADE"), primary_key=True)
    agency_key: Mapped[str] = mapped_column(ForeignKey("agency.key"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)  # co_lead | partner | directs
    position: Mapped[int] = mapped_column(Integer)


class TaskStatusUpdate(Base):
    """One recorded status of a task (append-only; the latest row as of a moment is the status)."""

    __tablename__ = "task_status_update"
    __table_args__ = (
        CheckConstraint(
            "status IN ('not_started', 'in_progress', 'done', 'not_done')", name="ck_task_status_value"
        ),
        Index("ix_task_status_task_recorded", "task_id", "recorded_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("programme_task.id"))
    status: Mapped[str] = mapped_column(String(16))
    done_date: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)  # "nguyên nhân" when late or not done
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(80))
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)


class ReportReceipt(Base):
    """A report received for one period of an obligation (a missing report has no row). A period is
    named by its last day: the half-year and the year reports start on the same day as Q1."""

    __tablename__ = "report_receipt"
    __table_args__ = (
        UniqueConstraint("obligation_key", "agency_key", "period_end", name="uq_report_receipt_period"),
        Index("ix_report_receipt_due", "obligation_key", "due_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    obligation_key: Mapped[str] = mapped_column(ForeignKey("reporting_obligation.key"))
    agency_key: Mapped[str] = mapped_column(ForeignKey("agency.key"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    received_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(80))
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)


class InspectionVisit(Base):
    """A leader's inspection visit to a commune (the programme's §2.8: one commune a week)."""

    __tablename__ = "inspection_visit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_date: Mapped[date] = mapped_column(Date, index=True)
    who: Mapped[str] = mapped_column(Text)
    commune_code: Mapped[str] = mapped_column(ForeignKey("commune.code"))
    findings: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(80))
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
