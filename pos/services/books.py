"""The reports screen's and the CLI's use cases: a period's sales by a key with the previous
period beside it, its charts, its XLSX and PDF, and the recap's text and PDF."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.core.report_keys import TOP_ROWS as TOP_ROWS  # tests and screens read books.TOP_ROWS
from pos.db.session import Database
from pos.i18n import _
from pos.services import settings
from pos.services.recaps import RecapDoc
from pos.services.receipts import write_file
from pos.services.report_labels import FIELD_LABELS, KEY_LABELS, base_text, key_text
from pos.services.sales_report import (
    FIELDS,
    KEYS,
    ReportRow,
    StockValue,
    stock_value,
    top_report,
    total_row,
)
from pos.services.sales_report import (
    sales_report as query_sales,
)

PERIODS = ("day", "week", "month", "year", "custom")
MAX_DAYS = 366 * 5


class ReportProblem(PosError):
    """A report that cannot be made: a period that ends before it starts, or too long."""


def period_range(kind: str, anchor: date) -> tuple[date, date]:
    """The day, week (Monday first), month or year holding `anchor`."""
    if kind == "day":
        return anchor, anchor
    if kind == "week":
        start = anchor - timedelta(days=anchor.weekday())
        return start, start + timedelta(days=6)
    if kind == "month":
        start = anchor.replace(day=1)
        return start, (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    if kind == "year":
        return anchor.replace(month=1, day=1), anchor.replace(month=12, day=31)
    raise ValueError(kind)


def previous_range(start: date, end: date) -> tuple[date, date]:
    """The period before: the month or year before for whole months and years, else the same
    number of days just before."""
    if start.day == 1 and end == period_range("month", end)[1]:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        first = start
        for _ in range(months):
            first = (first - timedelta(days=1)).replace(day=1)
        return first, start - timedelta(days=1)
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def check_period(start: date, end: date) -> None:
    if end < start:
        raise ReportProblem(_("The period ends before it starts."))
    if (end - start).days >= MAX_DAYS:
        raise ReportProblem(_("A report covers at most five years."))


@dataclass(frozen=True)
class SalesReport:
    """A period's rows by one key, their total, and the previous period's total beside it."""

    start: date
    end: date
    by: str
    rows: list[ReportRow]
    previous: tuple[date, date] | None = None
    previous_rows: list[ReportRow] = field(default_factory=list)  # with its others' row
    # Shown the top rows only: the other keys added up (their label says how many).
    others: ReportRow | None = None

    @property
    def shown(self) -> list[ReportRow]:
        """The rows and, if only the top ones are, the others' row after them."""
        return self.rows if self.others is None else [*self.rows, self.others]

    @property
    def total(self) -> ReportRow:
        return total_row(self.shown, _("Total"))

    @property
    def previous_total(self) -> ReportRow | None:
        return None if self.previous is None else total_row(self.previous_rows, _("Total"))


def sales_report(
    db: Database,
    actor: Any,
    start: date,
    end: date,
    by: str,
    compare: bool = False,
    stand: str | None = None,
    top: int | None = None,
) -> SalesReport:
    """A period's rows by `by`; with `top`, only the top rows by net and the others added up
    (a year's 90k products are many rows to make and to look at; exports want them all)."""
    actor.require("view_reports")
    check_period(start, end)
    if by not in KEYS:
        raise ReportProblem(_("Unknown breakdown {key!r}.").format(key=by[:20]))

    def rows_of(conn: Any, first: date, last: date) -> tuple[list[ReportRow], ReportRow | None]:
        if top is None:
            return query_sales(conn, first, last, by, stand), None
        return top_report(conn, first, last, by, top, stand)

    with db.engine.connect() as conn:
        rows, others = rows_of(conn, start, end)
        if not compare:
            return SalesReport(start, end, by, rows, others=others)
        before = previous_range(start, end)
        earlier, earlier_others = rows_of(conn, *before)
        if earlier_others is not None:
            earlier = [*earlier, earlier_others]
        return SalesReport(start, end, by, rows, before, earlier, others)


def time_key(start: date, end: date) -> str:
    """The key of the bars over time: hours of one day, days up to two months, else months."""
    days = (end - start).days + 1
    return "hour" if days == 1 else "day" if days <= 62 else "month"


@dataclass(frozen=True)
class ChartData:
    """What the four charts of a period show."""

    over_time: SalesReport
    products: list[ReportRow]
    payments: list[ReportRow]
    workshops: list[ReportRow]
    stock: StockValue


