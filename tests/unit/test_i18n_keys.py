"""Every catalogue key against the code, read as a syntax tree: no key missing, none unused.

The code is parsed (ast), not grepped, so a key is found wherever it is written:
- the first argument of a translating call — translate/t/_ (one form), ntranslate/nt (plural forms);
  a conditional expression gives both of its keys;
- any string literal shaped like a key in one of the catalogue's namespaces ("map.title",
  "auth.locked"): keys held in data (page specs, section labels, the codes that errors carry and
  `explain` turns into sentences) are used through a variable;
- an f-string that builds a key ("filter.group.{group}"): its template must be listed in DYNAMIC
  below with the values it takes, from the code's own constants where there is one.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from accounts.auth import ROLES
from domain.history_text import ACTIONS, KINDS
from domain.map_figures import MODES
from domain.tasks.board import STATUSES
from domain.tasks.deadlines import TIMELINESS_VALUES
from i18n import LANGS, read_catalogue
from reports import tables as report_tables
from reports import text as report_text
from services.report_settings import REQUIRED
from ui import overview_view, progress_view, tasks_view
from ui.briefing_slides import SLIDES
from ui.commune_view import UNITS_SHOWN
from ui.entry_view import ENTRY_TABS
from ui.filters import GROUPS
from ui.map_deck import DISTRICT_KIND, UNIT_KIND

ROOT = Path(__file__).resolve().parents[2]
ONE_FORM = {"translate", "t", "_"}
PLURAL = {"ntranslate", "nt"}
KEY_SHAPE = re.compile(r"^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+$")
PILOT_GROUPS = ("pilot17", "pilot34")
TARGET_KINDS = ("count", "below", "share")  # domain/target_wording._kind

# Keys built at run time: the f-string's template ("*" for each value) -> the values it takes.
# A template with one "*" lists values; one with several lists whole keys. Each says why the key
# is built rather than written out.
DYNAMIC: dict[str, tuple[str, ...]] = {
    # the URL's and the database's own codes, labelled through the catalogue
    "filter.group.*": GROUPS,
    "entry.tab_*": ENTRY_TABS,  # the data-entry page's tabs, named by a stable id
    "map.mode.*": MODES,
    "role.*": ROLES,
    "auth.role.*": ROLES,
    "history.role.*": ROLES,
    "history.action.*": ACTIONS,
    "history.kind.*": KINDS,
    "history.origin.*": ("page", "cli"),  # audit_log.origin
    "history.unit.*": UNITS_SHOWN,
    "commune.unit.*": UNITS_SHOWN,
    "history.account_*": ("passwd", "enable", "disable"),  # the account actions without a detail of their own
    "history.*": ("note", "reason", "source"),  # a note-like field: its new text …
    "history.*_removed": ("note", "reason", "source"),  # … or its removal
    "tasks.status.*": STATUSES,
    "tasks.cell.*": TIMELINESS_VALUES,  # a report's receipt: on time, late, missing, not yet due
    "tasks.state.*": ("done", "done_late", "overdue", "open"),  # the timeline's bars (ui/tasks_charts.py)
    "tasks.item.*": ("co_leads", "partners", "directs"),  # a task's roles besides the lead
    # the columns of the summary by section and of the agency scorecard (ui/tasks_tables.py)
    "tasks.col.*": ("tasks", *STATUSES, "overdue", "done_late", "on_time", "late", "missing"),
    # the sections §2.1–§2.8 and the office's reporting obligations of data/tasks_2013.yaml and
    # data/reporting_obligations.yaml: keys of the shipped data
    "tasks.section.*": tuple(f"2.{i}" for i in range(1, 9)),
    "tasks.obligation.*": ("vpdp_bao_cao_dinh_ky", "vpdp_cap_nhat_17_xa"),
    # the rules data_access/task_writes.py names in TaskRuleError.problems
    "entry.task_problem.*": ("unknown_status", "done_needs_date", "date_only_when_done", "done_date_in_future",
                             "reason_required", "author_required", "not_a_period_end", "received_in_future"),
    "report.needed.*": REQUIRED,
    # domain/tasks: a reporting period or a deadline names its month or quarter (DuePeriod.label)
    "due.month.*": tuple(str(m) for m in range(1, 13)),
    "due.quarter.*": ("1", "2", "3", "4"),
    # the periodic report (reports/): its period's name, its tables by code and the codes of its cells
    "report.period_name.*": ("quarter1", "quarter2", "quarter3", "quarter4", "half1", "half2", "year"),
    "report.doc.sheet.*": report_tables.CODES,
    "report.doc.target_status.*": report_tables.TARGET_STATUSES,
    "report.doc.status.*": report_tables.TASK_STATUSES,
    "report.doc.report_state.*": report_tables.REPORT_STATES,
    "report.doc.report_kind.*": ("month", "quarter"),  # ReportCell.kind
    "report.doc.targets.*": report_text.TARGET_ORDER,
    "report.doc.task_state.*": report_text.TASK_WORDS,  # services/report_settings: the first required setting left empty
    "briefing.slide.*": tuple(key for key, _ in SLIDES),
    "commune.state.*": ("met", "not_met", "no_data"),  # a criterion's state in a month
    "map.state.*": ("met", "not_met", "no_data", "not_assessed"),  # domain/map_figures criterion_status
    "map.pilot.*": PILOT_GROUPS,
    "map.pilot_short.*": PILOT_GROUPS,
    "map.legend.pilot_outline.*": PILOT_GROUPS,
    "map.unit.*": tuple(UNIT_KIND.values()),
    "map.unit_title.*": tuple(UNIT_KIND.values()),
    "map.district_title.*": tuple(DISTRICT_KIND.values()),
    # a target's readings and the sentences read two ways (data/targets_2013.yaml)
    "target.reading.*": ("all", "pilots17"),
    "target.sentence.*": ("s2013_4_13",),
    # domain/target_wording: the phrase of a target's kind and verdict
    "target.now.*.above": TARGET_KINDS,
    "target.now.*.met": TARGET_KINDS,
    "target.now.*.short": TARGET_KINDS,
    "target.now.*.too_many": TARGET_KINDS,
    "target.at.*": TARGET_KINDS,
    "target.by.*": ("met", "not_met", "on_track", "off_track"),
    "target.by.*_at": ("met", "not_met"),
    "target.fc.*": ("count", "share"),
    "target.fc.*_range": ("count", "share"),
    "forecast.method.*": ("share", "communes"),  # domain/forecast._method: by the target's kind
    "legend.change.*": ("lost", "gained"),  # geo/colours.change_legend: a change's direction …
    "legend.change.*_more": ("lost", "gained"),  # … and its end step, "3 or more"
    # ui/sections.py labels a page's sections "<label_key>.<code>"
    "*.*": tuple(f"{label}.{code}" for label, codes in (
        ("overview.view", overview_view.SECTIONS), ("progress.view", progress_view.SECTIONS),
        ("tasks.view", tasks_view.SECTIONS)) for code in codes),
}


def _sources() -> list[Path]:
    """The project's modules: top-level scripts, packages and pages (not the tests, not a .venv)."""
    files = sorted(ROOT.glob("*.py"))
    for d in sorted(p for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".")
                    and p.name not in ("tests", "bench")):  # a key only a test or a bench uses is unused
        if d.name == "pages" or (d / "__init__.py").exists():
            files += sorted(d.rglob("*.py"))
    return files


