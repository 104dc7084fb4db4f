"""Who owes the members' progress reports, as data (`data/reporting_agencies.yaml`), and who the
seed's "các sở, ngành phụ trách tiêu chí" are (the lead agency of each criterion).

The list is data so that an office can see and correct it; `derive_reporting` recomputes it from its
two sources (the tasks and the criteria's lead agencies) so a test can check the file against them.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from domain.tasks.catalog_types import Agency, CatalogError, Task

REPORTING_FILE = "reporting_agencies.yaml"
CRITERIA_GROUP = "cac_so_nganh_phu_trach_tieu_chi"
REASONS = ("tasks", "criteria")
# Kinds of agency that report; the People's Committee, the Committee and its Office receive them.
REPORTING_KINDS = ("sở/ngành", "cơ quan báo chí", "tổ chức", "cơ quan Đảng")


@dataclass(frozen=True)
class Reporting:
    criteria_leads: Mapping[int, str]  # criterion number -> agency key
    agencies: tuple[str, ...]  # in display order
    because: Mapping[str, tuple[str, ...]]  # agency key -> ("tasks", "criteria")


def load_reporting(doc: object, agencies: Mapping[str, Agency], where: str = REPORTING_FILE) -> Reporting:
    if not isinstance(doc, dict) or not isinstance(doc.get("criteria_leads"), dict) \
            or not isinstance(doc.get("agencies"), list):
        raise CatalogError(f"{where}: expected 'criteria_leads' (a mapping) and 'agencies' (a list)")
    leads: dict[int, str] = {}
    for number, key in doc["criteria_leads"].items():
        if not isinstance(number, int) or key not in agencies:
            raise CatalogError(f"{where}: criterion {number!r}: unknown agency key {key!r}")
        leads[number] = key
    keys: list[str] = []
    because: dict[str, tuple[str, ...]] = {}
    for item in doc["agencies"]:
        key = item.get("key") if isinstance(item, dict) else None
        reasons = tuple(item.get("because") or ()) if isinstance(item, dict) else ()
        if not isinstance(key, str) or key not in agencies or agencies[key].is_group:
            raise CatalogError(f"{where}: {key!r} is not a single agency of agencies.yaml")
        if key in because:
            raise CatalogError(f"{where}: {key!r} is listed twice")
        if not reasons or not set(reasons) <= set(REASONS):
            raise CatalogError(f"{where}: {key!r}: 'because' must list tasks and/or criteria")
        keys.append(key)
        because[key] = reasons
    return Reporting(leads, tuple(keys), because)


def with_criteria_group(agencies: Mapping[str, Agency], reporting: Reporting) -> dict[str, Agency]:
    """The agencies, the criteria group's members set to the criteria's lead agencies."""
    out = dict(agencies)
    if CRITERIA_GROUP in out:
        members = tuple(dict.fromkeys(reporting.criteria_leads.values()))
        out[CRITERIA_GROUP] = replace(out[CRITERIA_GROUP], members=members)
    return out


def derive_reporting(agencies: Mapping[str, Agency], tasks: Iterable[Task],
                     criteria_leads: Mapping[int, str]) -> dict[str, set[str]]:
    """Agency key -> the reasons it reports, recomputed from the tasks and the criteria leads.
    A group a task names stands for its members (the criteria group for the criteria leads)."""
    out: dict[str, set[str]] = {}
    for task in tasks:
        for key in (*task.leads, *task.partners):
            for k in (key, *agencies[key].members):
                if agencies[k].kind in REPORTING_KINDS:
                    out.setdefault(k, set()).add("tasks")
    for key in criteria_leads.values():
        out.setdefault(key, set()).add("criteria")
    return out


def read_file(base: Path) -> object:
    import yaml

    path = base / REPORTING_FILE
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: same result, ~10× faster
    except FileNotFoundError:
        raise CatalogError(f"{path}: file not found") from None
