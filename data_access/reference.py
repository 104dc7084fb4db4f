"""Load the shipped reference data (criteria sets, units, groups, targets) into the database.

Idempotent: rows are upserted by their natural keys, so a second load changes nothing, and a
fingerprint of the files in `app_meta` lets a later start skip the work entirely.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from config import DATA_DIR
from data_access.bulk import upsert
from data_access.models import (
    Commune,
    CriteriaSet,
    Criterion,
    District,
    Indicator,
    ProgrammeTarget,
    UnitGroup,
)
from data_access.tasks.reference import load_task_reference

REFERENCE_FILES = (
    "ntm_criteria.yaml",
    "criteria_keys.yaml",
    "an_giang_2013.yaml",
    "an_giang_communes_2013.geojson",
    "targets_2013.yaml",
    "agencies.yaml",
    "tasks_2013.yaml",
    "reporting_obligations.yaml",
)

GROUPS = (
    {
        "key": "pilot34",
        "name_vi": "34 xã được chọn làm điểm (2011–2015)",
        "name_en": "34 communes chosen as pilots (2011–2015)",
        "parent_key": None,
        "note": "Work programme 2013, §2.6. The real list was not found; members are chosen by the sample generator.",
    },
    {
        "key": "pilot17",
        "name_vi": "17 xã điểm của tỉnh đăng ký với Trung ương đạt chuẩn năm 2015",
        "name_en": "17 provincial pilot communes registered with the centre for 2015",
        "parent_key": "pilot34",
        "note": "Work programme 2013, §2.6. The real list was not found; members are chosen by the sample generator.",
    },
)


# libyaml's parser when installed: the same documents, about ten times faster than pure Python.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(name: str) -> Any:
    return yaml.load((DATA_DIR / name).read_text(encoding="utf-8"), Loader=YAML_LOADER)


def reference_fingerprint(data_dir: Path = DATA_DIR) -> str:
    digest = hashlib.sha256()
    for name in REFERENCE_FILES:
        digest.update((data_dir / name).read_bytes())
    return digest.hexdigest()[:16]


def _threshold(value: Any) -> float | None:
    # `true` means "achieved" (judged, no number); null means "not known: do not evaluate".
    if value is None or isinstance(value, bool):
        return None
    return float(value)


def _indicator_values(spec: dict, position: int) -> dict:
    threshold = spec.get("threshold_mekong", spec.get("threshold_mekong_2020"))
    return {
        "position": position,
        "text_vi": spec.get("text_vi", ""),
        "text_en": spec.get("text_en"),
        "unit": spec.get("unit", "boolean"),
        "comparison": spec.get("comparison", "achieved"),
        "threshold": _threshold(threshold),
        "verified": bool(spec.get("verified", False)),
        "confidence": spec.get("confidence"),
        "source": spec.get("source"),
        "note": spec.get("note"),
    }


def _load_set(session: Session, set_spec: dict, criteria_specs: list[dict], keys: dict, groups: dict) -> None:
    upsert(
        session=session,
        model=CriteriaSet,
        key={"id": set_spec["id"]},
        values={
            "name_vi": set_spec["name_vi"],
            "name_en": set_spec.get("name_en"),
            "scope": set_spec.get("scope", "national"),
            "in_force_from": date.fromisoformat(str(set_spec["in_force_from"])),
            "in_force_until": date.fromisoformat(str(set_spec["in_force_until"]))
            if set_spec.get("in_force_until")
            else None,
            "legal_basis": set_spec.get("legal_basis"),
            "note": set_spec.get("note"),
        },
    )
    session.flush()
    existing = {
        c.number: c for c in session.scalars(select(Criterion).where(Criterion.set_id == set_spec["id"]))
    }
    for spec in criteria_specs:
        number = int(spec["number"])
        meta = keys[number]
        group = groups[spec["group"]]
        values = {
            "key": meta["key"],
            "group_code": spec["group"],
            "group_name_vi": group["name_vi"],
            "group_name_en": group["name_en"],
            "name_vi": spec["name_vi"],
            "name_en": spec.get("name_en") or meta["short_en"],
            "short_name_vi": meta["short_vi"],
            "lead_agency": (spec.get("responsible_department") or {}).get("name_vi"),
        }
        crit = existing.get(number)
        if crit is None:
            crit = Criterion(set_id=set_spec["id"], number=number, **values)
            session.add(crit)
            session.flush()
        else:
            for name, value in values.items():
                setattr(crit, name, value)
        current = {i.code: i for i in crit.indicators}
        for position, ind in enumerate(spec.get("indicators") or [], start=1):
            vals = _indicator_values(ind, position)
            row = current.get(str(ind["code"]))
            if row is None:
                session.add(Indicator(criterion_id=crit.id, code=str(ind["code"]), **vals))
            else:
                # An admin may have corrected a provisional threshold in the app: keep their value.
                if row.verified and not vals["verified"]:
                    vals = {k: v for k, v in vals.items() if k not in ("threshold", "verified", "source")}
                for name, value in vals.items():
                    setattr(row, name, value)


def _original_491(amended: list[dict], spec: dict) -> list[dict]:
    """The original QĐ 491 set: the amended set with the five amended criteria restored."""
    result = []
    for crit in amended:
        crit = json.loads(json.dumps(crit))  # deep copy
        replaced = spec["replaced"].get(crit["number"])
        if replaced:
            crit["name_vi"] = replaced["name_vi"]
            if replaced.get("name_en"):
                crit["name_en"] = replaced["name_en"]
            if "indicators" in replaced:
                crit["indicators"] = replaced["indicators"]
            for code, override in (replaced.get("indicators_override") or {}).items():
                for ind in crit["indicators"]:
                    if str(ind["code"]) == code:
                        ind.update(override)
                        ind["verified"] = False
        result.append(crit)
    return result


def load_criteria_sets(*, session: Session) -> None:
    doc = _read_yaml("ntm_criteria.yaml")
    extra = _read_yaml("criteria_keys.yaml")
    keys = {int(k): v for k, v in extra["criteria"].items()}
    groups = doc["groups"]
    versions = {v["id"]: v for v in doc["versions"]}
    amended = versions["QD491-2009+QD342-2013"]
    original = extra["original_491"]
    _load_set(session, original, _original_491(amended["criteria"], original), keys, groups)
    for version in doc["versions"]:
        set_spec = dict(version)
        set_spec.setdefault("name_en", None)
        set_spec["legal_basis"] = "; ".join(
            f"{b['doc']} ({b.get('date', '')})" for b in version.get("legal_basis", [])
        ) or None
        set_spec["note"] = version.get("note")
        _load_set(session, set_spec, version["criteria"], keys, groups)


def load_units(*, session: Session) -> None:
    doc = _read_yaml("an_giang_2013.yaml")
    geo = json.loads((DATA_DIR / "an_giang_communes_2013.geojson").read_text(encoding="utf-8"))
    props = {f["properties"]["ma_xa"]: f["properties"] for f in geo["features"]}
    for district in doc["districts"]:
        upsert(session=session, model=District, key={"code": district["gso_code"]},
                values={"name": district["name"], "type": district["type"], "province_code": doc["province"]["gso_code"]})
    session.flush()
    for district in doc["districts"]:
        for unit in district["communes"]:
            p = props.get(unit["gso_code"], {})
            upsert(
                session=session,
                model=Commune,
                key={"code": unit["gso_code"]},
                values={
                    "name": unit["name"],
                    "name_ascii": p.get("commune_name_ascii") or unit["name"],
                    "type": unit["type"],
                    "district_code": district["gso_code"],
                    "assessed": unit["type"] == "xã",
                    "area_km2": p.get("area_km2"),
                    "population_2009": None if p.get("src_pop_2009_suspect") else p.get("src_pop_2009"),
                },
            )


def load_groups(*, session: Session) -> None:
    for group in GROUPS:
        upsert(session=session, model=UnitGroup, key={"key": group["key"]}, values={k: v for k, v in group.items() if k != "key"})


def load_targets(*, session: Session) -> None:
    """Upsert the targets; the chosen reading of a sentence is set from the file only when the
    target is new, so an administrator's choice (services.reference_edits) survives a reload."""
    doc = _read_yaml("targets_2013.yaml")
    for position, t in enumerate(doc["targets"], start=1):
        row = upsert(
            session=session,
            model=ProgrammeTarget,
            key={"key": t["key"]},
            values={
                "position": position,
                "wording_vi": t["wording_vi"],
                "wording_en": t["wording_en"],
                "metric": t["metric"],
                "min_criteria": t.get("min_criteria"),
                "band_max": t.get("band_max"),
                "criterion_key": t.get("criterion_key"),
                "group_key": t.get("group", "all"),
                "comparison": t["comparison"],
                "target_count": t.get("target_count"),
                "target_percent": t.get("target_percent"),
                "denominator": t.get("denominator"),
                "deadline": date.fromisoformat(str(t["deadline"])),
                "source": f"{doc['source']}, mục {t['section']}",
                "note": t.get("note"),
                "text_as_written": t.get("text_as_written"),
                "reading_group": t.get("reading_group"),
                "reading_key": t.get("reading"),
                "reading_part": t.get("reading_part"),
            },
        )
        if row.reading_group is None:
            row.reading_chosen = None
        elif row.reading_chosen is None:
            row.reading_chosen = bool(t.get("chosen", False))


def load_reference(*, session: Session) -> None:
    load_units(session=session)
    load_groups(session=session)
    session.flush()
    load_criteria_sets(session=session)
    load_targets(session=session)
    load_task_reference(session=session)
