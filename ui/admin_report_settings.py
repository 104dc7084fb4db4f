"""The "Báo cáo định kỳ" tab of /admin: who issues the periodic report, its symbol, the signer
and the recipients (services.report_settings; admins only, audited)."""
from __future__ import annotations

from dataclasses import asdict

import streamlit as st

from data_access.db import session_scope
from domain.actor import Actor
from reports.text import HEADING
from services.report_settings import report_heading, reset_report_heading, set_report_heading
from ui import data
from ui.writes import perform

SINGLE = ("parent_agency", "issuer_name", "symbol", "place", "signer_authority", "signer_title", "signer_name")


def report_settings_tab(ctx, actor: Actor) -> None:
    t = ctx.t
    with session_scope(data.engine()) as s:
        current = report_heading(session=s)
    st.caption(t("admin.report.caption"))
    with st.form("report_heading"):
        values: dict[str, object] = {}
        left, right = st.columns(2)
        with left:
            values["parent_agency"] = st.text_input(t("admin.report.parent_agency"), current.parent_agency)
            values["issuer"] = st.text_area(t("admin.report.issuer"), "\n".join(current.issuer), height=80,
                                            help=t("admin.report.issuer_help"))
            values["issuer_name"] = st.text_input(t("admin.report.issuer_name"), current.issuer_name,
                                                  help=t("admin.report.issuer_name_help"))
            values["symbol"] = st.text_input(t("admin.report.symbol"), current.symbol, help=t("admin.report.symbol_help"))
            values["place"] = st.text_input(t("admin.report.place"), current.place)
        with right:
            values["signer_authority"] = st.text_input(t("admin.report.signer_authority"), current.signer_authority,
                                                       help=t("admin.report.signer_authority_help"))
            values["signer_title"] = st.text_input(t("admin.report.signer_title"), current.signer_title)
            values["signer_name"] = st.text_input(t("admin.report.signer_name"), current.signer_name)
            values["recipients"] = st.text_area(t("admin.report.recipients"), "\n".join(current.recipients), height=150,
                                                help=t("admin.report.recipients_help"))
        save = st.form_submit_button(t("admin.report.save"), type="primary")
    if save:
        perform(ctx, lambda s: set_report_heading(session=s, actor=actor, **values),
                success=lambda changed: t("admin.report.saved") if changed else t("admin.report.unchanged"))
    if (asdict(current) != asdict(HEADING) and st.button(t("admin.report.reset"), key="admin_report_reset")
            and perform(ctx, lambda s: reset_report_heading(session=s, actor=actor))[0]):
        st.rerun()
