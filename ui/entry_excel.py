"""The Excel tab of the data-entry page: download the month's template, upload it filled, see the
changes and the conflicts apart, confirm, and read the result beside the button."""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from data_access.db import session_scope
from domain.actor import Actor
from i18n import explain, ntranslate
from services.imports import import_excel
from spreadsheets.excel_import import Change, ParsedUpload, parse_upload
from spreadsheets.reader import excerpt
from spreadsheets.template import TemplateError, build_template
from ui import data
from ui.formatting import fmt_period
from ui.uploader_text import uploader_in_language
from ui.writes import perform

MAX_LISTED = 500  # error lines shown; the count says how many there are


def _met(ctx, met: bool | None) -> str:
    return "–" if met is None else ctx.t("entry.met") if met else ctx.t("entry.not_met")


def _note(text: str | None) -> str:
    return excerpt(text, 80) if text else "–"


def _changes_table(ctx, changes: list[Change]) -> pd.DataFrame:
    return pd.DataFrame([{
        ctx.t("entry.col_commune"): f"{c.commune_code} {c.commune_name}",
        ctx.t("entry.col_criterion"): f"TC{c.criterion_number}",
        ctx.t("entry.col_old"): _met(ctx, c.old_met), ctx.t("entry.col_new"): _met(ctx, c.new_met),
        ctx.t("entry.col_note_old"): _note(c.old_note), ctx.t("entry.col_note_new"): _note(c.new_note),
    } for c in changes])


def _conflicts_table(ctx, conflicts: list[Change]) -> pd.DataFrame:
    return pd.DataFrame([{
        ctx.t("entry.col_commune"): f"{c.commune_code} {c.commune_name}",
        ctx.t("entry.col_criterion"): f"TC{c.criterion_number}",
        ctx.t("entry.col_in_template"): f"{_met(ctx, c.shown_met)} · {_note(c.shown_note)}",
        ctx.t("entry.col_theirs"): f"{_met(ctx, c.old_met)} · {_note(c.old_note)}",
        ctx.t("entry.col_who"): f"{c.saved_by or '–'}, {c.saved_at:%H:%M %d/%m/%Y}" if c.saved_at else "–",
        ctx.t("entry.col_in_file"): f"{_met(ctx, c.new_met)} · {_note(c.new_note)}",
    } for c in conflicts])


def _preview(actor: Actor, content: bytes) -> ParsedUpload:
    """Parsed once per file and data version (the tab is drawn at every rerun of the page)."""
    key = ("excel_preview", hashlib.sha256(content).hexdigest(), data.data_version(), actor)
    cached = st.session_state.get("excel_preview")
    if cached is None or cached[0] != key:
        with session_scope(data.engine()) as s:
            cached = (key, parse_upload(session=s, actor=actor, content=content))
        st.session_state["excel_preview"] = cached
    return cached[1]


def _download(ctx, period: str, district: str | None) -> None:
    try:
        with session_scope(data.engine()) as s:
            template = build_template(session=s, period=period, district_code=district)
    except TemplateError as exc:
        st.info(explain(exc, ctx.lang))
        return
    st.download_button(ctx.t("entry.excel_download"), template, file_name=f"mau-danh-gia-{period}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:")
    st.caption(ctx.t("entry.excel_help"))


def excel_import(ctx, actor: Actor, period: str, district: str | None) -> None:
    _download(ctx, period, district)
    uploader_in_language(ctx)
    upload = st.file_uploader(ctx.t("entry.excel_upload"), type=None, key="excel_upload")
    if upload is None:
        return
    content = upload.getvalue()
    parsed = _preview(actor, content)
    if parsed.errors:
        st.error(ctx.nt("entry.excel_errors", len(parsed.errors), count=len(parsed.errors)))
        st.text("\n".join(explain(e, ctx.lang) for e in parsed.errors[:MAX_LISTED]))
        return
    if not parsed.changes and not parsed.conflicts:
        st.info(ctx.t("entry.excel_nothing"))
        return
    st.subheader(ctx.t("entry.excel_summary", period=fmt_period(parsed.period, ctx.lang),
                       changes=ctx.nt("entry.count.changes", len(parsed.changes), count=len(parsed.changes)),
                       conflicts=ctx.nt("entry.count.conflicts", len(parsed.conflicts), count=len(parsed.conflicts))))
    if parsed.changes:
        st.markdown(f"**{ctx.nt('entry.excel_preview', len(parsed.changes), count=len(parsed.changes))}**")
        st.dataframe(_changes_table(ctx, parsed.changes), hide_index=True, width="stretch")
    resolution = "none"
    if parsed.conflicts:
        st.markdown(f"**{ctx.nt('entry.excel_conflicts', len(parsed.conflicts), count=len(parsed.conflicts))}**")
        st.caption(ctx.t("entry.excel_conflict_help"))
        st.dataframe(_conflicts_table(ctx, parsed.conflicts), hide_index=True, width="stretch")
        n = len(parsed.conflicts)
        labels = {"none": ctx.t("entry.excel_resolve_none"),
                  "skip": ctx.nt("entry.excel_resolve_skip", n, count=n),
                  "overwrite": ctx.nt("entry.excel_resolve_overwrite", n, count=n)}
        resolution = st.radio(ctx.t("entry.excel_resolve"), list(labels), key="excel_resolution",
                              format_func=labels.get)
    allow_past = False
    if parsed.past:
        st.warning(ctx.t("entry.excel_past", period=fmt_period(parsed.period, ctx.lang),
                         latest=fmt_period(parsed.latest, ctx.lang)), icon=":material/history:")
        allow_past = st.checkbox(ctx.t("entry.excel_past_confirm", period=fmt_period(parsed.period, ctx.lang)),
                                 key="excel_allow_past")
    count = len(parsed.changes) + (len(parsed.conflicts) if resolution == "overwrite" else 0)
    ready = (resolution != "none" or not parsed.conflicts) and (allow_past or not parsed.past) and count > 0
    button, outcome = st.columns([1, 2], vertical_alignment="center")
    clicked = button.button(ctx.nt("entry.excel_confirm", count, count=count), type="primary", disabled=not ready,
                            key="excel_apply")
    if not clicked:
        if not ready and count:
            outcome.caption(ctx.t("entry.excel_waiting"))
        return
    ok, result = perform(ctx, lambda s: import_excel(session=s, actor=actor, content=content, conflicts=resolution,
                                                     allow_past=allow_past), where=outcome,
                         success=lambda r: ctx.nt("entry.saved", r.written, count=r.written)
                         if r.status == "written" else "")
    if not ok:
        return
    st.session_state.pop("excel_preview", None)
    if result.status == "conflicts":
        outcome.error(ntranslate("import.conflicts", len(result.parsed.conflicts), ctx.lang, count=len(result.parsed.conflicts)))
    elif result.status == "errors":
        outcome.error(ctx.nt("entry.excel_errors", len(result.parsed.errors), count=len(result.parsed.errors)))
    elif result.status != "written":
        outcome.info(ctx.t("entry.excel_nothing"))
