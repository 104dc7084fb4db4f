"""What domain/ says, as a catalogue key and typed values: the UI translates and formats it.

domain/ never writes a sentence in one language: a Phrase names its catalogue key and gives raw
values, typed so the UI formats each the Vietnamese (or English) way: Communes (a number of
communes, written with its noun in the plural form that fits: "1 commune", "2 communes"), int,
float, Percent (14,16%), a month (domain.months.Month → 12/2013), datetime.date, and a nested Phrase.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class Percent(float):
    """A share in percent (formatted 14,16%)."""


class Communes(int):
    """A number of communes (formatted "1 xã" / "1 commune", "2 communes")."""


@dataclass(frozen=True)
class Phrase:
    key: str
    values: dict[str, Any] = field(default_factory=dict)
    n: int | None = None  # the number that chooses the key's plural form, when it has them
