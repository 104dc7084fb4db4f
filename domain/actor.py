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

    @property
    def district_limit(self) -> str | None:
        """The district rule, in one place: an editor limited to a district writes only in that
        district (its communes, and no province-wide record). The district, or None: no limit."""
        return self.district_code if self.role == "editor" and self.district_code else None

    def may_write_in(self, district: str | None) -> bool:
        """May this account write for a commune of `district`?"""
        return self.district_limit is None or self.district_limit == district


ANONYMOUS = Actor("", "anonymous")
