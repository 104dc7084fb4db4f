"""A page's sections, one shown at a time, chosen with a row of buttons bound to the URL (`view=`).

A page draws only what its first screen needs and the rest on request: st.tabs and st.expander
would run and send every part on every rerun. The section's code is in the link like every
filter (ui/url_state.py: codes, never labels; the default is left out of the link), so a copied
link reopens the same section.

Parameters that only one section uses (the progress page's `target=`, the tasks page's
`report=`) belong to that section: a link that names one of them and no section opens that
section, and while another section is shown the parameter is taken out of the link (the session
keeps its value for when the person comes back).
"""
from __future__ import annotations

import streamlit as st

from ui.url_state import WRITTEN, url_selectbox, write_url

PARAM = "view"


def section_choice(ctx, options: list[str], label_key: str, owned: dict[str, str] | None = None) -> str:
    """The section shown (its code); the first option is the default. `owned` maps a URL parameter
    to the section it belongs to. Labels: the catalogue's `<label_key>.<code>`."""
    owned = owned or {}
    written = st.session_state.setdefault(WRITTEN, {})
    if st.query_params.get(PARAM) is None:
        for name, section in owned.items():  # a link that names a section's own parameter
            incoming = st.query_params.get(name)
            if incoming is not None and incoming != written.get(name):
                st.session_state[f"q_{PARAM}"] = section
                written.pop(PARAM, None)
                break
    fmt = lambda code: ctx.t(f"{label_key}.{code}")  # noqa: E731
    value = url_selectbox(PARAM, ctx.t(label_key), options, options[0], fmt,
                          on_invalid=lambda n, v: ctx.invalid(n, v, fmt(options[0])), container=st,
                          widget="segmented_control", omit_default=True)
    for name, section in owned.items():
        if section != value and name in st.query_params:
            write_url(name, None)
    return value
