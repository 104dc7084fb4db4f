"""Helpers the tests share (accounts made the way the command line makes them)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from services import accounts
from services.guard import command_line_actor


def make_user(session: Session, username: str, password: str, role: str, district_code: str | None = None) -> None:
    accounts.add_user(session, actor=command_line_actor(), username=username, password=password, role=role,
                      district_code=district_code, origin="cli")


def set_active(session: Session, username: str, active: bool) -> None:
    accounts.set_active(session, actor=command_line_actor(), username=username, active=active, origin="cli")
