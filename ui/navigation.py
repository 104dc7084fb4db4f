"""The pages that exist, in menu order. app.py registers them; the shell draws the links."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str
    path: str  # relative to app.py
    url_path: str
    title_key: str
    icon: str
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "pages/overview.py", "overview", "nav.overview", ":material/dashboard:", default=True),
)


def page_spec(key: str) -> PageSpec:
    return next(p for p in PAGES if p.key == key)
