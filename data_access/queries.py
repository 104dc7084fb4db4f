"""Read queries returning DataFrames. Each takes the session explicitly.

`status` is the shape every page and domain function works on: one row per commune × month ×
criterion with the latest recorded `met`, optionally as recorded at an earlier moment (`asof`).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pandas as pd
from sqlalchemy import Integer, case, cast, exists, func, literal, select
from sqlalchemy.orm import Session

from data_access.meta import DATA_VERSION, get_meta
from data_access.models import (
    Assessment,
    Commune,
    CommuneMonth,
    CriteriaSet,
    Criterion,
    District,
    Indicator,
    ProgrammeTarget,
    UnitGroup,
    UnitGroupMember,
)
from data_access.summary import SUMMARY_COLUMNS, is_latest, summary_select
from domain.criterion_masks import unfold
from domain.months import Month

STATUS_COLUMNS = ["commune_code", "period", "criterion_key", "criterion_number", "set_id", "met"]


def data_version(*, session: Session) -> str:
    return get_meta(session=session, key=DATA_VERSION) or "0"


def has_sample(*, session: Session) -> bool:
    """Whether any assessment row is sample data: the first entry of a partial index (0007), not a
    count of the whole history."""
    return bool(session.scalar(select(exists().where(Assessment.is_sample))))  # "IS true" would not use it


def province_communes(province: str):
    """The codes of a province's communes, as a subquery (a database may hold the whole country)."""
    return select(Commune.code).join(District, District.code == Commune.district_code).where(
        District.province_code == province)


def districts(*, session: Session, province: str | None = None) -> pd.DataFrame:
    stmt = select(District.code, District.name, District.type).order_by(District.code)
    if province is not None:
        stmt = stmt.where(District.province_code == province)
    return pd.DataFrame(session.execute(stmt).all(), columns=["code", "name", "type"])


def communes(*, session: Session, province: str | None = None) -> pd.DataFrame:
    stmt = (
        select(
            Commune.code,
            Commune.name,
            Commune.name_ascii,
            Commune.type,
            Commune.district_code,
            District.name.label("district_name"),
            Commune.assessed,
            Commune.area_km2,
            Commune.population_2009,
        )
        .join(District, District.code == Commune.district_code)
        .order_by(Commune.code)
    )
    if province is not None:
        stmt = stmt.where(District.province_code == province)
    cols = ["code", "name", "name_ascii", "type", "district_code", "district_name", "assessed", "area_km2",
            "population_2009"]
    return pd.DataFrame(session.execute(stmt).all(), columns=cols)


def groups(*, session: Session) -> dict[str, frozenset[str]]:
    out = {g: frozenset() for g in session.scalars(select(UnitGroup.key))}
    for key, code in session.execute(select(UnitGroupMember.group_key, UnitGroupMember.commune_code)):
        out[key] = out[key] | {code}
    return out


def group_names(*, session: Session) -> pd.DataFrame:
    rows = session.execute(select(UnitGroup.key, UnitGroup.name_vi, UnitGroup.name_en)).all()
    return pd.DataFrame(rows, columns=["key", "name_vi", "name_en"])


def criteria_sets(*, session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(CriteriaSet.id, CriteriaSet.name_vi, CriteriaSet.name_en, CriteriaSet.scope,
               CriteriaSet.in_force_from, CriteriaSet.in_force_until).order_by(CriteriaSet.in_force_from)
    ).all()
    return pd.DataFrame(rows, columns=["id", "name_vi", "name_en", "scope", "in_force_from", "in_force_until"])


def criteria(*, session: Session) -> pd.DataFrame:
    stmt = select(
        Criterion.id, Criterion.set_id, Criterion.key, Criterion.number, Criterion.group_code,
        Criterion.name_vi, Criterion.name_en, Criterion.short_name_vi, Criterion.lead_agency,
    ).order_by(Criterion.set_id, Criterion.number)
    cols = ["id", "set_id", "key", "number", "group_code", "name_vi", "name_en", "short_name_vi", "lead_agency"]
    return pd.DataFrame(session.execute(stmt).all(), columns=cols)


def indicators(*, session: Session) -> pd.DataFrame:
    stmt = select(
        Indicator.id, Criterion.set_id, Criterion.key.label("criterion_key"), Criterion.number, Indicator.code,
        Indicator.text_vi, Indicator.text_en, Indicator.unit, Indicator.comparison, Indicator.threshold,
        Indicator.verified, Indicator.source,
    ).join(Criterion, Criterion.id == Indicator.criterion_id).order_by(Criterion.set_id, Criterion.number,
                                                                        Indicator.position)
    cols = ["id", "set_id", "criterion_key", "criterion_number", "code", "text_vi", "text_en", "unit",
            "comparison", "threshold", "verified", "source"]
    return pd.DataFrame(session.execute(stmt).all(), columns=cols)


