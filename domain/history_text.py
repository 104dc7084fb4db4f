"""Audit entries as sentences people can read: "12/2015 · TC11 Hộ nghèo: Chưa đạt → Đạt; tỷ lệ hộ
nghèo 5,5% (ngưỡng < 7%); ghi chú: …; Nguyễn Văn A, 14:02 30/11".

Pure: the page passes the words (a translate function in its language, number and month
formatters) and the names (criteria, indicators, people, communes …) it has already read. The raw
record (JSON) never reaches a page; it stays in the CSV export. The names come from
`domain.history_names`.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.authors import OPERATOR_PREFIX, SAMPLE_AUTHOR
from domain.history_names import IndicatorName, Names

SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
ACTIONS = ("save", "import", "status", "receipt", "event_date", "freeze", "add", "role", "passwd", "enable",
           "disable", "members", "threshold", "backup", "restore", "target_reading")
KINDS = ("assessment", "task_status_update", "report_receipt", "awaited_event", "meeting", "app_user",
         "unit_group", "indicator", "database", "programme_target")


@dataclass(frozen=True)
class Entry:
    """One audit row with its old and new values decoded (None, a dict, a list or a scalar)."""
    at: datetime
    username: str
    action: str
    table: str
    key: str
    old: object = None
    new: object = None
    origin: str | None = None

    @classmethod
    def from_row(cls, row: Mapping) -> Entry:
        at = row["at"]
        if hasattr(at, "to_pydatetime"):
            at = at.to_pydatetime()
        origin = row.get("origin")
        return cls(at=at, username=str(row["username"]), action=str(row["action"]), table=str(row["table_name"]),
                   key=str(row["row_key"]), old=_decode(row.get("old_value")), new=_decode(row.get("new_value")),
                   origin=origin if isinstance(origin, str) else None)


def _decode(value: object) -> object:
    if not isinstance(value, str):
        return None
    try:
        return json.loads(value)
    except ValueError:
        return value


@dataclass(frozen=True)
class Words:
    """The page's language: `t(key, **values)` translates; `number(value, decimals)` and
    `period("YYYY-MM")` format; `today` decides whether a time needs its year."""
    t: Callable[..., str]
    number: Callable[[float, int], str]
    period: Callable[[str], str]
    today: date


@dataclass(frozen=True)
class Line:
    when: str
    who: str
    action: str
    origin: str
    subject: str
    detail: str

    @property
    def text(self) -> str:
        """Subject and change only (the audit log shows who and when in their own columns)."""
        return f"{self.subject}: {self.detail}" if self.detail else self.subject

    def sentence(self, w: Words) -> str:
        how = w.t("history.how", action=self.action, origin=self.origin) if self.origin else \
            w.t("history.how_only", action=self.action)
        return f"{self.text}; {self.who}, {self.when} {how}"


# --- small pieces ---------------------------------------------------------------------------------

def fmt_day(value: object) -> str:
    day = _as_date(value)
    return "–" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
        except ValueError:
            return None
    return None


def when_text(at: datetime, today: date) -> str:
    """HH:MM DD/MM, with the year when it is not this year's."""
    day = f"{at.day:02d}/{at.month:02d}" + ("" if at.year == today.year else f"/{at.year:04d}")
    return f"{at.hour:02d}:{at.minute:02d} {day}"


def who_text(username: str, names: Names, w: Words) -> str:
    if username.startswith(OPERATOR_PREFIX):
        return w.t("history.operator", name=username[len(OPERATOR_PREFIX):])
    if username == SAMPLE_AUTHOR:  # the sample generator: a word, translated
        return w.t("history.sample_author")
    return names.people.get(username) or username


def action_text(action: str, w: Words) -> str:
    return w.t(f"history.action.{action}") if action in ACTIONS else action


def kind_text(table: str, w: Words) -> str:
    return w.t(f"history.kind.{table}") if table in KINDS else table


def origin_text(origin: str | None, w: Words) -> str:
    return w.t(f"history.origin.{origin}") if origin in ("page", "cli") else ""


