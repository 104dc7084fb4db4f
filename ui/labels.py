"""Labels of things that domain/, geo/ and the database name in one language or as keys.

- A legend entry (geo/colours) carries a catalogue key and values: `legend_label` translates it.
- Names stored in the database are data, one column per language (criterion name_vi / name_en,
  agency short_vi / name_en, indicator text_vi / text_en): `localized` picks the column of the page's
  language, falling back to the Vietnamese one where the English one is empty. It replaces the
  `if lang == "en"` branches that did this one by one.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from geo.colours import LegendEntry
from i18n import ntranslate, translate


def legend_label(entry: LegendEntry, lang: str) -> str:
    values = dict(entry.label_values)
    if entry.label_n is not None:
        return ntranslate(entry.label_key, entry.label_n, lang, **values)
    return translate(entry.label_key, lang, **values)


def localized(record: Any, field: str, lang: str, vi_field: str | None = None) -> Any:
    """`record`'s `<field>_en` in English (when it is there) else its Vietnamese column
    (`vi_field`, default `<field>_vi`). `record` is a row (attributes or keys) or a DataFrame,
    whose whole column is then returned, the Vietnamese one filling the English gaps."""
    vi_name = vi_field or f"{field}_vi"
    vi = _get(record, vi_name)
    if lang != "en":
        return vi
    en = _get(record, f"{field}_en")
    if isinstance(en, pd.Series):
        return en.where(en.notna() & (en.astype(str) != ""), vi)
    return en if isinstance(en, str) and en else vi


def _get(record: Any, name: str) -> Any:
    if isinstance(record, (pd.DataFrame, dict)):
        return record.get(name)
    return getattr(record, name, None)