def chart_data(db: Database, actor: Any, start: date, end: date) -> ChartData:
    actor.require("view_reports")
    check_period(start, end)
    by = time_key(start, end)
    over_time = sales_report(db, actor, start, end, by, compare=True)
    from pos.printing.charts import MAX_TOP

    with db.engine.connect() as conn:
        return ChartData(
            over_time,
            top_report(conn, start, end, "product", MAX_TOP)[0],
            query_sales(conn, start, end, "payment"),
            query_sales(conn, start, end, "workshop"),
            stock_value(conn),
        )


def charts(data: ChartData) -> list[Any]:
    """The reportlab Drawings of the period: over time, top products, payment mix, workshops."""
    from pos.printing import charts as draw

    none = _("No sales in this period.")
    over = data.over_time
    labels = [key_text(over.by, r.key) for r in over.rows]
    previous = _aligned_previous(over)
    return [
        draw.bars_over_time(
            _("Net sales by {key} (pale: the period before)").format(
                key=_(KEY_LABELS[over.by]).lower()
            ),
            labels,
            [r.net for r in over.rows],
            previous,
            none,
        ),
        draw.top_items(
            _("Top products (net)"),
            [r.label or r.key for r in data.products],
            [r.net for r in data.products],
            none,
        ),
        draw.mix(
            _("Payment mix"),
            [key_text("payment", r.key) for r in data.payments],
            [r.net for r in data.payments],
            none,
        ),
        draw.mix(
            _("Net sales by workshop"),
            [key_text("workshop", r.key) for r in data.workshops],
            [r.net for r in data.workshops],
            none,
        ),
    ]


def _aligned_previous(report: SalesReport) -> list[int] | None:
    """The previous period's values lined up with this one's bars (hour by hour, or the n-th
    day or month of each period)."""
    if report.previous is None:
        return None
    if report.by == "hour":
        earlier = {r.key: r.net for r in report.previous_rows}
        return [earlier.get(r.key, 0) for r in report.rows]
    offset = _offset(report)
    earlier = {r.key: r.net for r in report.previous_rows}
    return [earlier.get(_shift_key(r.key, offset, report.by), 0) for r in report.rows]


def _offset(report: SalesReport) -> int:
    assert report.previous is not None
    if report.by == "month":
        s, p = report.start, report.previous[0]
        return (s.year - p.year) * 12 + s.month - p.month
    return (report.start - report.previous[0]).days


def _shift_key(key: str, offset: int, by: str) -> str:
    try:
        if by == "month":
            year, month = (int(x) for x in key.split("-"))
            n = year * 12 + month - 1 - offset
            return f"{n // 12:04d}-{n % 12 + 1:02d}"
        return (date.fromisoformat(key) - timedelta(days=offset)).isoformat()
    except ValueError:
        return key


def _header(by: str) -> list[str]:
    return [_(KEY_LABELS[by]), _("Sales"), *(_(FIELD_LABELS[f]) for f in FIELDS)]


def _cells(report: SalesReport, row: ReportRow) -> list[object]:
    name = row.label if row.key == "" else key_text(report.by, row.key)
    if report.by == "product" and row.key:
        name = f"{row.key} {row.label}"
    return [name, row.sales, *(getattr(row, f) for f in FIELDS)]


def report_xlsx(report: SalesReport, stock: StockValue | None = None) -> bytes:
    """The report as a workbook: the rows and their total; the previous period; stock value."""
    from pos.services.xlsx import workbook_bytes

    header: list[object] = list(_header(report.by))
    sheet = [header] + [_cells(report, r) for r in [*report.shown, report.total]]
    sheets: list[tuple[str, list[list[object]]]] = [(_("Sales"), sheet)]
    before_total = report.previous_total
    if before_total is not None:
        before = [header] + [_cells(report, r) for r in [*report.previous_rows, before_total]]
        sheets.append((_("Previous period"), before))
    if stock is not None:
        sheets.append(
            (
                _("Stock value"),
                [
                    [_("Products"), _("Units"), _("At cost"), _("At price")],
                    [stock.products, stock.units, stock.at_cost, stock.at_price],
                ],
            )
        )
    return workbook_bytes(sheets)


