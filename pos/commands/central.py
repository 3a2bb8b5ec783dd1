"""`pos consolidate` and `pos central`: the regional office's commands (no stand database)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos.i18n import N_, _

if TYPE_CHECKING:
    from pos.services.consolidate import Outcome

ENV_URL = "LAPAK_CENTRAL"
CHUNK_MIN = 40  # fewer exports than this: starting processes costs more than it saves


def _central_option(parser: argparse.ArgumentParser, flag: str = "--central") -> None:
    default = os.environ.get(ENV_URL)
    parser.add_argument(
        flag,
        dest="central",
        metavar="URL",
        default=default,
        required=default is None,
        help=_(
            "central database: an SQLite file or postgresql://... (default: ${variable})"
        ).format(variable=ENV_URL),
    )


def add_parsers(sub: Any, parse_date: Callable[[str], date]) -> None:
    cons = sub.add_parser(
        "consolidate", help=_("import stands' day exports into a central database")
    )
    _central_option(cons, "--into")
    cons.add_argument(
        "folders", nargs="+", type=Path, metavar="DIR",
        help=_("export folders, or folders holding them (a folder of sticks)"),
    )  # fmt: skip
    cons.add_argument("--quiet", action="store_true", help=_("no line per export"))
    cons.add_argument(
        "--jobs", type=int, default=1, choices=range(1, 17), metavar="N",
        help=_("PostgreSQL: import with N processes at once (e.g. the number of cores)"),
    )  # fmt: skip
    central = sub.add_parser("central", help=_("the regional office's central database"))
    central_sub = central.add_subparsers(dest="central_command", metavar="ACTION", required=True)
    stands = central_sub.add_parser("stands", help=_("the stands, with the last day imported"))
    _central_option(stands)
    stands.add_argument("--regency", metavar="NAME")
    stands.add_argument("--json", action="store_true")
    stand = central_sub.add_parser("stand", help=_("describe a stand (name, prison, place)"))
    _central_option(stand)
    stand.add_argument("code")
    for field in ("name", "prison", "regency", "province"):
        stand.add_argument(f"--{field}")
    report = central_sub.add_parser(
        "report", help=_("the same as pos report sales --central (kept for old scripts)")
    )
    _central_option(report)
    report.add_argument("--from", dest="start", type=parse_date, required=True, metavar="DATE")
    report.add_argument("--to", dest="end", type=parse_date, required=True, metavar="DATE")
    report.add_argument("--stand", metavar="CODE")
    report.add_argument("--regency", metavar="NAME")
    from pos.core.report_keys import KEYS

    keys = (*KEYS, "regency", "method")  # method: the old name of payment
    report.add_argument("--by", default="stand", choices=keys, metavar="KEY", help=", ".join(keys))
    report.add_argument("--json", action="store_true")


def add_central_filters(parser: argparse.ArgumentParser) -> None:
    """`--central URL`, `--stand CODE`, `--regency NAME` of `pos report sales`."""
    parser.add_argument(
        "--central",
        metavar="URL",
        help=_("the regional office's central database, not the stand's"),
    )
    parser.add_argument("--stand", metavar="CODE", help=_("with --central: one stand"))
    parser.add_argument("--regency", metavar="NAME", help=_("with --central: a regency's stands"))


def run_report_sales(args: argparse.Namespace) -> int:
    """`pos report sales --central URL`: the books' sales report across stands."""
    from pos.commands.books import print_sales_report
    from pos.services.books import SalesReport, check_period
    from pos.services.central_costs import unknown_costs
    from pos.services.central_db import open_central
    from pos.services.central_sales import central_sales_report
    from pos.services.central_stands import stand_codes

    check_period(args.start, args.end)
    central = open_central(args.central)
    try:
        stands = stand_codes(central, args.stand, args.regency)
        with central.reading() as conn:
            rows = central_sales_report(conn, args.start, args.end, args.by, stands)
            unknown = unknown_costs(conn, args.start, args.end, args.by, stands)
    finally:
        central.close()
    return print_sales_report(SalesReport(args.start, args.end, args.by, rows), args, unknown)


def run(args: argparse.Namespace) -> int:
    from pos.services.central_db import open_central

    if args.command == "central" and args.central_command == "report":
        print(_("pos central report is pos report sales --central now: the same report."),
              file=sys.stderr)  # fmt: skip
        args.by = "payment" if args.by == "method" else args.by
        return run_report_sales(args)
    central = open_central(args.central)
    try:
        if args.command == "consolidate":
            return _consolidate(central, args)
        handler = {"stands": _stands, "stand": _stand}[args.central_command]
        return handler(central, args)
    finally:
        central.close()


STATUS = {
    "imported": N_("imported"),
    "replaced": N_("replaced (corrected re-export)"),
    "unchanged": N_("already imported, unchanged"),
    "superseded": N_("older than the export that replaced it; not imported"),
    "refused": N_("REFUSED"),
}


def _line(outcome: Outcome) -> str:
    what = f"{outcome.stand} {outcome.day}" if outcome.stand else str(outcome.folder)
    text = f"{what}: {_(STATUS[outcome.status])}"
    if outcome.status in ("imported", "replaced"):
        text += " " + _("({n} sales)").format(n=outcome.sales)
        text += "".join(f"; {note}" for note in outcome.notes)
        text += "".join(f"; {warning}" for warning in outcome.warnings)
    if outcome.status == "refused":
        where = f" {outcome.folder}:" if outcome.stand else ""
        text += f"{where} " + "; ".join(outcome.problems[:5])
    return text


def _consolidate(central: Any, args: argparse.Namespace) -> int:
    from pos.services.consolidate import consolidate, consolidate_in_parallel, find_exports

    folders, refused = find_exports(args.folders)
    started = time.monotonic()

    def progress(n: int, total: int, outcome: Outcome) -> None:
        if not args.quiet or outcome.status == "refused" or outcome.warnings:
            print(f"[{n}/{total}] {_line(outcome)}", file=sys.stderr, flush=True)

    if args.jobs > 1 and central.is_server and len(folders) > CHUNK_MIN:
        outcomes = refused + consolidate_in_parallel(args.central, folders, args.jobs, progress)
    else:
        outcomes = refused + consolidate(central, folders, progress)
    for outcome in refused:
        print(_line(outcome), file=sys.stderr)
    counts = {s: sum(o.status == s for o in outcomes) for s in STATUS}
    print(
        _(
            "{imported} imported, {replaced} replaced, {unchanged} unchanged, "
            "{superseded} older ones skipped, {refused} refused, into {url} in {s:.1f} s."
        ).format(**counts, url=central.shown, s=time.monotonic() - started)
    )
    return 1 if counts["refused"] else 0


def _stands(central: Any, args: argparse.Namespace) -> int:
    from pos.core.money import format_rupiah
    from pos.services.central_stands import list_stands

    rows = list_stands(central, args.regency)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        last = r.last_day.isoformat() if r.last_day else "-"
        print(
            f"{r.code:<12} {(r.name or '-')[:30]:<30} {(r.regency or '-')[:20]:<20} "
            f"{r.days:>5} {last:>10} {format_rupiah(r.total):>18}"
        )
    if not rows:
        print(_("No stands yet: import their exports with pos consolidate."))
    return 0


def _stand(central: Any, args: argparse.Namespace) -> int:
    from pos.services.central_stands import describe_stand

    fields = {f: getattr(args, f) for f in ("name", "prison", "regency", "province")}
    describe_stand(central, args.code, **fields)
    print(_("Stand {code} saved.").format(code=args.code))
    return 0
