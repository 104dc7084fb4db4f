"""Reading the deadline and rhythm phrases of the 2013 work programme ("chậm nhất đến ngày
15/6/2013", "trong quý IV/2013", "hàng tháng (vào ngày 20)" …) into deadline kinds and values.

The shipped task list stores the kind and value; a test reads every phrase again with these
functions, so the data and the wording cannot drift apart.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from domain.months import Month
from domain.tasks.deadlines import _ROMAN_TO_INT, Recurrence

_RE_WEEKLY = re.compile(r"(?:một|1)\s+tuần|h[àằ]ng\s+tuần")
_RE_QUARTERLY_HALF_YEAR = re.compile(r"h[àằ]ng\s+quý\s*,\s*6\s+tháng\s*,\s*(?:và\s+)?năm")
_RE_QUARTERLY = re.compile(r"h[àằ]ng\s+quý")
_RE_QUARTER_DAY = re.compile(r"ngày\s+(\d{1,2})\s+(?:của\s+)?tháng\s+cuối\s+quý")
_RE_MONTHLY = re.compile(r"h[àằ]ng\s+tháng")
_RE_MONTH_DAY = re.compile(r"ngày\s+(\d{1,2})(?![\d/])")
_RE_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?![\d/])"
                      r"|ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_RE_QUARTER = re.compile(r"quý\s+(iv|iii|ii|i|[1-4])\s*/\s*(\d{4})")
_RE_MONTH = re.compile(r"tháng\s+(\d{1,2})\s*(?:/|\s+năm\s+)\s*(\d{4})")
# A year is a deadline only after a time word ("trong năm 2013", "đến cuối năm 2013", "đến hết năm
# 2013"); "kế hoạch … năm 2013" names the plan's year and is not a deadline (see YEAR_RULE).
_RE_YEAR = re.compile(r"(?:trong|đến\s+cuối|cuối|đến\s+hết|hết|đến)\s+năm\s+(\d{4})")
YEAR_RULE = ("A year is a task's deadline (31 December) only when a time word introduces it (\"trong năm "
             "YYYY\", \"đến cuối năm YYYY\", \"đến hết năm YYYY\", \"đến năm YYYY\") in the sentence that gives the "
             "task's own work. A year that names a plan or the period the work covers (\"kế hoạch … năm 2013\", "
             "\"lao động nông thôn năm 2013\") or an aim (\"để … vào năm 2015\") is not a deadline; nor is a year "
             "in a sentence that only recalls the background before \"Do đó, …\" gives the task (2.6.1: the "
             "pilots' registration \"phấn đấu đến năm 2015\", which is a programme target). The §2 preamble's "
             "\"Trong năm 2013\" is the programme's horizon, not a deadline of each task.")


def operative_text(text: str | None) -> str:
    """The part of a task's text that gives its own work: after "Do đó, " when a background
    sentence comes first (2.6.1), else the whole text."""
    text = text or ""
    i = text.rfind("Do đó, ")
    return text[i:] if i >= 0 else text


def year_deadline(text: str | None) -> str | None:
    """The year a task's text sets as its deadline under YEAR_RULE ("2013"), or None."""
    m = _RE_YEAR.search(_norm(operative_text(text)))
    return m.group(1) if m else None


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip().lower()


def parse_recurrence_phrase(text: str) -> Recurrence | None:
    """The rhythm of one recurring phrase, or None if the phrase is not recurring.

    "hàng tháng (vào ngày 20)" → monthly, day 20; "hàng tháng (vào cuối tháng)" → monthly, month
    end; "hàng quý (vào ngày 15 tháng cuối quý)" → quarterly, day 15; "hàng quý, 6 tháng, năm" →
    quarterly+half-year+year, period end; "một tuần 1 xã" → weekly (Sunday). One phrase at a time:
    a sentence that names two rhythms is read as its first match in the order weekly, quarterly,
    monthly.
    """
    t = _norm(text)
    if not t:
        return None
    if _RE_WEEKLY.search(t):
        return Recurrence("weekly")
    if _RE_QUARTERLY_HALF_YEAR.search(t):
        m = _RE_QUARTER_DAY.search(t)
        return Recurrence("quarterly+half-year+year", day=int(m.group(1)) if m else None)
    if _RE_QUARTERLY.search(t):
        m = _RE_QUARTER_DAY.search(t)
        return Recurrence("quarterly", day=int(m.group(1)) if m else None)
    if _RE_MONTHLY.search(t):
        m = _RE_MONTH_DAY.search(t)
        return Recurrence("monthly", day=int(m.group(1)) if m else None)
    return None


def parse_deadline_phrase(text: str | None) -> tuple[str, str | None]:
    """Turn one of the seed's deadline phrases into ``(kind, value)``.

    ====================================================  ==============================
    phrase                                                result
    ====================================================  ==============================
    "chậm nhất đến ngày 15/6/2013"                        ("date", "2013-06-15")
    "trong tháng 7/2013", "dự kiến trong tháng 9/2013",   ("month", "2013-07"), …
    "trình UBND tỉnh quyết định trong tháng 6/2013"
    "quý IV/2013", "trong quý IV/2013"                    ("quarter", "2013-Q4")
    "trong năm 2013", "đến cuối năm 2013"                 ("year", "2013")
    "sau khi có …", "sau khi Bộ … có văn bản …"           ("after_event", None)
    "hàng tháng (vào ngày 20)"                            ("recurring", "monthly")
    "hàng quý (vào ngày 15 tháng cuối quý)"               ("recurring", "quarterly")
    "hàng quý, 6 tháng, năm"                              ("recurring", "quarterly+half-year+year")
    "một tuần 1 xã"                                       ("recurring", "weekly")
    "" or "thường xuyên"                                  ("ongoing", None)
    ====================================================  ==============================

    For recurring phrases the value is the rhythm; :func:`parse_recurrence_phrase` gives the day.
    Raises ValueError for a phrase it cannot read or an impossible date.
    """
    t = _norm(text or "")
    if not t or t == "thường xuyên":
        return ("ongoing", None)
    rec = parse_recurrence_phrase(t)
    if rec is not None:
        return ("recurring", rec.rhythm)
    if re.search(r"\bsau khi\b", t):
        return ("after_event", None)
    m = _RE_DATE.search(t)
    if m:
        day, month, year = (int(g) for g in m.groups() if g is not None)
        try:
            return ("date", date(year, month, day).isoformat())
        except ValueError as exc:
            raise ValueError(f"impossible date in deadline phrase {text!r}: {exc}") from None
    m = _RE_QUARTER.search(t)
    if m:
        q = m.group(1).upper()
        quarter = _ROMAN_TO_INT[q] if q in _ROMAN_TO_INT else int(q)
        return ("quarter", f"{m.group(2)}-Q{quarter}")
    m = _RE_MONTH.search(t)
    if m:
        return ("month", str(Month(int(m.group(2)), int(m.group(1)))))
    m = _RE_YEAR.search(t)
    if m:
        return ("year", m.group(1))
    if "thường xuyên" in t:
        return ("ongoing", None)
    raise ValueError(f"unrecognised deadline phrase: {text!r}")


def is_tentative_phrase(text: str | None) -> bool:
    """True for phrases marked as provisional ("dự kiến trong tháng 9/2013")."""
    return "dự kiến" in _norm(text or "")
