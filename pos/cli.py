"""The `pos` command: starts the cashier app, or runs an admin subcommand over the same services."""

import argparse
import gc
import os
import sys
from datetime import date
from pathlib import Path

from pos import __version__
from pos.commands.parser import Parser
from pos.core.errors import PosError
from pos.i18n import LANGUAGES, _, set_language

SUBCOMMANDS = frozenset(
    {
        "init",
        "catalog",
        "report",
        "receipt",
        "export",
        "verify-export",
        "backup",
        "restore",
        "labels",
        "config",
        "user",
        "print-test",
        "audit",
        "split",
        "recap",
        "deposit",
        "consolidate",
        "central",
        "qris",
        "order",
        "kuitansi",
        "shift",
    }
)


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    parser = Parser(prog="pos", description=_("Lapak point of sale"))
    parser.add_argument(
        "--db", type=Path, help=_("database file (default: the per-user data folder)")
    )
    parser.add_argument(
        "--demo", action="store_true", help=_("load the demo catalog into an empty db")
    )
    parser.add_argument("--lang", choices=sorted(LANGUAGES), help=_("language of the interface"))
    parser.add_argument(
        "--version",
        action="version",
        version=f"Lapak {__version__}",
        help=_("show the version and exit"),
    )
    if not with_commands:
        # Starting the cashier app: building every subcommand's parser costs ~12 ms of it.
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    from pos.commands import users as user_commands

    user_commands.add_init_options(sub.add_parser("init", help=_("create or upgrade the database")))
    user_commands.add_parser(sub)

    catalog = sub.add_parser("catalog", help=_("the product catalog"))
    catalog_sub = catalog.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    listing = catalog_sub.add_parser("list", help=_("list products with stock"))
    listing.add_argument("--json", action="store_true")
    importer = catalog_sub.add_parser("import", help=_("add and update products from XLSX or CSV"))
    importer.add_argument("file", type=Path)
    importer.add_argument(
        "--create-missing", action="store_true", help=_("create unknown categories and workshops")
    )
    importer.add_argument(
        "--dry-run", action="store_true", help=_("say what would change, change nothing")
    )
    exporter = catalog_sub.add_parser("export", help=_("write the catalog as XLSX or CSV"))
    exporter.add_argument("file", type=Path)

    report = sub.add_parser("report", help=_("reports"))
    report_sub = report.add_subparsers(dest="report_command", metavar="KIND", required=True)
    day = report_sub.add_parser("day", help=_("sales of one day"))
    day.add_argument("--date", type=_parse_date, help=_("YYYY-MM-DD (default: today at the stand)"))
    day.add_argument("--json", action="store_true")
    from pos.commands import books as book_commands

    book_commands.add_report_parser(report_sub, _parse_date)
    book_commands.add_parsers(sub, _parse_date)

    from pos.commands import printing

    printing.add_parsers(sub)
    from pos.commands import audit as audit_commands

    audit_commands.add_parser(sub, _parse_date)
    from pos.commands import qris as qris_commands

    qris_commands.add_parser(sub)
    from pos.commands import orders as order_commands

    order_commands.add_parsers(sub)
    from pos.commands import shifts as shift_commands

    shift_commands.add_parser(sub)

    export = sub.add_parser("export", help=_("export a day to a folder (the USB stick)"))
    export.add_argument("--to", type=Path, required=True, metavar="DIR")
    export.add_argument("--date", type=_parse_date, help=_("YYYY-MM-DD (default: today)"))
    verify = sub.add_parser("verify-export", help=_("check an export folder against its manifest"))
    verify.add_argument("folder", type=Path, metavar="DIR")
    backup = sub.add_parser("backup", help=_("write a consistent copy of the database"))
    backup.add_argument("--to", type=Path, required=True, metavar="FILE")
    restore = sub.add_parser("restore", help=_("replace the database with a backup"))
    restore.add_argument("file", type=Path, metavar="FILE")

    lbl = sub.add_parser("labels", help=_("barcode labels as PDF"))
    lbl.add_argument("--list", action="store_true", help=_("list the label templates and stop"))
    lbl.add_argument("--template", default="tnj-103", help=_("label template (see --list)"))
    lbl.add_argument(
        "--sku",
        action="append",
        default=[],
        metavar="SKU[:COPIES]",
        help=_("a product and how many labels (repeat for more products)"),
    )
    lbl.add_argument("skus", nargs="*", metavar="SKU[:COPIES]", help=_("more products"))
    lbl.add_argument(
        "--receipt",
        type=int,
        metavar="DOC_ID",
        help=_("one label per unit received on this stock receipt"),
    )
    lbl.add_argument("--start", type=int, default=1, help=_("first free label (1 = top left)"))
    lbl.add_argument("--offset-x", type=float, metavar="MM", help=_("move right (mm)"))
    lbl.add_argument("--offset-y", type=float, metavar="MM", help=_("move down (mm)"))
    lbl.add_argument(
        "--production-date",
        type=_parse_date,
        metavar="YYYY-MM-DD",
        help=_("for food (default: today, or the receipt's day)"),
    )
    lbl.add_argument("--maker-line", help=_("default: the label.maker_line setting"))
    lbl.add_argument("--outline", action="store_true", help=_("draw label edges (test print)"))
    lbl.add_argument("--out", type=Path, metavar="FILE.pdf")

    from pos.commands import central as central_commands

    central_commands.add_parsers(sub, _parse_date)

    config = sub.add_parser("config", help=_("read or change settings"))
    config_sub = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    config_sub.add_parser("list", help=_("all settings and their values"))
    setter = config_sub.add_parser("set", help=_("change a setting"))
    setter.add_argument("key")
    setter.add_argument("value")
    return parser


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(
            _("not a date (YYYY-MM-DD): {text!r}").format(text=text)
        ) from e


