"""A save by an editor on PostgreSQL: one record, and one commune's 19 criteria (issue 13: <= 100 ms).

services.assessments.save_assessments in its own transaction (checks, conflict check, the new
versions, summary refresh, data stamp, audit, commit), as the entry page calls it. Each run flips
the records' results (met <-> not met) with a note, so an even number of runs in all leaves them as
they were; every run adds versions to the history, as a real save does. Figures: the median and
the minimum of `--runs` runs after one warm-up, and the SQL statements one save sends.

`--compare DIR` also measures another checkout's code (e.g. main before a change) on the same
database, in turns with this one (`--rounds` turns, each in a fresh process), so both see the same
load.

    python bench/bench_save.py [--url URL] [--commune 30346] [--period 2013-12] [--runs 9]
                               [--compare DIR] [--rounds 3]

Default database: the national one of bench/bench_national.py (ntm_national, 11,163 communes ×
60 months), which must be loaded. Prints one JSON object with the load average.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/ntm_national"
EDITOR = "bench-national-editor"


def measure(url: str, commune: str, period: str, runs: int) -> dict:
    """In this process, with the code first on sys.path: {"one": figures, "commune": figures}."""
    from sqlalchemy import event

    from data_access.assessments import AssessmentEdit, current_records
    from data_access.db import get_engine, session_scope
    from data_access.models import AppUser
    from domain.actor import Actor
    try:
        from data_access.criteria import criteria_by_period
    except ImportError:  # a checkout from before the package layout (--code)
        from data_access.sample import criteria_by_period
    from services import accounts
    from services.assessments import save_assessments
    from services.guard import command_line_actor

    engine = get_engine(url)
    with session_scope(engine) as s:
        if s.query(AppUser).filter_by(username=EDITOR).first() is None:
            accounts.add_user(session=s, actor=command_line_actor(), username=EDITOR, password="bench-mat-khau-1",
                              role="editor", origin="cli")
    statements = [0]
    event.listen(engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1))
    actor = Actor(EDITOR, "editor")

    def once(how_many: int) -> tuple[float, int]:
        with session_scope(engine) as s:
            ids = list(criteria_by_period(session=s, periods=[period])[period].values())[:how_many]
            current = current_records(session=s, period=period, commune_codes=[commune])
        edits = [AssessmentEdit(commune, cid, period, not current[(commune, cid)].met, "bench: đổi kết quả", {},
                                current[(commune, cid)].version) for cid in ids]
        before = statements[0]
        t0 = time.perf_counter()
        with session_scope(engine) as s:
            n = save_assessments(session=s, actor=actor, edits=edits, origin="page")
        ms = (time.perf_counter() - t0) * 1000
        assert n == how_many, n
        return ms, statements[0] - before

    out = {}
    for name, how_many in (("one", 1), ("commune", 19)):
        total = runs + 1 if runs % 2 else runs  # with the warm-up: an even number of flips
        got = [once(how_many) for _ in range(total + 1)][1:]
        times = [ms for ms, _ in got]
        out[name] = {"records": how_many, "ms": round(statistics.median(times), 1), "min_ms": round(min(times), 1),
                     "runs_ms": [round(t, 1) for t in times], "statements": got[-1][1]}
    engine.dispose()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default=os.environ.get("NTM_NATIONAL_URL", DEFAULT_URL))
    ap.add_argument("--commune", default="30346")
    ap.add_argument("--period", default="2013-12")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--compare", type=Path, help="another checkout measured in turns with this one")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--code", type=Path, help=argparse.SUPPRESS)  # internal: measure this checkout here
    args = ap.parse_args(argv)

    if args.code:
        sys.path.insert(0, str(args.code.resolve()))
        print(json.dumps(measure(args.url, args.commune, args.period, args.runs)))
        return 0
    result: dict = {"url": args.url.rsplit("@", 1)[-1], "commune": args.commune, "period": args.period,
                    "runs": args.runs, "load_average_start": [round(x, 2) for x in os.getloadavg()]}
    checkouts = {"this": REPO, **({"compare": args.compare.resolve()} if args.compare else {})}
    rows: dict[str, list[dict]] = {name: [] for name in checkouts}
    for _ in range(args.rounds if args.compare else 1):
        for name, checkout in checkouts.items():
            done = subprocess.run([sys.executable, __file__, "--code", str(checkout), "--url", args.url,
                                   "--commune", args.commune, "--period", args.period, "--runs", str(args.runs)],
                                  check=True, capture_output=True, text=True, cwd=checkout)
            rows[name].append(json.loads(done.stdout))
    for name, got in rows.items():
        result[name] = {"checkout": str(checkouts[name])}
        for kind in ("one", "commune"):
            times = [t for r in got for t in r[kind]["runs_ms"]]
            result[name][kind] = {"records": got[0][kind]["records"], "ms": round(statistics.median(times), 1),
                                  "min_ms": round(min(times), 1), "statements": got[-1][kind]["statements"]}
    result["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    result["target_ms"] = 100
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
