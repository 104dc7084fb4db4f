"""The database schema as typed SQLAlchemy 2 models.

Facts that people change (assessments) are append-only: a change adds a row with a higher
`version`, `recorded_at` and `recorded_by`; the current state is the latest row. That single rule
gives the audit trail, optimistic locking and "as of" views.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class CriteriaSet(Base):
    """A versioned set of criteria (national or provincial) with its in-force dates."""

    __tablename__ = "criteria_set"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_vi: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(16))  # national | provincial
    in_force_from: Mapped[date] = mapped_column(Date)
    in_force_until: Mapped[date | None] = mapped_column(Date)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    criteria: Mapped[list[Criterion]] = relationship(back_populates="criteria_set", order_by="Criterion.number")


class Criterion(Base):
    __tablename__ = "criterion"
    __table_args__ = (
        UniqueConstraint("set_id", "number", name="uq_criterion_set_number"),
        UniqueConstraint("set_id", "key", name="uq_criterion_set_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[str] = mapped_column(ForeignKey("criteria_set.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))  # stable across sets, e.g. "security"
    number: Mapped[int] = mapped_column(Integer)
    group_code: Mapped[str] = mapped_column(String(8))  # I..V
    group_name_vi: Mapped[str | None] = mapped_column(Text)
    group_name_en: Mapped[str | None] = mapped_column(Text)
    name_vi: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    short_name_vi: Mapped[str | None] = mapped_column(String(40))
    lead_agency: Mapped[str | None] = mapped_column(Text)

    criteria_set: Mapped[CriteriaSet] = relationship(back_populates="criteria")
    indicators: Mapped[list[Indicator]] = relationship(back_populates="criterion", order_by="Indicator.position")


class Indicator(Base):
    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("criterion_id", "code", name="uq_indicator_criterion_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(16))
    text_vi: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(40))
    comparison: Mapped[str] = mapped_column(String(16))  # >= > < <= == achieved
    threshold: Mapped[float | None] = mapped_column(Float)  # None: unknown, not evaluated automatically
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    confidence: Mapped[str | None] = mapped_column(String(16))
    source: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    criterion: Mapped[Criterion] = relationship(back_populates="indicators")


class District(Base):
    __tablename__ = "district"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    type: Mapped[str] = mapped_column(String(20))  # huyện | thị xã | thành phố
    province_code: Mapped[str | None] = mapped_column(String(4), index=True)  # GSO, e.g. 89 An Giang


class Commune(Base):
    __tablename__ = "commune"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)  # GSO code
    name: Mapped[str] = mapped_column(String(80))
    name_ascii: Mapped[str] = mapped_column(String(80))
    type: Mapped[str] = mapped_column(String(20))  # xã | phường | thị trấn
    district_code: Mapped[str] = mapped_column(ForeignKey("district.code"), index=True)
    assessed: Mapped[bool] = mapped_column(Boolean)  # rural communes (xã) are assessed against NTM criteria
    area_km2: Mapped[float | None] = mapped_column(Float)
    population_2009: Mapped[int | None] = mapped_column(Integer)


class UnitGroup(Base):
    __tablename__ = "unit_group"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)  # pilot34 | pilot17
    name_vi: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    parent_key: Mapped[str | None] = mapped_column(ForeignKey("unit_group.key"))
    note: Mapped[str | None] = mapped_column(Text)


class UnitGroupMember(Base):
    __tablename__ = "unit_group_member"

    group_key: Mapped[str] = mapped_column(ForeignKey("unit_group.key", ondelete="CASCADE"), primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("commune.code"), primary_key=True)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)


class Assessment(Base):
    """One recorded state of a commune × criterion × month (append-only; latest version wins)."""

    __tablename__ = "assessment"
    __table_args__ = (
        UniqueConstraint("commune_code", "criterion_id", "period", "version", name="uq_assessment_version"),
        Index("ix_assessment_period", "period", "commune_code"),
        # Only the sample rows: whether there are any is one index entry to read (migration 0007).
        Index("ix_assessment_sample", "is_sample", postgresql_where=text("is_sample"),
              sqlite_where=text("is_sample = 1")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("commune.code"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"))
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    version: Mapped[int] = mapped_column(Integer, default=1)
    met: Mapped[bool | None] = mapped_column(Boolean)  # None: no assessment recorded
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(80))
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)


class CommuneMonth(Base):
    """What the pages count, one row per commune-month with an assessment: criteria met and
    assessed in the latest versions, and which ones were met and assessed (bit n-1 for criterion
    number n).

    Derived from `assessment` and kept current by every write in the same transaction
    (data_access.summary.refresh), so a month's figures are read without the history."""

    __tablename__ = "commune_month"
    __table_args__ = (Index("ix_commune_month_period", "period", "commune_code"),)

    commune_code: Mapped[str] = mapped_column(ForeignKey("commune.code"), primary_key=True)
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    set_id: Mapped[str] = mapped_column(String(64))
    criteria_met: Mapped[int] = mapped_column(Integer)
    criteria_assessed: Mapped[int] = mapped_column(Integer)
    met_mask: Mapped[int] = mapped_column(Integer)
    assessed_mask: Mapped[int] = mapped_column(Integer)


