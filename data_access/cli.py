"""The command line: `python -m data_access --help`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data_access import export as export_mod
from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from data_access.sample import clear_sample, load_sample


def _engine(args: argparse.Namespace, sample: bool = False):
    return ensure_database(args.database_url, load_sample_data=sample)


def cmd_init(args: argparse.Namespace) -> int:
    engine = _engine(args, sample=not args.no_sample)
    with session_scope(engine) as s:
        from data_access import queries
        from data_access.meta import get_meta, set_meta
        if args.no_sample and get_meta(s, "sample_initialised") is None:
            set_meta(s, "sample_initialised", "declined")  # later app starts keep it empty
        print(f"database ready: {engine.url.render_as_string(hide_password=True)}")
        print(f"communes: {len(queries.communes(s))}, periods with data: {len(queries.periods_with_data(s))}, "
              f"sample data: {'yes' if queries.has_sample(s) else 'no'}")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    engine = _engine(args)
    with session_scope(engine) as s:
        if args.action == "load":
            n = load_sample(s)
            print(f"sample history: {n} assessment rows added" if n else "sample history already loaded")
        else:
            n = clear_sample(s)
            print(f"sample history cleared: {n} assessment rows removed")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    engine = _engine(args)
    with session_scope(engine) as s:
        df = export_mod.export_table(s, args.table, period=args.period)
    if args.format == "xlsx" and args.out is None and sys.stdout.isatty():
        print("xlsx needs --out FILE (or redirect standard output)", file=sys.stderr)
        return 2
    payload = export_mod.write(df, args.format, args.out)
    if payload is not None:
        sys.stdout.buffer.write(payload)
    else:
        print(f"{len(df)} rows written to {args.out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data_access", description="NTM An Giang: database tools")
    parser.add_argument("--database-url", help="overrides NTM_DATABASE_URL")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="create or migrate the database and load the reference data (and sample)")
    p.add_argument("--no-sample", action="store_true", help="do not load the sample history on a new database")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("sample", help="load or clear the sample history")
    p.add_argument("action", choices=["load", "clear"])
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("export", help="export a table as CSV (standard output) or xlsx")
    p.add_argument("table", choices=sorted(export_mod.TABLES))
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.add_argument("--out", type=Path, help="file to write (default: standard output)")
    p.add_argument("--period", help="assessments only: one month, YYYY-MM")
    p.set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
