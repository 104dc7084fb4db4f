"""The refusal every write service raises; the rules themselves are in `services.guard`."""
from __future__ import annotations


class PermissionDenied(Exception):  # noqa: N818 (the usual name, as in Django; used in 17 modules)
    """The actor may not do this. `code` and `params` make the message for the person."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params
