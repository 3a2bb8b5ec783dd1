"""The `pos` command: starts the cashier app, or runs an admin subcommand over the same services."""

import argparse
import gc
import json
import os
import sys
from datetime import date
from pathlib import Path

from pos import __version__
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
    }
)


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pos", description="Lapak point of sale")
    parser.add_argument("--db", type=Path, help="database file (default: the per-user data folder)")
    parser.add_argument(
        "--demo", action="store_true", help="load the demo catalog into an empty db"
    )
    parser.add_argument("--lang", choices=sorted(LANGUAGES), help="language of the interface")
    parser.add_argument("--version", action="version", version=f"Lapak {__version__}")
    if not with_commands:
        # Starting the cashier app: building every subcommand's parser costs ~12 ms of it.
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    from pos.commands import users as user_commands

    user_commands.add_init_options(sub.add_parser("init", help="create or upgrade the database"))
    user_commands.add_parser(sub)

    catalog = sub.add_parser("catalog", help="the product catalog")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    listing = catalog_sub.add_parser("list", help="list products with stock")
    listing.add_argument("--json", action="store_true")
    importer = catalog_sub.add_parser("import", help="add and update products from XLSX or CSV")
    importer.add_argument("file", type=Path)
    importer.add_argument(
        "--create-missing", action="store_true", help="create unknown categories and workshops"
    )
    importer.add_argument(
        "--dry-run", action="store_true", help="say what would change, change nothing"
    )
    exporter = catalog_sub.add_parser("export", help="write the catalog as XLSX or CSV")
    exporter.add_argument("file", type=Path)

    report = sub.add_parser("report", help="reports")
    report_sub = report.add_subparsers(dest="report_command", metavar="KIND", required=True)
    day = report_sub.add_parser("day", help="sales of one day")
    day.add_argument("--date", type=_parse_date, help="YYYY-MM-DD (default: today at the stand)")
    day.add_argument("--json", action="store_true")

    from pos.commands import printing

    printing.add_parsers(sub)

    export = sub.add_parser("export", help="export a day to a folder (the USB stick)")
    export.add_argument("--to", type=Path, required=True, metavar="DIR")
    export.add_argument("--date", type=_parse_date, help="YYYY-MM-DD (default: today)")
    verify = sub.add_parser("verify-export", help="check an export folder against its manifest")
    verify.add_argument("folder", type=Path, metavar="DIR")
    backup = sub.add_parser("backup", help="write a consistent copy of the database")
    backup.add_argument("--to", type=Path, required=True, metavar="FILE")
    restore = sub.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("file", type=Path, metavar="FILE")

    lbl = sub.add_parser("labels", help="barcode labels as PDF")
    lbl.add_argument("--list", action="store_true", help="list the label templates and stop")
    lbl.add_argument("--template", default="tnj-103", help="label template (see --list)")
    lbl.add_argument(
        "--sku",
        action="append",
        default=[],
        metavar="SKU[:COPIES]",
        help="a product and how many labels (repeat for more products)",
    )
    lbl.add_argument("skus", nargs="*", metavar="SKU[:COPIES]", help="more products")
    lbl.add_argument(
        "--receipt",
        type=int,
        metavar="DOC_ID",
        help="one label per unit received on this stock receipt",
    )
    lbl.add_argument("--start", type=int, default=1, help="first free label (1 = top left)")
    lbl.add_argument("--offset-x", type=float, metavar="MM", help="move right (mm)")
    lbl.add_argument("--offset-y", type=float, metavar="MM", help="move down (mm)")
    lbl.add_argument(
        "--production-date",
        type=_parse_date,
        metavar="YYYY-MM-DD",
        help="for food (default: today, or the receipt's day)",
    )
    lbl.add_argument("--maker-line", help="default: the label.maker_line setting")
    lbl.add_argument("--outline", action="store_true", help="draw label edges (test print)")
    lbl.add_argument("--out", type=Path, metavar="FILE.pdf")

    config = sub.add_parser("config", help="read or change settings")
    config_sub = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    config_sub.add_parser("list", help="all settings and their values")
    setter = config_sub.add_parser("set", help="change a setting")
    setter.add_argument("key")
    setter.add_argument("value")
    return parser


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from e


def main(argv: list[str] | None = None) -> int:
    # Start-up imports create ~400k objects; collecting garbage among them cost ~100 ms of
    # the time to ready-to-scan. The app turns collection back on (after gc.freeze()) once
    # its window is shown; commands turn it on before they work.
    gc.disable()
    tokens = sys.argv[1:] if argv is None else argv
    needs_commands = any(t in SUBCOMMANDS or t in ("-h", "--help") for t in tokens)
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


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None:
        from pos.app import run_app

        return run_app(args)
    gc.enable()
    if args.command == "verify-export":
        return _cmd_verify_export(args)
    if args.command == "restore":
        return _cmd_restore(args)
    return _run_command(args)


