"""A legend entry (geo/colours) carries a catalogue key and values: `legend_label` translates it.
(Names stored in the database in two languages are picked by domain/localized.py.)"""
from __future__ import annotations

from geo.colours import LegendEntry
from i18n import ntranslate, translate


def legend_label(entry: LegendEntry, lang: str) -> str:
    values = dict(entry.label_values)
    if entry.label_n is not None:
        return ntranslate(entry.label_key, entry.label_n, lang, **values)
    return translate(entry.label_key, lang, **values)