def targets(*, session: Session) -> pd.DataFrame:
    rows = session.scalars(select(ProgrammeTarget).order_by(ProgrammeTarget.position)).all()
    cols = ["key", "position", "wording_vi", "wording_en", "metric", "min_criteria", "band_max", "criterion_key",
            "group_key", "comparison", "target_count", "target_percent", "denominator", "deadline", "source", "note",
            "text_as_written", "reading_group", "reading_key", "reading_part", "reading_chosen"]
    frame = pd.DataFrame([{c: getattr(r, c) for c in cols} for r in rows], columns=cols)
    for c in ("position", "min_criteria", "band_max", "target_count", "denominator"):
        frame[c] = frame[c].astype("Int64")  # counts stay integers (17, not 17.0) beside missing values
    return frame


def periods_with_data(*, session: Session, asof: datetime | None = None, province: str | None = None) -> list[str]:
    if asof is None:  # the summary has a row for every commune-month with an assessment
        stmt = select(CommuneMonth.period).distinct().order_by(CommuneMonth.period)
        if province is not None:
            stmt = stmt.where(CommuneMonth.commune_code.in_(province_communes(province)))
        return list(session.scalars(stmt))
    stmt = select(Assessment.period).distinct().order_by(Assessment.period).where(
        Assessment.recorded_at <= asof, Assessment.met.is_not(None))
    if province is not None:
        stmt = stmt.where(Assessment.commune_code.in_(province_communes(province)))
    return list(session.scalars(stmt))


def status(
    *, session: Session,
    periods: Iterable[str] | None = None,
    asof: datetime | None = None,
    communes: Iterable[str] | None = None,
    criterion_keys: Iterable[str] | None = None,
    province: str | None = None,
) -> pd.DataFrame:
    """Latest recorded state of the commune × criterion × months asked for (all when not given),
    as recorded at `asof`. Pages ask for the months they show, not the whole history."""
    stmt = (
        select(Assessment.commune_code, Assessment.period, Criterion.key, Criterion.number, Criterion.set_id,
               Assessment.met)
        .join(Criterion, Criterion.id == Assessment.criterion_id)
        .where(Assessment.met.is_not(None), is_latest(asof))
    )
    if periods is not None:
        stmt = stmt.where(Assessment.period.in_(sorted(set(periods))))
    if communes is not None:
        stmt = stmt.where(Assessment.commune_code.in_(sorted(set(communes))))
    if criterion_keys is not None:
        # The criteria's ids first (one small read): a condition on assessment.criterion_id lets the
        # database use the (commune_code, criterion_id, …) index; a condition on the joined key does
        # not (a province's share criterion, every month: 33 ms against 130–260 ms nationally loaded).
        ids = session.scalars(select(Criterion.id).where(Criterion.key.in_(sorted(set(criterion_keys))))).all()
        stmt = stmt.where(Assessment.criterion_id.in_(sorted(ids)))
    if province is not None:
        stmt = stmt.where(Assessment.commune_code.in_(province_communes(province)))
    # Plain tuples into pandas: building the frame from Row objects costs seconds at 135k rows.
    rows = [tuple(r) for r in session.connection().execute(stmt).fetchall()]
    df = pd.DataFrame.from_records(rows, columns=STATUS_COLUMNS)
    df["met"] = df["met"].astype(bool)
    df["criterion_number"] = df["criterion_number"].astype(int)
    return df.sort_values(["period", "commune_code", "criterion_number"], ignore_index=True)


COUNT_COLUMNS = ["commune_code", "period", "set_id", "criteria_met", "criteria_total", "met_mask", "assessed_mask"]


def counts(
    *, session: Session,
    periods: Iterable[str] | None = None,
    asof: datetime | None = None,
    communes: Iterable[str] | None = None,
    province: str | None = None,
) -> pd.DataFrame:
    """Criteria met and assessed (`criteria_total`) per commune-month, and the met and assessed masks
    (bit n-1 for criterion number n): read from the summary table, or counted in the database from
    the history as recorded at `asof`."""
    src = _summary(asof)
    stmt = select(*[src.c[c] for c in SUMMARY_COLUMNS])
    code, period = src.c.commune_code, src.c.period
    if periods is not None:
        stmt = stmt.where(period.in_(sorted(set(periods))))
    if communes is not None:
        stmt = stmt.where(code.in_(sorted(set(communes))))
    stmt = _in_scope(stmt, code, province)
    rows = [tuple(r) for r in session.connection().execute(stmt).fetchall()]
    df = pd.DataFrame.from_records(rows, columns=COUNT_COLUMNS)
    for c in ("criteria_met", "criteria_total", "met_mask", "assessed_mask"):
        df[c] = df[c].astype(int)
    return df.sort_values(["commune_code", "period"], ignore_index=True)


