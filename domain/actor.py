"""Who is acting, and what the role allows. A plain value: `accounts.auth` makes one at login, every
write service (`services/`) takes one and re-reads it (`services.guard.authorise`)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who is acting. Every write service takes one."""

    username: str
    role: str  # anonymous | viewer | editor | admin
    district_code: str | None = None  # an editor limited to one district

    @property
    def can_write(self) -> bool:
        return self.role in ("editor", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


ANONYMOUS = Actor("", "anonymous")
