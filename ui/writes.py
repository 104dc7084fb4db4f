"""Calling a write service from a page: one transaction, the refusal as a sentence, the caches
refreshed on success. Every page writes through `perform` (the services do the checking)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from sqlalchemy.orm import Session

from accounts.auth import AuthError
from accounts.permissions import PermissionDenied
from data_access.assessments import InvalidEdit
from data_access.backup import BackupError
from data_access.db import session_scope
from data_access.meetings import MeetingError
from data_access.tasks.writes import TaskRuleError
from domain.user_text import TextError
from i18n import explain
from services.reference_edits import ReferenceEditError
from ui import data

T = TypeVar("T")
REFUSALS = (PermissionDenied, AuthError, InvalidEdit, MeetingError, ReferenceEditError, BackupError, TextError)


def refusal_text(ctx, exc: Exception) -> str:
    """The refusal as a sentence (the page's login is re-checked by the shell every few minutes;
    until then every write re-reads the account, so nothing more is needed here)."""
    if isinstance(exc, TaskRuleError):
        return "; ".join(ctx.t(f"entry.task_problem.{p}") for p in exc.problems)
    if isinstance(exc, MeetingError):
        return ctx.t(exc.code)
    return explain(exc, ctx.lang)


def perform(ctx, action: Callable[[Session], T], *, where=None) -> tuple[bool, T | None]:
    """Run `action(session)` in one transaction. On a refusal, show it (in `where`, a container,
    default here) and return (False, None); nothing was written."""
    try:
        with session_scope(data.engine()) as s:
            result = action(s)
    except (TaskRuleError, *REFUSALS) as exc:
        (where or st).error(refusal_text(ctx, exc), icon=":material/block:")
        return False, None
    data.refresh_data_version()
    return True, result
