"""Finding products at the counter: by scanned code, by name fragments; listing the catalog."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy import text as text_clause

from pos.core.barcodes import parse_scan
from pos.core.errors import UnknownProduct
from pos.core.text import search_key
from pos.db.models import Category, Product, Workshop
from pos.db.session import Database
from pos.i18n import _
from pos.services.products import stock_levels

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class ProductInfo:
    """A product as the till and the catalog lists show it, with its stock."""

    id: int
    sku: str
    barcode: str | None
    name: str
    unit: str
    price: int
    track_stock: bool
    stock: int | None = None  # None when not looked up
    category: str | None = None
    workshop: str | None = None
    active: bool = True


_COLUMNS = (
    Product.id,
    Product.sku,
    Product.barcode,
    Product.name,
    Product.unit,
    Product.price,
    Product.track_stock,
)


def _info(row: Any, stock: int | None = None) -> ProductInfo:
    """A ProductInfo from a row selected with _COLUMNS (and optionally category, workshop)."""
    mapping = row._mapping
    return ProductInfo(
        id=int(row.id),
        sku=str(row.sku),
        barcode=row.barcode,
        name=str(row.name),
        unit=str(row.unit),
        price=int(row.price),
        track_stock=bool(row.track_stock),
        stock=stock,
        category=mapping.get("category"),
        workshop=mapping.get("workshop"),
        active=bool(mapping.get("active", True)),
    )


def find_by_code(db: Database, text: str) -> ProductInfo:
    """The active product a scanned code or typed SKU stands for, or UnknownProduct."""
    code = parse_scan(text)
    keys = code.lookup_keys()
    with db.Session() as session:
        rows = session.execute(
            select(*_COLUMNS, Product.active).where(
                or_(Product.barcode.in_(keys), Product.sku == code.value)
            )
        ).all()
        if not rows and code.value != code.value.upper():
            rows = session.execute(
                select(*_COLUMNS, Product.active).where(Product.sku == code.value.upper())
            ).all()
    if not rows:
        raise UnknownProduct(_("No product has the code {code}.").format(code=code.value))
    # A barcode match wins over an SKU that happens to look the same.
    row = min(rows, key=lambda r: r.barcode not in keys)
    if not row.active:
        raise UnknownProduct(
            _("{name} ({code}) is no longer sold.").format(name=row.name, code=code.value)
        )
    return _info(row)


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _listing(include_inactive: bool) -> Select[*tuple[Any, ...]]:
    """Products as lists show them, with category and workshop names (the active ones only)."""
    query = (
        select(
            *_COLUMNS,
            Product.active,
            Category.name.label("category"),
            Workshop.name.label("workshop"),
        )
        .outerjoin(Category, Product.category_id == Category.id)
        .outerjoin(Workshop, Product.workshop_id == Workshop.id)
    )
    return query if include_inactive else query.where(Product.active.is_(True))


def search(
    db: Database, text: str, limit: int = SEARCH_LIMIT, include_inactive: bool = False
) -> list[ProductInfo]:
    """Active products whose name or SKU holds every word fragment typed, with their stock.

    Fragments of three letters or more go through the trigram index (a few ms over 100k
    products); shorter ones are checked with LIKE on what the index found, or alone.
    """
    words = search_key(text).split()
    if not words and not include_inactive:
        return []
    long_words = [w for w in words if len(w) >= 3]
    short_words = [w for w in words if len(w) < 3]
    query = _listing(include_inactive)
    for word in short_words:
        query = query.where(Product.search_text.contains(word, autoescape=True))
    if long_words:
        match = " AND ".join(_fts_phrase(w) for w in long_words)
        query = query.where(
            Product.id.in_(text_clause("SELECT rowid FROM product_fts WHERE product_fts MATCH :m"))
        ).params(m=match)
        query = query.order_by(Product.name)
    elif not words:
        query = query.order_by(Product.sku)  # the unique index on sku keeps this cheap
    # With only one- or two-letter fragments, ordering would sort the whole catalog: the
    # first matches in table order come back at once, and the list narrows as they type.
    with db.Session() as session:
        rows = session.execute(query.limit(limit)).all()
        stock = stock_levels(session, [int(r.id) for r in rows])
    return [_info(r, stock.get(int(r.id), 0)) for r in rows]


def list_products(db: Database, include_inactive: bool = False) -> list[ProductInfo]:
    """The whole catalog with stock on hand, ordered by SKU."""
    with db.Session() as session:
        stock = stock_levels(session)
        rows = session.execute(_listing(include_inactive).order_by(Product.sku)).all()
    return [_info(r, stock.get(int(r.id), 0)) for r in rows]


def product_count(db: Database) -> int:
    with db.Session() as session:
        return int(session.execute(select(func.count(Product.id))).scalar_one())
