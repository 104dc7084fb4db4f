"""Tabs whose content is drawn from the first time they are opened, and in every run after that.

`st.tabs` draws every tab's content on each run, so the first screen pays for tabs nobody opened
(on /entry: the district grid, the Excel upload, the task forms). With `on_change="rerun"` a run
knows which tab is open (`.open`) and can skip the others; but a widget that is not drawn in a run
loses its state, and a clerk who looked at another tab would find the unsaved ticks of the first
gone. So a tab, once opened, stays drawn (hidden while another is selected) for the rest of the
session: the first load draws only the first tab, and nothing typed is dropped by switching.
"""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def opened_key(key: str) -> str:
    """The session-state entry holding the names of the tabs opened so far (tests set it too)."""
    return f"{key}_opened"


def lazy_tabs(names: Sequence[str], labels: Sequence[str], *, key: str) -> list[tuple[object, bool]]:
    """(container, draw it?) for each tab; the first tab is always drawn. `names` are stable ids
    (the labels change with the language)."""
    selected = f"{key}_selected"
    if st.session_state.get(key) not in (None, *labels) and st.session_state.get(selected) in names:
        # The labels changed (the language was switched): stay on the same tab under its new name.
        st.session_state[key] = labels[list(names).index(st.session_state[selected])]
    tabs = st.tabs(list(labels), key=key, on_change="rerun")
    opened = st.session_state.setdefault(opened_key(key), {names[0]})
    for name, tab in zip(names, tabs):
        if tab.open:
            opened.add(name)
            st.session_state[selected] = name
    return [(tab, name in opened) for name, tab in zip(names, tabs)]
