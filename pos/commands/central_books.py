"""`pos report sales`, `pos split set|list` and `pos recap show` with `--central URL`: the
books over the regional office's central database (no stand database)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from pos.core.errors import PosError
from pos.i18n import _


def run(args: argparse.Namespace) -> int:
    """Run a books command against the central database of `args.central`."""
    from pos.commands.central import run_report_sales
    from pos.services.central_db import open_central

    if args.command == "report":
        return run_report_sales(args)
    central = open_central(args.central)
    try:
        return _split(central, args) if args.command == "split" else _recap(central, args)
    finally:
        central.close()


def _split(central: object, args: argparse.Namespace) -> int:
    from pos.commands.books import print_split_set, print_splits
    from pos.core.revenue_split import parse_share
    from pos.services import central_books

    if args.split_command == "set":
        shares = [parse_share(text) for text in args.shares]
        split = central_books.set_central_split(
            central,  # type: ignore[arg-type]
            args.start,
            args.base,
            shares,
            args.remainder,
        )
        return print_split_set(split)
    return print_splits(central_books.central_splits(central), args)  # type: ignore[arg-type]


def _recap(central: object, args: argparse.Namespace) -> int:
    from pos.core.money import format_rupiah
    from pos.services import books, central_books
    from pos.services.central_stands import stand_codes
    from pos.services.recaps import RecapDoc

    if args.recap_command != "show" or args.start is None or args.end is None:
        raise PosError(
            _("Across stands a recap is shown, not numbered: pos recap show --central URL "
              "--from D --to D [--stand CODE | --regency NAME].")
        )  # fmt: skip
    stands = stand_codes(central, args.stand, args.regency)  # type: ignore[arg-type]
    data = central_books.central_recap(central, args.start, args.end, stands)  # type: ignore[arg-type]
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    scope = args.stand or args.regency or _("all stands")
    print(books.recap_text(RecapDoc(scope, datetime.now(), "", None, data)))
    for stand in data["stands"]:
        print(f"{stand['code']:<12} {format_rupiah(stand['base_total']):>18}")
    return 0
