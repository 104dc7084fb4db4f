"""The command line: `python -m data_access --help`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from config import ConfigError, get_settings
from data_access import export as export_mod
from data_access.bootstrap import ensure_database
from data_access.db import session_scope


def _engine(args: argparse.Namespace, sample: bool = False, timings: dict[str, float] | None = None):
    return ensure_database(args.database_url, load_sample_data=sample, timings=timings)


def cmd_init(args: argparse.Namespace) -> int:
    timings: dict[str, float] = {}
    engine = _engine(args, sample=not args.no_sample, timings=timings)
    with session_scope(engine) as s:
        from data_access import queries
        from data_access.meta import get_meta, set_meta
        if args.no_sample and get_meta(s, "sample_initialised") is None:
            set_meta(s, "sample_initialised", "declined")  # later app starts keep it empty
        from data_access.messages import message
        print(message("cli.db_ready", args.lang, url=engine.url.render_as_string(hide_password=True)))
        print(message("cli.db_summary", args.lang, communes=len(queries.communes(s)),
                      periods=len(queries.periods_with_data(s)),
                      sample=message("cli.yes" if queries.has_sample(s) else "cli.no", args.lang)))
    if args.timings:
        import json
        print(json.dumps({k: round(v, 4) for k, v in timings.items()}), file=sys.stderr)
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from data_access.messages import message
    from services import sample_data
    from services.guard import command_line_actor
    engine = _engine(args)
    with session_scope(engine) as s:
        if args.action == "load":
            n = sample_data.load(s, actor=command_line_actor(), origin="cli")
            print(message("cli.sample_loaded", args.lang, count=n) if n else message("cli.sample_there", args.lang))
        else:
            n = sample_data.clear(s, actor=command_line_actor(), origin="cli")
            print(message("cli.sample_cleared", args.lang, count=n))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    engine = _engine(args)
    with session_scope(engine) as s:
        df = export_mod.export_table(s, args.table, period=args.period)
    if args.format == "xlsx" and args.out is None and sys.stdout.isatty():
        from data_access.messages import message
        print(message("cli.xlsx_needs_out", args.lang), file=sys.stderr)
        return 2
    payload = export_mod.write(df, args.format, args.out)
    if payload is not None:
        sys.stdout.buffer.write(payload)
    else:
        from data_access.messages import message
        print(message("cli.rows_written", args.lang, count=len(df), path=args.out), file=sys.stderr)
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    import getpass

    from data_access.messages import message
    first = getpass.getpass(message("cli.password", args.lang))
    if first != getpass.getpass(message("cli.password_again", args.lang)):
        raise SystemExit(message("cli.passwords_differ", args.lang))
    return first


def cmd_user(args: argparse.Namespace) -> int:
    from data_access.auth import AuthError
    from data_access.messages import explain, message
    from data_access.permissions import PermissionDenied
    from services import accounts
    from services.guard import command_line_actor
    engine = _engine(args)
    me = command_line_actor()
    try:
        with session_scope(engine) as s:
            if args.action == "add":
                accounts.add_user(s, actor=me, username=args.name, password=_password(args), role=args.role,
                                  district_code=args.district, origin="cli")
                print(message("cli.user_added", args.lang, name=args.name,
                              role=message(f"role.{args.role}", args.lang),
                              district=message("cli.user_district", args.lang, district=args.district)
                              if args.district else ""))
            elif args.action == "passwd":
                accounts.reset_password(s, actor=me, username=args.name, password=_password(args), origin="cli")
                print(message("cli.user_passwd", args.lang, name=args.name))
            else:
                accounts.set_active(s, actor=me, username=args.name, active=args.action == "enable", origin="cli")
                print(message(f"cli.user_{args.action}d", args.lang, name=args.name))
    except (AuthError, PermissionDenied) as exc:
        print(explain(exc, args.lang), file=sys.stderr)
        return 1
    return 0


def _value_text(met: bool | None, lang: str) -> str:
    from data_access.messages import message
    return message("value.none" if met is None else "value.met" if met else "value.not_met", lang)


def _change_line(c, lang: str) -> str:
    from data_access.excel_reader import excerpt
    from data_access.messages import message
    note = "" if (c.old_note or None) == (c.new_note or None) else message(
        "cli.note_change", lang, old=excerpt(c.old_note or ""), new=excerpt(c.new_note or ""))
    return message("cli.change_line", lang, commune=c.commune_code, name=c.commune_name, number=c.criterion_number,
                   old=_value_text(c.old_met, lang), new=_value_text(c.new_met, lang), note=note)


def cmd_import(args: argparse.Namespace) -> int:
    """Exit 1 with nothing written on any error, unresolved conflict or unconfirmed past month."""
    from data_access import auth
    from data_access.assessments import Conflict, InvalidEdit
    from data_access.messages import explain, message
    from data_access.permissions import PermissionDenied
    from services.imports import import_excel
    engine = _engine(args)
    try:
        content = Path(args.file).read_bytes()
    except OSError:
        print(message("cli.no_file", args.lang, path=args.file), file=sys.stderr)
        return 2
    try:
        with session_scope(engine) as s:
            actor = auth.actor_for(s, args.user)
            result = import_excel(s, actor=actor, content=content, conflicts=args.conflicts,
                                  allow_past=args.allow_past, origin="cli")
    except Conflict as exc:
        print(message("edit.conflict", args.lang, count=len(exc.pairs)), file=sys.stderr)
        return 1
    except (InvalidEdit, PermissionDenied) as exc:
        print(explain(exc, args.lang), file=sys.stderr)
        return 1
    parsed = result.parsed
    if result.status == "errors":
        for err in parsed.errors:
            print(message(err.code, args.lang, **err.params), file=sys.stderr)
        print(message("cli.errors", args.lang, count=len(parsed.errors)), file=sys.stderr)
        return 1
    for c in parsed.changes + (parsed.conflicts if args.conflicts == "overwrite" else []):
        print(_change_line(c, args.lang))
    if result.status == "conflicts":
        for c in parsed.conflicts:
            print(message("cli.conflict_line", args.lang, commune=c.commune_code, name=c.commune_name,
                          number=c.criterion_number, shown=_value_text(c.shown_met, args.lang),
                          saved=_value_text(c.old_met, args.lang), who=c.saved_by or "–",
                          new=_value_text(c.new_met, args.lang)), file=sys.stderr)
        print(message("import.conflicts_cli", args.lang, count=len(parsed.conflicts)), file=sys.stderr)
        return 1
    if result.status == "past":
        print(message("import.past", args.lang, period=parsed.period, latest=parsed.latest), file=sys.stderr)
        return 1
    if args.conflicts == "skip" and parsed.conflicts:
        print(message("cli.skipped", args.lang, count=len(parsed.conflicts)))
    if result.status == "nothing":
        print(message("cli.nothing", args.lang))
        return 0
    print(message("cli.applied", args.lang, count=result.written, period=parsed.period))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    """The same template as the page's download (one function: excel_template.build_template)."""
    from data_access.excel_template import TemplateError, build_template
    from data_access.messages import explain, message
    engine = _engine(args)
    try:
        with session_scope(engine) as s:
            content = build_template(s, args.period, args.district)
    except TemplateError as exc:
        print(explain(exc, args.lang), file=sys.stderr)
        return 2
    args.out.write_bytes(content)
    print(message("cli.template_written", args.lang, period=args.period, path=args.out))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from data_access.messages import message
    from services.backups import make_backup
    from services.guard import command_line_actor
    engine = _engine(args)
    make_backup(engine, actor=command_line_actor(), target=args.file, origin="cli")
    print(message("cli.backup_written", args.lang, path=args.file))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Exit 2, with nothing touched, when the file is missing, empty, foreign or of another schema."""
    from data_access.backup import BackupError
    from data_access.messages import explain, message
    from services.backups import restore
    from services.guard import command_line_actor
    engine = _engine(args)
    try:
        result = restore(engine, actor=command_line_actor(), source=args.file, origin="cli")
    except BackupError as exc:
        print(explain(exc, args.lang), file=sys.stderr)
        return 2
    print(message("cli.restored", args.lang, path=args.file, copy=result.safety_copy))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """The heading, signer and recipients are those set on /admin (services.report_settings)."""
    from datetime import date

    from data_access.messages import message
    from reports.content import report_content
    from reports.word import report_docx
    from reports.annex import report_xlsx
    from reports.period import parse_period
    from services.report_settings import report_heading
    try:
        period = parse_period(args.period)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        made_on = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(message("cli.bad_date", args.lang, value=args.date), file=sys.stderr)
        return 2
    with session_scope(_engine(args)) as s:
        content = report_content(s, period, args.proposals or "", args.priorities or "", made_on=made_on)
        heading = report_heading(s)
    args.out.write_bytes(report_docx(content, heading))
    print(message("cli.report_written", args.lang, period=period.code, path=args.out))
    if args.annex:
        args.annex.write_bytes(report_xlsx(content, heading))
        print(message("cli.annex_written", args.lang, period=period.code, path=args.annex))
    return 0


HELP_VI = {
    'NTM An Giang: database tools': 'NTM An Giang: công cụ cơ sở dữ liệu',
    'YYYY-Qn, YYYY-H1, YYYY-H2 or YYYY, e.g. 2013-Q3': 'YYYY-Qn (quý), YYYY-H1, YYYY-H2 (6 tháng) hoặc YYYY (năm), ví dụ 2013-Q3',
    'also write the Excel annex (.xlsx)': 'ghi thêm phụ lục Excel (.xlsx)',
    'assessments only: one month, YYYY-MM': 'chỉ cho bảng assessments: một tháng, YYYY-MM',
    'cells someone else saved since the template was made: refuse (default), overwrite, skip': 'ô người khác đã lưu sau khi tải mẫu: không ghi (mặc định), ghi đè (overwrite), bỏ qua (skip)',
    'confirm writing into a month before the latest month with data': 'xác nhận ghi vào một tháng trước tháng có số liệu mới nhất',
    'create or migrate the database and load the reference data (and sample)': 'tạo hoặc cập nhật cơ sở dữ liệu, nạp dữ liệu tham chiếu (và dữ liệu mẫu)',
    'print the seconds spent in each phase as JSON on standard error': 'in số giây của từng bước dưới dạng JSON ra luồng lỗi chuẩn',
    'do not load the sample history on a new database': 'không nạp dữ liệu mẫu vào cơ sở dữ liệu mới',
    'editor limited to one district (GSO code)': 'cán bộ nhập liệu chỉ của một huyện (mã huyện)',
    'export a table as CSV (standard output) or xlsx': 'xuất một bảng ra CSV (màn hình) hoặc xlsx',
    'file to write (default: standard output)': 'tệp cần ghi (mặc định: ra màn hình)',
    'import a filled Excel template (nothing is applied on any error)': 'nhập tệp mẫu Excel đã điền (có lỗi thì không ghi gì)',
    'language of messages (default vi)': 'ngôn ngữ thông báo (mặc định vi)',
    'load or clear the sample history': 'nạp hoặc xóa dữ liệu mẫu',
    'manage accounts: add, passwd, disable, enable': 'quản lý tài khoản: add (thêm), passwd (đổi mật khẩu), disable (vô hiệu hóa), enable (kích hoạt)',
    'only the communes of one district (GSO code)': 'chỉ các xã của một huyện (mã huyện)',
    'overrides NTM_DATABASE_URL': 'thay cho NTM_DATABASE_URL',
    'read the password from the first line of standard input (for scripts)': 'đọc mật khẩu từ dòng đầu của đầu vào chuẩn (dùng trong script)', "replace the database's content with a backup FILE": 'thay nội dung cơ sở dữ liệu bằng bản sao lưu FILE',
    'text of section III.1 (Đề xuất, kiến nghị)': 'nội dung mục III.1 (Đề xuất, kiến nghị)',
    'text of section III.2 (Nhiệm vụ trọng tâm kỳ tới)': 'nội dung mục III.2 (Nhiệm vụ trọng tâm kỳ tới)',
    'the Word document to write (.docx)': 'tệp Word cần ghi (.docx)',
    'the acting account (editor or admin); its district applies': 'tài khoản thực hiện (cán bộ nhập liệu hoặc quản trị viên); áp dụng phạm vi huyện của tài khoản', "the date line's day, YYYY-MM-DD (default: today)": 'ngày ghi ở dòng địa danh, ngày tháng, YYYY-MM-DD (mặc định: hôm nay)',
    'the file to write (.xlsx)': 'tệp cần ghi (.xlsx)',
    'the month, YYYY-MM (not in the future)': 'tháng, YYYY-MM (không ở tương lai)',
    'the periodic report (Word) and its Excel annex for a quarter, half-year or year': 'báo cáo định kỳ (Word) và phụ lục Excel của quý, 6 tháng hoặc năm',
    'write a complete backup to FILE': 'ghi bản sao lưu đầy đủ vào FILE', "write the month's Excel template (the same as the page's download)": 'ghi tệp mẫu Excel của tháng (giống tệp tải trên trang)',
}


def build_parser(lang: str = "vi") -> argparse.ArgumentParser:
    """The parser, its help in `lang` (Vietnamese unless --lang en is on the command line)."""
    def _(text: str) -> str:
        return text if lang == "en" else HELP_VI.get(text, text)

    parser = argparse.ArgumentParser(prog="python -m data_access", description=_("NTM An Giang: database tools"))
    parser.add_argument("--database-url", help=_("overrides NTM_DATABASE_URL"))
    parser.add_argument("--lang", choices=["vi", "en"], default="vi", help=_("language of messages (default vi)"))
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help=_("create or migrate the database and load the reference data (and sample)"))
    p.add_argument("--no-sample", action="store_true", help=_("do not load the sample history on a new database"))
    p.add_argument("--timings", action="store_true",
                   help=_("print the seconds spent in each phase as JSON on standard error"))
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("sample", help=_("load or clear the sample history"))
    p.add_argument("action", choices=["load", "clear"])
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("export", help=_("export a table as CSV (standard output) or xlsx"))
    p.add_argument("table", choices=sorted(export_mod.TABLES))
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.add_argument("--out", type=Path, help=_("file to write (default: standard output)"))
    p.add_argument("--period", help=_("assessments only: one month, YYYY-MM"))
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help=_("import a filled Excel template (nothing is applied on any error)"))
    p.add_argument("file", type=Path)
    p.add_argument("--user", required=True, help=_("the acting account (editor or admin); its district applies"))
    p.add_argument("--allow-past", action="store_true",
                   help=_("confirm writing into a month before the latest month with data"))
    p.add_argument("--conflicts", choices=["none", "overwrite", "skip"], default="none",
                   help=_("cells someone else saved since the template was made: refuse (default), overwrite, skip"))
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("template", help=_("write the month's Excel template (the same as the page's download)"))
    p.add_argument("--period", required=True, help=_("the month, YYYY-MM (not in the future)"))
    p.add_argument("--district", help=_("only the communes of one district (GSO code)"))
    p.add_argument("--out", type=Path, required=True, help=_("the file to write (.xlsx)"))
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("backup", help=_("write a complete backup to FILE"))
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help=_("replace the database's content with a backup FILE"))
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("user", help=_("manage accounts: add, passwd, disable, enable"))
    p.add_argument("action", choices=["add", "passwd", "disable", "enable"])
    p.add_argument("name")
    p.add_argument("--role", choices=["viewer", "editor", "admin"], default="viewer")
    p.add_argument("--district", help=_("editor limited to one district (GSO code)"))
    p.add_argument("--password-stdin", action="store_true",
                   help=_("read the password from the first line of standard input (for scripts)"))
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("report", help=_("the periodic report (Word) and its Excel annex for a quarter, half-year or year"))
    p.add_argument("--period", required=True, help=_("YYYY-Qn, YYYY-H1, YYYY-H2 or YYYY, e.g. 2013-Q3"))
    p.add_argument("--out", type=Path, required=True, help=_("the Word document to write (.docx)"))
    p.add_argument("--annex", type=Path, help=_("also write the Excel annex (.xlsx)"))
    p.add_argument("--proposals", help=_("text of section III.1 (Đề xuất, kiến nghị)"))
    p.add_argument("--priorities", help=_("text of section III.2 (Nhiệm vụ trọng tâm kỳ tới)"))
    p.add_argument("--date", help=_("the date line's day, YYYY-MM-DD (default: today)"))
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
