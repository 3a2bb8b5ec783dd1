"""X and Z shift reports: the same rows drawn on a receipt roll (PDF) or shown on screen."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pos.core.audit_head import head_text
from pos.core.money import format_rupiah
from pos.core.payments import CASH, DENOMINATIONS, METHODS, method_label
from pos.i18n import _
from pos.printing.roll import ITEM_INDENT_PT, RollLayout, render_roll
from pos.printing.shift_data import ShiftSummary
from pos.printing.text import FONT, FONT_BOLD

# Colours of a difference on screen; money over is a mistake too, but not a loss.
OVER = "#e65100"
SHORT = "#b71c1c"

RowKind = Literal["title", "heading", "pair", "note", "rule", "gap"]


@dataclass(frozen=True)
class ReportRow:
    """One row of a shift report, independent of where it is drawn."""

    kind: RowKind
    left: str = ""
    right: str = ""
    indent: int = 0  # levels of indentation
    bold: bool = False
    tone: Literal["", "over", "short"] = ""  # how a difference reads: money over or short
    # Shorter forms of `left`, tried in turn where the pair does not fit on one line.
    shorter: tuple[str, ...] = ()
    on_roll: bool = True  # False: said only where there is room (screen, terminal), not on a roll


def fitting_left(row: ReportRow, fits: Callable[[str], bool]) -> str:
    """`row.left`, else the first of its shorter forms that `fits` on one line beside
    `row.right` (the value is never shortened); the shortest when none does (then stacked)."""
    for left in (row.left, *row.shorter):
        if fits(left):
            return left
    return row.shorter[-1] if row.shorter else row.left


def format_when(at: datetime | None) -> str:
    return at.strftime("%d-%m-%Y %H:%M") if at else "—"


def report_title(summary: ShiftSummary) -> str:
    if summary.status == "closed" and summary.z_number is not None:
        return _("Z REPORT No. {z}").format(z=summary.z_number)
    return _("X REPORT (shift still open)")


def difference_row(summary: ShiftSummary) -> ReportRow | None:
    difference = summary.difference
    if difference is None:
        return None
    if difference > 0:
        label = _("Difference (over)")
        return ReportRow("pair", label, format_rupiah(difference), bold=True, tone="over")
    if difference < 0:
        label = _("Difference (short)")
        return ReportRow("pair", label, format_rupiah(difference), bold=True, tone="short")
    return ReportRow("pair", _("Difference"), format_rupiah(0), bold=True)


def _order_rows(summary: ShiftSummary) -> list[ReportRow]:
    """Order payments (kuitansi) per method: money in, not sales; the pickup's sale is paid
    "by order" above and adds nothing here."""
    if not summary.order_received and not summary.order_refunded:
        return []
    rows = [ReportRow("rule"), ReportRow("heading", _("Order payments (kuitansi)"))]
    for method, amount in summary.order_received.items():
        rows.append(ReportRow("pair", method_label(method), format_rupiah(amount), indent=1))
    for method, amount in summary.order_refunded.items():
        label = _("DP paid back: {method}").format(method=method_label(method))
        rows.append(ReportRow("pair", label, format_rupiah(-amount), indent=1))
    return rows


def _order_cash_rows(summary: ShiftSummary) -> list[ReportRow]:
    received = summary.order_received.get(CASH, 0)
    refunded = summary.order_refunded.get(CASH, 0)
    rows = []
    if received:
        rows.append(ReportRow("pair", _("Order payments in cash"), format_rupiah(received)))
    if refunded:
        rows.append(ReportRow("pair", _("DP paid back in cash"), format_rupiah(-refunded)))
    return rows


def report_rows(summary: ShiftSummary, stand_name: str, printed_at: datetime) -> list[ReportRow]:
    """Everything an X or Z report says, top to bottom."""
    rows = [
        ReportRow("title", stand_name),
        ReportRow("gap"),
        ReportRow("title", report_title(summary)),
        ReportRow("rule"),
        ReportRow("pair", _("Stand"), summary.stand),
        ReportRow("pair", _("Shift"), str(summary.shift_id)),
        ReportRow("pair", _("Opened"), format_when(summary.opened_at)),
        ReportRow("pair", _("Opened by"), summary.opened_by, indent=1),
    ]
    if summary.closed_at is not None:
        rows.append(ReportRow("pair", _("Closed"), format_when(summary.closed_at)))
        rows.append(ReportRow("pair", _("Closed by"), summary.closed_by or "?", indent=1))
    if summary.first_receipt:
        rows.append(ReportRow("pair", _("First receipt"), summary.first_receipt))
        rows.append(ReportRow("pair", _("Last receipt"), summary.last_receipt or "—"))
    else:
        rows.append(ReportRow("pair", _("Receipts"), _("none")))
    sales = _("Sales ({n})").format(n=summary.sales_count)
    voids = _("Voided ({n})").format(n=summary.voids_count)
    refunds = _("Refunds ({n})").format(n=len(summary.refunds))
    rows += [
        ReportRow("rule"),
        ReportRow("pair", sales, format_rupiah(summary.sales_total), bold=True),
        ReportRow("pair", _("Discounts given"), format_rupiah(summary.discount_total), indent=1),
        ReportRow("pair", voids, format_rupiah(summary.voids_total)),
        ReportRow("pair", refunds, format_rupiah(-summary.refunds_total)),
        ReportRow("rule"),
        ReportRow("heading", _("Payments")),
    ]
    # Known methods in their usual order, then anything else the database holds.
    methods = [m for m in METHODS if m in summary.payments]
    methods += sorted(m for m in summary.payments if m not in METHODS)
    for method in methods:
        rows.append(
            ReportRow(
                "pair", method_label(method), format_rupiah(summary.payments[method]), indent=1
            )
        )
    if not methods:
        rows.append(ReportRow("note", _("none"), indent=1))
    rows += _refund_rows(summary)
    rows += _order_rows(summary)
    rows += _cashier_rows(summary)
    rows += _parked_rows(summary)
    rows += [ReportRow("rule"), ReportRow("heading", _("Cash movements"))]
    for move in summary.moves:
        sign = 1 if move.kind == "in" else -1
        kind = _("Cash in") if move.kind == "in" else _("Cash out")
        rows.append(
            ReportRow(
                "pair", f"{move.at:%H:%M} {kind}", format_rupiah(sign * move.amount), indent=1
            )
        )
        rows.append(ReportRow("note", f"{move.reason} ({move.user})", indent=2))
    if not summary.moves:
        rows.append(ReportRow("note", _("none"), indent=1))
    rows += [
        ReportRow("rule"),
        ReportRow("heading", _("Cash drawer")),
        ReportRow("pair", _("Opening float"), format_rupiah(summary.opening_float)),
        ReportRow("pair", _("Cash sales"), format_rupiah(summary.payments.get(CASH, 0))),
        ReportRow("pair", _("Total cash in"), format_rupiah(summary.cash_in)),
        ReportRow("pair", _("Total cash out"), format_rupiah(-summary.cash_out)),
        ReportRow(
            "pair", _("Cash refunds"), format_rupiah(-summary.refunds_by_method.get(CASH, 0))
        ),
        *_order_cash_rows(summary),
        ReportRow("pair", _("Expected cash"), format_rupiah(summary.expected_cash), bold=True),
    ]
    if summary.counted_cash is not None:
        rows.append(
            ReportRow("pair", _("Counted cash"), format_rupiah(summary.counted_cash), bold=True)
        )
        for denomination in DENOMINATIONS:
            pieces = summary.count_detail.get(denomination, 0)
            if pieces:
                left = f"{format_rupiah(denomination)} x {pieces}"
                rows.append(ReportRow("pair", left, format_rupiah(denomination * pieces), indent=1))
        difference = difference_row(summary)
        if difference is not None:
            rows.append(difference)
    rows += _audit_rows(summary)
    rows += [ReportRow("rule"), ReportRow("pair", _("Printed"), format_when(printed_at))]
    return rows


def _audit_rows(summary: ShiftSummary) -> list[ReportRow]:
    """The audit chain's head at the close: whoever keeps this paper can tell later whether
    the chain was rewritten (audit_anchor). One line on every roll, the label shortened where
    needed; what it is for only where there is room."""
    if summary.audit_head_id is None or not summary.audit_head_hash:
        return []
    anchor = head_text(summary.audit_head_id, summary.audit_head_hash)
    return [
        ReportRow("rule"),
        # Shortened from "Audit head" on a 58 mm roll once the entry number has 3 digits.
        ReportRow("pair", _("Audit head"), anchor, shorter=(_("Audit"),)),
        ReportRow(
            "note",
            _(
                "The audit chain's newest entry and the start of its hash at the close. Keep "
                "this paper: pos audit verify --anchor {anchor} tells later whether the chain "
                "was rewritten."
            ).format(anchor=anchor),
            indent=1,
            on_roll=False,
        ),
    ]


def _refund_rows(summary: ShiftSummary) -> list[ReportRow]:
    """Money paid back per method (each counted under its own method, cash from the drawer)."""
    if not summary.refunds:
        return []
    rows = [ReportRow("heading", _("Refunds"))]
    by_method = summary.refunds_by_method
    for method in [m for m in METHODS if m in by_method] + sorted(set(by_method) - set(METHODS)):
        rows.append(
            ReportRow("pair", method_label(method), format_rupiah(-by_method[method]), indent=1)
        )
    for refund in summary.refunds:
        rows.append(
            ReportRow(
                "note", f"{refund.refund_no}: {refund.receipt_no} ({refund.cashier})", indent=2
            )
        )
    return rows


def _cashier_rows(summary: ShiftSummary) -> list[ReportRow]:
    """Each cashier's part: sales, discounts given, voids recorded, money refunded."""
    if not summary.cashiers:
        return []
    rows = [ReportRow("rule"), ReportRow("heading", _("Cashiers"))]
    for c in summary.cashiers:
        rows.append(ReportRow("pair", c.name, format_rupiah(c.total), indent=1, bold=True))
        rows.append(
            ReportRow(
                "note",
                _("{n} sales, discounts {discount}, voids {voids}, refunds {refunds}").format(
                    n=c.sales_count,
                    discount=format_rupiah(c.discount_total),
                    voids=c.voids,
                    refunds=format_rupiah(c.refund_total),
                ),
                indent=2,
            )
        )
    return rows


