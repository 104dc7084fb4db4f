"""The work programme's tasks, agencies and recurring obligations, as shipped in ``data/``.

``load_catalog()`` reads ``data/agencies.yaml``, ``data/tasks_2013.yaml`` and
``data/reporting_obligations.yaml`` (and ``data/reporting_agencies.yaml``: who reports, the
criteria's lead agencies) into frozen dataclasses and validates them: unknown agency
keys, duplicate ids, a deadline that disagrees with its own wording, … raise :class:`CatalogError`
with a message naming the task (or agency, or obligation) at fault.

Pure Python: no Streamlit, no SQL. Task *status* lives in the database; this module only knows
the programme as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal, overload

import yaml

from config import DATA_DIR
from domain.tasks.catalog_types import Agency, Catalog, CatalogError, Event, Obligation, Task  # noqa: F401
from domain.tasks.deadline_phrases import is_tentative_phrase, parse_deadline_phrase, parse_recurrence_phrase
from domain.tasks.deadlines import Deadline, Recurrence
from domain.tasks.reporting_agencies import load_reporting, with_criteria_group
from domain.tasks.reporting_agencies import read_file as read_reporting_file

AGENCIES_FILE = "agencies.yaml"
TASKS_FILE = "tasks_2013.yaml"
OBLIGATIONS_FILE = "reporting_obligations.yaml"

AGENCY_KINDS = (
    "sở/ngành", "cơ quan báo chí", "tổ chức", "cơ quan Đảng", "UBND tỉnh", "UBND huyện", "UBND xã",
    "văn phòng", "ban chỉ đạo", "group",
)
COMMUNE_GROUPS = ("pilot34", "pilot17")
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_TASK_ID_RE = re.compile(r"^(\d+(?:\.\d+)*)\.(\d+)$")


# --------------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------------


def _read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: same result, ~10× faster
    except FileNotFoundError:
        raise CatalogError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path}: not valid YAML: {exc}") from None


def _list_of(doc: Any, name: str, path: Path) -> list[dict]:
    if not isinstance(doc, dict) or not isinstance(doc.get(name), list):
        raise CatalogError(f"{path}: expected a top-level list '{name}'")
    for i, item in enumerate(doc[name]):
        if not isinstance(item, dict):
            raise CatalogError(f"{path}: {name}[{i}] is not a mapping")
    return doc[name]


@overload
def _text(raw: dict, name: str, where: str, required: Literal[True] = ...) -> str: ...
@overload
def _text(raw: dict, name: str, where: str, required: bool) -> str | None: ...
def _text(raw: dict, name: str, where: str, required: bool = True) -> str | None:
    value = raw.get(name)
    if value is None or value == "":
        if required:
            raise CatalogError(f"{where}: missing '{name}'")
        return None if value is None else ""
    if not isinstance(value, str):
        raise CatalogError(f"{where}: '{name}' must be text, not {value!r}")
    return value


def _keys(raw: dict, name: str, where: str) -> tuple[str, ...]:
    value = raw.get(name) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{where}: '{name}' must be a list of keys, not {value!r}")
    return tuple(value)


def _scalar_str(value: Any) -> str | None:
    """YAML may turn 2013 into an int or 2013-06-15 into a date: give them back as text."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def load_agencies(path: Path | str | None = None) -> dict[str, Agency]:
    path = Path(path) if path else DATA_DIR / AGENCIES_FILE
    agencies: dict[str, Agency] = {}
    for i, raw in enumerate(_list_of(_read_yaml(path), "agencies", path)):
        key = raw.get("key")
        where = f"agency {key!r}" if key else f"agencies[{i}]"
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise CatalogError(f"{where}: key must be an ASCII slug (a-z, 0-9, _)")
        if key in agencies:
            raise CatalogError(f"{where}: duplicate key")
        kind = _text(raw, "kind", where)
        if kind not in AGENCY_KINDS:
            raise CatalogError(f"{where}: unknown kind {kind!r}; expected one of {', '.join(AGENCY_KINDS)}")
        member_kind = _text(raw, "member_kind", where, required=(kind == "group"))
        if member_kind is not None and member_kind not in AGENCY_KINDS:
            raise CatalogError(f"{where}: unknown member_kind {member_kind!r}")
        agencies[key] = Agency(
            key=key,
            name_vi=_text(raw, "name_vi", where),
            short_vi=_text(raw, "short_vi", where),
            name_en=_text(raw, "name_en", where),
            kind=kind,
            seed_names=_keys(raw, "seed_names", where),
            members=_keys(raw, "members", where),
            member_kind=member_kind,
            note=_text(raw, "note", where, required=False),
            source=_text(raw, "source", where, required=False),
        )
    for a in agencies.values():
        for m in a.members:
            if m not in agencies:
                raise CatalogError(f"agency {a.key!r}: unknown member agency key {m!r}")
        if a.members and not a.is_group:
            raise CatalogError(f"agency {a.key!r}: only a group has members")
    return agencies


