"""The "Tạo báo cáo" section of /tasks: the Coordination Office's periodic report (the 2013 work programme §II.2, docs/glossary.md).

The period is bound to the URL (`report=2013-Q3`) like every filter; the two free-text parts are
kept in st.session_state per period, so switching periods never mixes them up. The facts are
read once per (database, data version, period); the Word and Excel files are built only when a
download button is clicked (a callable given to st.download_button).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from config import get_settings
from data_access.db import session_scope
from reports.annex import report_xlsx
from reports.content import report_content
from reports.model import ReportContent
from reports.period import ReportPeriod, parse_period, periods_to_report
from reports.tables import Group, Table, cell_text
from reports.text import Bullets, DocumentHeading, Heading, Para, TableBlock, outline, title
from reports.word import report_docx
from reports.words import Words
from services.report_settings import report_heading
from ui import data, plain, url_state
from ui.formatting import fmt_date
from ui.phrases import phrase_text
from ui.plain import md
from ui.shell import PageContext

TEXTS = "_report_texts"  # {period code: {"proposals": …, "priorities": …}}
PREVIEW_TABLES = ("overview", "bands", "targets", "not_done")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(show_spinner=False, max_entries=16)
def _content(url: str, version: str, code: str, lang: str) -> ReportContent:
    with session_scope(data.engine()) as s:
        return report_content(session=s, period=parse_period(code), lang=lang)


def content(period: ReportPeriod, lang: str = "vi") -> ReportContent:
    return _content(get_settings().database_url, data.data_version(), period.code, lang)


@st.cache_data(show_spinner=False, max_entries=4)
def _heading(url: str, version: str) -> DocumentHeading:
    with session_scope(data.engine()) as s:
        return report_heading(session=s)


def heading() -> DocumentHeading:
    """Issuer, symbol, signer and recipients as set on /admin (app_meta; a change bumps the version)."""
    return _heading(get_settings().database_url, data.data_version())


def _label(period: ReportPeriod, lang: str) -> str:
    text = phrase_text(PageContext(key="tasks", lang=lang, notices=None, filters_line=None), period.label)
    return text[:1].upper() + text[1:]


def _text_area(ctx: PageContext, code: str, field: str, label: str, placeholder: str) -> str:
    """A text area whose text lives in st.session_state[TEXTS][code][field] (a widget's own state
    is dropped when it is not drawn, e.g. while another period is chosen)."""
    store = st.session_state.setdefault(TEXTS, {}).setdefault(code, {})
    key = f"w_report_{field}_{code}"
    if key not in st.session_state:
        st.session_state[key] = store.get(field, "")

    def keep() -> None:
        st.session_state[TEXTS][code][field] = st.session_state[key]

    st.text_area(label, key=key, on_change=keep, placeholder=placeholder, height=130, help=ctx.t("report.text_help"))
    store[field] = st.session_state[key]
    return store[field]


def report_section(ctx: PageContext, as_of: date) -> None:
    issued, _, _ = data.task_calendar()
    periods = periods_to_report(data.periods(), issued, as_of)
    st.divider()
    st.header(ctx.t("report.title"))
    st.caption(ctx.t("report.caption"))
    if not periods:
        st.info(ctx.t("report.no_period"))
        return
    by_code = {p.code: p for p in periods}
    left, right = st.columns([1, 2])
    with left:
        code = url_state.url_selectbox(
            "report", ctx.t("report.period"), list(by_code), periods[0].code, lambda c: _label(by_code[c], ctx.lang),
            on_invalid=lambda n, v: ctx.invalid(n, v, _label(periods[0], ctx.lang)), container=st,
            omit_default=True)
    period = by_code[code]
    with right:
        st.caption(ctx.t("report.period_help"))
        st.caption(ctx.t("report.cutoff", day=fmt_date(period.end, ctx.lang)))
    nxt = phrase_text(ctx, period.next().label)
    first, second = st.columns(2)
    with first:
        proposals = _text_area(ctx, code, "proposals", ctx.t("report.proposals"),
                               ctx.t("report.proposals_placeholder"))
    with second:
        priorities = _text_area(ctx, code, "priorities", ctx.t("report.priorities", period=nxt),
                                ctx.t("report.priorities_placeholder", period=nxt))
    date_col, issuer_col = st.columns([1, 2])
    # Any day from the programme's years to a year ahead (a 2013 report may be dated 2014, or typed up
    # later); the same bounds for every period, so a day chosen for one period stays valid for another.
    made_on = date_col.date_input(ctx.t("report.made_on"), value=date.today(), format="DD/MM/YYYY",
                                  key="w_report_made_on", min_value=date(2010, 1, 1),
                                  max_value=date.today() + timedelta(days=366), help=ctx.t("report.made_on_help"))
    facts = replace(content(period, ctx.lang), proposals=proposals.strip(), priorities=priorities.strip(), made_on=made_on)
    head = heading()
    signer = " ".join(x for x in (head.signer_authority, head.signer_title) if x)
    issuer_col.caption(ctx.t("report.issued_by", issuer=head.issuer_name, symbol=head.symbol,
                             signer=f"{signer} ({head.signer_name or ctx.t('report.no_signer_name')})"))
    if not facts.proposals:
        st.caption(ctx.t("report.blank_proposals"))
    docx_col, xlsx_col = st.columns(2)
    docx_col.download_button(ctx.t("report.download_docx"), lambda: report_docx(facts, head, ctx.lang), f"bao-cao-{code}.docx",
                             DOCX_MIME, key="report-docx", icon=":material/description:", on_click="ignore",
                             width="stretch", type="primary")
    xlsx_col.download_button(ctx.t("report.download_xlsx"), lambda: report_xlsx(facts, head, ctx.lang), f"phu-luc-{code}.xlsx",
                             XLSX_MIME, key="report-xlsx", icon=":material/table_view:", on_click="ignore",
                             width="stretch")
    with st.expander(ctx.t("report.preview"), expanded=False):
        preview(ctx, facts)


def preview(ctx: PageContext, facts: ReportContent) -> None:
    """The report's outline, compact: title, headings, summary sentences, the main tables in full
    and a line for each other table."""
    w = Words(ctx.lang)
    st.markdown(f"**{w.t('report.doc.kind')}** · {title(facts, w)}")
    st.caption(ctx.t("report.preview_note"))
    for block in outline(facts, heading(), w):
        if isinstance(block, Heading):
            st.markdown(f"**{md(block.text)}**" if block.level == 1 else f"*{md(block.text)}*")
        elif isinstance(block, Para):  # may quote what people typed (reasons, proposals): as text
            st.caption(md(block.text))
        elif isinstance(block, Bullets):
            st.caption("\n".join(f"- {md(item)}" for item in block.items))
        elif isinstance(block, TableBlock):
            _preview_table(ctx, block.table, w)


def _preview_table(ctx: PageContext, t: Table, w: Words) -> None:
    rows = t.word_rows if t.word_rows is not None else t.rows
    if t.key not in PREVIEW_TABLES:
        st.caption(ctx.t("report.table_in_file", title=t.title, rows=len(rows)))
        return
    index = t.columns_for("word")
    headers = [f"{t.columns[i].group} – {t.columns[i].header}" if t.columns[i].group else t.columns[i].header
               for i in index]
    body = [[r.text] + [""] * (len(index) - 1) if isinstance(r, Group) else
            [cell_text(r[i], t.columns[i].kind, w) if r[i] != "" else "" for i in index]
            for r in list(rows) + ([t.total] if t.total else [])]
    st.markdown(f"**{md(t.title)}**")
    st.table(plain.table(pd.DataFrame(body, columns=headers).set_index(headers[0])))  # reasons as typed
