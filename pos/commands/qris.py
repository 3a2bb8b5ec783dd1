"""`pos qris --amount N [--png FILE]`: the dynamic QRIS payload for an amount, and its QR code."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pos.core.money import parse_rupiah
from pos.i18n import _

if TYPE_CHECKING:  # building the parser of every command must not import SQLAlchemy
    from pos.db.session import Database


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    qris = sub.add_parser("qris", help=_("the QRIS payload carrying an amount (and its QR code)"))
    qris.add_argument("--amount", required=True, help=_("whole rupiah, e.g. 570000 or 570.000"))
    qris.add_argument("--png", type=Path, metavar="FILE", help=_("also write the QR code as PNG"))


def run(db: Database, args: argparse.Namespace) -> int:
    from pos.services import qris

    payload = qris.dynamic_payload(db, parse_rupiah(args.amount))
    if args.png is not None:
        path = qris.write_png(payload, args.png)
        print(payload)
        print(_("QR code written to {path}").format(path=path), flush=True)
        return 0
    print(payload)
    return 0
