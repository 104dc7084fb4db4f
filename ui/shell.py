"""The shared page setup every page starts with.

Streamlit may run a page script without app.py (the first request after a server start, see
DESIGN §6), so the whole shell is drawn here, by the page itself: page config, the database,
language, navigation, the sample badge and the notice area. app.py only registers the pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from ui import data
from ui.formatting import fmt_period
from ui.i18n import LANGS, translate
from ui.navigation import PAGES, page_spec
from ui.url_state import url_selectbox

LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}


@dataclass
class PageContext:
    key: str
    lang: str
    notices: object = field(repr=False)  # a container at the top of the page

    def t(self, key: str, **kwargs: object) -> str:
        return translate(key, self.lang, **kwargs)

    def finish(self) -> None:
        """Mark the end of this run in the page (browser tests wait for it, as Streamlit's own e2e
        tests wait for the state an app writes)."""
        run = st.session_state.get("_run_counter", 0) + 1
        st.session_state["_run_counter"] = run
        st.html(f'<span data-testid="ntm-ready" data-page="{self.key}" data-run="{run}"></span>')

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
    with st.sidebar:
        lang = _language()
        st.markdown(f"### {translate('app.title', lang)}")
        st.caption(translate("app.subtitle", lang))
        for page in PAGES:
            st.page_link(page.path, label=translate(page.title_key, lang), icon=page.icon)
        st.divider()
    st.set_page_config(page_title=f"{translate(spec.title_key, lang)} · NTM An Giang")
    if data.has_sample():
        st.badge(translate("app.sample_badge", lang), icon=":material/science:", color="orange")
        st.caption(translate("app.sample_help", lang))
    ctx = PageContext(key=key, lang=lang, notices=st.container())
    return ctx


def period_label(period: str, lang: str) -> str:
    return fmt_period(period, lang)
