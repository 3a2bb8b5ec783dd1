"""The products to print labels for, with their number of copies (edited in place)."""

from dataclasses import dataclass

from pos.core.errors import InvalidQuantity
from pos.i18n import N_, _
from pos.printing.labels import MAX_LABELS
from pos.ui.quantity_lines import COL_QTY, QuantityLinesModel

COL_COPIES = COL_QTY


@dataclass
class LabelLine:
    """A product to print labels for, and how many."""

    sku: str
    name: str
    copies: int


def parse_copies(text: str) -> int:
    """A typed number of labels: a whole number from 1 to MAX_LABELS."""
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or int(cleaned) < 1:
        raise InvalidQuantity(_("The number of labels must be a whole number, at least 1."))
    copies = int(cleaned)
    if copies > MAX_LABELS:
        raise InvalidQuantity(
            _("{n} labels are too many at once; print at most {max}.").format(
                n=copies, max=MAX_LABELS
            )
        )
    return copies


class LabelLinesModel(QuantityLinesModel[LabelLine]):
    """One line per product, in the order added; the copies column is editable."""

    HEADERS = (N_("SKU"), N_("Product"), N_("Labels"))

    QTY_FIELD = "copies"
    KEPT = N_("{name}: {problem} The number of labels stays {qty}.")
    parse_qty = staticmethod(parse_copies)

    @property
    def total(self) -> int:
        return sum(line.copies for line in self._rows)

    def add(self, sku: str, name: str, copies: int = 1) -> int:
        """Add a product, or more copies of its line; returns the row."""
        return self.merge(lambda line: line.sku == sku, lambda n: LabelLine(sku, name, n), copies)
