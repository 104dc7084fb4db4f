"""The national database of bench/bench_national.py: every unit of the national boundary file and a
synthetic monthly history for every assessed commune, loaded into PostgreSQL with COPY.

- Schema and reference data: `data_access.bootstrap.ensure_database(url, load_sample_data=False)`
  (migrations, An Giang's units, the criteria sets, targets).
- Units: the 11,163 features of ../shared/data/vn_communes_lowres.geojson become districts
  (`province_code` = ma_tinh) and communes (assessed = type "xã"); units already in the database
  (An Giang's, from the reference data) are kept as they are (`ON CONFLICT DO NOTHING`).
  29 features have no GSO code (ma_xa empty; no code is duplicated): they get the code
  "S" + src_commune_id (7 digits, unique in the file; 8 characters fit commune.code). One of them
  has no district either: its district is "T" + ma_tinh ("T48"). A unit without a type is stored as
  "khác" and not assessed; without a name, as its full name or "(không tên)".
- Pilot groups: An Giang's 34 / 17 pilots chosen by the sample generator (as the app's sample does),
  so the targets of the pilot groups have members.
- History: every assessed commune × 60 months (2011-01..2015-12) × the criteria of the set in
  force each month (`data_access.criteria.criteria_by_period`), deterministic (numpy seed). Each
  commune starts from a baseline (mean about 5 criteria) and gains criteria at its own rate (a
  province factor times a commune factor), in an order close to the sample generator's `EASE`;
  about 1 % of commune-months lose their last criterion for that month. Rows go in by COPY, one
  text chunk per month, with the assessment table's secondary indexes and foreign keys dropped
  before and made again after (both timed). Every row is flagged `is_sample` (the app shows its
  "Dữ liệu mẫu" badge).
- VACUUM (ANALYZE) after the COPY (the visibility map: without it every index-only probe of the
  as-of rule reads the table too; autovacuum would do it, but it is off on the bench machine's
  server), then the summary by `data_access.summary.refresh(session)` over the whole history
  (timed), then VACUUM (ANALYZE) of the summary. A run on a loaded database vacuums the two tables
  again (quick when nothing changed), so saves made since are in the same state.

A marker in app_meta (`bench_national`, JSON of the parameters and counts) says the load is done;
the bench skips loading when it is there, unless asked to reload; the database is then dropped and
made again (so is a database whose load did not finish).
"""
from __future__ import annotations

import json
import time
import unicodedata
from datetime import date
from pathlib import Path

import numpy as np
import psycopg
from sqlalchemy.engine import make_url

from data_access import summary
from data_access.bootstrap import ensure_database
from data_access.criteria import criteria_by_period
from data_access.db import get_engine, session_scope
from data_access.meta import bump_data_version, get_meta, set_meta
from data_access.models import UnitGroupMember
from domain.authors import SAMPLE_AUTHOR
from domain.months import Month
from sample.history import EASE, month_range
from sample.loader import build_history

MARKER = "bench_national"
SEED = 2013
FIRST, LAST = "2011-01", "2015-12"
SLIP_SHARE = 0.01  # commune-months that lose their last criterion for the month


def psycopg_dsn(url: str) -> str:
    """libpq connection string of a SQLAlchemy URL (postgresql+psycopg://…)."""
    u = make_url(url)
    parts = {"host": u.host, "port": u.port, "dbname": u.database, "user": u.username, "password": u.password}
    return " ".join(f"{k}={v}" for k, v in parts.items() if v is not None)


def ensure_pg_database(url: str, drop: bool = False) -> bool:
    """Create the database of `url` if missing (drop it first with `drop`); True when created."""
    u = make_url(url)
    admin = psycopg_dsn(url.replace(f"/{u.database}", "/postgres", 1))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (u.database,)).fetchone()
        if exists and drop:
            get_engine.cache_clear()
            conn.execute(f'DROP DATABASE "{u.database}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{u.database}"')
            return True
    return False


def loaded(url: str) -> dict | None:
    """The marker of a finished load, or None."""
    try:
        with session_scope(get_engine(url)) as s:
            raw = get_meta(session=s, key=MARKER)
    except Exception:  # no schema yet
        return None
    return json.loads(raw) if raw else None