def report_pdf(db: Database, report: SalesReport, data: ChartData | None = None) -> bytes:
    """The report as an A4 landscape PDF with its charts."""
    from pos.printing.books_pdf import TableBlock, document_pdf

    stand = settings.get(db, settings.STAND_NAME)
    rows = [
        [str(c) if isinstance(c, str) else _num(c) for c in _cells(report, r)]
        for r in [*report.shown, report.total]
    ]
    blocks: list[Any] = [
        _("{stand} · {start} to {end} · by {key}").format(
            stand=stand,
            start=report.start.isoformat(),
            end=report.end.isoformat(),
            key=_(KEY_LABELS[report.by]).lower(),
        )
    ]
    prev = report.previous_total
    if prev is not None and report.previous is not None:
        blocks.append(
            _("Previous period ({start} to {end}): net {net}, profit {profit}.").format(
                start=report.previous[0].isoformat(),
                end=report.previous[1].isoformat(),
                net=format_rupiah(prev.net),
                profit=format_rupiah(prev.profit),
            )
        )
    if data is not None:
        blocks.append(
            _("Stock value: {cost} at cost, {price} at price ({units} units).").format(
                cost=format_rupiah(data.stock.at_cost),
                price=format_rupiah(data.stock.at_price),
                units=_num(data.stock.units),
            )
        )
    blocks.append(TableBlock(_header(report.by), rows, bold_last=True))
    if data is not None:
        blocks.extend(charts(data))
    return document_pdf(_("Sales report"), blocks, wide=True)


def _num(value: object) -> str:
    return f"{int(value):,}".replace(",", ".") if isinstance(value, int) else str(value)


def recap_text(doc: RecapDoc) -> str:
    """A recap as plain text for the terminal."""
    d = doc.data
    lines = [
        _("Recap {no}  {start} to {end}  base: {base}").format(
            no=doc.recap_no, start=d["from"], end=d["to"], base=base_text(d["base"])
        )
    ]
    if doc.corrects:
        lines.append(_("Corrects recap {no}.").format(no=doc.corrects))
    if d["empty"]:
        lines.append(_("No sales in this period: the recap is empty."))
    lines.append(
        _("Net sales {net}  cost {cost}  profit {profit}  base {base}").format(
            net=format_rupiah(d["net"]),
            cost=format_rupiah(d["cost"]),
            profit=format_rupiah(d["profit"]),
            base=format_rupiah(d["base_total"]),
        )
    )
    for name, amount in d["shares"].items():
        lines.append(f"  {name:<20} {format_rupiah(amount):>16}")
    for w in d["workshops"]:
        lines.append(f"{w['name'] or _('(none)')}: {format_rupiah(w['base_total'])}")
        for name, amount in w["shares"].items():
            lines.append(f"    {name:<18} {format_rupiah(amount):>16}")
    return "\n".join(lines)


def recap_pdf(db: Database | str, doc: RecapDoc) -> bytes:
    """The recap for the office's files: figures, shares per workshop, the splits applied;
    headed by the stand's name (`db`), or the text given (the office's recap across stands)."""
    from pos.printing.books_pdf import TableBlock, document_pdf

    d = doc.data
    names = list(d["shares"])
    money = format_rupiah
    blocks: list[Any] = [
        _("{stand} · {start} to {end} · made {when} by {who}").format(
            stand=db if isinstance(db, str) else settings.get(db, settings.STAND_NAME),
            start=d["from"],
            end=d["to"],
            when=doc.to_json()["created_at"],
            who=doc.made_by or "-",
        )
    ]
    if doc.corrects:
        blocks.append(_("Corrects recap {no}.").format(no=doc.corrects))
    if d["empty"]:
        blocks.append(_("No sales in this period: the recap is empty."))
    blocks.append(
        TableBlock(
            [_("Sales"), _("Gross"), _("Discount"), _("Refunds"), _("Net"), _("Cost"), _("Profit")],
            [
                [str(d["sales_count"])]
                + [money(d[k]) for k in ("gross", "discount", "refunds", "net", "cost", "profit")]
            ],
            first_number=0,
        )
    )
    rows = [
        [w["name"] or _("(none)"), money(w["net"]), money(w["profit"]), money(w["base_total"])]
        + [money(w["shares"].get(n, 0)) for n in names]
        for w in d["workshops"]
    ]
    rows.append(
        [_("Total"), money(d["net"]), money(d["profit"]), money(d["base_total"])]
        + [money(d["shares"][n]) for n in names]
    )
    blocks.append(
        TableBlock([_("Workshop"), _("Net"), _("Profit"), _("Base"), *names], rows, bold_last=True)
    )
    for split in d["splits"]:
        shares = ", ".join(f"{n} {bp / 100:g}%" for n, bp in split["shares_bp"].items())
        blocks.append(
            _(
                "Split from {day}, of {base}: {shares}; the rupiah left by rounding go to {rest}."
            ).format(
                day=split["from"],
                base=base_text(split["base"]),
                shares=shares,
                rest=split["remainder_to"],
            )
        )
    blocks.append(" ")
    blocks.append(_("Prepared by: ____________________      Approved by: ____________________"))
    return document_pdf(_("Recap {no}").format(no=doc.recap_no), blocks, wide=len(names) > 3)


def save_recap_pdf(db: Database | str, doc: RecapDoc, path: Path) -> Path:
    return write_file(path, recap_pdf(db, doc))
