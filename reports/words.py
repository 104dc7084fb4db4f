"""The report's words in one language: catalogue keys `report.doc.*` (i18n), numbers written the
language's way (Vietnamese 1.285 and 8,16; English 1,285 and 8.16), dates 15/06/2013 in both.

The document is Vietnamese by default (it goes to the provincial committee); the page in English
and `report --lang en` write it in English. Names stored as data (communes, agencies, the tasks'
wording, the heading set on /admin) are written as stored.
"""
from __future__ import annotations

from dataclasses import dataclass

from domain.phrase import Phrase
from i18n import ntranslate, translate

SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (thousands, decimal)


@dataclass(frozen=True)
class Words:
    lang: str = "vi"

    def t(self, key: str, **values: object) -> str:
        return translate(key, self.lang, **values)

    def nt(self, key: str, n: int, **values: object) -> str:
        return ntranslate(key, n, self.lang, **values)

    def phrase(self, p: Phrase) -> str:
        """A domain phrase whose values are already text or whole numbers (a period's name)."""
        return translate(p.key, self.lang, **p.values)

    def text(self, value: str | Phrase) -> str:
        """A label domain gives either as text or as a Phrase."""
        return self.phrase(value) if isinstance(value, Phrase) else value

    def number(self, value: float | int, decimals: int = 0) -> str:
        """1285 -> '1.285'; 8.1597 -> '8,16' (decimals=2); English 1,285 and 8.16."""
        thousands, point = SEPARATORS.get(self.lang, SEPARATORS["vi"])
        text = f"{abs(value):,.{decimals}f}".replace(",", " ").replace(".", point).replace(" ", thousands)
        return ("-" if round(value, decimals) < 0 else "") + text


VI = Words()
