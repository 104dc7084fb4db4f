"""Cached data for the pages.

The database is prepared once per process (st.cache_resource, under the inter-process lock of
`ensure_database`). Query results are cached by (database URL, data-version stamp): one cheap
query per rerun reads the stamp, so a save in another process or a command-line import is seen
at once, and unchanged data is never read twice.
"""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from config import get_settings
from data_access import queries
from data_access.bootstrap import ensure_database
from data_access.db import session_scope


@st.cache_resource(show_spinner="Đang chuẩn bị cơ sở dữ liệu… / Preparing the database…")
def _engine(url: str) -> Engine:
    return ensure_database(url)


def engine() -> Engine:
    return _engine(get_settings().database_url)


RUN_VERSION = "_data_version_this_run"


def refresh_data_version() -> str:
    """Read the stamp once per run (the page setup calls this); writes call it again."""
    with session_scope(engine()) as s:
        version = queries.data_version(session=s)
    st.session_state[RUN_VERSION] = version
    return version


def data_version() -> str:
    return st.session_state.get(RUN_VERSION) or refresh_data_version()


def _key() -> tuple[str, str]:
    return get_settings().database_url, data_version()


def _province() -> str | None:
    return get_settings().province


@st.cache_data(show_spinner=False, max_entries=16)
def _read(name: str, url: str, version: str, asof: datetime | None = None, province: str | None = None):
    with session_scope(_engine(url)) as s:
        if name == "periods":
            return queries.periods_with_data(session=s, asof=asof, province=province)
        if name in ("communes", "districts"):
            return getattr(queries, name)(session=s, province=province)
        return getattr(queries, name)(session=s)


Codes = tuple[str, ...] | None


@st.cache_data(show_spinner=False, max_entries=64)
def _status(url: str, version: str, asof: datetime | None, periods: Codes, communes: Codes,
            criterion_keys: Codes, province: str | None) -> pd.DataFrame:
    with session_scope(_engine(url)) as s:
        if periods is not None and criterion_keys is None:  # a page's months: from the summary
            return queries.month_status(session=s, periods=periods, asof=asof, communes=communes, province=province)
        return queries.status(session=s, periods=periods, asof=asof, communes=communes, criterion_keys=criterion_keys,
                              province=province)


def _codes(values) -> Codes:
    return None if values is None else tuple(sorted({v for v in values if v is not None}))


ASOF = "_asof_this_run"


def set_asof(moment: datetime | None) -> None:
    """The page's `asof` (data as recorded then); the readers below use it unless told otherwise."""
    st.session_state[ASOF] = moment


def current_asof() -> datetime | None:
    return st.session_state.get(ASOF)


def status(asof: datetime | None = None, *, periods=None, communes=None, criterion_keys=None) -> pd.DataFrame:
    """Criterion rows (commune × month × criterion, latest `met`) of the months, communes and criteria
    asked for, as recorded at `asof` (default: the page's). A page asks for what it shows: reading
    the whole history is for exports. Months asked for are unfolded from the per commune-month
    summary (queries.month_status: the same rows, a twentieth of the reading for a country)."""
    return _status(*_key(), asof or current_asof(), _codes(periods), _codes(communes), _codes(criterion_keys),
                   _province())


@st.cache_data(show_spinner=False, max_entries=32)
def _counts(url: str, version: str, asof: datetime | None, province: str | None,
            periods: Codes = None) -> pd.DataFrame:
    with session_scope(_engine(url)) as s:
        return queries.counts(session=s, periods=periods, asof=asof, province=province)


def counts(asof: datetime | None = None, *, periods=None) -> pd.DataFrame:
    """Criteria met and assessed (`criteria_total`) and their masks per commune-month, of the months
    asked for (default every month), from the summary table; counted in the database when the page
    shows an earlier moment."""
    return _counts(*_key(), asof or current_asof(), _province(), _codes(periods))


@st.cache_data(show_spinner=False, max_entries=32)
def _monthly_totals(url: str, version: str, asof: datetime | None, province: str | None, district: str,
                    group: str) -> pd.DataFrame:
    with session_scope(_engine(url)) as s:
        return queries.monthly_totals(session=s, asof=asof, province=province, district=district, group=group)


