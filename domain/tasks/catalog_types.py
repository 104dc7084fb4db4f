"""The work programme as data: agencies, tasks, awaited events, obligations and the catalog that
holds them (frozen dataclasses; loading and validation are in domain/tasks/catalog.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.localized import localized
from domain.tasks import deadlines as dl
from domain.tasks import reporting_calendar as rc
from domain.tasks.deadlines import Deadline, Recurrence
from domain.tasks.reporting_calendar import DuePeriod


class CatalogError(ValueError):
    """The shipped task data is inconsistent; the message names the task, agency or obligation."""


# --------------------------------------------------------------------------------------------
# Dataclasses
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agency:
    key: str
    name_vi: str
    short_vi: str
    name_en: str
    kind: str
    seed_names: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    member_kind: str | None = None
    note: str | None = None
    source: str | None = None  # "criteria": not named in the seed, listed as a criterion's lead

    @property
    def is_group(self) -> bool:
        return self.kind == "group"

    def name(self, lang: str = "vi", short: bool = False) -> str:
        """The agency's name stored in the page's language (English has no short form)."""
        return localized(self, "name", lang, "short_vi" if short else None)


@dataclass(frozen=True)
class Event:
    """Something a task waits for ("sau khi có Thông tư …"); its date is data entered later."""

    key: str
    text_vi: str
    text_en: str


@dataclass(frozen=True)
class Task:
    id: str
    section: str
    section_title_vi: str
    text_vi: str
    lead: str
    partners: tuple[str, ...]
    deadline: Deadline
    co_leads: tuple[str, ...] = ()
    directs: tuple[str, ...] = ()
    intro_vi: str | None = None
    event: Event | None = None
    obligation: str | None = None
    depends_on: tuple[str, ...] = ()
    commune_group: str | None = None
    note: str | None = None
    seed_line: int | None = None

    @property
    def leads(self) -> tuple[str, ...]:
        """The lead agency followed by any co-leads."""
        return (self.lead, *self.co_leads)

    @property
    def agency_keys(self) -> tuple[str, ...]:
        """Every agency involved: leads, partners, directed units (no duplicates, in that order)."""
        return tuple(dict.fromkeys((*self.leads, *self.partners, *self.directs)))

    @property
    def deadline_kind(self) -> str:
        return self.deadline.kind

    @property
    def deadline_value(self) -> str | None:
        return self.deadline.value

    @property
    def deadline_text(self) -> str:
        return self.deadline.text

    @property
    def tentative(self) -> bool:
        return self.deadline.tentative

    def due_date(
        self,
        *,
        events: Mapping[str, Any] | None = None,
        on_or_after: date | None = None,
        grace_days: int | None = None,
    ) -> date | None:
        """See :func:`domain.tasks.deadlines.due_date`."""
        return dl.due_date(self.deadline, events=events, on_or_after=on_or_after, grace_days=grace_days)

    def is_overdue(self, status: str | None, as_of: date, *,
                   events: Mapping[str, Any] | None = None, grace_days: int | None = None) -> bool:
        return dl.is_overdue(self.deadline, status, as_of, events=events, grace_days=grace_days)


@dataclass(frozen=True)
class Obligation:
    key: str
    source: str
    text_vi: str
    text_en: str
    who: str
    recurrence: Recurrence
    deadline_text: str
    to: tuple[str, ...] = ()
    via: str | None = None
    due_rule_vi: str = ""
    due_rule_en: str = ""
    tasks: tuple[str, ...] = ()
    alternative_due_day: int | None = None
    note: str | None = None

    def due_dates(self, start: date, end: date) -> list[date]:
        return rc.report_due_dates(self, start, end)

    def periods(self, start: date, end: date) -> list[DuePeriod]:
        return rc.due_periods(self.recurrence, start, end)

    def next_due(self, on_or_after: date) -> date:
        return rc.next_due(self.recurrence, on_or_after)


@dataclass(frozen=True)
class Catalog:
    agencies: Mapping[str, Agency]
    tasks: tuple[Task, ...]
    obligations: tuple[Obligation, ...]
    programme_year: int | None = None
    source: Mapping[str, Any] = field(default_factory=dict)
    reporting: tuple[str, ...] = ()  # agencies owing the members' reports (data/reporting_agencies.yaml)
    criteria_leads: Mapping[int, str] = field(default_factory=dict)  # criterion number -> agency key

    def agency(self, key: str) -> Agency:
        try:
            return self.agencies[key]
        except KeyError:
            raise KeyError(f"unknown agency key {key!r}") from None

    def task(self, task_id: str) -> Task:
        for t in self.tasks:
            if t.id == task_id:
                return t
        raise KeyError(f"unknown task id {task_id!r}")

    def obligation(self, key: str) -> Obligation:
        for o in self.obligations:
            if o.key == key:
                return o
        raise KeyError(f"unknown obligation key {key!r}")

    def sections(self) -> list[tuple[str, str]]:
        """(section, title) in document order."""
        return list(dict.fromkeys((t.section, t.section_title_vi) for t in self.tasks))

    def tasks_in_section(self, section: str) -> list[Task]:
        return [t for t in self.tasks if t.section == section]

    def tasks_for_agency(self, key: str, roles: Iterable[str] = ("lead", "partner")) -> list[Task]:
        """Tasks where ``key`` has one of ``roles``: "lead" (lead or co-lead), "partner",
        "directs" (a unit the lead directs). A group's members also match the group's tasks."""
        roles = set(roles)
        keys = {key} | {g.key for g in self.agencies.values() if key in g.members}
        out = []
        for t in self.tasks:
            if (("lead" in roles and keys & set(t.leads)) or ("partner" in roles and keys & set(t.partners))
                    or ("directs" in roles and keys & set(t.directs))):
                out.append(t)
        return out

    def due_dates(self, *, events: Mapping[str, Any] | None = None, on_or_after: date | None = None,
                  grace_days: int | None = None) -> dict[str, date | None]:
        """Task id → due date (None for ongoing work and events without a date)."""
        return {t.id: t.due_date(events=events, on_or_after=on_or_after, grace_days=grace_days)
                for t in self.tasks}

    def overdue(self, as_of: date, statuses: Mapping[str, str | None] | None = None, *,
                events: Mapping[str, Any] | None = None, grace_days: int | None = None) -> list[Task]:
        """Tasks overdue on ``as_of``; ``statuses`` maps task id → status (missing = open)."""
        statuses = statuses or {}
        return [t for t in self.tasks
                if t.is_overdue(statuses.get(t.id), as_of, events=events, grace_days=grace_days)]

    def event_keys(self) -> list[str]:
        return [t.event.key for t in self.tasks if t.event is not None]