def vacuum(dsn: str, tables: list[str]) -> None:
    """VACUUM (ANALYZE): statistics, and the visibility map that lets the as-of rule's probes of the
    (commune, criterion, period, version) index stay in the index. Autovacuum does this on a server
    where it is on (it is off on the bench machine's server), so the bench measures that state."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        for table in tables:
            conn.execute(f"VACUUM (ANALYZE) {table}")


def _state(url: str) -> str:
    """loaded (the marker is there), partial (a load started), empty (no tables) or other."""
    with psycopg.connect(psycopg_dsn(url)) as conn:
        if conn.execute("SELECT to_regclass('app_meta')").fetchone()[0] is None:
            return "empty"
        keys = {r[0] for r in conn.execute("SELECT key FROM app_meta WHERE key LIKE %s", (MARKER + "%",))}
    return "loaded" if MARKER in keys else "partial" if f"{MARKER}_started" in keys else "other"


# --- units -----------------------------------------------------------------------------------

def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def read_units(path: Path) -> tuple[list[tuple], list[tuple], dict]:
    """(districts, communes, notes) from the national file; rows as the tables' columns."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    districts: dict[str, tuple] = {}
    communes: list[tuple] = []
    no_code, no_district, no_type, codes = [], [], [], set()
    for f in features:
        p = f["properties"]
        code = p.get("ma_xa")
        if not code:
            code = f"S{p['src_commune_id']}"
            no_code.append(code)
        if code in codes:
            raise ValueError(f"duplicate unit code {code}")
        codes.add(code)
        district = p.get("ma_huyen")
        if not district:
            district = f"T{p['ma_tinh']}"
            no_district.append(code)
        if district not in districts:
            districts[district] = (district, p.get("district_name") or f"(không rõ huyện, {p['province_name']})",
                                   p.get("district_type") or "khác", p["ma_tinh"])
        elif districts[district][3] != p["ma_tinh"]:
            raise ValueError(f"district {district} in two provinces")
        kind = p.get("commune_type")
        if not kind:
            no_type.append(code)
        name = p.get("commune_name") or p.get("commune_full_name") or "(không tên)"
        communes.append((code, name[:80], _ascii(name)[:80], kind or "khác", district, kind == "xã"))
    notes = {"features": len(features), "without_code": len(no_code), "without_district": len(no_district),
             "without_type": len(no_type), "codes_given": "S + src_commune_id where ma_xa is empty",
             "duplicate_codes": 0}
    return list(districts.values()), communes, notes


def _copy_rows(cur, table: str, columns: list[str], rows: list[tuple]) -> None:
    def cell(v) -> str:
        if v is None:
            return r"\N"
        if isinstance(v, bool):
            return "t" if v else "f"
        return str(v).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")

    text = "".join("\t".join(cell(v) for v in r) + "\n" for r in rows)
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
        cp.write(text)


def load_units(conn, path: Path) -> dict:
    """Districts and communes of the national file, those already present kept."""
    districts, communes, notes = read_units(path)
    with conn.cursor() as cur:
        cur.execute("CREATE TEMP TABLE stage_district (code text, name text, type text, province_code text)"
                    " ON COMMIT DROP")
        cur.execute("CREATE TEMP TABLE stage_commune (code text, name text, name_ascii text, type text,"
                    " district_code text, assessed boolean) ON COMMIT DROP")
        _copy_rows(cur, "stage_district", ["code", "name", "type", "province_code"], districts)
        _copy_rows(cur, "stage_commune", ["code", "name", "name_ascii", "type", "district_code", "assessed"],
                   communes)
        cur.execute("INSERT INTO district (code, name, type, province_code) SELECT * FROM stage_district"
                    " ON CONFLICT (code) DO NOTHING")
        notes["districts_added"] = cur.rowcount
        cur.execute("INSERT INTO commune (code, name, name_ascii, type, district_code, assessed)"
                    " SELECT * FROM stage_commune ON CONFLICT (code) DO NOTHING")
        notes["communes_added"] = cur.rowcount
    return notes


# --- history ---------------------------------------------------------------------------------

