"""The commune profile's own change history, from the audit log (every save names the commune),
as sentences in the page's language (domain/history_text.py). Also the words and names the
audit log of the administration page uses. No raw record (JSON) is shown on any page."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.auth import accounts
from data_access import audit
from data_access.db import session_scope
from data_access.queries import group_names
from data_access.tasks.models import AwaitedEvent
from data_access.tasks.queries import agencies
from domain.commune_search import fold
from domain.history_names import Names, criterion_lookup, indicator_names
from domain.history_text import Entry, Line, Words, describe
from domain.localized import localized
from ui import data
from ui.formatting import fmt_number, fmt_period
from ui.plain import md

SHOWN = 200  # the latest changes of a commune shown on its page


def history_words(ctx) -> Words:
    return Words(t=ctx.t, number=lambda v, d: fmt_number(v, d, ctx.lang),
                 period=lambda p: fmt_period(p, ctx.lang), today=date.today())


def history_names(ctx, session: Session) -> Names:
    """Everything a sentence names, read once per run (criteria and indicators from the cache)."""
    lang = ctx.lang
    by_id, by_code = indicator_names(data.indicators(), lang)
    users = accounts(session=session)
    people = {u: n for u, n in zip(users["username"], users["display_name"]) if isinstance(n, str) and n}
    groups = group_names(session=session)
    ag = agencies(session=session)
    events = {r.key: localized(r, "text", lang) for r in
              session.execute(select(AwaitedEvent.key, AwaitedEvent.text_vi, AwaitedEvent.text_en))}
    communes = data.communes()
    districts = data.districts()
    return Names(
        criterion=criterion_lookup(data.criteria_sets(), data.criteria(), lang),
        indicators=by_id, indicators_by_code=by_code, people=people,
        communes=dict(zip(communes["code"], communes["name"])),
        districts=dict(zip(districts["code"], districts["name"])),
        groups=dict(zip(groups["key"], localized(groups, "name", lang))),
        agencies=dict(zip(ag["key"], localized(ag.assign(short_vi=ag["short_vi"].fillna(ag["name_vi"])), "name", lang,
                                               "short_vi"))),
        events=events,
    )


def lines(ctx, session: Session, log: pd.DataFrame, *, with_commune: bool = True) -> list[Line]:
    names, words = history_names(ctx, session), history_words(ctx)
    return [describe(Entry.from_row(row), names, words, with_commune=with_commune)
            for row in log.to_dict("records")]


def changes(ctx, code: str) -> None:
    st.subheader(ctx.t("commune.audit_title"))
    with session_scope(data.engine()) as s:
        log = audit.entries(session=s, table="assessment", key_prefix=f"{code}/", limit=SHOWN)
        shown = lines(ctx, s, log, with_commune=False)
    if not shown:
        st.caption(ctx.t("commune.audit_none"))
        return
    words = history_words(ctx)
    # One sentence a line; every piece of it escaped (a note is shown as typed, never as Markdown).
    st.markdown("\n".join(f"- {md(line.sentence(words))}" for line in shown))
    if len(shown) == SHOWN:
        st.caption(ctx.t("commune.audit_more", count=SHOWN))


def log_table(ctx, session: Session, log: pd.DataFrame) -> pd.DataFrame:
    """The audit log for people (when, who, action, change, from where) beside the raw record,
    which only the CSV export carries. Columns: the shown ones, then `_raw_*` and `_search`."""
    shown = lines(ctx, session, log)
    t = ctx.t
    return pd.DataFrame({
        t("admin.col.at"): [ln.when for ln in shown],
        t("admin.col.who"): [ln.who for ln in shown],
        t("admin.col.action"): [ln.action for ln in shown],
        t("admin.col.what"): [ln.text for ln in shown],
        t("admin.col.origin"): [ln.origin for ln in shown],
        "_at": log["at"].to_numpy(),
        "_search": [fold(f"{ln.who} {ln.text} {k} {u}") for ln, k, u in zip(shown, log["row_key"], log["username"])],
        "_raw_id": log["id"].to_numpy(), "_raw_username": log["username"].to_numpy(),
        "_raw_action": log["action"].to_numpy(), "_raw_table": log["table_name"].to_numpy(),
        "_raw_key": log["row_key"].to_numpy(), "_raw_old": log["old_value"].to_numpy(),
        "_raw_new": log["new_value"].to_numpy(), "_raw_origin": log["origin"].to_numpy(),
    })


def filter_log(table: pd.DataFrame, *, who: str = "", action: str = "", kind: str = "",
               start: date | None = None, end: date | None = None, text: str = "") -> pd.DataFrame:
    """The rows matching every filter given: account, action and kind by code, a date range
    (both days included), words of `text` anywhere in the row, with or without diacritics."""
    keep = pd.Series(True, index=table.index)
    if who:
        keep &= table["_raw_username"] == who
    if action:
        keep &= table["_raw_action"] == action
    if kind:
        keep &= table["_raw_table"] == kind
    days = pd.to_datetime(table["_at"]).dt.date
    if start:
        keep &= days >= start
    if end:
        keep &= days <= end
    for word in fold(text).split():
        keep &= table["_search"].str.contains(word, regex=False)
    return table[keep]


def csv_frame(ctx, table: pd.DataFrame) -> pd.DataFrame:
    """What the CSV holds: the readable columns, the exact time, and the raw record."""
    t = ctx.t
    shown = [c for c in table.columns if not c.startswith("_")]
    out = table[shown].copy()
    out[t("admin.col.at")] = [pd.Timestamp(a).strftime("%Y-%m-%d %H:%M:%S") for a in table["_at"]]
    out["id"] = table["_raw_id"]
    out[t("admin.col.username")] = table["_raw_username"]
    out["action"] = table["_raw_action"]
    out[t("admin.col.table")] = table["_raw_table"]
    out[t("admin.col.key")] = table["_raw_key"]
    out[t("admin.col.raw_old")] = table["_raw_old"]
    out[t("admin.col.raw_new")] = table["_raw_new"]
    out[t("admin.col.raw_origin")] = table["_raw_origin"]
    return out
