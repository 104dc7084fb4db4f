"""Nhập liệu: office staff update the monthly assessments (a commune, a whole district, or Excel)."""
from __future__ import annotations

import streamlit as st

from data_access.db import session_scope
from data_access.entry_form import criteria_form, editable_communes, enterable_periods, set_name
from ui import data
from ui.auth_view import current_actor
from ui.entry_bulk import district_grid
from ui.entry_events import event_dates
from ui.entry_excel import excel_import
from ui.entry_tasks import report_receipt, task_status
from ui.entry_view import ENTRY_TABS, ENTRY_TABS_KEY, CommuneForm
from ui.formatting import fmt_period
from ui.lazy_tabs import lazy_tabs
from ui.shell import setup_page
from ui.url_state import url_selectbox

ctx = setup_page("entry")  # editors and admins only: anyone else gets the login or a refusal here
actor = current_actor()

with session_scope(data.engine()) as s:
    periods = enterable_periods(session=s)
    communes = editable_communes(session=s, actor=actor)
latest = data.periods()[-1] if data.periods() else periods[-1]


def period_label(p: str) -> str:
    return ctx.t("entry.new_month", period=fmt_period(p, ctx.lang)) if p not in data.periods() \
        else fmt_period(p, ctx.lang)


period = url_selectbox("period", ctx.t("entry.period"), list(reversed(periods)), latest, period_label,
                       on_invalid=lambda n, v: ctx.invalid(n, v, period_label(latest)))
names = {code: name for code, name, _ in communes}
commune = url_selectbox("commune", ctx.t("entry.commune"), list(names), communes[0][0],
                        lambda c: f"{names[c]} ({c})",
                        on_invalid=CommuneForm.refuse_commune(ctx, actor, names[communes[0][0]]))

st.title(ctx.t("entry.title"))
with session_scope(data.engine()) as s:
    criteria = criteria_form(session=s, period=period)
    st.caption(ctx.t("entry.set_in_force", name=set_name(session=s, period=period, lang=ctx.lang)))

# The other tabs are drawn from their first opening on (ui.lazy_tabs): the first screen is the form.
(by_commune, _), (by_district, draw_district), (from_excel, draw_excel), (tasks, draw_tasks) = lazy_tabs(
    ENTRY_TABS, [ctx.t(f"entry.tab_{name}") for name in ENTRY_TABS], key=ENTRY_TABS_KEY)
with by_commune:
    form = CommuneForm(ctx, period, commune, criteria)
    if not form.conflict_panel(actor):
        earlier = [p for p in data.periods() if p < period]
        if earlier:
            def copy_last_month() -> None:
                key = "copied" if form.copy_month(earlier[-1]) else "none"
                st.session_state[f"{form.prefix}_copy_result"] = key
            st.button(ctx.t("entry.from_last_month"), on_click=copy_last_month, icon=":material/content_copy:")
            result = st.session_state.pop(f"{form.prefix}_copy_result", None)
            if result:
                text = "entry.from_last_month_done" if result == "copied" else "entry.from_last_month_none"
                st.info(ctx.t(text, period=fmt_period(earlier[-1], ctx.lang)))
        form.draw()
        form.save_bar(actor)

district_code = next(d for c, _, d in communes if c == commune)
if draw_district:
    with by_district:
        district_grid(ctx, actor, period, [c for c in communes if c[2] == district_code], criteria)
if draw_excel:
    with from_excel:
        excel_import(ctx, actor, period, actor.district_code or None)
if draw_tasks:
    with tasks:
        task_status(ctx, actor)
        st.divider()
        report_receipt(ctx, actor)
        st.divider()
        event_dates(ctx, actor)

ctx.finish()
