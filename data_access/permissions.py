"""Write permissions, enforced in data_access (not only by hiding buttons in the pages)."""
from __future__ import annotations

from data_access.auth import Actor


class PermissionDenied(Exception):
    """The actor may not do this. `code` and `params` make the message for the person."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


def require_writer(actor: Actor) -> None:
    if not actor.can_write:
        raise PermissionDenied("perm.read_only")


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise PermissionDenied("perm.admin_only")


def require_commune(actor: Actor, commune_code: str, district_code: str) -> None:
    """An editor limited to a district writes only that district's communes."""
    require_writer(actor)
    if actor.role == "editor" and actor.district_code and actor.district_code != district_code:
        raise PermissionDenied("perm.other_district", commune=commune_code, district=actor.district_code)
