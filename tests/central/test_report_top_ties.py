"""Keys with exactly the same net at the top rows' boundary: the regional report picks the same
top rows on both engines, whatever the PostgreSQL database's collation. Ties go by the key as
Python orders str (by code point: "Zebra" before "alpha"), goods without a category ("") first,
as report_query.ordered() has them; an ICU or en_US database would put "alpha" first."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pos.core.cart import Cart
from pos.core.product import ProductFields
from pos.services import products, report_near, sales
from pos.services.auth import system_actor
from pos.services.central_db import CentralDb, open_central
from pos.services.central_sales import CENTRAL
from pos.services.consolidate import consolidate
from pos.services.report_query import ordered, report_rows
from pos.services.report_top import top_rows

DAY = date(2025, 3, 11)
# The top rows come from the documents (a few days), from one kept piece (a month, a year),
# or from the kept year and the days around it (report_near).
SPANS = {
    "days": (date(2025, 3, 10), date(2025, 3, 12)),
    "month": (date(2025, 3, 1), date(2025, 3, 31)),
    "year": (date(2025, 1, 1), date(2025, 12, 31)),
    "near": (date(2025, 1, 10), date(2025, 12, 31)),
}
# Ordered by code point, capitals come before small letters; in most collations after them.
# Enough small ones that the few capitals fall past the 64 rows report_near reads beyond the top.
CATEGORIES = ["Xeno", "Yak", "Zulu", *(f"kat {n:02d}" for n in range(70)), None]
TOP = 3


@pytest.fixture(params=["sqlite", "postgresql", "postgresql-icu"])
def tie_central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CentralDb]:
    if request.param == "sqlite":
        url = str(tmp_path / "office" / "central.db")
    elif request.param == "postgresql":
        url = str(request.getfixturevalue("postgres_url"))
    else:
        url = _icu_database(request.getfixturevalue("postgres_server_url"), "t_top_ties_icu")
    db = open_central(url)
    yield db
    db.close()


def _icu_database(server_url: str, name: str) -> str:
    """A database ordering text by ICU's root collation, as an office's might."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            try:
                conn.execute(
                    text(
                        f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
                        "LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'und'"
                    )
                )
            except DBAPIError as e:
                pytest.skip(f"this PostgreSQL has no ICU collations: {e.orig}")
    finally:
        admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _sell_ties(stand: Any) -> None:
    """One sale of a product per category, each at the same price: every category's net ties."""
    actor = system_actor(stand.db)
    cart = Cart()
    for n, category in enumerate(CATEGORIES):
        fields = ProductFields(f"TIE-{n:03d}", f"Barang {n}", 10_000, category=category)
        product_id = products.save_product(stand.db, actor, fields, create_missing=True)
        cart.add(product_id, fields.sku, fields.name, fields.price)
    stand.on(DAY)
    sales.checkout_cash(stand.db, stand.kasir, cart, 10_000 * len(CATEGORIES))


def _top_is_the_head_of_the_full_list(central: CentralDb, name: str) -> None:
    span = SPANS[name]
    with central.reading() as conn:
        full = ordered(
            [row for _d, row in report_rows(conn, CENTRAL, span, "category")], "category"
        )
        rows, others = top_rows(conn, CENTRAL, span, "category", None, TOP)
    assert [r.key for r in full[:TOP]] == ["", "Xeno", "Yak"], name
    assert len({r.net for r in full}) == 1 and len(full) == len(CATEGORIES), name
    assert rows == full[:TOP], name
    assert others is not None and others.net == sum(r.net for r in full[TOP:]), name


def _import_ties(central: CentralDb, make_stand: Any, tmp_path: Path) -> None:
    stand = make_stand("JBR01")
    _sell_ties(stand)
    done = consolidate(central, [stand.export(DAY, tmp_path)])
    assert [o.status for o in done] == ["imported"]


def test_tied_keys_at_the_boundary_are_the_same_on_both_engines(  # type: ignore[no-untyped-def]
    tie_central, make_stand, tmp_path: Path
) -> None:
    _import_ties(tie_central, make_stand, tmp_path)
    for name in ("days", "month", "year"):
        _top_is_the_head_of_the_full_list(tie_central, name)


def test_tied_keys_near_a_kept_year_are_the_same_on_both_engines(  # type: ignore[no-untyped-def]
    tie_central, make_stand, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(report_near, "MANY_KEYS", 1)  # a few categories take the year's way
    _import_ties(tie_central, make_stand, tmp_path)
    with tie_central.reading() as conn:
        assert report_near.near_top(conn, CENTRAL, SPANS["near"], "category", None, TOP)
    _top_is_the_head_of_the_full_list(tie_central, "near")
