"""Cached data for the pages.

The database is prepared once per process (st.cache_resource, under the inter-process lock of
`ensure_database`). Query results are cached by (database URL, data-version stamp): one cheap
query per rerun reads the stamp, so a save in another process or a command-line import is seen
at once, and unchanged data is never read twice.
"""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from data_access import queries
from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from data_access.settings import get_settings
from domain.overview import commune_counts


@st.cache_resource(show_spinner="Đang chuẩn bị cơ sở dữ liệu… / Preparing the database…")
def _engine(url: str) -> Engine:
    return ensure_database(url)


def engine() -> Engine:
    return _engine(get_settings().database_url)


RUN_VERSION = "_data_version_this_run"


def refresh_data_version() -> str:
    """Read the stamp once per run (the page setup calls this); writes call it again."""
    with session_scope(engine()) as s:
        version = queries.data_version(s)
    st.session_state[RUN_VERSION] = version
    return version


def data_version() -> str:
    return st.session_state.get(RUN_VERSION) or refresh_data_version()


def _key() -> tuple[str, str]:
    return get_settings().database_url, data_version()


@st.cache_data(show_spinner=False, max_entries=16)
def _read(name: str, url: str, version: str, asof: datetime | None = None):
    with session_scope(_engine(url)) as s:
        if name == "status":
            return queries.status(s, asof=asof)
        if name == "periods":
            return queries.periods_with_data(s, asof=asof)
        return getattr(queries, name)(s)


def status(asof: datetime | None = None) -> pd.DataFrame:
    return _read("status", *_key(), asof)


@st.cache_data(show_spinner=False, max_entries=16)
def _counts(url: str, version: str, asof: datetime | None) -> pd.DataFrame:
    return commune_counts(_read("status", url, version, asof))


def counts(asof: datetime | None = None) -> pd.DataFrame:
    """Criteria met per commune-month."""
    return _counts(*_key(), asof)


def periods(asof: datetime | None = None) -> list[str]:
    return _read("periods", *_key(), asof)


def communes() -> pd.DataFrame:
    return _read("communes", *_key())


def districts() -> pd.DataFrame:
    return _read("districts", *_key())


def groups() -> dict[str, frozenset[str]]:
    return _read("groups", *_key())


def targets() -> pd.DataFrame:
    return _read("targets", *_key())


def has_sample() -> bool:
    return _read("has_sample", *_key())
