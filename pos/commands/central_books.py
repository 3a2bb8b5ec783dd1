"""`pos report sales`, `pos split set|list` and `pos recap new|list|show` with `--central URL`:
the books over the regional office's central database (no stand database)."""

from __future__ import annotations

import argparse
import getpass
import json
from datetime import datetime
from pathlib import Path
from typing import Any

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


def _recap(central: Any, args: argparse.Namespace) -> int:
    from pos.commands.books import print_recap_list
    from pos.services import central_books
    from pos.services.central_stands import stand_codes
    from pos.services.recaps import RecapDoc

    if args.recap_command == "list":
        return print_recap_list(central_books.central_recaps(central), args)
    if args.recap_command == "show" and args.recap_no is not None:
        if args.start or args.end or args.stand or args.regency:
            raise PosError(_("Show a recap by its number, or by --from and --to, not both."))
        return _print_recap(central_books.find_central_recap(central, args.recap_no), args)
    if args.start is None or args.end is None:
        raise PosError(
            _("Which recap? Give its number, or --from D --to D [--stand CODE | --regency NAME].")
        )
    stands = stand_codes(central, args.stand, args.regency)
    scope = (
        f"stand:{args.stand}" if args.stand else f"regency:{args.regency}" if args.regency else ""
    )
    if args.recap_command == "new":
        who = args.made_by or getpass.getuser()
        doc = central_books.create_central_recap(central, who, args.start, args.end, stands, scope)
        print(doc.recap_no)
        if doc.corrects:
            print(_("Corrects recap {no}.").format(no=doc.corrects))
        if doc.data["empty"]:
            print(_("No sales in this period: the recap is empty."))
        return 0
    data = central_books.central_recap(central, args.start, args.end, stands)
    name = args.stand or args.regency or _("all stands")
    return _print_recap(RecapDoc(name, datetime.now(), "", None, data), args)


def _scope_text(data: dict[str, Any]) -> str:
    kind, _sep, name = str(data.get("scope", "")).partition(":")
    if not kind:
        return _("all stands")
    return _("stand {code}").format(code=name) if kind == "stand" else name


def _print_recap(doc: Any, args: argparse.Namespace) -> int:
    from pos.core.money import format_rupiah
    from pos.services import books

    if args.out:
        if not doc.made_by:
            raise PosError(
                _("Only a numbered recap is written as a PDF: make it with pos recap new "
                  "--central URL, then show it by its number with --out.")
            )  # fmt: skip
        head = _("Recap across stands: {scope}").format(scope=_scope_text(doc.data))
        path = books.save_recap_pdf(head, doc, Path(args.out))
        print(_("Written to {path}").format(path=path))
        return 0
    if args.json:
        print(json.dumps(doc.to_json() if doc.made_by else doc.data, ensure_ascii=False, indent=1))
        return 0
    print(books.recap_text(doc))
    for stand in doc.data["stands"]:
        print(f"{stand['code']:<12} {format_rupiah(stand['base_total']):>18}")
    if doc.data.get("unknown_cost_net"):
        print(
            _(
                "{net} of net sales came from older exports without line costs: the profit "
                "counts no cost for it, nor does a split of profit (the real profit is lower)."
            ).format(net=format_rupiah(doc.data["unknown_cost_net"]))
        )
    return 0