def _lower_first(text: str) -> str:
    """"Tỷ lệ hộ nghèo" -> "tỷ lệ hộ nghèo" inside a sentence; "THCS …" stays."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _number(value: float, w: Words) -> str:
    value = float(value)
    return w.number(value, 0 if value.is_integer() else 2 if abs(value * 10 - round(value * 10)) > 1e-9 else 1)


def _with_unit(value: float, unit: str, w: Words) -> str:
    suffix = w.t(f"history.unit.{unit}") if unit in ("percent", "million_VND_per_person_per_year", "ratio") else ""
    return _number(value, w) + suffix


def _indicator_value(value: Any, ind: IndicatorName | None, w: Words) -> str:
    if value is None:
        return w.t("history.nothing")
    if ind is not None and ind.comparison == "achieved":
        return w.t("history.yes") if float(value) else w.t("history.no")
    return _with_unit(value, ind.unit if ind else "", w)


def threshold_text(ind: IndicatorName, threshold: Any, verified: bool, w: Words) -> str:
    if ind.comparison == "achieved":
        text = w.t("history.threshold_achieved")
    elif threshold is None:
        text = w.t("history.threshold_unknown")
    else:
        text = f"{SYMBOLS.get(ind.comparison, ind.comparison)} {_with_unit(threshold, ind.unit, w)}"
    return text if verified else w.t("history.provisional", text=text)


def _state(met: Any, w: Words) -> str:
    return w.t({True: "history.state.met", False: "history.state.not_met"}.get(met, "history.state.none"))


def _note_part(old: object, new: object, label: str, w: Words) -> list[str]:
    old, new = (old or None), (new or None)
    if old == new:
        return []
    return [w.t(f"history.{label}", text=new)] if new else [w.t(f"history.{label}_removed")]


# --- one sentence per action ----------------------------------------------------------------------

def _assessment(e: Entry, names: Names, w: Words, with_commune: bool) -> tuple[str, str]:
    commune, _, rest = e.key.partition("/")
    period, _, crit_key = rest.partition("/")
    crit = names.criterion(period, crit_key)
    crit_text = w.t("history.criterion", number=crit.number, name=crit.name) if crit else \
        w.t("history.criterion_key", code=crit_key)
    try:
        month = w.period(period)
    except (ValueError, IndexError):
        month = period
    subject = f"{month} · {crit_text}"
    if with_commune:
        subject = f"{names.communes.get(commune, commune)} · {subject}"
    old = e.old if isinstance(e.old, dict) else {}
    new = e.new if isinstance(e.new, dict) else {}
    if e.old is None:
        parts = [w.t("history.change", old=w.t("history.nothing"), new=_state(new.get("met"), w))]
    elif old.get("met") == new.get("met"):
        parts = [w.t("history.same", state=_state(new.get("met"), w))]
    else:
        parts = [w.t("history.change", old=_state(old.get("met"), w), new=_state(new.get("met"), w))]
    old_values, new_values = old.get("values") or {}, new.get("values") or {}
    for ind_id in sorted(set(old_values) | set(new_values), key=lambda k: _sort_code(names.indicators.get(str(k)), k)):
        ind = names.indicators.get(str(ind_id))
        before, after = old_values.get(ind_id), new_values.get(ind_id)
        if e.old is not None and before == after:
            continue
        label = _lower_first(ind.text) if ind else w.t("history.indicator_id", id=ind_id)
        value = _indicator_value(after, ind, w) if e.old is None or before is None and after is not None else \
            w.t("history.change", old=_indicator_value(before, ind, w), new=_indicator_value(after, ind, w))
        text = f"{label} {value}"
        if ind is not None:
            text += " " + w.t("history.threshold", text=threshold_text(ind, ind.threshold, ind.verified, w))
        parts.append(text)
    parts += _note_part(old.get("note"), new.get("note"), "note", w)
    return subject, "; ".join(parts)


def _sort_code(ind: IndicatorName | None, key: object) -> tuple:
    code = ind.code if ind else str(key)
    return tuple(int(p) if p.isdigit() else 0 for p in code.split(".")), code


def _status(e: Entry, names: Names, w: Words) -> tuple[str, str]:
    new = e.new if isinstance(e.new, dict) else {}
    status = new.get("status")
    text = w.t(f"tasks.status.{status}") if status in ("not_started", "in_progress", "done", "not_done") else \
        str(status)
    parts = [w.t("history.task_status", status=text)]
    if new.get("done_date"):
        parts[0] += " " + w.t("history.done_on", day=fmt_day(new["done_date"]))
    parts += _note_part(None, new.get("reason"), "reason", w)
    parts += _note_part(None, new.get("note"), "note", w)
    return w.t("history.task", id=e.key), "; ".join(parts)


def _receipt(e: Entry, names: Names, w: Words) -> tuple[str, str]:
    obligation, agency, period_end = (e.key.split("/") + ["", "", ""])[:3]
    report = w.t(f"tasks.obligation.{obligation}")
    if report == f"tasks.obligation.{obligation}":
        report = obligation
    new = e.new if isinstance(e.new, dict) else {}
    subject = w.t("history.receipt", report=report, agency=names.agencies.get(agency, agency),
                  period_end=fmt_day(period_end))
    return subject, w.t("history.received", day=fmt_day(new.get("received_on")), due=fmt_day(new.get("due_date")))


def _event(e: Entry, names: Names, w: Words) -> tuple[str, str]:
    old = e.old if isinstance(e.old, dict) else {}
    new = e.new if isinstance(e.new, dict) else {}
    before = fmt_day(old.get("occurred_on")) if old.get("occurred_on") else w.t("history.nothing")
    return (w.t("history.event", name=names.events.get(e.key, e.key)),
            w.t("history.event_date", change=w.t("history.change", old=before, new=fmt_day(new.get("occurred_on")))))


def _freeze(e: Entry, names: Names, w: Words) -> tuple[str, str]:
    new = e.new if isinstance(e.new, dict) else {}
    asof = _as_date(new.get("asof"))
    try:
        period = w.period(str(new.get("period")))
    except (ValueError, IndexError):
        period = str(new.get("period"))
    return (w.t("history.meeting", name=new.get("name") or e.key),
            w.t("history.frozen", day=fmt_day(new.get("meeting_date")), period=period,
                asof=when_text(asof, date.min) if isinstance(asof, datetime) else fmt_day(asof)))


def _district(code: object, names: Names, w: Words) -> str:
    return names.districts.get(str(code), str(code)) if code else w.t("history.all_districts")


def _role(role: object, w: Words) -> str:
    return w.t(f"history.role.{role}") if role in ("viewer", "editor", "admin") else str(role)


def _account(e: Entry, names: Names, w: Words) -> tuple[str, str]:
    subject = w.t("history.account", name=e.key)
    old = e.old if isinstance(e.old, dict) else {}
    new = e.new if isinstance(e.new, dict) else {}
    if e.action == "add":
        parts = [w.t("history.role_is", role=_role(new.get("role"), w)),
                 w.t("history.district_is", district=_district(new.get("district_code"), names, w))]
        if new.get("display_name"):
            parts.append(w.t("history.display_name", name=new["display_name"]))
        return subject, "; ".join(parts)
    if e.action == "role":
        parts = []
        if old.get("role") != new.get("role"):
            parts.append(w.t("history.role_is", role=w.t("history.change", old=_role(old.get("role"), w),
                                                            new=_role(new.get("role"), w))))
        if old.get("district_code") != new.get("district_code"):
            parts.append(w.t("history.district_is", district=w.t(
                "history.change", old=_district(old.get("district_code"), names, w),
                new=_district(new.get("district_code"), names, w))))
        return subject, "; ".join(parts)
    return subject, w.t(f"history.account_{e.action}")


def _members(e: Entry, names: Names, w: Words) -> tuple[str, str]:
    before = set(e.old or []) if isinstance(e.old, list) else set()
    after = set(e.new or []) if isinstance(e.new, list) else set()
    parts = []
    for key, codes in (("history.added", after - before), ("history.removed", before - after)):
        if codes:
            parts.append(w.t(key, names=", ".join(sorted(names.communes.get(c, c) for c in codes))))
    parts.append(w.t("history.members_now", count=len(after)))
    return w.t("history.group", name=names.groups.get(e.key, e.key)), "; ".join(parts)


def _threshold(e: Entry, names: Names, w: Words) -> tuple[str, str]:
    ind = names.indicators_by_code.get(e.key)
    set_id, _, code = e.key.rpartition("/")
    subject = w.t("history.indicator", code=ind.code if ind else code, text=ind.text if ind else "", set=set_id)
    old = e.old if isinstance(e.old, dict) else {}
    new = e.new if isinstance(e.new, dict) else {}
    if ind is None:
        ind = IndicatorName(code, "", "", "", None)
    change = w.t("history.change", old=threshold_text(ind, old.get("threshold"), bool(old.get("verified")), w),
                 new=threshold_text(ind, new.get("threshold"), bool(new.get("verified", True)), w))
    parts = [w.t("history.threshold_is", change=change)]
    parts += _note_part(None, new.get("source"), "source", w)
    return subject, "; ".join(parts)


def _database(e: Entry, names: Names, w: Words) -> tuple[str, str]:
    new = e.new if isinstance(e.new, dict) else {}
    old = e.old if isinstance(e.old, dict) else {}
    if e.action == "backup":
        return w.t("history.database"), w.t("history.backup", file=new.get("file") or e.key)
    return w.t("history.database"), w.t("history.restore", file=new.get("file") or e.key,
                                        copy=old.get("safety_copy") or "–")


def _target_reading(e: Entry, names: Names, w: Words) -> tuple[str, str]:
    old, new = ((v.get("reading") if isinstance(v, dict) else None) for v in (e.old, e.new))
    label = lambda r: w.t(f"target.reading.{r}") if isinstance(r, str) else "–"  # noqa: E731
    subject = w.t("history.target_sentence", sentence=w.t(f"target.sentence.{e.key}"))
    return subject, w.t("history.change", old=label(old), new=label(new))


# The sentence of each action (an account's changes, whatever the action, are `_account`'s).
_BY_ACTION: dict[str, Callable[[Entry, Names, Words], tuple[str, str]]] = {
    "status": _status, "receipt": _receipt, "event_date": _event, "freeze": _freeze, "members": _members,
    "threshold": _threshold, "backup": _database, "restore": _database, "target_reading": _target_reading,
}


def describe(e: Entry, names: Names, w: Words, *, with_commune: bool = True) -> Line:
    """The entry as a line: when, who, action and origin in words, what changed as a sentence.
    `with_commune=False` on the commune's own page (its name is the page's title)."""
    if e.table == "assessment":
        subject, detail = _assessment(e, names, w, with_commune)
    elif e.action in _BY_ACTION:
        subject, detail = _BY_ACTION[e.action](e, names, w)
    elif e.table == "app_user":
        subject, detail = _account(e, names, w)
    else:
        subject, detail = f"{kind_text(e.table, w)} {e.key}", ""
    return Line(when=when_text(e.at, w.today), who=who_text(e.username, names, w), action=action_text(e.action, w),
                origin=origin_text(e.origin, w), subject=subject, detail=detail)
