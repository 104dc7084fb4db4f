"""The tasks page's URL-bound filters (agency, section, status, as-of day) and the scope they
select. Tables are in ui/tasks_tables.py, charts in ui/tasks_charts.py.
"""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from domain.localized import localized
from domain.tasks.board import STATUSES, default_as_of, scorecard
from ui import url_state
from ui.formatting import fmt_date
from ui.shell import PageContext

STATUS_FILTERS = ("", *STATUSES, "overdue")
# The page's sections (`view=`), the first shown by default.
SECTIONS = ("overdue", "timeline", "summary", "agencies", "office", "list", "report")
DEFAULT_DAY = "_tasks_default_day"  # the day /tasks opened on in this session


# --------------------------------------------------------------------------------------------
# Filters
# --------------------------------------------------------------------------------------------


def parse_as_of(text: str | None) -> tuple[date, datetime | None] | None:
    """'2013-09-30' -> (that day, None: its end); '2013-09-30T08:00' (or with a space) -> (that day,
    that moment). The same forms as the other pages' `asof=`."""
    if not text:
        return None
    try:
        if len(text) > 10:
            moment = datetime.fromisoformat(text)
            return moment.date(), moment
        return date.fromisoformat(text), None
    except ValueError:
        return None


def as_of_filter(ctx: PageContext, issued: date | None, latest: date | None,
                 today: date | None = None) -> tuple[date, datetime | None, date]:
    """The day the page is seen as of, bound to `asof=` like url_state binds the other filters.

    `asof=` means what it means on every page: data as recorded then; absent, the page shows the
    present. The present is today, or the last day with data when the data stopped long ago (a
    sample, an archive; see domain.tasks.board.default_as_of). A chosen day is written to the URL,
    so a link quoted in minutes keeps showing that day; so is the default day, but other pages are
    not turned into as-of views: the default day is written to this page's URL but not kept as
    the session's `asof`, so the next page drops it. Returns (day, moment or None, default day)."""
    today = today or date.today()
    # The default day is taken once per session and kept: an edit recorded today must not move
    # the page the person is looking at from the sample's last day to today.
    default = st.session_state.setdefault(DEFAULT_DAY, default_as_of(today, latest))
    low = date((issued or default).year, 1, 1)
    high = max(today, latest or today)
    written = st.session_state.setdefault(url_state.WRITTEN, {})
    incoming = st.query_params.get("asof")
    key, wkey = "q_asof", "w_tasks_asof"
    if incoming is not None and incoming != written.get("asof"):
        st.session_state[key] = incoming
    # The shell may have read `asof=` already (same state key); either way an unusable value
    # (not a day, or outside the programme's years) gives a notice here and the default.
    text = st.session_state.get(key)
    parsed = parse_as_of(text)
    if parsed is None or not low <= parsed[0] <= high:
        if text:
            ctx.invalid("asof", text, fmt_date(default, ctx.lang))
        st.session_state[key] = None
        parsed = (default, None)
    if st.session_state.get(wkey) != parsed[0]:
        st.session_state[wkey] = parsed[0]
    st.sidebar.date_input(ctx.t("tasks.filter.asof"), key=wkey, min_value=low, max_value=high, format="DD/MM/YYYY",
                          help=ctx.t("tasks.filter.asof_help"), on_change=_copy_day)
    if st.session_state[key]:
        url_state.write_url("asof", st.session_state[key])
    else:  # the default day goes into this page's link too, without making other pages as-of views
        url_state.write_url("asof", parsed[0].isoformat())
        st.session_state[key] = None
    return parsed[0], parsed[1], default


def _copy_day() -> None:
    st.session_state["q_asof"] = st.session_state["w_tasks_asof"].isoformat()


def agency_names(agencies: pd.DataFrame, lang: str) -> dict[str, str]:
    return dict(zip(agencies["key"], localized(agencies, "name", lang, "short_vi")))


def agency_filter(ctx: PageContext, snap) -> str:
    """Agencies named by some task (any role) or owing reports, in the file's order."""
    named = set()
    for t in snap.board.itertuples():
        named.update((t.lead_key, *t.co_leads, *t.partners, *t.directs))
    for group in list(named):
        named.update(snap.members.get(group, ()))
    named.update(snap.agencies.loc[snap.agencies["reports_progress"], "key"])
    options = [""] + [k for k in snap.agencies["key"] if k in named]
    names = agency_names(snap.agencies, ctx.lang)
    fmt = lambda k: names.get(k, ctx.t("tasks.filter.all_agencies"))  # noqa: E731
    return url_state.url_selectbox("agency", ctx.t("tasks.filter.agency"), options, "", fmt,
                                   on_invalid=lambda n, v: ctx.invalid(n, v, fmt("")), omit_default=True)


def section_label(ctx: PageContext, section: str, title: str = "") -> str:
    key = f"tasks.section.{section}"
    name = ctx.t(key)
    return f"{section}. {name if name != key else title}"


def section_filter(ctx: PageContext, snap) -> str:
    titles = dict(zip(snap.board["section"], snap.board["section_title_vi"]))
    fmt = lambda s: section_label(ctx, s, titles.get(s, "")) if s else ctx.t("tasks.filter.all_sections")  # noqa: E731
    return url_state.url_selectbox("section", ctx.t("tasks.filter.section"), [""] + list(titles), "", fmt,
                                   on_invalid=lambda n, v: ctx.invalid(n, v, fmt("")), omit_default=True)


def status_filter(ctx: PageContext) -> str:
    fmt = lambda s: ctx.t(f"tasks.status.{s}") if s else ctx.t("tasks.filter.all_statuses")  # noqa: E731
    return url_state.url_selectbox("status", ctx.t("tasks.filter.status"), list(STATUS_FILTERS), "", fmt,
                                   on_invalid=lambda n, v: ctx.invalid(n, v, fmt("")), omit_default=True)


def agency_scope(snap, agency: str) -> set[str]:
    """The chosen agency and, for a group, its named members (every agency when none is chosen)."""
    if not agency:
        return set(snap.agencies["key"])
    return {agency, *snap.members.get(agency, ())}


def reporting_scope(snap, agency: str) -> list[str]:
    """Agencies owing the members' progress reports, within the chosen agency scope."""
    keys = agency_scope(snap, agency)
    return [k for k in snap.agencies.loc[snap.agencies["reports_progress"], "key"] if k in keys]


def scorecard_rows(snap, agency: str, tasks: pd.DataFrame) -> pd.DataFrame:
    """The scorecard (domain.tasks.board.scorecard) of the agencies in scope that lead one of
    `tasks` (a group's tasks count for its members) or owe reports; reports count monthly and
    quarterly ones together."""
    reports = pd.concat([snap.monthly, snap.quarterly], ignore_index=True)
    card = scorecard(tasks, reports, snap.members)
    keys = agency_scope(snap, agency)
    return card[card["agency_key"].isin(keys) & ((card["tasks"] > 0) | card["agency_key"].isin(reporting_scope(snap, agency)))]
