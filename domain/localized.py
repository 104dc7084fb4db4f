"""The one rule for names stored in the database in two languages.

Names kept as data, one column per language (criterion name_vi / name_en, agency short_vi /
name_en, indicator and awaited-event text_vi / text_en, criteria-set name_vi / name_en), are not
catalogue strings: `localized` picks the column of the page's language, the Vietnamese one where
the English one is empty. It replaces the `if lang == "en"` branches that did this one by one.
"""
from __future__ import annotations

from typing import Any

import pandas as pd


def localized_column(field: str, lang: str, vi_field: str | None = None) -> str:
    """The column to read: `<field>_en` in English, else `vi_field` (default `<field>_vi`)."""
    return f"{field}_en" if lang == "en" else vi_field or f"{field}_vi"


def localized(record: Any, field: str, lang: str, vi_field: str | None = None) -> Any:
    """`record`'s `<field>_en` in English where it is there, else its Vietnamese column (`vi_field`,
    default `<field>_vi`). `record` is a row (attributes or keys) or a DataFrame, whose whole column
    is then returned, the Vietnamese one filling the English gaps."""
    vi = _get(record, vi_field or f"{field}_vi")
    if lang != "en":
        return vi
    en = _get(record, f"{field}_en")
    if isinstance(en, pd.Series):
        return en.where(en.notna() & (en.astype(str) != ""), vi)
    return en if isinstance(en, str) and en else vi


def _get(record: Any, name: str) -> Any:
    if isinstance(record, (pd.DataFrame, pd.Series, dict)):
        return record.get(name)
    return getattr(record, name, None)
