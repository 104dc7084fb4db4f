"""Logging in and out, and each page's access rule (drawn by the shell on every page).

The logged-in account lives in this browser session only (st.session_state). Rights are checked
again in data_access at every write, so a stale session cannot write more than the account may.
"""
from __future__ import annotations

import streamlit as st
from sqlalchemy import func, select

from data_access.auth import ANONYMOUS, Actor, AuthError, authenticate
from data_access.db import session_scope
from data_access.messages import explain
from data_access.models import AppUser
from data_access.settings import get_settings
from ui import data

ACTOR = "actor"


def current_actor() -> Actor:
    return st.session_state.get(ACTOR) or ANONYMOUS


def _role_label(actor: Actor, t) -> str:
    if actor.role == "editor" and actor.district_code:
        names = dict(zip(data.districts()["code"], data.districts()["name"]))
        return t("auth.role.editor_district", district=names.get(actor.district_code, actor.district_code))
    return t(f"auth.role.{actor.role}")


def _logout() -> None:
    st.session_state.pop(ACTOR, None)


def sidebar_account(t) -> None:
    actor = current_actor()
    if actor.role == "anonymous":
        return
    st.sidebar.markdown(t("auth.signed_in", name=actor.username, role=_role_label(actor, t)))
    st.sidebar.button(t("auth.logout"), on_click=_logout, icon=":material/logout:")


def _has_accounts() -> bool:
    with session_scope(data.engine()) as s:
        return s.scalar(select(func.count()).select_from(AppUser)) > 0


def login_form(ctx) -> None:
    st.subheader(ctx.t("auth.login_title"))
    st.info(ctx.t("auth.login_needed"), icon=":material/lock:")
    if not _has_accounts():
        st.warning(ctx.t("auth.no_accounts"))
    with st.form("login", clear_on_submit=False, enter_to_submit=True):
        username = st.text_input(ctx.t("auth.username"), key="login_username")
        password = st.text_input(ctx.t("auth.password"), type="password", key="login_password")
        submitted = st.form_submit_button(ctx.t("auth.submit"), type="primary")
    if submitted:
        try:
            with session_scope(data.engine()) as s:
                st.session_state[ACTOR] = authenticate(s, username, password)
        except AuthError as exc:
            st.error(explain(exc, ctx.lang))
            return
        st.rerun()


def enforce(ctx, access: str) -> None:
    """Stop the page (after drawing the login or a refusal) unless the actor may see it."""
    actor = current_actor()
    if access == "public" and (get_settings().public_read or actor.role != "anonymous"):
        return
    if actor.role == "anonymous":
        login_form(ctx)
    elif access == "editor" and not actor.can_write:
        st.error(ctx.t("auth.forbidden_editor"))
    elif access == "admin" and not actor.is_admin:
        st.error(ctx.t("auth.forbidden_admin"))
    else:
        return
    ctx.finish()
    st.stop()
