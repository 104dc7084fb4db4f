"""Calling a write service from a page: one transaction, the refusal as a sentence, the caches
refreshed and the success said. Every page writes through `perform` (the services do the checking)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from sqlalchemy.orm import Session

from accounts.auth import AuthError
from accounts.permissions import PermissionDenied
from data_access.assessments import Conflict, InvalidEdit
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


def perform(ctx, action: Callable[[Session], T], *, where=None, success: str | Callable[[T], str] | None = None,
            on_refusal: Callable[[str], None] | None = None,
            on_conflict: Callable[[Conflict], None] | None = None) -> tuple[bool, T | None]:
    """The one way a page writes: run `action(session)` (a service call) in one transaction.

    On success the caches are refreshed and `success` (a sentence, or one made from the result)
    is shown in `where` (a container; default here); returns (True, result). On a refusal nothing
    was written: its sentence is shown in `where`, or handed to `on_refusal` (a callback that
    cannot draw keeps it for the next run); a conflict with someone else's save is shown as
    such, or handed to `on_conflict`; returns (False, None)."""
    place = where or st
    try:
        with session_scope(data.engine()) as s:
            result = action(s)
    except Conflict as exc:
        if on_conflict is not None:
            on_conflict(exc)
        else:
            place.error(ctx.nt("edit.conflict", len(exc.pairs), count=len(exc.pairs)), icon=":material/block:")
        return False, None
    except (TaskRuleError, *REFUSALS) as exc:
        if on_refusal is not None:
            on_refusal(refusal_text(ctx, exc))
        else:
            place.error(refusal_text(ctx, exc), icon=":material/block:")
        return False, None
    data.refresh_data_version()
    text = success(result) if callable(success) else success
    if text:
        place.success(text, icon=":material/check_circle:")
    return True, result
