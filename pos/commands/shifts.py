"""`pos shift open|status|close|z`: the counter's shift from the command line, through the same
service and permissions as the cashier app (the command line acts as the stand's admin)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pos.core.money import format_rupiah, parse_rupiah
from pos.i18n import _
from pos.printing.shift_data import ShiftSummary

if TYPE_CHECKING:  # building the parser of every command must not import SQLAlchemy
    from pos.db.session import Database

WIDTH = 48  # characters of a line of the text report (an 80 mm roll's)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    shift = sub.add_parser("shift", help=_("open, look at and close the counter's shift"))
    shift_sub = shift.add_subparsers(dest="shift_command", metavar="ACTION", required=True)
    opener = shift_sub.add_parser("open", help=_("open a shift with the cash float"))
    opener.add_argument(
        "--float",
        required=True,
        dest="opening_float",
        metavar="N",
        help=_("the cash in the drawer now, whole rupiah (e.g. 200000 or 200.000)"),
    )
    status = shift_sub.add_parser("status", help=_("the open shift's X report"))
    status.add_argument("--json", action="store_true")
    closer = shift_sub.add_parser("close", help=_("close the shift with the cash counted"))
    closer.add_argument(
        "--counted",
        required=True,
        metavar="N",
        help=_("the cash counted in the drawer, whole rupiah"),
    )
    closer.add_argument("--json", action="store_true")
    again = shift_sub.add_parser("z", help=_("a Z report again, by its number"))
    again.add_argument("z_number", type=int, metavar="NUMBER")
    again.add_argument("--json", action="store_true")
    again.add_argument("--out", type=Path, metavar="FILE.pdf", help=_("also write it as PDF"))


def run(db: Database, args: argparse.Namespace) -> int:
    from pos.services import reports, shifts
    from pos.services.auth import system_actor

    actor = system_actor(db)
    command = args.shift_command
    if command == "open":
        amount = parse_rupiah(args.opening_float)
        shift_id = shifts.open_shift(db, actor, amount)
        print(
            _("Shift {no} opened with a float of {amount}.").format(
                no=shift_id, amount=format_rupiah(amount)
            )
        )
        return 0
    if command == "status":
        current = shifts.current_shift(db)
        if current is None:
            last = shifts.last_closed(db)
            if args.json:
                _print_json({"open": False, "last_z": None if last is None else last.z_number})
            else:
                print(_("No shift is open."))
            return 0
        _show(db, current, args.json)
        return 0
    if command == "close":
        summary = shifts.close_shift(db, actor, total=parse_rupiah(args.counted))
        path = reports.keep_z_report(db, summary, _reports_dir(db))
        _show(db, summary, args.json)
        print(_("Z report kept as {path}").format(path=path), file=sys.stderr)
        return 0
    summary = shifts.summary(db, shifts.shift_of_z(db, args.z_number))
    if args.out is not None:
        report = reports.shift_report(db, summary)
        reports.save_shift_report(report, args.out)
    _show(db, summary, args.json)
    return 0


def _reports_dir(db: Database) -> Path:
    from pos.paths import reports_dir

    return reports_dir(db.path)


def _show(db: Database, summary: ShiftSummary, as_json: bool) -> None:
    from pos.services import settings

    if as_json:
        _print_json(_summary_json(summary))
        return
    from pos.printing.shift_report import report_rows

    printed = settings.stand_now(db)
    for row in report_rows(summary, settings.get(db, settings.STAND_NAME), printed):
        print(_text_line(row.kind, row.left, row.right, row.indent))


def _text_line(kind: str, left: str, right: str, indent: int) -> str:
    pad = "  " * indent
    if kind == "rule":
        return "-" * WIDTH
    if kind == "gap":
        return ""
    if kind == "pair":
        room = max(WIDTH - len(pad) - len(right) - 1, 1)
        return f"{pad}{left:<{room}} {right}"
    return f"{pad}{left}"


def _summary_json(summary: ShiftSummary) -> dict[str, object]:
    data = dataclasses.asdict(summary)
    data["parked_count"] = len(summary.parked)
    data["parked_total"] = sum(p.total for p in summary.parked)
    data["difference"] = summary.difference
    return data


def _print_json(data: dict[str, object]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_plain))


def _plain(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)
