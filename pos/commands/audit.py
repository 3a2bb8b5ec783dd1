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
    verify = actions.add_parser(
        "verify", help=_("check the chain and every sale it covers; exit 1 naming what differs")
    )
    _add_anchor_options(verify)
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
        from pos.services import audit_fast

        # The quick pass already found something (verify_file): the walk names it.
        count = None if getattr(args, "walk", False) else audit_fast.quick_check(db.path)
        if count is None:
            check = audit_verify.walk_chain(db)
            problem = check.problem if not check.ok else _moved_rows(db)
            if problem is not None:
                print(_("Audit check failed: {problem}").format(problem=problem))
                return 1
            count = check.entries
        if _anchors_differ(db.path, args):
            return 1
        return _intact(count, _stock_differences(db))
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


def verify_file(args: argparse.Namespace) -> int | None:
    """`pos audit verify` on an SQLite file as it is, without opening it through the ORM (half a
    second of start-up); None when the file needs the usual opening, or the quick pass found
    something (args.walk is then set: the usual path names it without a second quick pass)."""
    from pos.core.permissions import may
    from pos.i18n import set_language
    from pos.paths import default_db_path
    from pos.services import audit_fast, audit_file

    found = audit_file.open_file(args.db or default_db_path())
    if found is None or args.demo or not may(found.admin_role, "view_audit"):
        return None  # the usual path creates, upgrades, loads or refuses with its message
    if not args.lang:
        set_language(found.language)
    count = audit_fast.quick_check(found.path)
    if count is None:
        args.walk = True
        return None
    if _anchors_differ(found.path, args):
        return 1
    return _intact(count, audit_file.stock_differences(found.path))


def _add_anchor_options(verify: Any) -> None:
    for option, metavar, reader, text in (
        (
            "--anchor",
            "ID:HASH",
            "parse_anchor",
            _("an entry's hash as a Z report printed it: the entry must still have it"),
        ),
        (
            "--anchor-file",
            "MANIFEST",
            "read_anchor_file",
            _("an export's manifest.json (or its folder): the head it carries must still match"),
        ),
    ):
        verify.add_argument(
            option, action="append", default=[], type=_reader(reader), metavar=metavar, help=text
        )


def _reader(name: str) -> Any:
    """An argparse type reading anchors with audit_anchor's `name` (imported when used)."""

    def read(text: str) -> list[Any]:
        from pos.services import audit_anchor

        try:
            found = getattr(audit_anchor, name)(text)
        except audit_anchor.BadAnchor as e:
            raise argparse.ArgumentTypeError(e.message) from e
        return found if isinstance(found, list) else [found]

    return read


def _anchors_differ(path: Any, args: argparse.Namespace) -> bool:
    """Check the anchors given (audit_anchor) once the chain itself is intact; say the first
    one it no longer matches."""
    from pos.services import audit_anchor

    anchors = []
    for found in [*getattr(args, "anchor", []), *getattr(args, "anchor_file", [])]:
        anchors += found
    if not anchors:
        return False
    problem = audit_anchor.check_file(path, anchors)
    if problem is not None:
        print(_("Audit check failed: {problem}").format(problem=problem))
        return True
    print(_("Every anchor matches the chain ({n} checked).").format(n=len(anchors)))
    return False


def _moved_rows(db: Database) -> str | None:
    """What the walk cannot see (it reads a document's rows without their ids): a row given
    another id inside a block, named by the block entry that vouched for it."""
    from pos.services import audit_blocks, audit_fast

    conn = audit_fast.connect(db.path)
    try:
        entry_id = audit_blocks.first_changed_block(conn)
    finally:
        conn.close()
    if entry_id is None:
        return None
    return _(
        "The rows that audit entry {id} (a block) vouches for were changed: a row was given "
        "another id, or moved out of the block."
    ).format(id=entry_id)


def _stock_differences(db: Database) -> list[tuple[int, int, int]]:
    from pos.services import stock

    return [(d.product_id, d.kept, d.ledger) for d in stock.check_on_hand(db)]


def _intact(entries: int, differ: list[tuple[int, int, int]]) -> int:
    """Say the chain is intact; then each product's stock on hand kept beside it against the
    sum of its ledger."""
    print(_("Audit log intact: {n} entries, and the sales they cover.").format(n=entries))
    if differ:
        product_id, kept, ledger = differ[0]
        print(
            _(
                "Stock check failed: {n} products' stock on hand differs from their ledger "
                "(product {id}: {kept}, the ledger says {ledger})."
            ).format(n=len(differ), id=product_id, kept=kept, ledger=ledger)
        )
        return 1
    print(_("Stock on hand equals the stock ledger for every product."))
    return 0
