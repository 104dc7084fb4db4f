"""What the data-entry page needs to open a month: the criteria in force with their indicators, the
months one may enter, and the communes an account may edit."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.criteria import criteria_by_period
from data_access.models import Commune, CriteriaSet, Criterion, Indicator
from data_access.queries import periods_with_data
from domain.actor import Actor
from domain.evaluation import IndicatorRule
from domain.localized import localized
from domain.months import Month


@dataclass(frozen=True)
class IndicatorField:
    rule: IndicatorRule
    text_vi: str
    text_en: str | None
    unit: str


@dataclass(frozen=True)
class CriterionForm:
    criterion_id: int
    number: int
    key: str
    name_vi: str
    name_en: str
    indicators: tuple[IndicatorField, ...]

    def rules(self) -> list[IndicatorRule]:
        return [f.rule for f in self.indicators]


def next_period(period: str) -> str:
    return str(Month.parse(period).next())


def enterable_periods(*, session: Session, today: date | None = None) -> list[str]:
    """Months with data, and the month after the latest (to start a new month); on a database with
    no assessments yet, the current month (the office starts there)."""
    periods = periods_with_data(session=session)
    if not periods:
        return [str(Month.of(today or date.today()))]
    return periods + [next_period(periods[-1])]


def set_name(*, session: Session, period: str, lang: str = "vi") -> str:
    ids = criteria_by_period(session=session, periods=[period]).get(period, {})
    if not ids:
        return ""
    set_id = session.scalar(select(Criterion.set_id).where(Criterion.id == next(iter(ids.values()))))
    row = session.get(CriteriaSet, set_id)
    return localized(row, "name", lang)


def criteria_form(*, session: Session, period: str) -> list[CriterionForm]:
    ids = criteria_by_period(session=session, periods=[period]).get(period, {})
    crits = session.scalars(select(Criterion).where(Criterion.id.in_(ids.values())).order_by(Criterion.number)).all()
    out = []
    for c in crits:
        inds = session.scalars(select(Indicator).where(Indicator.criterion_id == c.id).order_by(Indicator.position))
        fields = tuple(
            IndicatorField(IndicatorRule(i.id, i.code, i.comparison, i.threshold, i.verified), i.text_vi, i.text_en,
                           i.unit)
            for i in inds
        )
        out.append(CriterionForm(c.id, c.number, c.key, c.name_vi, c.name_en, fields))
    return out


def editable_communes(*, session: Session, actor: Actor) -> list[tuple[str, str, str]]:
    """(code, name, district code) of the assessed communes this account may edit."""
    stmt = select(Commune.code, Commune.name, Commune.district_code).where(Commune.assessed).order_by(Commune.code)
    if actor.district_limit:
        stmt = stmt.where(Commune.district_code == actor.district_limit)
    return [tuple(r) for r in session.execute(stmt).all()]
