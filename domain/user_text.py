"""Rules for text people type (notes, reasons, names): bounded, no control characters.

Shown as plain text everywhere (never Markdown or HTML); here it is only checked and cleaned
before it is stored. A NUL byte is refused by PostgreSQL itself, so it must never reach it.
"""
from __future__ import annotations

import unicodedata

from domain.errors import CodedError

NOTE_LIMIT = 2000  # characters of a note or a reason
NAME_LIMIT = 200  # a meeting's name, a source


class TextError(CodedError, ValueError):
    """Text a person typed that cannot be stored as it is; `code` and `params` make the message."""


def _is_control(ch: str) -> bool:
    # Line breaks and tabs are text; every other control or format-control character is not.
    return ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cs")


def clean_user_text(text: str | None, *, limit: int = NOTE_LIMIT, field: str = "note") -> str | None:
    """The text to store: None for empty, control characters removed, NFC-normalised (so "Hòa"
    typed two ways is stored one way); TextError when longer than `limit` characters."""
    if text is None:
        return None
    cleaned = "".join(ch for ch in unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n")
                      if not _is_control(ch)).strip()
    if not cleaned:
        return None
    if len(cleaned) > limit:
        raise TextError("text.too_long", field=field, length=len(cleaned), limit=limit)
    return cleaned
