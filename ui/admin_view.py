"""The tabs of the administration page. Every write goes through a service (services/: the
account re-read, the admin right checked, audited) by way of ui.writes.perform."""
from __future__ import annotations

import re
import tempfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from accounts.auth import ROLES, accounts
from data_access import audit
from data_access.db import session_scope
from domain.actor import Actor
from domain.history_text import ACTIONS, KINDS, action_text, kind_text
from domain.localized import localized
from domain.user_text import NAME_LIMIT
from i18n import translate
from services import accounts as account_service
from services import backups, reference_edits
from ui import commune_audit, data, plain
from ui.formatting import fmt_number
from ui.tables import csv_download
from ui.uploader_text import uploader_in_language
from ui.writes import perform


def users_tab(ctx, actor: Actor) -> None:
    t = ctx.t
    with session_scope(data.engine()) as s:
        table = accounts(session=s)
    districts = data.districts()
    names = dict(zip(districts["code"], districts["name"]))
    st.table(plain.table(pd.DataFrame({
        t("admin.col.username"): table["username"],
        t("admin.col.role"): [translate(f"role.{r}", ctx.lang) for r in table["role"]],
        t("admin.col.district_limit"): [names.get(d, "") if d else "" for d in table["district_code"]],
        t("admin.col.active"): ["✓" if a else "✗" for a in table["active"]],
        t("admin.col.failed"): table["failed_logins"],
    }).set_index(t("admin.col.username"))))  # the user name heads each row, not a 0, 1, 2 … index
    with st.form("add_user", clear_on_submit=True):
        st.markdown(f"**{t('admin.add_user')}**")
        c1, c2, c3, c4 = st.columns(4)
        username = c1.text_input(t("admin.username"))
        password = c2.text_input(t("admin.password"), type="password")
        role = c3.selectbox(t("admin.role"), ROLES, format_func=lambda r: translate(f"role.{r}", ctx.lang))
        district = c4.selectbox(t("admin.district"), [""] + list(names),
                                format_func=lambda c: names.get(c, t("admin.no_district")))
        if st.form_submit_button(t("admin.add"), type="primary"):
            perform(ctx, lambda s: account_service.add_user(
                session=s, actor=actor, username=username, password=password, role=role, district_code=district or None),
                success=t("admin.added", username=plain.md(username)))
    if len(table):
        c1, c2, c3 = st.columns([2, 2, 3])
        who = c1.selectbox(t("admin.user_action"), list(table["username"]), key="admin_user_pick")
        active = bool(table.set_index("username").loc[who, "active"])
        if c2.button(t("admin.disable") if active else t("admin.enable"), key="admin_toggle") and perform(
                ctx, lambda s: account_service.set_active(session=s, actor=actor, username=who, active=not active))[0]:
            st.rerun()
        new_password = c3.text_input(t("admin.new_password"), type="password", key="admin_new_password")
        if c3.button(t("admin.reset_password"), key="admin_reset"):
            perform(ctx, lambda s: account_service.reset_password(session=s, actor=actor, username=who, password=new_password),
                    success=t("admin.done"))


def groups_tab(ctx, actor: Actor) -> None:
    t = ctx.t
    communes = data.communes()
    assessed = communes[communes["assessed"]]
    label = {r.code: f"{r.name} ({r.district_name})" for r in assessed.itertuples()}
    group = st.radio(t("admin.group"), ["pilot34", "pilot17"], horizontal=True,
                     format_func=lambda g: t(f"filter.group.{g}"))
    current = sorted(data.groups().get(group, frozenset()))
    chosen = st.multiselect(t("admin.members"), list(label), default=current, format_func=label.get,
                            key=f"admin_members_{group}")
    st.caption(ctx.nt("admin.members_count", len(chosen), count=len(chosen)))
    if st.button(t("admin.save_members"), type="primary"):
        perform(ctx, lambda s: reference_edits.set_group_members(session=s, actor=actor, group_key=group, codes=chosen),
                success=lambda n: ctx.nt("admin.members_saved", n, count=n))


SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}  # as the criteria tables write them


def set_label(set_id: str, lang: str) -> str:
    """'QD1980-2016' -> 'QĐ 1980 (2016)' / 'Decision 1980 (2016)': the criteria set by its decision."""
    m = re.fullmatch(r"QD(\d+)-(\d{4})", set_id)
    if not m:
        return set_id
    return translate("admin.set_decision", lang, number=m.group(1), year=m.group(2))


