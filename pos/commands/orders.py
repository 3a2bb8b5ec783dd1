"""`pos order new|pay|status|pickup|cancel|list|show` and `pos kuitansi`: orders taken at a desk
(from WhatsApp, Instagram...) over the same services as the screens."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos.i18n import _

if TYPE_CHECKING:
    from pos.db.session import Database


def add_parsers(sub: Any) -> None:
    order = sub.add_parser("order", help=_("orders (pesanan) with down payments"))
    actions = order.add_subparsers(dest="order_command", metavar="ACTION", required=True)
    new = actions.add_parser("new", help=_("take an order; prints its number"))
    new.add_argument("--customer", required=True)
    new.add_argument("--phone")
    new.add_argument(
        "--channel", default="stand", help=_("stand, whatsapp, instagram, ecommerce, lainnya")
    )
    new.add_argument("--due", required=True, metavar="YYYY-MM-DD")
    new.add_argument("--note")
    new.add_argument("--workshop", help=_("the workshop that makes the free items"))
    new.add_argument(
        "items", nargs="+", metavar="ITEM", help=_('SKU:QTY or "DESCRIPTION=PRICE[xQTY]"')
    )
    pay = actions.add_parser("pay", help=_("take a payment; prints the kuitansi and the balance"))
    pay.add_argument("order_no", metavar="NO")
    pay.add_argument("--amount", required=True, type=int)
    pay.add_argument("--method", default="tunai", help=_("tunai, qris, transfer, debit, lainnya"))
    pay.add_argument("--reference")
    pay.add_argument("--bank")
    status = actions.add_parser("status", help=_("set the status: dipesan, dp, diproduksi, siap"))
    status.add_argument("order_no", metavar="NO")
    status.add_argument("status", metavar="STATUS")
    pickup = actions.add_parser("pickup", help=_("hand the order over: it becomes a sale"))
    pickup.add_argument("order_no", metavar="NO")
    pickup.add_argument("--reason", default="", help=_("why an order not paid in full goes"))
    cancel = actions.add_parser("cancel", help=_("cancel an order: pay the DP back or keep it"))
    cancel.add_argument("order_no", metavar="NO")
    mode = cancel.add_mutually_exclusive_group(required=True)
    mode.add_argument("--refund", action="store_true", help=_("pay the money back"))
    mode.add_argument("--keep", action="store_true", help=_("the stand keeps the money paid"))
    cancel.add_argument("--reason", required=True)
    cancel.add_argument("--method", default="tunai")
    cancel.add_argument("--reference")
    listing = actions.add_parser("list", help=_("orders by due date"))
    listing.add_argument("--open", action="store_true", help=_("only orders not picked up"))
    listing.add_argument("--search", default="", help=_("part of a name, phone or number"))
    listing.add_argument("--json", action="store_true")
    show = actions.add_parser("show", help=_("one order with its items and payments"))
    show.add_argument("order_no", metavar="NO")
    show.add_argument("--json", action="store_true")
    kuitansi = sub.add_parser("kuitansi", help=_("write a kuitansi (order payment) as PDF"))
    kuitansi.add_argument("doc_no", metavar="NO")
    kuitansi.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    kuitansi.add_argument("--paper", choices=["A5", "A4"], help=_("default: kuitansi.paper"))


def run(db: Database, args: argparse.Namespace) -> int:
    from pos.services.auth import system_actor

    actor = system_actor(db)
    if args.command == "kuitansi":
        from pos.services.kuitansi import save_kuitansi

        path = save_kuitansi(db, args.doc_no, args.out, args.paper)
        print(_("Kuitansi {no} written to {path}").format(no=args.doc_no, path=path))
        return 0
    handler = {
        "new": _new,
        "pay": _pay,
        "status": _status,
        "pickup": _pickup,
        "cancel": _cancel,
        "list": _list,
        "show": _show,
    }[args.order_command]
    return handler(db, actor, args)


def _new(db: Database, actor: Any, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from pos.core.orders import parse_due, parse_item
    from pos.services import orders

    items = [parse_item(spec) for spec in args.items]
    if args.workshop:
        items = [replace(i, workshop=args.workshop) if i.is_free else i for i in items]
    due = parse_due(args.due)
    made = orders.new_order(
        db, actor, args.customer, due, items, args.phone, args.channel, args.note
    )
    if made.warning:
        print(made.warning, file=sys.stderr)
    print(made.order_no)
    return 0


def _pay(db: Database, actor: Any, args: argparse.Namespace) -> int:
    from pos.core.money import format_rupiah
    from pos.core.payments import CASH, NonCashPayment
    from pos.services import orders

    non_cash = []
    if args.method != CASH:
        # Typed at the desk from the bank statement or the QRIS notification: confirmed.
        non_cash = [NonCashPayment(args.method, args.amount, args.reference, args.bank, True)]
    paid = orders.pay(db, actor, args.order_no, args.amount, non_cash, 0 if non_cash else None)
    print(
        _("Kuitansi {no}; paid {paid}, balance {balance}").format(
            no=paid.kuitansi_no,
            paid=format_rupiah(paid.paid),
            balance=format_rupiah(paid.balance),
        )
    )
    return 0


def _status(db: Database, actor: Any, args: argparse.Namespace) -> int:
    from pos.services import orders

    before = orders.set_status(db, actor, args.order_no, args.status)
    print(_("{no}: {old} -> {new}").format(no=args.order_no, old=before, new=args.status))
    return 0


def _pickup(db: Database, actor: Any, args: argparse.Namespace) -> int:
    from pos.services import order_pickup

    receipt_no = order_pickup.pickup(db, actor, args.order_no, args.reason)
    print(_("Picked up: receipt {no}").format(no=receipt_no))
    return 0


def _cancel(db: Database, actor: Any, args: argparse.Namespace) -> int:
    from pos.core.money import format_rupiah
    from pos.services import order_pickup

    number, amount = order_pickup.cancel(
        db, actor, args.order_no, args.refund, args.reason, None, args.method, args.reference
    )
    if number is not None:
        print(
            _("Cancelled; {amount} paid back ({no})").format(
                amount=format_rupiah(amount), no=number
            )
        )
    else:
        print(_("Cancelled; {amount} kept").format(amount=format_rupiah(amount)))
    return 0


def _list(db: Database, actor: Any, args: argparse.Namespace) -> int:
    from pos.core.money import format_rupiah
    from pos.services import settings
    from pos.services.order_data import list_orders

    today = settings.stand_now(db).date()
    rows = list_orders(db, args.open, args.search)
    if args.json:
        print(json.dumps([r.to_json(today) for r in rows], ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        late = "!" if r.late(today) else " "
        print(
            f"{r.order_no:<22} {r.due.isoformat()}{late} {r.status:<10} "
            f"{format_rupiah(r.total):>16} {format_rupiah(r.balance):>16}  {r.customer}"
        )
    return 0


def _show(db: Database, actor: Any, args: argparse.Namespace) -> int:
    from pos.core.money import format_rupiah
    from pos.services import settings
    from pos.services.orders import order_view

    order = order_view(db, args.order_no)
    if args.json:
        out = order.to_json(settings.stand_now(db).date())
        out["lines"] = [
            {"sku": li.sku, "name": li.name, "qty": li.qty, "unit_price": li.unit_price,
             "line_total": li.line_total, "workshop": li.workshop}
            for li in order.lines
        ]  # fmt: skip
        out["payments"] = [
            {"doc_no": p.doc_no, "kind": p.kind, "method": p.method, "amount": p.amount,
             "created_at": p.created_at.isoformat(sep=" ", timespec="seconds")}
            for p in order.payments
        ]  # fmt: skip
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"{order.order_no}  {order.customer}  {order.status}  {order.due.isoformat()}")
    for li in order.lines:
        print(f"  {li.qty:>5} x {li.name:<40} {format_rupiah(li.line_total):>16}")
    for p in order.payments:
        print(f"  {p.doc_no:<22} {p.kind:<8} {p.method:<9} {format_rupiah(p.amount):>16}")
    print(f"  {format_rupiah(order.paid)} / {format_rupiah(order.total)}")
    return 0