def monthly_totals(district: str = "", group: str = "all") -> pd.DataFrame:
    """One row per month of the scope's figures (data_access.queries.monthly_totals), at the page's
    `asof`: the overview's trend without every commune-month in pandas."""
    return _monthly_totals(*_key(), current_asof(), _province(), district, group)


@st.cache_data(show_spinner=False, max_entries=16)
def _aggregates(url: str, version: str, asof: datetime | None, province: str | None, groups: Codes,
                criterion_keys: Codes) -> tuple[pd.DataFrame, pd.DataFrame]:
    with session_scope(_engine(url)) as s:
        return queries.aggregates(session=s, criterion_keys=criterion_keys, asof=asof, groups=groups, province=province)


def aggregates(groups, criterion_keys) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the targets are counted from, every month, aggregated in the database: communes per
    (month, criteria met, criteria assessed) of each group, and communes assessed on and meeting
    each criterion (data_access.queries.aggregates), at the page's `asof`."""
    return _aggregates(*_key(), current_asof(), _province(), _codes(groups), _codes(criterion_keys))


@st.cache_data(show_spinner=False, max_entries=32)
def _paces(url: str, version: str, asof: datetime | None, province: str | None, periods: Codes,
           group: str) -> pd.DataFrame:
    with session_scope(_engine(url)) as s:
        return queries.paces(session=s, periods=periods, asof=asof, group=group, province=province)


def paces(periods, group: str) -> pd.DataFrame:
    """Each commune's pace sums over these months (data_access.queries.paces), at the page's `asof`."""
    return _paces(*_key(), current_asof(), _province(), _codes(periods), group)


def periods(asof: datetime | None = None) -> list[str]:
    return _read("periods", *_key(), asof or current_asof(), _province())


def communes() -> pd.DataFrame:
    """The communes of the province shown (NTM_PROVINCE), or of the whole database."""
    return _read("communes", *_key(), None, _province())


def districts() -> pd.DataFrame:
    return _read("districts", *_key(), None, _province())


def groups() -> dict[str, frozenset[str]]:
    return _read("groups", *_key())


def targets() -> pd.DataFrame:
    return _read("targets", *_key())


def has_sample() -> bool:
    return _read("has_sample", *_key())


def criteria() -> pd.DataFrame:
    """Every criterion of every set (set_id, key, number, names)."""
    return _read("criteria", *_key())


def indicators() -> pd.DataFrame:
    """Every indicator of every set, with its threshold and whether that is verified."""
    return _read("indicators", *_key())


def criteria_sets() -> pd.DataFrame:
    return _read("criteria_sets", *_key())


@st.cache_data(show_spinner=False, max_entries=64)
def _commune_record(url: str, version: str, code: str, period: str,
                    asof: datetime | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    from data_access import commune_record

    with session_scope(_engine(url)) as s:
        return (commune_record.assessments(session=s, code=code, period=period, asof=asof),
                commune_record.indicator_values(session=s, code=code, period=period, asof=asof))


def commune_record(code: str, period: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One commune's current assessment rows in a month (note, who, when) and indicator values,
    as recorded at the page's `asof`."""
    return _commune_record(*_key(), code, period, current_asof())


@st.cache_data(show_spinner=False, max_entries=8)
def _task_calendar(url: str, version: str) -> tuple[date | None, date | None, str]:
    from data_access.tasks import queries as task_queries

    with session_scope(_engine(url)) as s:
        return task_queries.programme_issued(session=s), task_queries.latest_data_day(session=s), task_queries.programme_document(session=s)


def task_calendar() -> tuple[date | None, date | None, str]:
    """(the day the work programme was issued, the last day anything about it was recorded, its
    document number)."""
    return _task_calendar(*_key())


@st.cache_data(show_spinner=False, max_entries=32)
def _task_snapshot(url: str, version: str, as_of: date, moment: datetime | None):
    from data_access.tasks import queries as task_queries

    with session_scope(_engine(url)) as s:
        return task_queries.snapshot(session=s, as_of=as_of, moment=moment)


def task_snapshot(as_of: date, moment: datetime | None = None):
    """The work programme as recorded by the end of `as_of` (or at `moment`): task board, reports,
    visits (data_access.tasks.queries.Snapshot)."""
    return _task_snapshot(*_key(), as_of, moment)
