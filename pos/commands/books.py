"""`pos report sales`, `pos split set|list`, `pos recap new|list|show` and
`pos deposit add|list|target`: the books from the command line."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from pos.i18n import _

if TYPE_CHECKING:
    from pos.db.session import Database


def _money(text: str) -> int:
    from pos.core.money import parse_rupiah

    try:
        return int(parse_rupiah(text))
    except Exception as e:
        raise argparse.ArgumentTypeError(f"not an amount of rupiah: {text[:40]!r}") from e


def add_report_parser(report_sub: Any, parse_date: Any) -> None:
    from pos.core.report_keys import KEYS, TOP_ROWS

    sales = report_sub.add_parser("sales", help=_("sales over a period by a breakdown key"))
    sales.add_argument("--from", dest="start", type=parse_date, required=True, metavar="D")
    sales.add_argument("--to", dest="end", type=parse_date, required=True, metavar="D")
    keys = (*KEYS, "regency")  # regency: only with --central
    sales.add_argument("--by", choices=keys, required=True, metavar="KEY", help=", ".join(keys))
    sales.add_argument("--json", action="store_true")
    sales.add_argument(
        "--all",
        dest="every_row",
        action="store_true",
        help=_("every row, not only the top {n} by net (--json: always every row)").format(
            n=TOP_ROWS
        ),
    )
    from pos.commands.central import add_central_filters

    add_central_filters(sales)


def add_parsers(sub: Any, parse_date: Any) -> None:
    split = sub.add_parser("split", help=_("revenue split settings (dated)"))
    split_sub = split.add_subparsers(dest="split_command", metavar="ACTION", required=True)
    setter = split_sub.add_parser("set", help=_("a split applying from a date on"))
    setter.add_argument("--from", dest="start", type=parse_date, required=True, metavar="D")
    setter.add_argument("--base", choices=("sales", "profit"), required=True)
    setter.add_argument(
        "--remainder",
        metavar="NAME",
        help=_("the share that takes rounding's rupiah (default: first)"),
    )
    setter.add_argument("shares", nargs="+", metavar="NAME=PCT")
    listing = split_sub.add_parser("list", help=_("every split, oldest first"))
    listing.add_argument("--json", action="store_true")
    for parser in (setter, listing):
        parser.add_argument(
            "--central", metavar="URL", help=_("the office's splits in the central database")
        )

    recap = sub.add_parser("recap", help=_("recaps per period and workshop"))
    recap_sub = recap.add_subparsers(dest="recap_command", metavar="ACTION", required=True)
    new = recap_sub.add_parser("new", help=_("make and freeze a recap; prints its number"))
    new.add_argument("--from", dest="start", type=parse_date, required=True, metavar="D")
    new.add_argument("--to", dest="end", type=parse_date, required=True, metavar="D")
    new.add_argument(
        "--made-by", metavar="NAME", help=_("with --central: who at the office makes it")
    )
    listing = recap_sub.add_parser("list", help=_("every recap"))
    listing.add_argument("--json", action="store_true")
    show = recap_sub.add_parser("show", help=_("one recap"))
    show.add_argument("recap_no", metavar="NO", nargs="?")
    show.add_argument("--json", action="store_true")
    show.add_argument("--out", metavar="FILE.pdf", help=_("write the recap's PDF"))
    for flag, dest in (("--from", "start"), ("--to", "end")):
        show.add_argument(flag, dest=dest, type=parse_date, metavar="D", help=_("with --central"))
    from pos.commands.central import add_central_filters

    for parser in (new, listing, show):
        add_central_filters(parser)

    deposit = sub.add_parser("deposit", help=_("PNBP deposits and the yearly target"))
    deposit_sub = deposit.add_subparsers(dest="deposit_command", metavar="ACTION", required=True)
    add = deposit_sub.add_parser("add", help=_("record a deposit against a recap"))
    add.add_argument("recap_no", metavar="RECAP_NO")
    add.add_argument("--billing", required=True, metavar="CODE", help=_("15-digit billing code"))
    add.add_argument("--ntpn", required=True, help=_("16 letters and digits"))
    add.add_argument("--bank", required=True)
    add.add_argument("--date", type=parse_date, required=True, metavar="D")
    add.add_argument("--amount", type=_money, required=True, metavar="RUPIAH")
    listing = deposit_sub.add_parser("list", help=_("deposits and what each recap owes"))
    listing.add_argument("--json", action="store_true")
    target = deposit_sub.add_parser("target", help=_("the year's PNBP target and realisation"))
    target.add_argument("year", type=int)
    target.add_argument("--set", dest="amount", type=_money, metavar="RUPIAH")
    target.add_argument("--json", action="store_true")


def _dump(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1))


def run_sales_report(db: Database, args: argparse.Namespace) -> int:
    from pos.core.errors import PosError
    from pos.services import books

    if getattr(args, "stand", None) or getattr(args, "regency", None):
        raise PosError(_("--stand and --regency choose among the central database's stands: "
                         "give --central URL too."))  # fmt: skip
    top = None if args.json or args.every_row else books.TOP_ROWS
    report = books.sales_report(db, _actor(db), args.start, args.end, args.by, top=top)
    return print_sales_report(report, args)


def print_sales_report(
    report: Any, args: argparse.Namespace, unknown: dict[str, Any] | None = None
) -> int:
    """A books.SalesReport as JSON or a table (a stand's, or the central database's, with
    `unknown`: per key, the figures of lines whose cost is not known)."""
    from pos.core.money import format_rupiah
    from pos.services import books

    if args.json:
        if unknown is None:
            _dump([row.to_json() for row in report.rows])
        else:
            from pos.services.central_costs import row_json

            _dump([row_json(row, unknown.get(row.key)) for row in report.rows])
        return 0
    print(
        _("Sales {start} to {end} by {key}").format(
            start=args.start.isoformat(),
            end=args.end.isoformat(),
            key=_(books.KEY_LABELS[args.by]).lower(),
        )
    )
    heads = ("qty", "gross", "discount", "refunds", "net", "cost", "profit")
    print(f"{'':<28}" + "".join(f"{_(books.FIELD_LABELS[h])[:13]:>14}" for h in heads))
    unknown = unknown or {}
    rows = [(row, row.key in unknown) for row in report.shown]
    for row, uncosted in [*rows, (report.total, bool(unknown))]:
        text = row.label if row.key == "" or args.by == "product" else None
        label = (text if text is not None else books.key_text(args.by, row.key))[:27]
        money = [format_rupiah(getattr(row, h)) for h in heads[1:]]
        if uncosted:  # some of its goods have no known cost
            money[-1] = "≤" + money[-1]
        print(f"{label:<28}{row.qty:>14}" + "".join(f"{v:>14}" for v in money))
    if unknown:
        net = sum(u.net for u in unknown.values())
        print(
            _(
                "{net} of net sales came from older exports without line costs: their cost "
                "is unknown, and a profit marked ≤ counts none for it (the real profit is lower)."
            ).format(net=format_rupiah(net))
        )
    return 0


def _actor(db: Database) -> Any:
    from pos.services.auth import system_actor

    return system_actor(db)


def run_split(db: Database, args: argparse.Namespace) -> int:
    from pos.core.revenue_split import parse_share
    from pos.services import splits

    if args.split_command == "set":
        shares = [parse_share(text) for text in args.shares]
        split = splits.set_split(db, _actor(db), args.start, args.base, shares, args.remainder)
        return print_split_set(split)
    return print_splits(splits.list_splits(db, _actor(db)), args)


def print_split_set(split: Any) -> int:
    """The line saying a split was recorded (a stand's, or the office's)."""
    from pos.services import books

    print(
        _("Split from {day} of {base}: {shares}; remainder to {rest}.").format(
            day=split.valid_from.isoformat(),
            base=books.base_text(split.base),
            shares=split.describe(),
            rest=split.remainder_to,
        )
    )
    return 0


def print_splits(found: list[Any], args: argparse.Namespace) -> int:
    """Splits as JSON or one line each."""
    from pos.services import books

    if args.json:
        _dump([s.to_json() for s in found])
        return 0
    for s in found:
        base = books.base_text(s.base)
        print(f"{s.valid_from.isoformat()}  {base:<7} {s.describe()}  (-> {s.remainder_to})")
    return 0


def run_recap(db: Database, args: argparse.Namespace) -> int:
    from pathlib import Path

    from pos.core.errors import PosError
    from pos.services import books, recaps

    if args.stand or args.regency or getattr(args, "made_by", None):
        raise PosError(_("--stand, --regency and --made-by are for the central database's "
                         "recaps: give --central URL too."))  # fmt: skip
    actor = _actor(db)
    if args.recap_command == "new":
        doc = recaps.create_recap(db, actor, args.start, args.end)
        print(doc.recap_no)
        if doc.data["empty"]:
            print(_("No sales in this period: the recap is empty."))
        return 0
    if args.recap_command == "list":
        return print_recap_list(recaps.list_recaps(db, actor), args)
    if args.recap_no is None:
        raise PosError(_("Which recap? Give its number (pos recap list shows them)."))
    doc = recaps.find_recap(db, actor, args.recap_no)
    if args.out:
        path = books.save_recap_pdf(db, doc, Path(args.out))
        print(_("Written to {path}").format(path=path))
    if args.json:
        _dump(doc.to_json())
    elif not args.out:
        print(books.recap_text(doc))
    return 0


def print_recap_list(docs: list[Any], args: argparse.Namespace) -> int:
    """Recaps (a stand's, or the office's) as JSON or one line each."""
    from pos.services import books

    if args.json:
        _dump([_summary(d) for d in docs])
        return 0
    for d in docs:
        s = _summary(d)
        print(
            f"{s['recap_no']:<22} {s['from']} {s['to']} {books.base_text(s['base']):<12} "
            f"{s['base_total']:>14}"
        )
    return 0


def _summary(doc: Any) -> dict[str, Any]:
    data = doc.data
    return {
        "recap_no": doc.recap_no,
        "from": data["from"],
        "to": data["to"],
        "base": data["base"],
        "base_total": data["base_total"],
        "shares": data["shares"],
        "corrects": doc.corrects,
        "created_at": doc.to_json()["created_at"],
        "made_by": doc.made_by,
        **({"scope": data["scope"]} if "scope" in data else {}),
    }


def run_deposit(db: Database, args: argparse.Namespace) -> int:
    import sys

    from pos.core.money import format_rupiah
    from pos.services import deposits

    actor = _actor(db)
    if args.deposit_command == "add":
        done = deposits.add_deposit(
            db, actor, args.recap_no, args.billing, args.ntpn, args.bank, args.date, args.amount
        )
        print(
            _("Deposit recorded against {no}: {amount} (NTPN {ntpn}).").format(
                no=done.deposit.recap_no,
                amount=format_rupiah(done.deposit.amount),
                ntpn=done.deposit.ntpn,
            )
        )
        if done.warning:
            print(_("Warning: {message}").format(message=done.warning), file=sys.stderr)
        return 0
    if args.deposit_command == "target":
        if args.amount is not None:
            status = deposits.set_target(db, actor, args.year, args.amount)
        else:
            status = deposits.get_target(db, actor, args.year)
        if args.json:
            _dump(status.to_json())
            return 0
        print(
            _("PNBP {year}: target {target}, owed by recaps {owed}, deposited {deposited}.").format(
                year=status.year,
                target="-" if status.target is None else format_rupiah(status.target),
                owed=format_rupiah(status.owed),
                deposited=format_rupiah(status.deposited),
            )
        )
        return 0
    rows = deposits.list_deposits(db, actor)
    if args.json:
        _dump([r.to_json() for r in rows])
        return 0
    for r in rows:
        print(
            f"{r.day.isoformat()} {r.recap_no:<22} {r.billing_code} {r.ntpn} "
            f"{r.bank:<12} {format_rupiah(r.amount):>14}"
        )
    return 0
