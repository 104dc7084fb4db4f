"""Filters bound to the URL by code (never by label), the same mechanism on every page.

Each filter's code lives in st.session_state["q_<name>"]. A value arriving in the URL (a fresh
link, or a link followed inside the app) is validated and taken; an invalid one gives a notice and
the default. After drawing the widget, the code is written back to st.query_params, so a copied
link reopens the same view and the codes survive page changes (Streamlit drops page parameters
when you navigate). Labels are translated; the URL never is.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import streamlit as st

WRITTEN = "_url_written"  # what this session last wrote to the URL, by parameter name
FILTER_LABELS = "_filter_labels"  # this run's filters as the person reads them (presentation mode)


def _state_key(name: str) -> str:
    return f"q_{name}"


def _widget_key(name: str) -> str:
    return f"w_{name}"


def _copy_widget_to_state(name: str) -> None:
    st.session_state[_state_key(name)] = st.session_state[_widget_key(name)]


def resolve(name: str, options: list[str], default: str, on_invalid: Callable[[str, str], None]) -> str:
    """The filter's current code: a new URL value if valid, else the session's, else the default."""
    written = st.session_state.setdefault(WRITTEN, {})
    incoming = st.query_params.get(name)
    key = _state_key(name)
    if incoming is not None and incoming != written.get(name):
        if incoming in options:
            st.session_state[key] = incoming
        else:
            on_invalid(name, incoming)
            st.session_state[key] = default
    if st.session_state.get(key) not in options:
        st.session_state[key] = default
    return st.session_state[key]


def write_url(name: str, value: str | None) -> None:
    written = st.session_state.setdefault(WRITTEN, {})
    if value is None:
        if name in st.query_params:
            del st.query_params[name]
        written.pop(name, None)
        return
    if st.query_params.get(name) != value:
        st.query_params[name] = value
    written[name] = value


def url_selectbox(
    name: str,
    label: str,
    options: list[str],
    default: str,
    format_func: Callable[[str], str],
    on_invalid: Callable[[str, str], None],
    container=None,
    widget: str = "selectbox",
    omit_default: bool = False,
) -> str:
    """A select widget whose code is bound to the URL parameter `name`."""
    value = resolve(name, options, default, on_invalid)
    wkey = _widget_key(name)
    if st.session_state.get(wkey) != value:
        st.session_state[wkey] = value
    host = container if container is not None else st.sidebar
    draw = getattr(host, widget)
    kwargs = {"horizontal": True} if widget == "radio" else {}
    draw(label, options, key=wkey, format_func=format_func, on_change=_copy_widget_to_state, args=(name,), **kwargs)
    write_url(name, None if omit_default and value == default else value)
    if name != "lang":
        st.session_state.setdefault(FILTER_LABELS, {})[name] = format_func(value)
    return value


def url_flag(name: str) -> bool:
    """A 0/1 switch in the URL (e.g. present=1), kept for the session like the other filters."""
    written = st.session_state.setdefault(WRITTEN, {})
    incoming = st.query_params.get(name)
    key = _state_key(name)
    if incoming is not None and incoming != written.get(name):
        st.session_state[key] = incoming == "1"
    value = bool(st.session_state.get(key, False))
    write_url(name, "1" if value else None)
    return value


MOMENT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d")


def parse_moment(text: str) -> datetime | None:
    """'2013-09-30' (the end of that day) or '2013-09-30T14:00'; None when not a valid moment."""
    for fmt in MOMENT_FORMATS:
        try:
            value = datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
        return value.replace(hour=23, minute=59, second=59) if fmt == "%Y-%m-%d" else value
    return None


def url_moment(name: str, on_invalid: Callable[[str, str], None]) -> datetime | None:
    """A moment in the URL (asof=…): data as recorded then. Invalid → notice, and no moment."""
    written = st.session_state.setdefault(WRITTEN, {})
    incoming = st.query_params.get(name)
    key = _state_key(name)
    if incoming is not None and incoming != written.get(name):
        if parse_moment(incoming) is None:
            on_invalid(name, incoming)
            st.session_state[key] = None
        else:
            st.session_state[key] = incoming
    text = st.session_state.get(key)
    write_url(name, text or None)
    return parse_moment(text) if text else None


def url_toggle(name: str, label: str, default: bool, on_invalid: Callable[[str, str], None],
               container=None, help: str | None = None) -> bool:
    """An on/off switch bound to the URL as 1/0 (e.g. pilots=0); the default is left out of the link."""
    written = st.session_state.setdefault(WRITTEN, {})
    incoming = st.query_params.get(name)
    key = _state_key(name)
    if incoming is not None and incoming != written.get(name):
        if incoming in ("0", "1"):
            st.session_state[key] = incoming == "1"
        else:
            on_invalid(name, incoming)
            st.session_state[key] = default
    value = bool(st.session_state.get(key, default))
    st.session_state[key] = value
    wkey = _widget_key(name)
    if st.session_state.get(wkey) != value:
        st.session_state[wkey] = value
    host = container if container is not None else st.sidebar
    host.toggle(label, key=wkey, on_change=_copy_widget_to_state, args=(name,), help=help)
    write_url(name, None if value == default else ("1" if value else "0"))
    return value