def synthetic_met(codes: list[str], provinces: list[str], n_months: int, seed: int = SEED) -> np.ndarray:
    """met[commune, criterion number - 1, month] (bool), criteria met growing over time."""
    rng = np.random.default_rng(seed)
    n, k = len(codes), 19
    ease = np.array([EASE[i + 1] for i in range(k)])
    # The order in which a commune reaches its criteria: the common order, disturbed per commune.
    order = np.argsort(ease[None, :] + rng.normal(0.0, 3.0, (n, k)), axis=1)
    rank = np.empty_like(order)
    rank[np.arange(n)[:, None], order] = np.arange(k)[None, :]
    baseline = np.clip(rng.gamma(3.0, 1.7, n), 0, 14)  # criteria met in January 2011, mean ≈ 5
    names = sorted(set(provinces))
    province_factor = dict(zip(names, rng.lognormal(0.0, 0.25, len(names))))
    rate = rng.lognormal(np.log(1.7), 0.5, n) * np.array([province_factor[p] for p in provinces])  # per year
    months = np.arange(n_months)
    level = np.floor(baseline[:, None] + rate[:, None] * months[None, :] / 12.0)  # (n, months)
    met = rank[:, :, None] < level[:, None, :]
    slip = rng.random((n, n_months)) < SLIP_SHARE  # lose the last criterion gained, for a month
    last = np.clip(level, 0, k) - 1
    met &= ~(slip[:, None, :] & (rank[:, :, None] == last[:, None, :]))
    return met


def _period_end(period: str) -> date:
    return Month.parse(period).last_day


def copy_history(conn, codes: list[str], met: np.ndarray, periods: list[str], crit: dict) -> int:
    """COPY the history month by month, one text chunk per month (no per-row round trips)."""
    prefixes = list(codes)
    author = SAMPLE_AUTHOR.replace("\\", "\\\\")
    rows = 0
    with conn.cursor() as cur, cur.copy("COPY assessment (commune_code, criterion_id, period, version, met,"
                                        " recorded_at, recorded_by, is_sample) FROM STDIN") as cp:
        for t, period in enumerate(periods):
            at = f"{_period_end(period).isoformat()} 17:00:00"
            ids = crit[period]
            numbers = sorted(ids)
            suffixes = [(f"\t{ids[n]}\t{period}\t1\tf\t{at}\t{author}\tt\n",
                         f"\t{ids[n]}\t{period}\t1\tt\t{at}\t{author}\tt\n") for n in numbers]
            month = met[:, [n - 1 for n in numbers], t].tolist()
            cp.write("".join([p + s[m] for p, row in zip(prefixes, month) for s, m in zip(suffixes, row)]))
            rows += len(codes) * len(numbers)
    return rows


def _secondary(conn) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The assessment table's foreign keys and non-primary indexes (name, definition)."""
    fks = conn.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                       " WHERE conrelid = 'assessment'::regclass AND contype IN ('f', 'u') ORDER BY conname").fetchall()
    idx = conn.execute("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'assessment'"
                       " AND i.indexname NOT IN (SELECT conname FROM pg_constraint"
                       " WHERE conrelid = 'assessment'::regclass) ORDER BY i.indexname").fetchall()
    return fks, idx


