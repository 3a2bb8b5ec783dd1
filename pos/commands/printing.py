"""The printing subcommands: `pos receipt NO [--out FILE.pdf] [--print]` and
`pos print-test receipt|label`."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pos.core.errors import PosError
from pos.i18n import _

if TYPE_CHECKING:  # building the parser of every command must not import SQLAlchemy
    from pos.db.session import Database

COMMANDS = frozenset({"receipt", "print-test"})


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    receipt = sub.add_parser("receipt", help=_("write a receipt as PDF again, or print it"))
    receipt.add_argument("receipt_no", metavar="NO")
    receipt.add_argument("--out", type=Path, metavar="FILE.pdf", help=_("write it as PDF"))
    receipt.add_argument(
        "--print",
        action="store_true",
        dest="print_it",
        help=_("print it on the receipt printer (marked COPY when it printed before)"),
    )
    receipt.add_argument("--width", type=int, choices=(58, 80), help=_("roll width in mm"))
    test = sub.add_parser("print-test", help=_("a test print on the receipt or the label printer"))
    test.add_argument("which", choices=("receipt", "label"))
    test.add_argument("--template", default="tnj-103", help=_("label sheet for the label test"))


def run(db: Database, args: argparse.Namespace) -> int:
    if args.command == "print-test":
        from pos.services import printers

        print(printers.print_test(db, args.which, args.template))
        return 0
    return _receipt(db, args)


def _receipt(db: Database, args: argparse.Namespace) -> int:
    if args.out is None and not args.print_it:
        raise PosError(_("Give --out FILE.pdf, --print, or both."))
    if args.out is not None:
        from pos.services import receipts

        path = receipts.write_pdf(db, args.receipt_no, args.out, args.width)
        print(_("Receipt written to {path}").format(path=path))
    if args.print_it:
        from pos.services import printers
        from pos.services.auth import default_actor

        printer = printers.receipt_printer(db)
        if args.width is not None:
            printer = replace(printer, width_mm=args.width)
        outcome = printers.print_receipt(db, default_actor(db), args.receipt_no, printer=printer)
        if not outcome.ok:
            raise PosError(outcome.message)
        print(outcome.message)
    return 0
