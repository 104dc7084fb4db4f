"""Presentation layout (present=1) for the projector, and the link of the current view.

In presentation mode the sidebar, Streamlit's toolbar and menu are hidden, type is larger, figures
use the full width, and the filters appear as one line of text instead of widgets.
"""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from ui.navigation import page_spec
from ui.url_state import FILTER_LABELS

PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stMainMenu"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1rem 2.5rem 1rem 2.5rem !important; }
html { font-size: 21px; }
h1 { font-size: 2.4rem !important; padding-top: 0 !important; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.05rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p { font-size: 3rem !important; line-height: 1.2; }
[data-testid="stMetricLabel"] p { font-size: 1.1rem !important; }
</style>
"""


def apply_layout() -> None:
    st.html(PRESENT_CSS)


def filters_caption(ctx) -> None:
    labels = [v for v in st.session_state.get(FILTER_LABELS, {}).values() if v]
    if labels:
        ctx.filters_line.markdown(f"#### {' · '.join(labels)}")


def current_link(ctx) -> str:
    """The address of this view: this page and every parameter the filters wrote."""
    base = urlsplit(st.context.url or "http://localhost:8501/")
    spec = page_spec(ctx.key)
    path = "/" if spec.default else f"/{spec.url_path}"
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    query = urlencode([(k, v) for k, values in params.items() for v in values])
    return f"{base.scheme}://{base.netloc}{path}" + (f"?{query}" if query else "")


def share_link(ctx) -> None:
    link = current_link(ctx)
    if ctx.present:
        st.caption(link)
        return
    with st.sidebar:
        st.markdown(f"**{ctx.t('app.copy_link')}**")
        st.code(link, language=None, wrap_lines=True)