def _build_deadline(raw: dict, where: str) -> tuple[Deadline, Event | None]:
    text = _text(raw, "deadline_text", where, required=False) or ""
    kind = _text(raw, "deadline_kind", where)
    value = _scalar_str(raw.get("deadline_value"))
    event = None
    if raw.get("event") is not None:
        ev = raw["event"]
        if not isinstance(ev, dict):
            raise CatalogError(f"{where}: 'event' must be a mapping with key, text_vi, text_en")
        ekey = _text(ev, "key", f"{where} event")
        if not _KEY_RE.match(ekey):
            raise CatalogError(f"{where}: event key {ekey!r} must be an ASCII slug")
        event = Event(ekey, _text(ev, "text_vi", f"{where} event"), _text(ev, "text_en", f"{where} event"))
    recurrence = None
    if raw.get("recurrence") is not None:
        try:
            recurrence = Recurrence(str(raw["recurrence"]), day=raw.get("due_day"),
                                    weekday=raw.get("due_weekday", 6))
        except ValueError as exc:
            raise CatalogError(f"{where}: {exc}") from None
    tentative = raw.get("tentative", False)
    if not isinstance(tentative, bool):
        raise CatalogError(f"{where}: 'tentative' must be true or false")
    try:
        deadline = Deadline(kind=kind, value=value, text=text, event_key=event.key if event else None,
                            recurrence=recurrence, grace_days=raw.get("grace_days"), tentative=tentative)
    except ValueError as exc:
        raise CatalogError(f"{where}: {exc}") from None
    if text:
        try:
            parsed = parse_deadline_phrase(text)
        except ValueError as exc:
            raise CatalogError(f"{where}: {exc}") from None
        expected = (kind, recurrence.rhythm if recurrence else value)
        if parsed != expected:
            raise CatalogError(f"{where}: deadline_text {text!r} reads as {parsed}, "
                               f"but the task says {expected}")
        if is_tentative_phrase(text) != tentative:
            raise CatalogError(f"{where}: 'tentative' must be {not tentative} for {text!r}")
    elif kind not in ("ongoing",):
        raise CatalogError(f"{where}: a {kind!r} deadline needs its deadline_text")
    return deadline, event


def load_tasks(path: Path | str | None = None,
               agencies: Mapping[str, Agency] | None = None) -> tuple[list[Task], dict]:
    """The tasks, and the file's other top-level entries (source, programme_year)."""
    path = Path(path) if path else DATA_DIR / TASKS_FILE
    agencies = agencies if agencies is not None else load_agencies()
    doc = _read_yaml(path)
    tasks: list[Task] = []
    seen: set[str] = set()
    expected_number: dict[str, int] = {}
    for i, raw in enumerate(_list_of(doc, "tasks", path)):
        tid = _scalar_str(raw.get("id")) or ""
        where = f"task {tid}" if tid else f"tasks[{i}]"
        m = _TASK_ID_RE.match(tid)
        if not m:
            raise CatalogError(f"{where}: id must look like '2.1.4'")
        if tid in seen:
            raise CatalogError(f"{where}: duplicate id")
        seen.add(tid)
        written, section = _scalar_str(raw.get("section")), m.group(1)
        if written != section:
            raise CatalogError(f"{where}: section {written!r} does not match the id")
        number = expected_number.get(section, 0) + 1
        if int(m.group(2)) != number:
            raise CatalogError(f"{where}: ids must be numbered 1, 2, 3 … in order within section "
                               f"{section} (expected {section}.{number})")
        expected_number[section] = number
        text_vi = _text(raw, "text_vi", where)
        deadline, event = _build_deadline(raw, where)
        if deadline.text and deadline.text not in text_vi:
            raise CatalogError(f"{where}: deadline_text {deadline.text!r} is not in the task text")
        lead = _text(raw, "lead", where)
        roles = {"lead": (lead,), "co-lead": _keys(raw, "co_leads", where),
                 "partner": _keys(raw, "partners", where), "directed": _keys(raw, "directs", where)}
        for role, keys in roles.items():
            for k in keys:
                if k not in agencies:
                    raise CatalogError(f"task {tid}: unknown {role} agency key {k!r} "
                                       f"(not in {AGENCIES_FILE})")
        commune_group = _text(raw, "commune_group", where, required=False)
        if commune_group is not None and commune_group not in COMMUNE_GROUPS:
            raise CatalogError(f"{where}: commune_group must be one of {', '.join(COMMUNE_GROUPS)}")
        seed_line = raw.get("seed_line")
        tasks.append(Task(
            id=tid,
            section=section,
            section_title_vi=_text(raw, "section_title_vi", where),
            text_vi=text_vi,
            lead=lead,
            partners=roles["partner"],
            deadline=deadline,
            co_leads=roles["co-lead"],
            directs=roles["directed"],
            intro_vi=_text(raw, "intro_vi", where, required=False),
            event=event,
            obligation=_text(raw, "obligation", where, required=False),
            depends_on=_keys(raw, "depends_on", where),
            commune_group=commune_group,
            note=_text(raw, "note", where, required=False),
            seed_line=seed_line if isinstance(seed_line, int) else None,
        ))
    for t in tasks:
        for dep in t.depends_on:
            if dep not in seen:
                raise CatalogError(f"task {t.id}: depends on unknown task {dep!r}")
    titles: dict[str, str] = {}
    for t in tasks:
        if titles.setdefault(t.section, t.section_title_vi) != t.section_title_vi:
            raise CatalogError(f"task {t.id}: section_title_vi differs from the other tasks of {t.section}")
    meta = {k: v for k, v in doc.items() if k != "tasks"}
    return tasks, meta


