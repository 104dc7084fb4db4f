"""A legend entry (geo/colours) and a band's label (domain/bands) carry a catalogue key and values:
`legend_label` and `band_label` translate them.
(Names stored in the database in two languages are picked by domain/localized.py.)"""
from __future__ import annotations

from domain.phrase import Phrase
from geo.colours import LegendEntry
from i18n import ntranslate, translate


def legend_label(entry: LegendEntry, lang: str) -> str:
    values = dict(entry.label_values)
    if entry.label_n is not None:
        return ntranslate(entry.label_key, entry.label_n, lang, **values)
    return translate(entry.label_key, lang, **values)



def band_label(label: Phrase, lang: str) -> str:
    """A band's label ("Dưới 5 tiêu chí", "Đạt chuẩn (19/19)"): its values are small whole numbers."""
    if label.n is not None:
        return ntranslate(label.key, label.n, lang, **label.values)
    return translate(label.key, lang, **label.values)