def _parked_rows(summary: ShiftSummary) -> list[ReportRow]:
    """Sales parked and still waiting: not sold, no stock moved, until recalled or dropped."""
    if not summary.parked:
        return []
    total = sum(p.total for p in summary.parked)
    rows = [
        ReportRow("rule"),
        ReportRow(
            "pair",
            _("Parked, not sold ({n})").format(n=len(summary.parked)),
            format_rupiah(total),
            bold=True,
        ),
    ]
    if summary.status != "open":
        rows.append(
            ReportRow(
                "note",
                _(
                    "WARNING: still parked when the shift closed: money not taken. Recall "
                    "each one to finish the sale, or drop it."
                ),
                bold=True,
            )
        )
    for parked in summary.parked:
        left = f"{parked.parked_at:%H:%M} {parked.label}"
        rows.append(ReportRow("pair", left, format_rupiah(parked.total), indent=1))
        rows.append(
            ReportRow(
                "note",
                _("{n} items, parked by {user}").format(n=parked.items, user=parked.user),
                indent=2,
            )
        )
    return rows


def report_html(summary: ShiftSummary, stand_name: str, printed_at: datetime) -> str:
    """The same report as a two-column HTML table, for showing it on screen (QTextBrowser)."""
    colours = {"over": OVER, "short": SHORT}
    out = ["<table width='100%' cellspacing='0' cellpadding='2'>"]
    for row in report_rows(summary, stand_name, printed_at):
        left, right = html.escape(row.left), html.escape(row.right)
        pad = "&nbsp;" * 4 * row.indent
        if row.kind == "title":
            out.append(f"<tr><td colspan='2' align='center'><h3>{left}</h3></td></tr>")
        elif row.kind == "heading":
            out.append(f"<tr><td colspan='2'><br><b>{left}</b></td></tr>")
        elif row.kind == "note":
            out.append(f"<tr><td colspan='2'>{pad}<i>{left}</i></td></tr>")
        elif row.kind == "rule":
            out.append("<tr><td colspan='2'><hr></td></tr>")
        elif row.kind == "pair":
            if row.bold:
                left, right = f"<b>{left}</b>", f"<b>{right}</b>"
            if row.tone:
                colour = colours[row.tone]
                left, right = (f"<span style='color: {colour}'>{t}</span>" for t in (left, right))
            out.append(f"<tr><td>{pad}{left}</td><td align='right'>{right}</td></tr>")
    out.append("</table>")
    return "".join(out)


