"""A product as typed into the form or a spreadsheet row: parsing and validation, no I/O."""

import re
from dataclasses import dataclass, field, replace

from pos.core.barcodes import CodeKind, parse_scan
from pos.core.errors import InvalidAmount, InvalidBarcode, PosError
from pos.core.money import MAX_AMOUNT, is_whole, parse_rupiah
from pos.core.text import has_control_chars
from pos.i18n import N_, _

UNITS = ("pcs", "toples", "paket", "set", "kg", "bks", "ikat", "lusin", "box", "botol")
MAX_NAME = 200
MAX_SKU = 48
MAX_SHELF_LIFE_DAYS = 3650
MAX_LOW_STOCK = 1_000_000
MAX_GROUP_NAME = 80  # categories and workshops
_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")

# Column names, as in the spreadsheet header and as field names of ProductFields.
FIELD_LABELS = {
    "sku": N_("SKU"),
    "barcode": N_("Barcode"),
    "name": N_("Name"),
    "category": N_("Category"),
    "workshop": N_("Workshop"),
    "unit": N_("Unit"),
    "price": N_("Price"),
    "cost": N_("Cost (HPP)"),
    "track_stock": N_("Track stock"),
    "low_stock": N_("Low-stock level"),
    "pirt": N_("P-IRT number"),
    "shelf_life_days": N_("Shelf life (days)"),
    "active": N_("Active"),
    "components": N_("Bundle contents"),
    "stock": N_("Stock"),
}


@dataclass(frozen=True)
class FieldError:
    """Why one field of a product cannot be saved."""

    field: str
    message: str


