"""Loading or clearing the sample history on request (the command line's `sample load|clear`).

The first start of an empty database loads the sample by itself (data_access.bootstrap); a
person asking for it later is an administrator's write like any other: checked and audited.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from data_access import audit
from domain.actor import Actor
from sample.loader import clear_sample, load_sample
from services.guard import Origin, authorise


def load(*, session: Session, actor: Actor, origin: Origin = "cli") -> int:
    actor = authorise(session=session, actor=actor, origin=origin, admin=True)
    n = load_sample(session=session)  # advances the data version itself
    audit.record(session=session, actor=actor, action="sample_load", table="assessment", key="sample", old=None,
                 new={"rows": n}, origin=origin)
    return n


def clear(*, session: Session, actor: Actor, origin: Origin = "cli") -> int:
    actor = authorise(session=session, actor=actor, origin=origin, admin=True)
    n = clear_sample(session=session)
    audit.record(session=session, actor=actor, action="sample_clear", table="assessment", key="sample", old={"rows": n},
                 new=None, origin=origin)
    return n
