"""Presentation layout (present=1) for the projector, and the link of the current view.

In presentation mode the sidebar, Streamlit's toolbar and menu are hidden, type is larger, figures
use the full width, and the filters appear as one line of text instead of widgets.
"""
from __future__ import annotations

from dataclasses import replace
from html import escape
from urllib.parse import urlencode, urlsplit

import streamlit as st

from ui.navigation import page_spec
from ui.url_state import FILTER_LABELS

PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stMainMenu"] { display: none !important; }
/* One screen, no scrolling: type grows with the window (≥ 18 px), margins and gaps stay small. */
html { font-size: clamp(18px, 1.6vw, 24px); }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.5rem 1.6rem 0.3rem 1.6rem !important; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.45rem; }
h1 { font-size: 1.55rem !important; padding: 0 !important; line-height: 1.25 !important; }
[data-testid="stHeading"] [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
h2, h3 { font-size: 1.2rem !important; padding: 0.1rem 0 !important; }
h4 { font-size: 1rem !important; padding: 0 !important; }
/* Strong contrast: no grey text on a washed-out projector. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  color: #1b1f24 !important; opacity: 1 !important; font-size: max(16px, 0.85rem) !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { color: #111 !important; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 0.95rem; color: #111 !important;
  padding: 0.2rem 0.45rem !important; line-height: 1.3; }
[data-testid="stTable"] th { font-weight: 600; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p { font-size: 2.4rem !important; line-height: 1.15; color: #111 !important; }
[data-testid="stMetricLabel"] p { font-size: 1rem !important; color: #111 !important; }
[data-testid="stMetricDelta"] p, [data-testid="stMetricDelta"] div { font-size: max(16px, 0.85rem) !important; }
[data-testid="stAlert"] p { font-size: 0.95rem; }
.st-key-slide_nav { overflow: visible !important; }  /* the slide buttons' row: never its own scrollbar */
</style>
"""
SLIDE_FONT = dict(size=18, color="#111111")
SLIDE_TICKS = dict(size=17, color="#111111")
MAP_FIT_HEIGHT = 500  # px: the smallest map a 1280×720 or 1024×768 window leaves; the view fits it


def apply_layout() -> None:
    st.html(PRESENT_CSS)


def slide_figure(fig, height: int):
    """A plotly figure for a slide: 17–18 px near-black text on axes, labels and legend."""
    fig.update_layout(height=height, font=SLIDE_FONT, legend=dict(font=SLIDE_FONT),
                      margin=dict(l=10, r=10, t=36, b=10))
    fig.update_xaxes(tickfont=SLIDE_TICKS, title_font=SLIDE_FONT, linecolor="#444")
    fig.update_yaxes(tickfont=SLIDE_TICKS, title_font=SLIDE_FONT, linecolor="#444")
    fig.update_traces(textfont=SLIDE_FONT, selector=dict(type="bar"))
    return fig


def fit_map(around_rem: float) -> None:
    """The map takes the height the window leaves: `around_rem` is what stands above and below it
    (heading block, the link line, margins) in rem, since it grows with the type; measured in the
    browser test at 1024×768 to 1920×1080."""
    size = f"height:calc(100vh - {around_rem:.1f}rem)!important;min-height:300px"
    st.html("<style>[data-testid='stDeckGlJsonChart'],"
            "[data-testid='stFullScreenFrame']:has(> [data-testid='stDeckGlJsonChart']),"
            "[data-testid='stElementContainer']:has([data-testid='stDeckGlJsonChart'])"
            f"{{{size};flex:0 0 auto!important}}</style>")


def fitted_request(request):
    """The same map, its view fitted to the smaller map of a projector window."""
    return replace(request, fit_height=MAP_FIT_HEIGHT)


def filters_caption(ctx) -> None:
    """The filters as text and the view's link, on the top line beside the sample badge: on a
    projector every line of height belongs to the slide."""
    labels = [v for v in st.session_state.get(FILTER_LABELS, {}).values() if v]
    with ctx.filters_line.container(horizontal=True, gap="medium", vertical_alignment="center"):
        if labels:
            st.markdown(f"**{' · '.join(labels)}**", width="content")
        st.markdown(f"[{ctx.t('app.copy_link')}]({current_link(ctx)})", width="content",
                    help=ctx.t("app.link_help"))


def current_link(ctx) -> str:
    """The address of this view: this page and every parameter the filters wrote."""
    base = urlsplit(st.context.url or "http://localhost:8501/")
    spec = page_spec(ctx.key)
    path = "/" if spec.default else f"/{spec.url_path}"
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    query = urlencode([(k, v) for k, values in params.items() for v in values])
    return f"{base.scheme}://{base.netloc}{path}" + (f"?{query}" if query else "")


# The link of the view in the sidebar: a read-only box (click it, Ctrl+C) and a copy button. Plain
# HTML and a few lines of script: st.code would do the same but makes every tab load Streamlit's
# 1.5 MB syntax highlighter (bench/bench_shell.py). navigator.clipboard exists only on https or
# localhost; elsewhere the selected box is copied with execCommand.
SHARE_HTML = """<style>
.ntm-share label {{ display: block; font-weight: 600; font-size: 0.875rem; margin-bottom: 0.25rem; }}
.ntm-share div {{ display: flex; gap: 0.4rem; }}
.ntm-share input {{ flex: 1; min-width: 0; font: 0.78rem ui-monospace, monospace; padding: 0.35rem 0.5rem;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; background: #f0f2f6; color: #31333f; }}
.ntm-share button {{ font: inherit; font-size: 0.875rem; padding: 0.25rem 0.7rem; cursor: pointer; color: #31333f;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; background: #fff; white-space: nowrap; }}
.ntm-share button:hover {{ border-color: #1a7f37; color: #1a7f37; }}
.ntm-share small {{ display: block; min-height: 1em; color: rgba(49, 51, 63, 0.6); }}
</style>
<div class="ntm-share" data-testid="ntm-share">
<label for="ntm-share-link">{label}</label>
<div><input id="ntm-share-link" type="text" readonly value="{link}" title="{link}" aria-label="{label}">
<button type="button" data-done="{done}" data-by-hand="{by_hand}">{copy}</button></div>
<small aria-live="polite"></small>
</div>
<script>
(() => {{
  const root = document.currentScript.parentNode;
  const box = root.querySelector("input"), button = root.querySelector("button"), note = root.querySelector("small");
  box.addEventListener("focus", () => box.select());
  const said = (text) => {{ note.textContent = text; setTimeout(() => {{ note.textContent = ""; }}, 3000); }};
  const byHand = () => {{ box.focus(); box.select(); let ok = false;
    try {{ ok = document.execCommand("copy"); }} catch (e) {{ ok = false; }}
    said(ok ? button.dataset.done : button.dataset.byHand); }};
  button.addEventListener("click", () => {{
    if (navigator.clipboard && window.isSecureContext) {{
      navigator.clipboard.writeText(box.value).then(() => said(button.dataset.done), byHand);
    }} else {{ byHand(); }}
  }});
}})();
</script>"""


def share_html(link: str, t) -> str:
    """The sidebar's box with the view's link and its copy button, in the page's language."""
    return SHARE_HTML.format(link=escape(link, quote=True), label=escape(t("app.copy_link")), copy=escape(t("app.copy")),
                             done=escape(t("app.copied"), quote=True), by_hand=escape(t("app.copy_by_hand"), quote=True))


def share_link(ctx) -> None:
    if ctx.present:  # on the top line (filters_caption)
        return
    with st.sidebar:
        st.html(share_html(current_link(ctx), ctx.t), unsafe_allow_javascript=True)