def _unexpected(args: argparse.Namespace, error: Exception) -> str:
    """Log an unforeseen error with its traceback; the one line to show instead."""
    import logging
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from pos.db.session import explain_write_error

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
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
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
        handler = {
            "init": _cmd_init,
            "catalog": _cmd_catalog,
            "report": _cmd_report,
            "receipt": _cmd_printing,
            "print-test": _cmd_printing,
            "config": _cmd_config,
            "export": _cmd_export,
            "labels": _cmd_labels,
            "backup": _cmd_backup,
            "user": _cmd_user,
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


def _cmd_catalog(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.core.money import format_rupiah
    from pos.services import catalog, catalog_io
    from pos.services.auth import system_actor

    if args.catalog_command == "import":
        if args.file.is_dir():
            raise PosError(_("{path} is a folder, not a file.").format(path=args.file))
        result = catalog_io.import_catalog(
            db, system_actor(db), args.file, args.create_missing, dry_run=args.dry_run
        )
        for change in result.changes:
            print(catalog_io.describe(change))
        summary = (
            _("Dry run, nothing changed: {added} to add, {updated} to update, {unchanged} kept.")
            if result.dry_run
            else _("Imported: {added} added, {updated} updated, {unchanged} unchanged.")
        )
        print(
            summary.format(added=result.added, updated=result.updated, unchanged=result.unchanged)
        )
        return 0
    if args.catalog_command == "export":
        count = catalog_io.export_catalog(db, args.file)
        print(_("{n} products written to {path}").format(n=count, path=args.file))
        return 0
    products = catalog.list_products(db)
    if args.json:
        rows = [
            {
                "sku": p.sku,
                "barcode": p.barcode,
                "name": p.name,
                "price": p.price,
                "stock": p.stock,
                "unit": p.unit,
                "category": p.category,
                "workshop": p.workshop,
            }
            for p in products
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for p in products:
        print(
            f"{p.sku:<12} {p.barcode or '-':<14} {format_rupiah(p.price):>13} {p.stock:>6} {p.name}"
        )
    return 0


def _cmd_report(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.core.money import format_rupiah
    from pos.services import reports, settings

    if args.date is None:
        with db.Session() as session:
            args.date = settings.local_now(session).date()
    report = reports.day_report(db, args.date)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
        return 0
    print(_("Sales of {date}").format(date=report.date.isoformat()))
    print(
        _("Receipts: {n}   Total: {total}").format(
            n=report.sales_count, total=format_rupiah(report.total)
        )
    )
    for line in report.lines:
        print(f"  {line.qty:>6} x {line.name:<40} {format_rupiah(line.total):>14}")
    return 0


def _cmd_printing(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.commands import printing

    return printing.run(db, args)


def _cmd_config(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.services import settings

    if args.config_command == "set":
        settings.set_from_text(db, args.key, args.value)
    for var in settings.ALL_SETTINGS:
        value = settings.get(db, var)
        print(f"{var.key} = {value!r}")
    return 0


def _cmd_export(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.core.money import format_rupiah
    from pos.services import export, settings
    from pos.services.auth import system_actor

    if args.date is None:
        with db.Session() as session:
            args.date = settings.local_now(session).date()
    result = export.export_day(db, system_actor(db), args.date, args.to)
    print(
        _("Exported and verified: {folder} ({n} sales, {total}). The stick can be removed.").format(
            folder=result.folder, n=result.sales_count, total=format_rupiah(result.total)
        )
    )
    if result.replaced_name:
        print(_("An earlier export of this day is kept beside it."))
    return 0


def _cmd_verify_export(args: argparse.Namespace) -> int:
    from pos.services.export_verify import verify_export

    problems = verify_export(args.folder)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(_("Every file matches the manifest: {folder}").format(folder=args.folder))
    return 0


def _cmd_backup(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.services.backup import backup_to

    print(_("Backup written to {path}").format(path=backup_to(db, args.to)))
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from datetime import datetime

    from pos.paths import default_db_path
    from pos.services.backup import restore

    db_path = Path(args.db or default_db_path()).expanduser().resolve()
    safety = restore(db_path, args.file, datetime.now())
    print(
        _("Restored from {file}. The previous database is kept as {safety}.").format(
            file=args.file, safety=safety
        )
    )
    return 0


def _cmd_labels(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pos.printing.labels import list_templates
    from pos.services import labels

    if args.list:
        for t in list_templates():
            print(f"{t.name:<14} {t.title}")
        return 0
    if args.out is None:
        raise PosError(_("Give the PDF file to write with --out."))
    sku_args = [*args.sku, *args.skus]
    if bool(sku_args) == (args.receipt is not None):
        raise PosError(_("Give either --sku or --receipt."))
    saved_x, saved_y = labels.saved_offsets(db, args.template)
    options = {
        "start": args.start,
        "offset_x": saved_x if args.offset_x is None else args.offset_x,
        "offset_y": saved_y if args.offset_y is None else args.offset_y,
        "production_date": args.production_date,
        "maker_line": args.maker_line,
        "outline": args.outline,
    }
    if args.receipt is not None:
        pdf = labels.render_receipt(db, args.template, args.receipt, **options)
    else:
        pairs = [labels.parse_sku_copies(text) for text in sku_args]
        pdf = labels.render(db, args.template, pairs, **options)
    path = labels.write_pdf(pdf, args.out)
    print(_("Labels written to {path}").format(path=path))
    return 0
