"""The kuitansi of an order payment as a PDF on A5 (landscape) or A4 (portrait): who paid, the
amount in figures and in words, what for, paid so far and the balance, place and date, and the
signature blocks. Labels in the stand's receipt language; fonts embedded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pos.core.money import format_rupiah
from pos.i18n import N_, _, in_language
from pos.printing.kuitansi_data import KuitansiData
from pos.printing.text import FONT, FONT_BOLD, ensure_fonts, text_width, wrap_text

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4
# (width, height) in points: A5 lies on its side, as kuitansi books do; A4 stands.
PAGES = {"A5": (210 * MM, 148 * MM), "A4": (210 * MM, 297 * MM)}
MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip


def long_date(data: KuitansiData) -> str:
    at = data.created_at
    return f"{at.day} {_(MONTHS[at.month - 1])} {at.year}"


def what_for(data: KuitansiData) -> str:
    if data.kind == "refund":
        return _("Down payment paid back: order {no} cancelled").format(no=data.order_no)
    if data.balance == 0:
        what = _("Settlement")
    elif data.paid_so_far == data.amount:
        what = _("Down payment (DP)")
    else:
        what = _("Instalment")
    return _("{what} of order {no}").format(what=what, no=data.order_no)


class _Page:
    """A cursor down the page: rows of label and value, wrapped paragraphs, rules."""

    def __init__(self, pdf: Canvas, width: float, height: float, size: float) -> None:
        self.pdf, self.width, self.size = pdf, width, size
        self.margin = 14 * MM
        self.y = height - self.margin
        self.label_width = 34 * MM
        self.leading = size * 1.35

    @property
    def right(self) -> float:
        return self.width - self.margin

    def text(self, x: float, text: str, font: str = FONT, size: float | None = None) -> None:
        self.pdf.setFont(font, size or self.size)
        self.pdf.drawString(x, self.y, text)

    def row(self, label: str, value: str, font: str = FONT, size: float | None = None) -> None:
        size = size or self.size
        x = self.margin + self.label_width
        lines = wrap_text(value, font, size, self.right - x) or [""]
        self.y -= size * 1.35
        self.text(self.margin, label)
        self.pdf.drawString(x - text_width(": ", FONT, self.size), self.y, ":")
        for index, line in enumerate(lines):
            if index:
                self.y -= size * 1.3
            self.text(x, line, font, size)

    def rule(self, gap: float = 4.0) -> None:
        self.y -= gap
        self.pdf.setLineWidth(0.6)
        self.pdf.line(self.margin, self.y, self.right, self.y)
        self.y -= gap


def render_kuitansi(data: KuitansiData) -> bytes:
    """The kuitansi as PDF bytes on `data.paper` (A5 or A4)."""
    from io import BytesIO

    from reportlab.pdfgen import canvas

    ensure_fonts()
    width, height = PAGES.get(data.paper, PAGES["A5"])
    out = BytesIO()
    pdf = canvas.Canvas(out, pagesize=(width, height), pageCompression=1)
    with in_language(data.language):
        pdf.setTitle(_("Kuitansi") + " " + data.doc_no)
        pdf.setAuthor(data.stand_name)
        _draw(pdf, data, width, height)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _draw(pdf: Canvas, data: KuitansiData, width: float, height: float) -> None:
    a4 = data.paper == "A4"
    page = _Page(pdf, width, height, 10 if a4 else 9)
    labels = (_("Paid back to"), _("Received from"), _("For payment of"), _("Order total"))
    # As wide as the longest label in the document's language, so no value overlaps it.
    page.label_width = max(text_width(label, FONT, page.size) for label in labels) + 14
    title = _("REFUND RECEIPT") if data.kind == "refund" else _("OFFICIAL RECEIPT")
    page.y -= 12
    page.text(page.margin, data.stand_name, FONT_BOLD, 12)
    pdf.setFont(FONT_BOLD, 16 if a4 else 14)
    pdf.drawRightString(page.right, page.y, title)
    for line in data.stand_address.splitlines()[:3]:
        page.y -= 10
        page.text(page.margin, line, FONT, 8)
    page.y -= 12
    pdf.setFont(FONT, page.size)
    pdf.drawRightString(page.right, page.y, _("No.") + " " + data.doc_no)
    page.rule(5)
    who = data.customer + (f" ({data.phone})" if data.phone else "")
    page.row(_("Paid back to") if data.kind == "refund" else _("Received from"), who)
    page.row(_("The sum of"), format_rupiah(data.amount), FONT_BOLD, page.size + 3)
    page.y -= 4
    words = _("In words") + ": " + data.amount_words
    lines = wrap_text(words, FONT_BOLD, page.size + 1, page.right - page.margin - 8)
    box_top = page.y
    for line in lines:
        page.y -= (page.size + 1) * 1.35
        page.text(page.margin + 4, line, FONT_BOLD, page.size + 1)
    page.y -= 5
    pdf.setLineWidth(0.8)
    pdf.rect(page.margin, page.y, page.right - page.margin, box_top - page.y)
    page.row(_("For payment of"), what_for(data))
    _items(page, data, 12 if a4 else 4)
    methods = "; ".join(
        " ".join(part for part in (m.label, m.reference, format_rupiah(m.amount)) if part)
        for m in data.methods
    )
    page.row(_("Paid by"), methods)
    page.row(_("Order total"), format_rupiah(data.order_total))
    page.row(_("Paid so far"), format_rupiah(data.paid_so_far))
    page.row(_("Balance left"), format_rupiah(data.balance), FONT_BOLD)
    _signatures(page, data)


def _items(page: _Page, data: KuitansiData, most: int) -> None:
    x = page.margin + page.label_width + 6
    shown = data.items if len(data.items) <= most else data.items[: most - 1]
    for item in shown:
        text = f"{item.qty} x {item.name} @ {format_rupiah(item.unit_price)} = "
        text += format_rupiah(item.line_total)
        for line in wrap_text(text, FONT, page.size - 1, page.right - x)[:2]:
            page.y -= (page.size - 1) * 1.3
            page.text(x, line, FONT, page.size - 1)
    if len(shown) < len(data.items):
        page.y -= (page.size - 1) * 1.3
        more = _("and {n} more items").format(n=len(data.items) - len(shown))
        page.text(x, more, FONT, page.size - 1)


def _signatures(page: _Page, data: KuitansiData) -> None:
    pdf = page.pdf
    # Place and date, then the two blocks, below what came above (at the foot at the latest).
    top = max(page.y - 30, page.margin + 64)
    column = (page.right - page.margin) / 3
    left, right = page.margin + column / 2, page.right - column / 2
    pdf.setFont(FONT, page.size)
    pdf.drawCentredString(right, top, f"{data.place}, {long_date(data)}")
    pdf.drawCentredString(left, top - 13, _("Received by"))
    pdf.drawCentredString(right, top - 13, _("Yours faithfully"))
    pdf.setLineWidth(0.5)
    for x in (left, right):
        pdf.line(x - column / 2 + 10, top - 52, x + column / 2 - 10, top - 52)
    pdf.drawCentredString(left, top - 64, data.customer[:40])
    pdf.drawCentredString(right, top - 64, data.cashier[:40])