def _template(node: ast.JoinedStr) -> str:
    return "".join(v.value if isinstance(v, ast.Constant) else "*" for v in node.values)


def _expand(template: str) -> set[str]:
    values = DYNAMIC[template]
    return set(values) if template.count("*") != 1 else {template.replace("*", v) for v in values}


def _call_name(node: ast.Call) -> str | None:
    f = node.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None


def _keys_of(arg: ast.expr) -> list[str]:
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if isinstance(arg, ast.IfExp):
        return _keys_of(arg.body) + _keys_of(arg.orelse)
    return []


class Use:
    def __init__(self, catalogue: set[str]):
        self.namespaces = {k.split(".")[0] for k in catalogue}
        self.literal: dict[str, str] = {}  # key -> where
        self.one_form: dict[str, str] = {}
        self.plural: dict[str, str] = {}
        self.templates: dict[str, str] = {}

    def read(self, path: Path, root: Path = ROOT) -> None:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = lambda n: f"{path.relative_to(root)}:{n.lineno}"  # noqa: E731
        parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if id(node) in parts:  # the text of an f-string: its template is read whole
                continue
            if isinstance(node, ast.Call) and node.args and _call_name(node) in ONE_FORM | PLURAL:
                table = self.plural if _call_name(node) in PLURAL else self.one_form
                for key in _keys_of(node.args[0]):
                    table.setdefault(key, where(node))
                if isinstance(node.args[0], ast.JoinedStr):
                    self.templates.setdefault(_template(node.args[0]), where(node))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY_SHAPE.match(node.value):
                if node.value.split(".")[0] in self.namespaces:
                    self.literal.setdefault(node.value, where(node))
            elif isinstance(node, ast.JoinedStr):
                t = _template(node)
                if "." in t and t.split(".")[0] in self.namespaces:
                    self.templates.setdefault(t, where(node))