def month_status(
    *, session: Session,
    periods: Iterable[str],
    asof: datetime | None = None,
    communes: Iterable[str] | None = None,
    province: str | None = None,
) -> pd.DataFrame:
    """The same rows as `status` for these months (STATUS_COLUMNS), unfolded from the per
    commune-month summary's masks (domain.criterion_masks) instead of read from the history: a
    month of the whole country is 11,000 summary rows, not 210,000 criterion rows. At `asof` the
    summary is counted from the history as recorded then, so the as-of rule stays exact."""
    summary = counts(session=session, periods=periods, asof=asof, communes=communes, province=province)
    return unfold(summary, criteria(session=session))[STATUS_COLUMNS]


def _summary(asof: datetime | None):
    """The summary table, or (at `asof`) the same columns counted from the history as recorded then."""
    return CommuneMonth.__table__ if asof is None else summary_select(asof=asof).subquery("summary_asof")


def _in_scope(stmt, code, province: str | None, group: str | None = None):
    """Only the province's communes, and the members of a group of communes."""
    if province is not None:
        stmt = stmt.where(code.in_(province_communes(province)))
    if group is not None:
        stmt = stmt.where(code.in_(select(UnitGroupMember.commune_code).where(UnitGroupMember.group_key == group)))
    return stmt


def _group_scopes(session: Session, groups: Iterable[str]) -> dict[str, str | None]:
    """Group key -> the unit group whose members it counts; "all" is every commune unless a unit
    group is called that (domain.targets.group_rows)."""
    defined = set(session.scalars(select(UnitGroup.key)))
    return {g: (None if g == "all" and g not in defined else g) for g in sorted(set(groups))}


MONTHLY_TOTAL_COLUMNS = ["period", "communes", "standard", "criteria_met", "criteria_max"]


def monthly_totals(*, session: Session, asof: datetime | None = None, province: str | None = None,
                   district: str | None = None, group: str | None = None) -> pd.DataFrame:
    """Per month, over the assessed communes of the scope (domain.overview.scope_codes: the
    province, a district, a group; "all" or None is every commune): communes with data, communes
    at the standard, criteria met summed, the largest number assessed. One row per month, counted
    in the database (the overview's trend; the whole country is 541,000 commune-months);
    domain.overview.monthly_totals makes the same from the counts."""
    src = _summary(asof)
    at_standard = case((src.c.criteria_met == src.c.criteria_assessed, 1), else_=0)
    stmt = (select(src.c.period, func.count(), func.sum(at_standard), func.sum(src.c.criteria_met),
                   func.max(src.c.criteria_assessed))
            .join(Commune, Commune.code == src.c.commune_code).where(Commune.assessed.is_(True)))
    if district:
        stmt = stmt.where(Commune.district_code == district)
    stmt = _in_scope(stmt, src.c.commune_code, province, None if group in (None, "", "all") else group)
    rows = [tuple(r) for r in session.connection().execute(stmt.group_by(src.c.period).order_by(src.c.period))]
    df = pd.DataFrame.from_records(rows, columns=MONTHLY_TOTAL_COLUMNS)
    df[MONTHLY_TOTAL_COLUMNS[1:]] = df[MONTHLY_TOTAL_COLUMNS[1:]].astype("int64")
    return df


TARGET_COUNT_COLUMNS = ["group", "period", "criteria_met", "criteria_total", "communes"]
SHARE_COUNT_COLUMNS = ["group", "period", "criterion_key", "met", "assessed"]


def _bit(mask, numbers: dict[str, int], sets: set[str], src):
    """1 when a criterion's bit is set in `mask`, by its number in the commune-month's set (0 in a
    set without it): a plain shift when every set gives it the same number, as the sets do today."""
    by_number: dict[int, list[str]] = {}
    for set_id, number in sorted(numbers.items()):
        by_number.setdefault(number, []).append(set_id)
    if len(by_number) == 1 and set(numbers) >= sets:
        return mask.op(">>")(next(iter(by_number)) - 1).op("&")(1)
    whens = [(src.c.set_id.in_(ids), mask.op(">>")(n - 1).op("&")(1)) for n, ids in by_number.items()]
    return case(*whens, else_=0) if whens else literal(0)


