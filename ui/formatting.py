"""Numbers and dates in Vietnamese style (14,16%; 1.285; 15/06/2013), English behind lang=en.

Pure functions (no Streamlit), so they are tested directly. Written here rather than through
Babel: Babel's vi-VN numbers have the same separators (tests/unit/test_formatting.py compares them),
but it writes "-0,00" for a small negative value that rounds to zero, where a change of nothing is
written "0,00", and a number costs about ten times as long (tables and map tooltips format
thousands per rerun). Its vi-VN dates are not the design's either: the province's documents write
15/06/2013 (CLDR short: 15/6/13) and "tháng 7/2013" (CLDR: "thg 7 2013"); the English month
abbreviation is the same as Babel's "MMM y".
"""
from __future__ import annotations

import math
from datetime import date, datetime

from domain.authors import SAMPLE_AUTHOR
from domain.months import Month
from i18n import translate

SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (thousands, decimal)
CHART_MONTH = {"vi": "%m/%Y", "en": "%b %Y"}  # a month on a chart's time axis: 12/2013, Dec 2013


def _group(text: str, sep: str) -> str:
    head, _, tail = text.partition(".")
    sign = "-" if head.startswith("-") else ""
    head = head.lstrip("-")
    parts = []
    while len(head) > 3:
        parts.insert(0, head[-3:])
        head = head[:-3]
    parts.insert(0, head)
    return sign + sep.join(parts), tail


def fmt_number(value: float | int | None, decimals: int = 0, lang: str = "vi") -> str:
    """1285 -> '1.285' (vi) / '1,285' (en); 4.81 -> '4,81' / '4.81'. None or NaN -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{float(value):.{decimals}f}" if decimals else f"{round(float(value)):d}"
    if text.startswith("-") and float(text) == 0:  # -0.001 shown with 2 decimals is 0,00, not -0,00
        text = text[1:]
    thousands, dec_sep = SEPARATORS.get(lang, SEPARATORS["vi"])
    head, tail = _group(text, thousands)
    return f"{head}{dec_sep}{tail}" if tail else head


def chart_separators(lang: str) -> str:
    """Plotly's `separators` (decimal, then thousands) for the language: ",." in Vietnamese."""
    thousands, decimal = SEPARATORS.get(lang, SEPARATORS["vi"])
    return decimal + thousands


def chart_month_format(lang: str) -> str:
    return CHART_MONTH.get(lang, CHART_MONTH["vi"])


def fmt_percent(value: float | None, decimals: int = 2, lang: str = "vi") -> str:
    """14.1667 -> '14,17%' (vi) / '14.17%' (en)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return fmt_number(value, decimals, lang) + "%"


def fmt_signed(value: float | int | None, decimals: int = 0, lang: str = "vi") -> str:
    """A change with its sign: '+2', '-1', '0', '+0,35'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = fmt_number(abs(value), decimals, lang)
    if round(value, decimals) > 0:
        return "+" + text
    if round(value, decimals) < 0:
        return "-" + text
    return text


def fmt_date(value: date | datetime | None, lang: str = "vi") -> str:
    """15/06/2013 in both languages (the format of the province's documents); None -> '–'."""
    if value is None:
        return "–"
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def fmt_datetime(value: datetime | None, lang: str = "vi") -> str:
    if value is None:
        return "–"
    return f"{fmt_date(value, lang)} {value.hour:02d}:{value.minute:02d}"


def fmt_period(period: str, lang: str = "vi", long: bool = False) -> str:
    """'2013-12' -> '12/2013' or 'tháng 12/2013' (vi); 'Dec 2013' (en): Month.label of the URL's
    and the database's text form."""
    return Month.parse(period).label(lang, long=long)


def author_text(name: str | None, lang: str = "vi") -> str:
    """Who recorded a value, in the page's language: the sample generator's name is a word
    ("dữ liệu mẫu" / "sample data", the catalogue's history.sample_author); people's names are
    shown as they are."""
    if not name:
        return ""
    return translate("history.sample_author", lang) if name == SAMPLE_AUTHOR else name
