"""The district rule, written once (`Actor.district_limit`): an editor limited to a district writes
only for that district's communes; every other account is not limited by district."""
from __future__ import annotations

import pytest

from domain.actor import ANONYMOUS, Actor


@pytest.mark.parametrize("actor, limit", [
    (Actor("ed", "editor", "886"), "886"),
    (Actor("ed", "editor"), None),  # an editor of the whole province
    (Actor("ad", "admin", "886"), None),  # an admin's district is not a limit
    (Actor("vi", "viewer", "886"), None),  # a viewer writes nowhere, but not because of a district
    (ANONYMOUS, None),
])
def test_district_limit(actor, limit):
    assert actor.district_limit == limit


def test_may_write_in():
    limited = Actor("ed", "editor", "886")
    assert limited.may_write_in("886") and not limited.may_write_in("887") and not limited.may_write_in(None)
    assert Actor("ed", "editor").may_write_in("887") and Actor("ad", "admin", "886").may_write_in("887")