class InvalidProduct(PosError):
    """A product that cannot be saved; `errors` says which fields are wrong and why."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__(
            "; ".join(f"{_(FIELD_LABELS.get(e.field, e.field))}: {e.message}" for e in errors)
        )


@dataclass(frozen=True, slots=True)
class ProductFields:
    """Everything the supervisor can set on a product. Names of category/workshop, not ids."""

    sku: str
    name: str
    price: int
    barcode: str | None = None
    category: str | None = None
    workshop: str | None = None
    unit: str = "pcs"
    cost: int = 0
    track_stock: bool = True
    low_stock: int = 0
    pirt: str | None = None
    shelf_life_days: int | None = None
    active: bool = True
    components: tuple[tuple[str, int], ...] = field(default=())  # (sku, qty) for a bundle

    def normalized(self) -> "ProductFields":
        """Trimmed text, empty optional fields as None, SKU upper-case."""

        def opt(value: str | None) -> str | None:
            value = (value or "").strip()
            return value or None

        return replace(
            self,
            sku=self.sku.strip().upper(),
            name=" ".join(self.name.split()),
            barcode=opt(self.barcode),
            category=opt(self.category),
            workshop=opt(self.workshop),
            unit=self.unit.strip().lower() or "pcs",
            pirt=opt(self.pirt),
        )


def validate(fields: ProductFields) -> list[FieldError]:
    """Every problem with the fields (already normalized), in form order."""
    errors: list[FieldError] = []
    sku = fields.sku
    if not sku:
        errors.append(FieldError("sku", _("The SKU is required.")))
    elif len(sku) > MAX_SKU or not sku.isascii() or not sku.isprintable() or " " in sku:
        errors.append(
            FieldError(
                "sku",
                _("The SKU must be at most {n} letters, digits or dashes, without spaces.").format(
                    n=MAX_SKU
                ),
            )
        )
    if fields.barcode is not None:
        try:
            parse_scan(fields.barcode)
        except InvalidBarcode as e:
            errors.append(FieldError("barcode", e.message))
    if not fields.name:
        errors.append(FieldError("name", _("The name is required.")))
    elif len(fields.name) > MAX_NAME:
        errors.append(
            FieldError("name", _("The name is longer than {n} characters.").format(n=MAX_NAME))
        )
    if not fields.unit or len(fields.unit) > 16:
        errors.append(FieldError("unit", _("The unit is required (pcs, toples, paket...).")))
    for name, value in (("price", fields.price), ("cost", fields.cost)):
        if not is_whole(value):
            errors.append(FieldError(name, _("Must be a whole number of rupiah.")))
        elif value < 0:
            errors.append(FieldError(name, _("Cannot be negative.")))
        elif value > MAX_AMOUNT:
            errors.append(FieldError(name, _("The amount is too large.")))
    if not 0 <= fields.low_stock <= MAX_LOW_STOCK:
        errors.append(FieldError("low_stock", _("Must be a whole number, 0 or more.")))
    if fields.shelf_life_days is not None and not 0 < fields.shelf_life_days <= MAX_SHELF_LIFE_DAYS:
        errors.append(
            FieldError(
                "shelf_life_days",
                _("Must be between 1 and {max} days.").format(max=MAX_SHELF_LIFE_DAYS),
            )
        )
    if fields.pirt is not None and len(fields.pirt) > 32:
        errors.append(FieldError("pirt", _("The P-IRT number is too long.")))
    for name in ("category", "workshop"):
        group = getattr(fields, name)
        if group is not None and len(group) > MAX_GROUP_NAME:
            errors.append(
                FieldError(name, _("Longer than {n} characters.").format(n=MAX_GROUP_NAME))
            )
    for name in ("name", "category", "workshop", "unit", "pirt"):
        text = getattr(fields, name)
        if text is not None and has_control_chars(text):
            errors.append(FieldError(name, _("Control characters (such as NUL) are not accepted.")))
    seen: set[str] = set()
    for sku_part, qty in fields.components:
        if sku_part in seen:
            errors.append(
                FieldError("components", _("{sku} is listed twice.").format(sku=sku_part))
            )
        seen.add(sku_part)
        if qty < 1:
            errors.append(FieldError("components", _("Quantities must be at least 1.")))
        if sku_part == fields.sku:
            errors.append(FieldError("components", _("A bundle cannot contain itself.")))
    return errors


def is_gs1(barcode: str | None) -> bool:
    return barcode is not None and parse_scan(barcode).kind is not CodeKind.CODE128


# --- reading cells typed by people ----------------------------------------------------------

TRUE_WORDS = {"1", "y", "ya", "yes", "true", "benar", "aktif", "x", "v"}
FALSE_WORDS = {"0", "n", "t", "tidak", "no", "false", "salah", "nonaktif", "-"}


def parse_bool(value: object, default: bool) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("'{text}' is not yes or no (ya/tidak).").format(text=str(value)[:20]))


def parse_money_cell(value: object) -> int:
    """A price from a spreadsheet cell: an int, a float with no fraction, or text like 30.000."""
    if isinstance(value, bool):
        raise ValueError(_("'{text}' is not an amount of rupiah.").format(text=value))
    if isinstance(value, int):
        if value < 0:
            raise ValueError(_("Cannot be negative."))
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
            raise ValueError(_("'{text}' is not a whole number of rupiah.").format(text=value))
        if value < 0:
            raise ValueError(_("Cannot be negative."))
        return int(value)
    try:
        return parse_rupiah(str(value))
    except InvalidAmount as e:
        raise ValueError(e.message) from e


def parse_int_cell(value: object, minimum: int = 0) -> int:
    if isinstance(value, bool):
        raise ValueError(_("'{text}' is not a whole number.").format(text=value))
    if isinstance(value, float):
        if not value.is_integer():  # also NaN and infinity
            raise ValueError(_("'{text}' is not a whole number.").format(text=value))
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if "." in text and _THOUSANDS.fullmatch(text.lstrip("-")):
            text = text.replace(".", "")  # 1.000 is a thousand in Indonesia
        if not text.lstrip("-").isdigit() or not text.isascii() or len(text) > 30:
            raise ValueError(_("'{text}' is not a whole number.").format(text=str(value)[:20]))
        number = int(text)
    if number < minimum:
        raise ValueError(_("Must be {min} or more.").format(min=minimum))
    return number


def parse_components(text: str) -> tuple[tuple[str, int], ...]:
    """'KK-NAS-500:2; KK-SEM-01' -> (('KK-NAS-500', 2), ('KK-SEM-01', 1))."""
    parts = [p.strip() for p in text.replace(",", ";").split(";") if p.strip()]
    result = []
    for part in parts:
        sku, _sep, qty_text = part.partition(":")
        qty = 1
        if qty_text.strip():
            if not qty_text.strip().isdigit():
                raise ValueError(_("'{text}' is not SKU:quantity.").format(text=part[:30]))
            qty = int(qty_text)
        result.append((sku.strip().upper(), qty))
    return tuple(result)


def format_components(components: tuple[tuple[str, int], ...]) -> str:
    return "; ".join(f"{sku}:{qty}" for sku, qty in components)
