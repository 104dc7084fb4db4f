"""Fixtures the data tests share."""
from __future__ import annotations

import pytest

from data_access.db import get_engine, session_scope


@pytest.fixture
def session(ready_url):
    """A session on the shared database with the sample history (`ready_url`: read, never write)."""
    with session_scope(get_engine(ready_url)) as s:
        yield s