def load_obligations(path: Path | str | None = None,
                     agencies: Mapping[str, Agency] | None = None,
                     task_ids: Iterable[str] | None = None) -> list[Obligation]:
    path = Path(path) if path else DATA_DIR / OBLIGATIONS_FILE
    agencies = agencies if agencies is not None else load_agencies()
    task_ids = set(task_ids) if task_ids is not None else None
    out: list[Obligation] = []
    for i, raw in enumerate(_list_of(_read_yaml(path), "obligations", path)):
        key = raw.get("key")
        where = f"obligation {key!r}" if key else f"obligations[{i}]"
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise CatalogError(f"{where}: key must be an ASCII slug")
        if any(o.key == key for o in out):
            raise CatalogError(f"{where}: duplicate key")
        who = _text(raw, "who", where)
        to = _keys(raw, "to", where)
        via = _text(raw, "via", where, required=False)
        for role, keys in (("who", (who,)), ("to", to), ("via", (via,) if via else ())):
            for k in keys:
                if k not in agencies:
                    raise CatalogError(f"obligation {key}: unknown '{role}' agency key {k!r} "
                                       f"(not in {AGENCIES_FILE})")
        try:
            rec = Recurrence(_text(raw, "rhythm", where), day=raw.get("due_day"),
                             weekday=raw.get("due_weekday", 6))
        except ValueError as exc:
            raise CatalogError(f"{where}: {exc}") from None
        text = _text(raw, "deadline_text", where)
        parsed = parse_recurrence_phrase(text)
        if parsed is None or parsed.rhythm != rec.rhythm or (
                parsed.day is not None and parsed.day != rec.day):
            raise CatalogError(f"{where}: deadline_text {text!r} reads as {parsed}, but the rule is {rec}")
        tasks = _keys(raw, "tasks", where)
        if task_ids is not None:
            for t in tasks:
                if t not in task_ids:
                    raise CatalogError(f"{where}: unknown task id {t!r}")
        alternative = raw.get("alternative") or {}
        out.append(Obligation(
            key=key,
            source=_scalar_str(raw.get("source")) or "",
            text_vi=_text(raw, "text_vi", where),
            text_en=_text(raw, "text_en", where),
            who=who,
            recurrence=rec,
            deadline_text=text,
            to=to,
            via=via,
            due_rule_vi=_text(raw, "due_rule_vi", where, required=False) or "",
            due_rule_en=_text(raw, "due_rule_en", where, required=False) or "",
            tasks=tasks,
            alternative_due_day=alternative.get("due_day") if isinstance(alternative, dict) else None,
            note=_text(raw, "note", where, required=False),
        ))
    return out


def load_catalog(data_dir: Path | str | None = None) -> Catalog:
    """Agencies, tasks and obligations from ``data_dir`` (default: the repository's ``data/``)."""
    base = Path(data_dir) if data_dir else DATA_DIR
    agencies = load_agencies(base / AGENCIES_FILE)
    reporting = load_reporting(read_reporting_file(base), agencies)
    agencies = with_criteria_group(agencies, reporting)
    tasks, meta = load_tasks(base / TASKS_FILE, agencies)
    obligations = load_obligations(base / OBLIGATIONS_FILE, agencies, [t.id for t in tasks])
    obligation_keys = {o.key for o in obligations}
    for t in tasks:
        if t.obligation is not None and t.obligation not in obligation_keys:
            raise CatalogError(f"task {t.id}: unknown obligation key {t.obligation!r} "
                               f"(not in {OBLIGATIONS_FILE})")
    year = meta.get("programme_year")
    return Catalog(
        agencies=dict(agencies),
        tasks=tuple(tasks),
        obligations=tuple(obligations),
        programme_year=year if isinstance(year, int) else None,
        source=dict(meta.get("source") or {}),
        reporting=reporting.agencies,
        criteria_leads=dict(reporting.criteria_leads),
    )
