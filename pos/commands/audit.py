"""`pos audit verify` and `pos audit list`: the hash-chained log and the books it covers."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TYPE_CHECKING, Any

from pos.i18n import _

if TYPE_CHECKING:
    from pos.db.session import Database


def add_parser(sub: Any, parse_date: Any) -> None:
    audit = sub.add_parser("audit", help=_("the audit log and its check"))
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    actions.add_parser(
        "verify", help=_("check the chain and every sale it covers; exit 1 naming what differs")
    )
    listing = actions.add_parser("list", help=_("the entries of the log, oldest first"))
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--date", type=parse_date, help=_("YYYY-MM-DD: only that day's entries"))
    listing.add_argument(
        "--blocks",
        action="store_true",
        help=_("also the system's block entries (a digest every thousand entries, for verify)"),
    )


def run(db: Database, args: argparse.Namespace) -> int:
    from pos.services import audit_verify
    from pos.services.audit_blocks import BLOCK_ACTION
    from pos.services.auth import system_actor

    system_actor(db).require("view_audit")
    if args.audit_command == "verify":
        check = audit_verify.verify_chain(db)
        if not check.ok:
            print(_("Audit check failed: {problem}").format(problem=check.problem))
            return 1
        print(_("Audit log intact: {n} entries, and the sales they cover.").format(n=check.entries))
        return _verify_stock(db)
    day: date | None = args.date
    rows = audit_verify.list_entries(db, day)
    if not args.blocks:
        rows = [r for r in rows if r.action != BLOCK_ACTION]
    if args.json:
        out = [
            {"id": r.id, "at": r.at, "user": r.user, "action": r.action, "detail": r.detail}
            for r in rows
        ]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        detail = json.dumps(r.detail, ensure_ascii=True, sort_keys=True)
        user = r.user or (_("system") if r.action == BLOCK_ACTION else "-")
        print(f"{r.id:>7} {r.at} {user:<16} {r.action:<18} {detail}")
    return 0


def _verify_stock(db: Database) -> int:
    """Each product's stock on hand kept beside it against the sum of its ledger."""
    from pos.services import stock

    differ = stock.check_on_hand(db)
    if differ:
        first = differ[0]
        print(
            _(
                "Stock check failed: {n} products' stock on hand differs from their ledger "
                "(product {id}: {kept}, the ledger says {ledger})."
            ).format(n=len(differ), id=first.product_id, kept=first.kept, ledger=first.ledger)
        )
        return 1
    print(_("Stock on hand equals the stock ledger for every product."))
    return 0