# Literals shaped like keys in a catalogue namespace that are not keys.
NOT_KEYS = {
    "app.py": "the file Streamlit runs",
    "commune.code": "a foreign key's column (SQLAlchemy)",
}


def _catalogues():
    return {lang: read_catalogue(lang) for lang in LANGS}


def _keys(catalogue) -> dict[str, object]:
    return {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalogue if m.id}


def _use() -> Use:
    use = Use(set(_keys(read_catalogue("vi"))))
    for path in _sources():
        use.read(path)
    return use


def test_both_languages_have_the_same_keys_and_plural_entries():
    vi, en = (_keys(c) for c in _catalogues().values())
    assert set(vi) == set(en)
    assert {k for k, m in vi.items() if m.pluralizable} == {k for k, m in en.items() if m.pluralizable}


def test_placeholders_agree_between_languages_and_plural_forms():
    vi, en = (_keys(c) for c in _catalogues().values())
    differ = []
    for key, m in vi.items():
        forms = [m.string] if isinstance(m.string, str) else list(m.string)
        forms += [en[key].string] if isinstance(en[key].string, str) else list(en[key].string)
        names = {frozenset(re.findall(r"{(\w+)}", f)) for f in forms}
        if len(names) != 1 or not all(forms):
            differ.append(key)
    assert not differ


def test_dynamic_keys_are_listed_and_every_listed_template_is_in_the_code():
    use = _use()
    assert not {t: w for t, w in use.templates.items() if t not in DYNAMIC}, "list the template in DYNAMIC"
    assert not set(DYNAMIC) - set(use.templates), "a DYNAMIC template the code no longer builds"


def test_every_key_used_in_the_code_is_in_both_catalogues():
    use = _use()
    catalogues = [set(_keys(c)) for c in _catalogues().values()]
    used = set(use.literal) | set(use.one_form) | set(use.plural)
    used |= {k for t in DYNAMIC for k in _expand(t)}
    missing = {k for k in used - set(NOT_KEYS) if not all(k in c for c in catalogues)}
    assert not {k: use.literal.get(k) or use.one_form.get(k) or use.plural.get(k) for k in missing}


def test_every_key_in_the_catalogue_is_used():
    use = _use()
    used = set(use.literal) | set(use.one_form) | set(use.plural) | {k for t in DYNAMIC for k in _expand(t)}
    assert sorted(set(_keys(read_catalogue("vi"))) - used) == []


def test_plural_keys_are_read_with_a_number_and_the_others_without():
    use = _use()
    plural = {k for k, m in _keys(read_catalogue("vi")).items() if m.pluralizable}
    assert not {k: w for k, w in use.plural.items() if k not in plural}, "ntranslate on a one-form key"
    assert not {k: w for k, w in use.one_form.items() if k in plural}, "translate on a plural key"


def test_the_walk_finds_keys_in_every_form_they_take(tmp_path):
    """The reader itself, on a module written for it."""
    src = tmp_path / "m.py"
    src.write_text('ctx.t("a.b")\nntranslate("c.d", n, "en")\nt("e.f" if x else "g.h")\n'
                   'KEY = "i.j"\nctx.t(f"k.{v}")\nother("not.a.key")\n', encoding="utf-8")
    use = Use({"a.x", "c.x", "e.x", "g.x", "i.x", "k.x"})
    use.read(src, tmp_path)
    assert set(use.one_form) == {"a.b", "e.f", "g.h"} and set(use.plural) == {"c.d"}
    assert "i.j" in use.literal and "not.a.key" not in use.literal and set(use.templates) == {"k.*"}
