"""`pos report`, `export`, `verify-export`, `backup`, `restore` and `config`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pos.i18n import _

if TYPE_CHECKING:
    from pos.db.session import Database


def run_report(db: Database, args: argparse.Namespace) -> int:
    """`pos report day`: the day's sales, as text or JSON; `pos report sales`: a period."""
    if args.report_command == "sales":
        from pos.commands.books import run_sales_report

        return run_sales_report(db, args)
    from pos.core.money import format_rupiah
    from pos.services import reports, settings

    if args.date is None:
        args.date = settings.stand_now(db).date()
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
    print(
        _("Discounts: {discount}   Voided: {voided}   Refunds: {refunds}   Net: {net}").format(
            discount=format_rupiah(report.discount_total),
            voided=len(report.voided),
            refunds=format_rupiah(sum(r.total for r in report.refunds)),
            net=format_rupiah(report.net_total),
        )
    )
    for c in report.cashiers:
        print(
            f"  {c.name:<24} {c.sales_count:>5} {format_rupiah(c.total):>14} "
            f"{format_rupiah(c.discount_total):>12} {c.voids:>3} "
            f"{format_rupiah(c.refund_total):>12}"
        )
    if report.orders is not None and (
        report.orders.received or report.orders.refunded or report.orders.forfeited
    ):
        print(
            _("Order payments: {received}   DP paid back: {refunded}   DP kept: {kept}").format(
                received=format_rupiah(report.orders.received_total),
                refunded=format_rupiah(report.orders.refunded_total),
                kept=format_rupiah(report.orders.forfeited),
            )
        )
    return 0


def run_export(db: Database, args: argparse.Namespace) -> int:
    """`pos export --to DIR`: the end-of-day folder, verified."""
    from pos.core.money import format_rupiah
    from pos.services import export, settings
    from pos.services.auth import system_actor

    if args.date is None:
        args.date = settings.stand_now(db).date()
    result = export.export_day(db, system_actor(db), args.date, args.to)
    print(
        _("Exported and verified: {folder} ({n} sales, {total}). The stick can be removed.").format(
            folder=result.folder, n=result.sales_count, total=format_rupiah(result.total)
        )
    )
    if result.audit_head is not None:
        print(
            _("Audit head: {head} (write it in the office's book).").format(head=result.audit_head)
        )
    if result.replaced_name:
        print(_("An earlier export of this day is kept beside it."))
    return 0


def run_verify_export(args: argparse.Namespace) -> int:
    """`pos verify-export DIR`: 0 when every file matches the manifest."""
    from pos.services.export_verify import verify_export

    problems = verify_export(args.folder)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(_("Every file matches the manifest: {folder}").format(folder=args.folder))
    return 0


def run_backup(db: Database, args: argparse.Namespace) -> int:
    """`pos backup --to FILE`: a consistent copy of the database."""
    from pos.services.auth import system_actor
    from pos.services.backup import backup_to

    path = backup_to(db, args.to, actor_id=system_actor(db).id)
    print(_("Backup written to {path}").format(path=path))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """`pos restore FILE`: restore, keeping a safety copy of the current database."""
    from pos.paths import default_db_path
    from pos.services.restoring import restore_report

    db_path = Path(args.db or default_db_path()).expanduser().resolve()
    done = restore_report(db_path, args.file)  # named by the stand's time
    print(done.message(args.file, db_path))
    return 0


def run_config(db: Database, args: argparse.Namespace) -> int:
    """`pos config list|set KEY VALUE`."""
    from pos.services import settings

    if args.config_command == "set":
        from pos.services.auth import system_actor

        settings.change(db, system_actor(db), [(settings.by_key(args.key), args.value)])
    for var in settings.ALL_SETTINGS:
        value = settings.get(db, var)
        print(f"{var.key} = {value!r}")
    return 0