def aggregates(*, session: Session, criterion_keys: Iterable[str] = (), asof: datetime | None = None,
               groups: Iterable[str] = ("all",), province: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the targets are counted from, every month, aggregated in the database in one pass over
    the summary per group (about 1,100 rows for the whole country's 541,000 commune-months):
    communes per (month, criteria met, criteria assessed), TARGET_COUNT_COLUMNS, for the
    commune-count targets; communes assessed on and meeting each criterion (by key, whatever its
    number in the commune-month's set, from the masks), SHARE_COUNT_COLUMNS, for its share."""
    src, keys = _summary(asof), sorted(set(criterion_keys))
    numbers: dict[str, dict[str, int]] = {k: {} for k in keys}
    sets = set(session.scalars(select(CriteriaSet.id)))
    for key, set_id, number in session.execute(
            select(Criterion.key, Criterion.set_id, Criterion.number).where(Criterion.key.in_(keys))):
        numbers[key][set_id] = number
    bits = [func.sum(_bit(src.c[mask], numbers[k], sets, src)) for k in keys for mask in ("met_mask", "assessed_mask")]
    grouped_by = [src.c.period, src.c.criteria_met, src.c.criteria_assessed]
    rows = []
    for group, members in _group_scopes(session, groups).items():
        stmt = _in_scope(select(*grouped_by, func.count(), *bits), src.c.commune_code, province, members)
        rows += [(group, *r) for r in session.connection().execute(stmt.group_by(*grouped_by)).fetchall()]
    names = [f"{k}\t{m}" for k in keys for m in ("met", "assessed")]
    df = pd.DataFrame.from_records(rows, columns=[*TARGET_COUNT_COLUMNS, *names])
    df[df.columns[2:]] = df[df.columns[2:]].astype("int64")
    counts = df[TARGET_COUNT_COLUMNS].sort_values(TARGET_COUNT_COLUMNS[:4], ignore_index=True)
    by_month = df.groupby(["group", "period"], as_index=False)[names].sum()
    shares = pd.concat([by_month[["group", "period"]].assign(criterion_key=k, met=by_month[f"{k}\tmet"],
                                                             assessed=by_month[f"{k}\tassessed"]) for k in keys]
                       or [pd.DataFrame(columns=SHARE_COUNT_COLUMNS)], ignore_index=True)
    shares = shares[shares["assessed"] > 0]  # the months with the criterion assessed
    return counts, shares.sort_values(SHARE_COUNT_COLUMNS[:3], ignore_index=True)[SHARE_COUNT_COLUMNS]


PACE_COLUMNS = ["commune_code", "n", "sx", "sy", "sxy", "sxx", "last_x", "last_met", "last_total"]


def paces(*, session: Session, periods: Iterable[str], asof: datetime | None = None, group: str = "all",
          province: str | None = None) -> pd.DataFrame:
    """Per commune of the group with data in `periods`, the integer sums its least-squares pace over
    those months is made of, and its last month (domain.forecast.paces makes the same from rows):
    x = months since the first of `periods`, y = criteria met. One row per commune instead of one
    per commune-month."""
    periods = sorted(set(periods))
    if not periods:
        return pd.DataFrame(columns=PACE_COLUMNS)
    src = _summary(asof)
    # the month's index (Month.index: year * 12 + month - 1, read from the 'YYYY-MM' text) less the first month's
    year, month = (cast(func.substr(src.c.period, start, n), Integer) for start, n in ((1, 4), (6, 2)))
    first = Month.parse(periods[0]).index
    rows = select(src.c.commune_code.label("code"), (year * 12 + month - 1 - first).label("x"),
                  src.c.criteria_met.label("y"), src.c.criteria_assessed.label("total"))
    members = _group_scopes(session, [group])[group]
    rows = _in_scope(rows.where(src.c.period.in_(periods)), src.c.commune_code, province, members)
    w = rows.offset(0).subquery("w")  # OFFSET 0: x is computed once per row, not once per sum (a third less)
    # the last month's figures packed in one orderable integer (criteria counts are below 100)
    last = func.max(w.c.x * 10000 + w.c.y * 100 + w.c.total)
    stmt = select(w.c.code, func.count(), func.sum(w.c.x), func.sum(w.c.y), func.sum(w.c.x * w.c.y),
                  func.sum(w.c.x * w.c.x), last).group_by(w.c.code).order_by(w.c.code)
    df = pd.DataFrame.from_records([tuple(r) for r in session.connection().execute(stmt).fetchall()],
                                   columns=PACE_COLUMNS[:7])
    df[PACE_COLUMNS[1:7]] = df[PACE_COLUMNS[1:7]].astype("int64")
    packed = df.pop("last_x")
    return df.assign(last_x=packed // 10000, last_met=packed // 100 % 100, last_total=packed % 100)
