"""The command line: `python -m data_access --help`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from config import ConfigError, get_settings
from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from i18n import explain, ntranslate, translate
from spreadsheets import export as export_mod


def _engine(args: argparse.Namespace, sample: bool = False, timings: dict[str, float] | None = None):
    return ensure_database(args.database_url, load_sample_data=sample, timings=timings)


def cmd_init(args: argparse.Namespace) -> int:
    timings: dict[str, float] = {}
    engine = _engine(args, sample=not args.no_sample, timings=timings)
    with session_scope(engine) as s:
        from data_access import queries
        from data_access.meta import get_meta, set_meta
        if args.no_sample and get_meta(session=s, key="sample_initialised") is None:
            set_meta(session=s, key="sample_initialised", value="declined")  # later app starts keep it empty
        print(translate("cli.db_ready", args.lang, url=engine.url.render_as_string(hide_password=True)))
        print(translate("cli.db_summary", args.lang, communes=len(queries.communes(session=s)),
                      periods=len(queries.periods_with_data(session=s)),
                      sample=translate("cli.yes" if queries.has_sample(session=s) else "cli.no", args.lang)))
    if args.timings:
        import json
        print(json.dumps({k: round(v, 4) for k, v in timings.items()}), file=sys.stderr)
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from services import sample_data
    from services.guard import command_line_actor
    engine = _engine(args)
    with session_scope(engine) as s:
        if args.action == "load":
            n = sample_data.load(session=s, actor=command_line_actor(), origin="cli")
            print(ntranslate("cli.sample_loaded", n, args.lang, count=n) if n else translate("cli.sample_there", args.lang))
        else:
            n = sample_data.clear(session=s, actor=command_line_actor(), origin="cli")
            print(ntranslate("cli.sample_cleared", n, args.lang, count=n))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    engine = _engine(args)
    with session_scope(engine) as s:
        df = export_mod.export_table(session=s, table=args.table, period=args.period)
    if args.format == "xlsx" and args.out is None and sys.stdout.isatty():
        print(translate("cli.xlsx_needs_out", args.lang), file=sys.stderr)
        return 2
    payload = export_mod.write(df, args.format, args.out)
    if payload is not None:
        sys.stdout.buffer.write(payload)
    else:
        print(ntranslate("cli.rows_written", len(df), args.lang, count=len(df), path=args.out), file=sys.stderr)
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    import getpass

    first = getpass.getpass(translate("cli.password", args.lang))
    if first != getpass.getpass(translate("cli.password_again", args.lang)):
        raise SystemExit(translate("cli.passwords_differ", args.lang))
    return first


def cmd_user(args: argparse.Namespace) -> int:
    from accounts.auth import AuthError
    from accounts.permissions import PermissionDenied
    from services import accounts
    from services.guard import command_line_actor
    engine = _engine(args)
    me = command_line_actor()
    try:
        with session_scope(engine) as s:
            if args.action == "add":
                accounts.add_user(session=s, actor=me, username=args.name, password=_password(args), role=args.role,
                                  district_code=args.district, origin="cli")
                print(translate("cli.user_added", args.lang, name=args.name,
                              role=translate(f"role.{args.role}", args.lang),
                              district=translate("cli.user_district", args.lang, district=args.district)
                              if args.district else ""))
            elif args.action == "passwd":
                accounts.reset_password(session=s, actor=me, username=args.name, password=_password(args), origin="cli")
                print(translate("cli.user_passwd", args.lang, name=args.name))
            else:
                accounts.set_active(session=s, actor=me, username=args.name, active=args.action == "enable", origin="cli")
                print(translate("cli.user_enabled" if args.action == "enable" else "cli.user_disabled", args.lang,
                                name=args.name))
    except (AuthError, PermissionDenied) as exc:
        print(explain(exc, args.lang), file=sys.stderr)
        return 1
    return 0


def _value_text(met: bool | None, lang: str) -> str:
    return translate("value.none" if met is None else "value.met" if met else "value.not_met", lang)


def _change_line(c, lang: str) -> str:
    from spreadsheets.reader import excerpt
    note = "" if (c.old_note or None) == (c.new_note or None) else translate(
        "cli.note_change", lang, old=excerpt(c.old_note or ""), new=excerpt(c.new_note or ""))
    return translate("cli.change_line", lang, commune=c.commune_code, name=c.commune_name, number=c.criterion_number,
                   old=_value_text(c.old_met, lang), new=_value_text(c.new_met, lang), note=note)


def cmd_import(args: argparse.Namespace) -> int:
    """Exit 1 with nothing written on any error, unresolved conflict or unconfirmed past month."""
    from accounts import auth
    from accounts.permissions import PermissionDenied
    from data_access.assessments import Conflict, InvalidEdit
    from services.imports import import_excel
    engine = _engine(args)
    try:
        content = Path(args.file).read_bytes()
    except OSError:
        print(translate("cli.no_file", args.lang, path=args.file), file=sys.stderr)
        return 2
    try:
        with session_scope(engine) as s:
            actor = auth.actor_for(session=s, username=args.user)
            result = import_excel(session=s, actor=actor, content=content, conflicts=args.conflicts,
                                  allow_past=args.allow_past, origin="cli")
    except Conflict as exc:
        print(ntranslate("edit.conflict", len(exc.pairs), args.lang, count=len(exc.pairs)), file=sys.stderr)
        return 1
    except (InvalidEdit, PermissionDenied) as exc:
        print(explain(exc, args.lang), file=sys.stderr)
        return 1
    parsed = result.parsed
    if result.status == "errors":
        for err in parsed.errors:
            print(explain(err, args.lang), file=sys.stderr)
        print(ntranslate("cli.errors", len(parsed.errors), args.lang, count=len(parsed.errors)), file=sys.stderr)
        return 1
    for c in parsed.changes + (parsed.conflicts if args.conflicts == "overwrite" else []):
        print(_change_line(c, args.lang))
    if result.status == "conflicts":
        for c in parsed.conflicts:
            print(translate("cli.conflict_line", args.lang, commune=c.commune_code, name=c.commune_name,
                          number=c.criterion_number, shown=_value_text(c.shown_met, args.lang),
                          saved=_value_text(c.old_met, args.lang), who=c.saved_by or "–",
                          new=_value_text(c.new_met, args.lang)), file=sys.stderr)
        print(ntranslate("import.conflicts_cli", len(parsed.conflicts), args.lang, count=len(parsed.conflicts)), file=sys.stderr)
        return 1
    if result.status == "past":
        print(translate("import.past", args.lang, period=parsed.period, latest=parsed.latest), file=sys.stderr)
        return 1
    if args.conflicts == "skip" and parsed.conflicts:
        print(ntranslate("cli.skipped", len(parsed.conflicts), args.lang, count=len(parsed.conflicts)))
    if result.status == "nothing":
        print(translate("cli.nothing", args.lang))
        return 0
    print(ntranslate("cli.applied", result.written, args.lang, count=result.written, period=parsed.period))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    """The same template as the page's download (one function: spreadsheets.template.build_template)."""
    from spreadsheets.template import TemplateError, build_template
    engine = _engine(args)
    try:
        with session_scope(engine) as s:
            content = build_template(session=s, period=args.period, district_code=args.district)
    except TemplateError as exc:
        print(explain(exc, args.lang), file=sys.stderr)
        return 2
    args.out.write_bytes(content)
    print(translate("cli.template_written", args.lang, period=args.period, path=args.out))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from services.backups import make_backup
    from services.guard import command_line_actor
    engine = _engine(args)
    make_backup(engine=engine, actor=command_line_actor(), target=args.file, origin="cli")
    print(translate("cli.backup_written", args.lang, path=args.file))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Exit 2, with nothing touched, when the file is missing, empty, foreign or of another schema."""
    from data_access.backup import BackupError
    from services.backups import restore
    from services.guard import command_line_actor
    engine = _engine(args)
    try:
        result = restore(engine=engine, actor=command_line_actor(), source=args.file, origin="cli")
    except BackupError as exc:
        print(explain(exc, args.lang), file=sys.stderr)
        return 2
    print(translate("cli.restored", args.lang, path=args.file, copy=result.safety_copy))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """The heading, signer and recipients are those set on /admin (services.report_settings)."""
    from datetime import date

    from reports.annex import report_xlsx
    from reports.content import report_content
    from reports.period import PeriodError, parse_period
    from reports.word import report_docx
    from services.report_settings import report_heading
    try:
        period = parse_period(args.period)
    except PeriodError as exc:
        print(explain(exc, args.lang), file=sys.stderr)
        return 2
    try:
        made_on = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(translate("cli.bad_date", args.lang, value=args.date), file=sys.stderr)
        return 2
    with session_scope(_engine(args)) as s:
        content = report_content(session=s, period=period, proposals=args.proposals or "", priorities=args.priorities or "",
                                 made_on=made_on, lang=args.lang)
        heading = report_heading(session=s)
    args.out.write_bytes(report_docx(content, heading, args.lang))
    print(translate("cli.report_written", args.lang, period=period.code, path=args.out))
    if args.annex:
        args.annex.write_bytes(report_xlsx(content, heading, args.lang))
        print(translate("cli.annex_written", args.lang, period=period.code, path=args.annex))
    return 0


def build_parser(lang: str = "vi") -> argparse.ArgumentParser:
    """The parser, its help in `lang` (Vietnamese unless --lang en is on the command line)."""
    def _(key: str) -> str:
        return translate(key, lang)

    parser = argparse.ArgumentParser(prog="python -m data_access", description=_("cli.help.description"))
    parser.add_argument("--database-url", help=_("cli.help.database_url"))
    parser.add_argument("--lang", choices=["vi", "en"], default="vi", help=_("cli.help.lang"))
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help=_("cli.help.init"))
    p.add_argument("--no-sample", action="store_true", help=_("cli.help.init.no_sample"))
    p.add_argument("--timings", action="store_true",
                   help=_("cli.help.init.timings"))
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("sample", help=_("cli.help.sample"))
    p.add_argument("action", choices=["load", "clear"])
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("export", help=_("cli.help.export"))
    p.add_argument("table", choices=sorted(export_mod.TABLES))
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.add_argument("--out", type=Path, help=_("cli.help.export.out"))
    p.add_argument("--period", help=_("cli.help.export.period"))
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help=_("cli.help.import"))
    p.add_argument("file", type=Path)
    p.add_argument("--user", required=True, help=_("cli.help.import.user"))
    p.add_argument("--allow-past", action="store_true",
                   help=_("cli.help.import.allow_past"))
    p.add_argument("--conflicts", choices=["none", "overwrite", "skip"], default="none",
                   help=_("cli.help.import.conflicts"))
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("template", help=_("cli.help.template"))
    p.add_argument("--period", required=True, help=_("cli.help.template.period"))
    p.add_argument("--district", help=_("cli.help.template.district"))
    p.add_argument("--out", type=Path, required=True, help=_("cli.help.template.out"))
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("backup", help=_("cli.help.backup"))
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help=_("cli.help.restore"))
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("user", help=_("cli.help.user"))
    p.add_argument("action", choices=["add", "passwd", "disable", "enable"])
    p.add_argument("name")
    p.add_argument("--role", choices=["viewer", "editor", "admin"], default="viewer")
    p.add_argument("--district", help=_("cli.help.user.district"))
    p.add_argument("--password-stdin", action="store_true",
                   help=_("cli.help.user.password_stdin"))
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("report", help=_("cli.help.report"))
    p.add_argument("--period", required=True, help=_("cli.help.report.period"))
    p.add_argument("--out", type=Path, required=True, help=_("cli.help.report.out"))
    p.add_argument("--annex", type=Path, help=_("cli.help.report.annex"))
    p.add_argument("--proposals", help=_("cli.help.report.proposals"))
    p.add_argument("--priorities", help=_("cli.help.report.priorities"))
    p.add_argument("--date", help=_("cli.help.report.date"))
    p.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lang = "en" if any(a in ("--lang=en",) for a in argv) or any(
        a == "--lang" and i + 1 < len(argv) and argv[i + 1] == "en" for i, a in enumerate(argv)) else "vi"
    args = build_parser(lang).parse_args(argv)
    try:
        get_settings()  # a bad NTM_* variable is named here, before anything runs
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    return args.func(args)
