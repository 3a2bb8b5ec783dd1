"""Report charts drawn once as reportlab Drawings: into the PDF as vectors, and as a page
rasterised by pypdfium2 on the reports screen (no chart library added to the bundle)."""

from collections.abc import Sequence

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors

from pos.i18n import N_, _
from pos.printing.text import FONT, FONT_BOLD, ensure_fonts

WIDTH, HEIGHT = 480, 240  # points
PALETTE = [
    colors.HexColor(c)
    for c in ("#2f6db3", "#e08a2c", "#3a9b5c", "#c44e52", "#8172b3", "#937860", "#da8bc3")
]
PREVIOUS = colors.HexColor("#b8c7dc")
MAX_BARS = 40
MAX_SLICES = 7
MAX_TOP = 10


def short_money(value: float) -> str:
    """Rupiah on an axis, short, in the document's language: 1.500.000 -> '1,5 jt' ('1.5 M'
    in English), 250.000 -> '250 rb' ('250 k'); in whole rupiah, rounded to a tenth."""
    amount = round(abs(value))
    sign = "-" if value < 0 else ""
    for unit, tenths_text, whole_text in _UNITS:
        tenths = (amount * 10 + unit // 2) // unit
        if tenths >= 10:  # 999.960 is "1 jt", not "1000 rb"
            whole, tenth = divmod(tenths, 10)
            if tenth == 0 or whole >= 100:
                return sign + _(whole_text).format(whole=(amount + unit // 2) // unit)
            return sign + _(tenths_text).format(whole=whole, tenth=tenth)
    if amount >= 1_000:
        return sign + _("{whole} k").format(whole=(amount + 500) // 1_000)
    return sign + str(amount)


# Indonesian says rb (ribu), jt (juta) and M (miliar, a thousand million): the English "M"
# (a million) must never show a miliar.
_UNITS = (
    (1_000_000_000, N_("{whole}.{tenth} B"), N_("{whole} B")),
    (1_000_000, N_("{whole}.{tenth} M"), N_("{whole} M")),
)


def _frame(title: str) -> Drawing:
    ensure_fonts()
    drawing = Drawing(WIDTH, HEIGHT)
    drawing.add(Rect(0, 0, WIDTH, HEIGHT, fillColor=colors.white, strokeColor=None))
    drawing.add(String(8, HEIGHT - 16, title[:80], fontName=FONT_BOLD, fontSize=11))
    return drawing


def _empty(drawing: Drawing, note: str) -> Drawing:
    drawing.add(
        String(WIDTH / 2, HEIGHT / 2, note, fontName=FONT, fontSize=10, textAnchor="middle")
    )
    return drawing


def bars_over_time(
    title: str,
    labels: Sequence[str],
    values: Sequence[int],
    previous: Sequence[int] | None = None,
    empty_note: str = "",
) -> Drawing:
    """Net sales per hour, day or month; the previous period as pale bars beside them."""
    drawing = _frame(title)
    if not values:
        return _empty(drawing, empty_note)
    labels, values = list(labels)[-MAX_BARS:], list(values)[-MAX_BARS:]
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 56, 36, WIDTH - 72, HEIGHT - 68
    data = [values]
    if previous is not None:
        data = [list(previous)[-MAX_BARS:][: len(values)], values]
    chart.data = data
    chart.bars[0].fillColor = PREVIOUS if previous is not None else PALETTE[0]
    if previous is not None:
        chart.bars[1].fillColor = PALETTE[0]
    for bars in range(len(data)):
        chart.bars[bars].strokeColor = None
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    step = max(1, len(labels) // 12)
    chart.categoryAxis.labels.angle = 0 if len(labels) <= 12 else 45
    chart.categoryAxis.labels.boxAnchor = "n" if len(labels) <= 12 else "ne"
    if step > 1:
        chart.categoryAxis.categoryNames = [
            name if n % step == 0 else "" for n, name in enumerate(labels)
        ]
    _value_axis(chart, values, previous)
    drawing.add(chart)
    return drawing


def _value_axis(chart: VerticalBarChart | HorizontalBarChart, *series: object) -> None:
    axis = chart.valueAxis
    numbers = [v for s in series if s for v in s]  # type: ignore[attr-defined]
    axis.valueMin = min(0, *numbers) if numbers else 0
    axis.labels.fontName = FONT
    axis.labels.fontSize = 7
    axis.labelTextFormat = short_money
    axis.visibleGrid = True
    axis.gridStrokeColor = colors.HexColor("#e4e4e4")


def top_items(
    title: str, labels: Sequence[str], values: Sequence[int], empty_note: str = ""
) -> Drawing:
    """The best sellers (by net) as horizontal bars, the best at the top."""
    drawing = _frame(title)
    if not values:
        return _empty(drawing, empty_note)
    pairs = list(zip(labels, values, strict=True))[:MAX_TOP]
    pairs.reverse()
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 20, WIDTH - 170, HEIGHT - 48
    chart.data = [[v for _, v in pairs]]
    chart.bars[0].fillColor = PALETTE[1]
    chart.bars[0].strokeColor = None
    chart.categoryAxis.categoryNames = [name[:26] for name, _ in pairs]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    _value_axis(chart, [v for _, v in pairs])
    drawing.add(chart)
    return drawing


def mix(title: str, labels: Sequence[str], values: Sequence[int], empty_note: str = "") -> Drawing:
    """Shares of a whole (payment methods, workshops) as a pie with a legend beside it."""
    drawing = _frame(title)
    pairs = [(name, v) for name, v in zip(labels, values, strict=True) if v > 0]
    if not pairs:
        return _empty(drawing, empty_note)
    if len(pairs) > MAX_SLICES:
        rest = sum(v for _, v in pairs[MAX_SLICES - 1 :])
        pairs = [*pairs[: MAX_SLICES - 1], ("…", rest)]
    total = sum(v for _, v in pairs)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 30, 20, HEIGHT - 50, HEIGHT - 50
    pie.data = [v for _, v in pairs]
    pie.simpleLabels = True
    pie.labels = None
    pie.slices.strokeColor = colors.white
    for n in range(len(pairs)):
        pie.slices[n].fillColor = PALETTE[n % len(PALETTE)]
    drawing.add(pie)
    for n, (name, value) in enumerate(pairs):
        y = HEIGHT - 48 - n * 20
        drawing.add(Rect(HEIGHT, y, 10, 10, fillColor=PALETTE[n % len(PALETTE)], strokeColor=None))
        text = f"{name[:28]}  {100 * value / total:.0f}%  ({short_money(value)})"
        drawing.add(String(HEIGHT + 16, y + 1, text, fontName=FONT, fontSize=9))
    return drawing


def drawing_pdf(drawing: Drawing) -> bytes:
    """One page the size of the drawing: what the screen rasterises to show it."""
    return bytes(renderPDF.drawToString(drawing))