def load(url: str, geojson: Path, *, reload: bool = False, log=print) -> dict:
    """Load everything unless the marker says it is there (or `reload`). Returns the load report."""
    created = ensure_pg_database(url, drop=reload)
    if not created:
        state = _state(url)
        if state == "loaded":  # the schema still follows the code (migrations, reference data)
            t0 = time.perf_counter()
            ensure_database(url, load_sample_data=False)
            migrate_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            vacuum(psycopg_dsn(url), ["assessment", "commune_month"])
            return {"skipped": True, "migrate_s": round(migrate_s, 2), "vacuum_s": round(time.perf_counter() - t0, 2),
                    **loaded(url)}
        if state == "partial":
            ensure_pg_database(url, drop=True)  # a load that did not finish is started again
        elif state == "other":
            raise SystemExit(f"{url} holds another database (no {MARKER} marker): use --reload to replace it")
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    engine = ensure_database(url, load_sample_data=False)
    times["schema_s"] = time.perf_counter() - t0
    with session_scope(engine) as s:
        set_meta(session=s, key=f"{MARKER}_started", value=time.strftime("%Y-%m-%d %H:%M:%S"))
        # An Giang's pilots as the app's sample chooses them (only An Giang's units are there yet).
        history = build_history(session=s)
        for group, members in (("pilot34", history.pilot34), ("pilot17", history.pilot17)):
            s.add_all(UnitGroupMember(group_key=group, commune_code=c, is_sample=True) for c in members)
        periods = month_range(FIRST, LAST)
        crit = criteria_by_period(session=s, periods=periods)

    dsn = psycopg_dsn(url)
    with psycopg.connect(dsn) as conn:
        t0 = time.perf_counter()
        notes = load_units(conn, geojson)
        conn.commit()
        times["units_s"] = time.perf_counter() - t0
        log(f"units: {notes}")

        rows = conn.execute("SELECT c.code, d.province_code FROM commune c JOIN district d"
                            " ON d.code = c.district_code WHERE c.assessed ORDER BY c.code").fetchall()
        codes, provinces = [r[0] for r in rows], [r[1] for r in rows]
        t0 = time.perf_counter()
        met = synthetic_met(codes, provinces, len(periods))
        times["generate_s"] = time.perf_counter() - t0

        fks, idx = _secondary(conn)
        t0 = time.perf_counter()
        for name, _ in fks:
            conn.execute(f'ALTER TABLE assessment DROP CONSTRAINT "{name}"')
        for name, _ in idx:
            conn.execute(f'DROP INDEX "{name}"')
        conn.commit()
        times["drop_indexes_s"] = time.perf_counter() - t0
        log(f"copying {len(codes)} communes × {len(periods)} months …")
        t0 = time.perf_counter()
        n_rows = copy_history(conn, codes, met, periods, crit)
        conn.commit()
        times["history_copy_s"] = time.perf_counter() - t0
        log(f"copied {n_rows} rows in {times['history_copy_s']:.1f} s; indexes …")
        t0 = time.perf_counter()
        conn.execute("SET maintenance_work_mem = '512MB'")
        for _, definition in idx:
            conn.execute(definition)
        for name, definition in fks:
            conn.execute(f'ALTER TABLE assessment ADD CONSTRAINT "{name}" {definition}')
        conn.commit()
        times["indexes_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    vacuum(dsn, ["assessment"])
    times["vacuum_history_s"] = time.perf_counter() - t0

    log("summary …")
    t0 = time.perf_counter()
    with session_scope(engine) as s:
        summary.refresh(session=s)
        bump_data_version(session=s)
    times["summary_refresh_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    vacuum(dsn, ["commune_month", "commune", "district"])
    times["vacuum_summary_s"] = time.perf_counter() - t0
    report = {
        "loaded_at": time.strftime("%Y-%m-%d %H:%M:%S"), "seed": SEED, "periods": [FIRST, LAST],
        "units": notes, "assessed_communes": len(codes), "history_rows": n_rows,
        "load_s": {k: round(v, 2) for k, v in times.items()},
    }
    with session_scope(engine) as s:
        set_meta(session=s, key=MARKER, value=json.dumps(report, ensure_ascii=False))
    return {"skipped": False, **report}


def counts_and_size(url: str) -> dict:
    """Row counts of the big tables and the database's size."""
    with psycopg.connect(psycopg_dsn(url)) as conn:
        out = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 (fixed names)
               for t in ("district", "commune", "assessment", "commune_month", "audit_log")}
        out["provinces"] = conn.execute("SELECT count(DISTINCT province_code) FROM district").fetchone()[0]
        out["assessed_communes"] = conn.execute("SELECT count(*) FROM commune WHERE assessed").fetchone()[0]
        size = conn.execute("SELECT pg_database_size(current_database()),"
                            " pg_total_relation_size('assessment'), pg_total_relation_size('commune_month')").fetchone()
    return {"rows": out, "database_bytes": size[0], "assessment_bytes": size[1], "commune_month_bytes": size[2]}