def render_shift_report(
    summary: ShiftSummary,
    stand_name: str,
    width_mm: int = 80,
    printed_at: datetime | None = None,
) -> bytes:
    """An X (open shift) or Z (closed shift) report on a `width_mm` (80 or 58) roll, as PDF."""
    layout = RollLayout.for_roll(width_mm)
    rows = report_rows(summary, stand_name, printed_at or datetime.now().replace(microsecond=0))
    for row in rows:
        if row.on_roll:
            _place(layout, row)
    # The same title as a receipt's, as the report has always had.
    return render_roll(layout, _("Receipt"))


def _place(layout: RollLayout, row: ReportRow) -> None:
    spec = layout.spec
    indent = ITEM_INDENT_PT * row.indent
    font = FONT_BOLD if row.bold else FONT
    if row.kind == "title":
        layout.add_paragraphs(row.left, FONT_BOLD, spec.big, "center")
    elif row.kind == "heading":
        layout.add_gap()
        layout.add_paragraphs(row.left, FONT_BOLD, spec.size, "left")
    elif row.kind == "pair":
        left = fitting_left(row, lambda t: layout.fits_pair(t, row.right, font, spec.size, indent))
        layout.add_pair(left, row.right, font, spec.size, indent)
    elif row.kind == "note":
        layout.add_lines(row.left, font, spec.size, indent)
    elif row.kind == "gap":
        layout.add_gap()
    else:
        layout.add_rule()