def main(argv: list[str] | None = None) -> int:
    # Start-up imports create ~400k objects; collecting garbage among them cost ~100 ms of
    # the time to ready-to-scan. The app turns collection back on (after gc.freeze()) once
    # its window is shown; commands turn it on before they work.
    gc.disable()
    tokens = sys.argv[1:] if argv is None else argv
    needs_commands = any(t in SUBCOMMANDS or t in ("-h", "--help") for t in tokens)
    # The help and usage texts are worded as the parser is built: in the language asked for.
    asked = _language_asked(tokens)
    if asked in LANGUAGES:
        set_language(asked)
    args = build_parser(needs_commands).parse_args(argv)
    if args.lang:
        set_language(args.lang)
    # The one place where anything a command did not foresee ends: one line for the person,
    # the traceback in the log, a non-zero exit. Never a traceback on the terminal.
    try:
        code = _dispatch(args)
        sys.stdout.flush()  # a closed pipe shows up here, not at exit
        return code
    except PosError as e:
        print(_("Error: {message}").format(message=e.message), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `pos config list | head -1`: the reader has all it wanted. Python would complain
        # again when flushing stdout at exit; point it at devnull.
        # https://docs.python.org/3/library/signal.html#note-on-sigpipe
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return 130
    except Exception as e:
        print(_("Error: {message}").format(message=_unexpected(args, e)), file=sys.stderr)
        return 1


def _language_asked(tokens: list[str]) -> str | None:
    """The value of a global `--lang` among the tokens, before they are parsed."""
    for i, token in enumerate(tokens):
        if token == "--lang" and i + 1 < len(tokens):
            return tokens[i + 1]
        if token.startswith("--lang="):
            return token.partition("=")[2]
        if token in SUBCOMMANDS:
            break  # global options come before the subcommand
    return None


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None:
        from pos.app import run_app

        return run_app(args)
    gc.enable()
    from pos import library_log

    library_log.send_to(_log_file(args))
    if args.command in ("verify-export", "restore"):
        from pos.commands import records

        run = records.run_verify_export if args.command == "verify-export" else records.run_restore
        return run(args)
    if args.command in ("report", "recap", "split") and getattr(args, "central", None):
        from pos.commands import central_books

        return central_books.run(args)
    if args.command in ("consolidate", "central"):
        # The regional office's commands: a central database, no stand database.
        from pos.commands import central

        return central.run(args)
    if args.command == "audit" and args.audit_command == "verify":
        from pos.commands import audit as audit_commands

        code = audit_commands.verify_file(args)  # without the ORM's start-up when it can
        if code is not None:
            return code
    return _run_command(args)


def _unexpected(args: argparse.Namespace, error: Exception) -> str:
    """Log an unforeseen error with its traceback; the one line to show instead."""
    import logging
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from pos.db.session import explain_write_error
    from pos.library_log import FORMAT

    if isinstance(error, (OperationalError, sqlite3.OperationalError)):
        message = explain_write_error(error).message
    else:
        detail = " ".join(str(error).split())[:200] or type(error).__name__
        message = _("Something unexpected went wrong ({detail}); nothing more was done.").format(
            detail=detail
        )
    log = logging.getLogger("pos.cli")
    log_file = _log_file(args)
    if log_file is not None:
        try:
            handler = logging.FileHandler(log_file, encoding="utf-8")
        except OSError:
            return message
        handler.setFormatter(logging.Formatter(FORMAT))
        log.addHandler(handler)
        log.propagate = False
        try:
            log.error("pos %s failed", args.command, exc_info=error)
        finally:
            log.removeHandler(handler)
            handler.close()
        message += " " + _("Details are in {path}.").format(path=log_file)
    return message


def _log_file(args: argparse.Namespace) -> Path | None:
    """lapak.log in the data folder (beside the database), when that folder exists."""
    from pos.paths import default_db_path

    try:
        folder = Path(args.db or default_db_path()).expanduser().resolve().parent
    except (OSError, RuntimeError):
        return None
    return folder / "lapak.log" if folder.is_dir() else None


def open_for_command(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from pos.paths import default_db_path
    from pos.services import settings
    from pos.services.auth import system_actor
    from pos.services.setup import init_database, load_demo

    db = init_database(args.db or default_db_path())
    if not args.lang:
        set_language(settings.get(db, settings.LANGUAGE))
    if args.demo:
        load_demo(db, system_actor(db))
    return db


def _run_command(args: argparse.Namespace) -> int:
    db = open_for_command(args)
    try:
        from pos.commands import catalog, records

        handler = {
            "init": _cmd_init,
            "catalog": catalog.run_catalog,
            "report": records.run_report,
            "receipt": _cmd_printing,
            "print-test": _cmd_printing,
            "config": records.run_config,
            "export": records.run_export,
            "labels": catalog.run_labels,
            "backup": records.run_backup,
            "user": _cmd_user,
            "audit": _cmd_audit,
            "split": _cmd_books,
            "recap": _cmd_books,
            "deposit": _cmd_books,
            "qris": _cmd_qris,
            "order": _cmd_order,
            "kuitansi": _cmd_order,
            "shift": _cmd_shift,
        }[args.command]
        return handler(db, args)
    finally:
        db.close()


def _cmd_init(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.commands import users as user_commands

    print(_("Database ready: {path}").format(path=db.path))
    user_commands.run_init(db, args)
    return 0


def _cmd_user(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.commands import users as user_commands

    return int(user_commands.run(db, args))


def _cmd_printing(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.commands import printing

    return printing.run(db, args)


def _cmd_audit(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.commands import audit as audit_commands

    return audit_commands.run(db, args)


def _cmd_books(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.commands import books as book_commands

    run = {
        "split": book_commands.run_split,
        "recap": book_commands.run_recap,
        "deposit": book_commands.run_deposit,
    }[args.command]
    return run(db, args)


def _cmd_qris(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.commands import qris as qris_commands

    return qris_commands.run(db, args)


def _cmd_order(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.commands import orders as order_commands

    return order_commands.run(db, args)


def _cmd_shift(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.commands import shifts as shift_commands

    return shift_commands.run(db, args)
