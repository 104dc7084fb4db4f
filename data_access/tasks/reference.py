"""Load the work programme (agencies, awaited events, obligations, tasks) from `data/` into the
database. Called by `data_access.reference.load_reference`.

Idempotent: rows are upserted by their keys, so a second load changes nothing. The files are
read and validated by `domain.tasks.catalog.load_catalog`, which refuses inconsistent data.
What people record (an event's date, task status, receipts, visits) is never touched here.
"""
from __future__ import annotations

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from data_access.bulk import upsert
from data_access.meta import set_meta
from data_access.tasks.models import (
    Agency,
    AgencyMember,
    AwaitedEvent,
    ProgrammeTask,
    ReportingObligation,
    TaskAgency,
    TaskStatusUpdate,
)
from domain.tasks.catalog import Catalog, load_catalog

PROGRAMME_ISSUED = "programme_issued"  # app_meta keys: the day the programme was issued, its number
PROGRAMME_DOCUMENT = "programme_document"

# Agencies that owe the members' progress reports (the programme's §II.1) are a list in data
# (data/reporting_agencies.yaml: the agencies with work of their own in the tasks, and the
# criteria's lead agencies); the catalog reads it and checks every key.


def reporting_agencies(catalog: Catalog) -> set[str]:
    return set(catalog.reporting)


def _load_agencies(session: Session, catalog: Catalog) -> None:
    reporting = reporting_agencies(catalog)
    for position, agency in enumerate(catalog.agencies.values(), start=1):
        upsert(session=session, model=Agency, key={"key": agency.key}, values={
            "position": position,
            "name_vi": agency.name_vi,
            "short_vi": agency.short_vi,
            "name_en": agency.name_en,
            "kind": agency.kind,
            "reports_progress": agency.key in reporting,
            "note": agency.note,
        })
    session.flush()
    wanted = {(a.key, m) for a in catalog.agencies.values() for m in a.members}
    present = {(g, m) for g, m in session.execute(select(AgencyMember.group_key, AgencyMember.member_key))}
    for group_key, member_key in present - wanted:
        session.execute(delete(AgencyMember).where(AgencyMember.group_key == group_key,
                                                   AgencyMember.member_key == member_key))
    session.add_all(AgencyMember(group_key=g, member_key=m) for g, m in sorted(wanted - present))


def _load_events(session: Session, catalog: Catalog) -> None:
    # Only the description: the date is data the office enters when the event happens.
    for task in catalog.tasks:
        if task.event is not None:
            upsert(session=session, model=AwaitedEvent, key={"key": task.event.key},
                    values={"text_vi": task.event.text_vi, "text_en": task.event.text_en})


def _load_obligations(session: Session, catalog: Catalog) -> None:
    for position, ob in enumerate(catalog.obligations, start=1):
        upsert(session=session, model=ReportingObligation, key={"key": ob.key}, values={
            "position": position,
            "source": ob.source,
            "text_vi": ob.text_vi,
            "text_en": ob.text_en,
            "who_key": ob.who,
            "rhythm": ob.recurrence.rhythm,
            "due_day": ob.recurrence.day,
            "due_weekday": ob.recurrence.weekday,
            "deadline_text": ob.deadline_text,
            "due_rule_vi": ob.due_rule_vi,
            "due_rule_en": ob.due_rule_en,
            "note": ob.note,
        })


def _task_values(task, position: int) -> dict:
    d = task.deadline
    return {
        "position": position,
        "section": task.section,
        "section_title_vi": task.section_title_vi,
        "text_vi": task.text_vi,
        "intro_vi": task.intro_vi,
        "lead_key": task.lead,
        "deadline_text": d.text,
        "deadline_kind": d.kind,
        "deadline_value": d.value,
        "tentative": d.tentative,
        "event_key": d.event_key,
        "grace_days": d.grace_days,
        "rhythm": d.recurrence.rhythm if d.recurrence else None,
        "due_day": d.recurrence.day if d.recurrence else None,
        "obligation_key": task.obligation,
        "commune_group": task.commune_group,
        "seed_line": task.seed_line,
        "note": task.note,
    }


def _task_agencies(task) -> dict[tuple[str, str], int]:
    """(agency_key, role) -> position, for every agency the task names besides its lead."""
    out: dict[tuple[str, str], int] = {}
    for role, keys in (("co_lead", task.co_leads), ("partner", task.partners), ("directs", task.directs)):
        for position, key in enumerate(keys, start=1):
            out[(key, role)] = position
    return out


def _load_tasks(session: Session, catalog: Catalog) -> None:
    for position, task in enumerate(catalog.tasks, start=1):
        upsert(session=session, model=ProgrammeTask, key={"id": task.id}, values=_task_values(task, position))
    session.flush()
    present: dict[str, dict[tuple[str, str], TaskAgency]] = {}
    for row in session.scalars(select(TaskAgency)):
        present.setdefault(row.task_id, {})[(row.agency_key, row.role)] = row
    for task in catalog.tasks:
        have = present.get(task.id, {})
        want = _task_agencies(task)
        for pair, row in have.items():
            if pair not in want:
                session.delete(row)
            elif row.position != want[pair]:
                row.position = want[pair]
        session.add_all(TaskAgency(task_id=task.id, agency_key=k, role=r, position=p)
                        for (k, r), p in want.items() if (k, r) not in have)
    # A task removed from the file goes too, unless someone already recorded its status.
    ids = [t.id for t in catalog.tasks]
    history = exists().where(TaskStatusUpdate.task_id == ProgrammeTask.id)
    for gone in session.scalars(select(ProgrammeTask).where(ProgrammeTask.id.not_in(ids), ~history)):
        session.delete(gone)


def load_task_reference(*, session: Session, catalog: Catalog | None = None) -> Catalog:
    catalog = catalog or load_catalog()
    _load_agencies(session, catalog)
    _load_events(session, catalog)
    session.flush()
    _load_obligations(session, catalog)
    session.flush()
    _load_tasks(session, catalog)
    issued, document = catalog.source.get("date"), catalog.source.get("document")
    if issued:
        set_meta(session=session, key=PROGRAMME_ISSUED, value=str(issued))
    if document:
        set_meta(session=session, key=PROGRAMME_DOCUMENT, value=str(document))
    session.flush()
    return catalog
