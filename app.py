"""Entry point: `streamlit run app.py`.

Only registers the pages. Each page draws the shared shell itself (ui/shell.py), because
Streamlit can run a page script without this file on the first request after a start.
"""
import streamlit as st

from config import ConfigError, get_settings
from ui.navigation import PAGES

try:
    get_settings()  # a bad NTM_* variable: said on the page, naming it, rather than deep inside a page
except ConfigError as exc:
    st.error(str(exc))
    st.stop()

pages = [st.Page(p.path, title=p.key, url_path=p.url_path, icon=p.icon, default=p.default) for p in PAGES]
st.navigation(pages, position="hidden").run()