class IndicatorValue(Base):
    """An indicator value recorded with one assessment row (the criterion is evaluated from them)."""

    __tablename__ = "indicator_value"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)
    # A save adds the new versions and their values together, in one flush (services/assessments).
    assessment: Mapped[Assessment] = relationship()


class ProgrammeTarget(Base):
    """A target of the work programme: the seed's words as written, a corrected display text, and,
    for a sentence read two ways, the reading it belongs to and whether that reading is chosen."""

    __tablename__ = "programme_target"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    wording_vi: Mapped[str] = mapped_column(Text)
    wording_en: Mapped[str] = mapped_column(Text)
    metric: Mapped[str] = mapped_column(String(40))
    min_criteria: Mapped[int | None] = mapped_column(Integer)
    band_max: Mapped[int | None] = mapped_column(Integer)
    criterion_key: Mapped[str | None] = mapped_column(String(40))
    group_key: Mapped[str] = mapped_column(String(32))  # all | pilot34 | pilot17
    comparison: Mapped[str] = mapped_column(String(4))
    target_count: Mapped[int | None] = mapped_column(Integer)
    target_percent: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[int | None] = mapped_column(Integer)
    deadline: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    text_as_written: Mapped[str | None] = mapped_column(Text)  # the seed's words exactly ("văn bản")
    reading_group: Mapped[str | None] = mapped_column(String(40))  # one sentence, several readings
    reading_key: Mapped[str | None] = mapped_column(String(40))  # all | pilots17
    reading_part: Mapped[str | None] = mapped_column(String(40))  # pairs parts across readings
    reading_chosen: Mapped[bool | None] = mapped_column(Boolean)  # None: a target read one way


class AppUser(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))  # viewer | editor | admin
    district_code: Mapped[str | None] = mapped_column(ForeignKey("district.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    table_name: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[str] = mapped_column(Text)
    old_value: Mapped[str | None] = mapped_column(Text)  # JSON
    new_value: Mapped[str | None] = mapped_column(Text)  # JSON
    origin: Mapped[str | None] = mapped_column(String(16))  # page | cli (None: before migration 0004)


class UserSession(Base):
    """A login kept across reloads: the browser holds a random token, the database only its hash.

    Revoked by logout, by disabling the account and by a password change (services.accounts)."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    username: Mapped[str] = mapped_column(ForeignKey("app_user.username", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)  # the absolute limit (created + 7 days)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class AppMeta(Base):
    """Key-value facts about the database: the data-version stamp that keys page caches, the
    reference-data fingerprint, whether sample data is loaded."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