def thresholds_tab(ctx, actor: Actor) -> None:
    t = ctx.t
    ind = data.indicators()
    ind = ind[ind["comparison"] != "achieved"]
    provisional = ind[~ind["verified"].astype(bool)]
    st.info(ctx.nt("admin.provisional_count", len(provisional), count=len(provisional)), icon=":material/rule:")
    st.dataframe(pd.DataFrame({
        t("admin.col.set"): [set_label(i, ctx.lang) for i in ind["set_id"]], t("admin.col.code"): ind["code"],
        t("admin.col.indicator"): localized(ind, "text", ctx.lang),
        t("admin.col.threshold"): [f"{SYMBOLS.get(c, c)} {fmt_number(v, 2, ctx.lang)}" if pd.notna(v) else "–"
                                   for c, v in zip(ind["comparison"], ind["threshold"])],
        t("admin.col.verified"): ["✓" if v else t("entry.provisional") for v in ind["verified"]],
    }), hide_index=True, width="stretch")
    options = {int(r.id): f"{set_label(r.set_id, ctx.lang)} · {r.code} · {localized(r, 'text', ctx.lang)}"
               for r in provisional.itertuples()}
    if not options:
        return
    with st.form("threshold"):
        pick = st.selectbox(t("admin.indicator"), list(options), format_func=options.get)
        value = st.number_input(t("admin.threshold"), value=None, format="%.2f")
        source = st.text_input(t("admin.source"), max_chars=NAME_LIMIT)
        if st.form_submit_button(t("admin.save_threshold"), type="primary"):
            perform(ctx, lambda s: reference_edits.correct_threshold(
                session=s, actor=actor, indicator_id=pick, threshold=value, source=source), success=t("admin.done"))


def audit_tab(ctx) -> None:
    """The audit log as sentences in the page's language, with filters; the raw record (JSON)
    only in the CSV export. Every cell is escaped: notes and names are shown as typed."""
    t = ctx.t
    with session_scope(data.engine()) as s:
        everything = commune_audit.log_table(ctx, s, audit.entries(session=s, limit=20000))
    everyone = dict(zip(everything["_raw_username"], everything[t("admin.col.who")]))
    words = commune_audit.history_words(ctx)
    c1, c2, c3 = st.columns(3)
    who = c1.selectbox(t("admin.audit_user"), [""] + sorted(everyone), key="audit_who",
                       format_func=lambda u: everyone.get(u, u) if u else t("admin.audit_all"))
    action = c2.selectbox(t("admin.audit_action"), ["", *ACTIONS], key="audit_action",
                          format_func=lambda a: action_text(a, words) if a else t("admin.audit_all"))
    kind = c3.selectbox(t("admin.audit_kind"), ["", *KINDS], key="audit_kind",
                        format_func=lambda k: kind_text(k, words) if k else t("admin.audit_all"))
    c4, c5 = st.columns([1, 2])
    days = pd.to_datetime(everything["_at"]).dt.date
    first, last = (days.min(), days.max()) if len(days) else (date.today(), date.today())
    # No key: when the log grows past the range, the widget starts again from the whole span.
    span = c4.date_input(t("admin.audit_dates"), value=(first, last), format="DD/MM/YYYY")
    start, end = (tuple(span) + (None, None))[:2] if isinstance(span, (tuple, list)) else (span, span)
    text = c5.text_input(t("admin.audit_text"), help=t("admin.audit_text_help"), key="audit_text", max_chars=200)
    chosen = commune_audit.filter_log(everything, who=who, action=action, kind=kind, start=start, end=end,
                                      text=text)
    shown = chosen[[c for c in chosen.columns if not c.startswith("_")]]
    if shown.empty:
        st.caption(t("admin.audit_none"))
    else:
        st.caption(t("admin.audit_first", shown=min(len(shown), 200), count=len(shown)) if len(shown) > 200
                   else ctx.nt("admin.audit_rows", len(shown), count=len(shown)))
        st.table(plain.table(shown.head(200)), hide_index=True)
    csv_download(commune_audit.csv_frame(ctx, chosen), "nhat-ky-thay-doi.csv", t("admin.audit_download"))


def backup_tab(ctx, actor: Actor) -> None:
    st.caption(ctx.t("admin.backup_help"))
    engine = data.engine()
    suffix = backups.backup_suffix(engine=engine)
    if st.button(ctx.t("admin.backup_make"), icon=":material/backup:"):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"ntm-backup{suffix}"
            ok, _ = perform(ctx, lambda s: backups.make_backup(engine=engine, actor=actor, target=path))
            if ok:
                st.session_state["admin_backup"] = (path.read_bytes(),
                                                    f"ntm-{datetime.now():%Y%m%d-%H%M}{suffix}")
    if "admin_backup" in st.session_state:
        content, name = st.session_state["admin_backup"]
        st.download_button(ctx.t("admin.backup_download"), content, file_name=name, icon=":material/download:")
    restore_form(ctx, actor)


def restore_form(ctx, actor: Actor) -> None:
    """Restore from an uploaded backup: checked before anything is touched, a safety copy first."""
    t = ctx.t
    st.divider()
    st.markdown(f"**{t('admin.restore_title')}**")
    st.caption(t("admin.restore_help"))
    with st.form("restore", clear_on_submit=True):
        uploader_in_language(ctx)
        upload = st.file_uploader(t("admin.restore_file"), type=None, key="admin_restore_file")
        sure = st.checkbox(t("admin.restore_confirm"))
        submitted = st.form_submit_button(t("admin.restore_button"), icon=":material/settings_backup_restore:")
    if not submitted:
        return
    if upload is None or not sure:
        st.error(t("admin.restore_needs"))
        return
    engine = data.engine()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (upload.name or "backup")
        path.write_bytes(upload.getvalue())
        perform(ctx, lambda s: backups.restore(engine=engine, actor=actor, source=path),
                success=lambda result: t("admin.restored", copy=str(result.safety_copy)))
