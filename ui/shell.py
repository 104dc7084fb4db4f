"""The shared page setup every page starts with.

Streamlit may run a page script without app.py (the first request after a server start; the
e2e test of /overview on a fresh server shows it), so the whole shell is drawn here, by the page itself: page config, the database,
language, navigation, the sample badge and the notice area. app.py only registers the pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import streamlit as st

from i18n import LANGS, ntranslate, translate
from ui import auth_view, data, presentation
from ui.formatting import fmt_datetime
from ui.navigation import PAGES, page_spec
from ui.url_state import FILTER_LABELS, url_flag, url_moment, url_selectbox

LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}


@dataclass
class PageContext:
    key: str
    lang: str
    notices: object = field(repr=False)  # a container at the top of the page
    filters_line: object = field(repr=False)  # where presentation mode writes the filters as text
    asof: datetime | None = None  # data as recorded at this moment (None: now)
    present: bool = False  # presentation layout (present=1)

    def t(self, key: str, **kwargs: object) -> str:
        return translate(key, self.lang, **kwargs)

    def nt(self, key: str, n: int, /, **kwargs: object) -> str:
        """The plural form of `key` for the number `n` (English "1 commune", "2 communes")."""
        return ntranslate(key, n, self.lang, **kwargs)

    def finish(self) -> None:
        """End of the page: the link of this view, the filters line in presentation mode, and a
        marker that browser tests wait for (as Streamlit's own e2e tests wait for the state an app
        writes)."""
        presentation.share_link(self)
        if self.present:
            presentation.filters_caption(self)
        run = st.session_state.get("_run_counter", 0) + 1
        st.session_state["_run_counter"] = run
        st.html(f'<span data-testid="ntm-ready" data-page="{self.key}" data-run="{run}"></span>')

    def stop_without_data(self, period: str | None) -> None:
        """A database with no assessments yet: say so and end the page (never an empty chart)."""
        if period is None:
            st.info(self.t("app.no_data"))
            self.finish()
            st.stop()

    def invalid(self, name: str, value: str, default_label: str) -> None:
        self.notices.warning(self.t("notice.invalid", name=name, value=value, default=default_label), icon="⚠️")


def _language() -> str:
    # Read before anything is drawn: every label depends on it.
    return url_selectbox(
        "lang", translate("app.language"), list(LANGS), "vi", LANG_NAMES.get,
        on_invalid=lambda *_: None, widget="radio", omit_default=True,
    )


def setup_page(key: str) -> PageContext:
    spec = page_spec(key)
    st.set_page_config(page_title="NTM An Giang", page_icon="🌾", layout="wide", initial_sidebar_state="expanded")
    data.engine()  # migrate and load on the first request of the process
    data.refresh_data_version()
    notices = []
    st.session_state[FILTER_LABELS] = {}  # filled by this run's filters
    present = url_flag("present")
    asof = url_moment("asof", on_invalid=lambda name, value: notices.append((name, value)))
    data.set_asof(asof)
    if present:
        presentation.apply_layout()
    with st.sidebar:
        lang = _language()
        st.markdown(f"### {translate('app.title', lang)}")
        st.caption(translate("app.subtitle", lang))
        for page in PAGES:
            st.page_link(page.path, label=translate(page.title_key, lang), icon=page.icon)
        auth_view.sidebar_account(lambda k, **kw: translate(k, lang, **kw))
        st.divider()
    st.set_page_config(page_title=f"{translate(spec.title_key, lang)} · NTM An Giang")
    # On a projector the sample badge, the as-of moment and the filters share one line.
    top = st.container(horizontal=True, vertical_alignment="center", gap="medium") if present else st
    if data.has_sample():
        top.badge(translate("app.sample_badge", lang), icon=":material/science:", color="orange")
        if not present:
            st.caption(translate("app.sample_help", lang))
    if asof is not None and present:
        top.badge(translate("app.asof_badge", lang, moment=fmt_datetime(asof, lang)), icon=":material/history:",
                  color="blue")
    elif asof is not None:
        st.warning(translate("app.asof_banner", lang, moment=fmt_datetime(asof, lang)), icon=":material/history:")
    ctx = PageContext(key=key, lang=lang, notices=st.container(), filters_line=top.empty(), asof=asof,
                      present=present)
    for name, value in notices:
        ctx.invalid(name, value, translate("app.asof_now", lang))
    auth_view.enforce(ctx, spec.access)  # before any content: may stop the page here
    return ctx
