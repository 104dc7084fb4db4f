"""Logging in and out, and each page's access rule (drawn by the shell on every page).

The logged-in account lives in st.session_state; a login also gives the browser a cookie with a
random token (accounts.login_sessions keeps only its hash), so a reload or a shared link opened
in the same browser restores the account, with its rights as they are now. Rights are checked
again by the services at every write, so a stale session cannot write more than the account may.

Streamlit cannot set a cookie (st.context.cookies only reads); a small script does. It is drawn on every run
until the cookie the browser sent when this session connected (st.context.cookies, fixed for the
session) matches what it should be, so a st.rerun()/st.stop() later in a run can never lose it.
"""
from __future__ import annotations

import json
import re
from datetime import datetime

import streamlit as st
from sqlalchemy import func, select

from accounts import login_sessions
from accounts.auth import AuthError, authenticate
from config import get_settings
from data_access.db import session_scope
from data_access.models import AppUser
from domain.actor import ANONYMOUS, Actor
from i18n import explain
from ui import data, plain

ACTOR = "actor"
COOKIE = "ntm_login"
TOKEN = "_login_token"  # the raw token of this session's login (never stored server-side)
EXPIRES = "_login_expires"
CHECKED = "_login_checked"  # the cookie was looked at once in this session (reload, new tab)
SEEN = "_login_seen"  # when this session last confirmed its login with the database
ENDED = "_login_ended"  # a kept login was found revoked or expired: say so on the login form
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_-]{20,100}")  # secrets.token_urlsafe: nothing to escape in the script
WRITTEN = "_login_cookie_written"  # this session gave the browser a cookie (clear it at logout)


def current_actor() -> Actor:
    _restore_once()
    _recheck()
    return st.session_state.get(ACTOR) or ANONYMOUS


def _cookie_sent() -> str | None:
    """The token the browser sent when this session connected (None without a browser, as in
    AppTest, or when the value cannot be one of our tokens)."""
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:
        return None
    return value if isinstance(value, str) and _TOKEN_CHARS.fullmatch(value) else None


def _restore_once() -> None:
    """On a new session (reload, a link opened in the same browser), the cookie's login, if any."""
    if st.session_state.get(CHECKED):
        return
    st.session_state[CHECKED] = True
    token = _cookie_sent()
    if not token or st.session_state.get(ACTOR):
        return
    now = datetime.now()
    with session_scope(data.engine()) as s:
        login = login_sessions.lookup(session=s, token=token, now=now)
    if login is None:
        st.session_state[ENDED] = True  # and the cookie is cleared (see _cookie_script)
        return
    _keep(login.actor, token, login.expires_at, now)


def _recheck() -> None:
    """Every few minutes: is this session's login still open (not revoked, not idle, account
    active)? Records the use, so an active page does not idle out. Between checks the services
    still re-read the account at every write."""
    token = st.session_state.get(TOKEN)
    seen = st.session_state.get(SEEN)
    now = datetime.now()
    if not token or (seen and now - seen < login_sessions.TOUCH_EVERY):
        return
    with session_scope(data.engine()) as s:
        login = login_sessions.lookup(session=s, token=token, now=now)
    if login is None:
        _forget()
        st.session_state[ENDED] = True
    else:
        _keep(login.actor, token, login.expires_at, now)


def _keep(actor: Actor, token: str, expires: datetime, now: datetime) -> None:
    st.session_state[ACTOR] = actor
    st.session_state[TOKEN] = token
    st.session_state[EXPIRES] = expires
    st.session_state[SEEN] = now


def _forget() -> None:
    for key in (ACTOR, TOKEN, EXPIRES, SEEN):
        st.session_state.pop(key, None)


def _cookie_script() -> str | None:
    """The script that brings the browser's cookie in line with this session, or None if it is."""
    token = st.session_state.get(TOKEN)
    sent = _cookie_sent()
    if token and sent != token:
        st.session_state[WRITTEN] = True
        max_age = max(0, int((st.session_state[EXPIRES] - datetime.now()).total_seconds()))
        value = f"{COOKIE}={token}; Max-Age={max_age}; Path=/; SameSite=Strict"
    elif not token and (sent or st.session_state.get(WRITTEN)):
        value = f"{COOKIE}=; Max-Age=0; Path=/; SameSite=Strict"
    else:
        return None
    return ("<script>document.cookie = " + json.dumps(value)
            + " + (location.protocol === 'https:' ? '; Secure' : '');</script>")


def sync_cookie() -> None:
    """Draw the cookie script if the browser's cookie is not yet what it should be."""
    script = _cookie_script()
    if script:
        st.html(f'<span data-testid="ntm-login-cookie" hidden></span>{script}', unsafe_allow_javascript=True)


def _role_label(actor: Actor, t) -> str:
    if actor.district_limit:
        names = dict(zip(data.districts()["code"], data.districts()["name"]))
        return t("auth.role.editor_district", district=names.get(actor.district_limit, actor.district_limit))
    return t(f"auth.role.{actor.role}")


def _logout() -> None:
    token = st.session_state.get(TOKEN)
    if token:
        with session_scope(data.engine()) as s:
            login_sessions.revoke(session=s, token=token)
    _forget()


def sidebar_account(t) -> None:
    """Who is logged in, the logout button, and the login cookie (drawn first on every run)."""
    actor = current_actor()
    with st.sidebar:
        sync_cookie()
    if actor.role == "anonymous":
        return
    st.sidebar.markdown(t("auth.signed_in", name=plain.md(actor.username), role=_role_label(actor, t)))
    st.sidebar.button(t("auth.logout"), on_click=_logout, icon=":material/logout:")


def _has_accounts() -> bool:
    with session_scope(data.engine()) as s:
        return s.scalar(select(func.count()).select_from(AppUser)) > 0


def login_form(ctx) -> None:
    st.subheader(ctx.t("auth.login_title"))
    st.info(ctx.t("auth.login_needed"), icon=":material/lock:")
    if st.session_state.get(ENDED):
        st.warning(ctx.t("auth.session_ended"), icon=":material/timer_off:")
    if not _has_accounts():
        st.warning(ctx.t("auth.no_accounts"))
    with st.form("login", clear_on_submit=False, enter_to_submit=True):
        username = st.text_input(ctx.t("auth.username"), key="login_username")
        password = st.text_input(ctx.t("auth.password"), type="password", key="login_password")
        submitted = st.form_submit_button(ctx.t("auth.submit"), type="primary")
    st.caption(ctx.t("auth.kept_note"))
    if submitted:
        now = datetime.now()
        try:
            with session_scope(data.engine()) as s:
                actor = authenticate(session=s, username=username, password=password, now=now)
                token, login = login_sessions.create(session=s, actor=actor, now=now)
        except AuthError as exc:
            st.error(explain(exc, ctx.lang))
            return
        _keep(actor, token, login.expires_at, now)
        st.session_state.pop(ENDED, None)
        # The rerun draws the page as this account; its sidebar draws the cookie script (which is
        # drawn on every run until the browser has the cookie, so this rerun cannot lose it).
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
