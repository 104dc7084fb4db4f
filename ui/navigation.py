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
    access: str = "public"  # public (see NTM_PUBLIC_READ) | editor | admin


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "pages/overview.py", "overview", "nav.overview", ":material/dashboard:", default=True),
    PageSpec("map", "pages/map.py", "map", "nav.map", ":material/map:"),
    PageSpec("commune", "pages/commune.py", "commune", "nav.commune", ":material/home_pin:"),
    PageSpec("progress", "pages/progress.py", "progress", "nav.progress", ":material/trending_up:"),
    PageSpec("tasks", "pages/tasks.py", "tasks", "nav.tasks", ":material/task_alt:"),
    PageSpec("briefing", "pages/briefing.py", "briefing", "nav.briefing", ":material/slideshow:"),
    PageSpec("entry", "pages/entry.py", "entry", "nav.entry", ":material/edit_square:", access="editor"),
    PageSpec("admin", "pages/admin.py", "admin", "nav.admin", ":material/admin_panel_settings:", access="admin"),
)


def page_spec(key: str) -> PageSpec:
    return next(p for p in PAGES if p.key == key)
