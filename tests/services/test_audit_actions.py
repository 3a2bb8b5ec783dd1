"""Stock movements, catalog and price changes and exports write the audit chain."""

from dataclasses import replace
from datetime import date
from pathlib import Path

from pos.services import audit, audit_verify, products, stock
from pos.services.export import export_day


def _actions(db) -> list[tuple[str, dict]]:  # type: ignore[no-untyped-def,type-arg]
    return [(r.action, r.detail) for r in audit_verify.list_entries(db)]


def test_stock_movements_are_audited(demo_db, supervisor) -> None:  # type: ignore[no-untyped-def]
    pid = products.product_id_by_sku(demo_db, "KK-NAS-500")
    before = len(_actions(demo_db))
    doc = stock.receive(demo_db, supervisor, None, [stock.StockLine(pid, 7)])
    adjusted = stock.adjust(demo_db, supervisor, pid, -2, "rusak")
    stock.count(demo_db, supervisor, {pid: 1})
    entries = _actions(demo_db)[before:]
    # Each entry also covers the movements it wrote (audit_moves): one each here, ids in a row.
    spans = [detail.pop("moves") for _action, detail in entries]
    assert [len(digests) // audit.MOVE_DIGEST for _low, digests in spans] == [1, 1, 1]
    assert [low for low, _digests in spans] == [spans[0][0] + n for n in range(3)]
    assert entries == [
        ("stock_receive", {"doc": doc, "lines": 1, "units": 7}),
        ("stock_adjust", {"doc": adjusted, "product": pid, "qty": -2, "reason": "rusak"}),
        ("stock_count", {"doc": adjusted + 1, "counted": 1, "differences": 1}),
    ]
    assert audit.verify(demo_db).ok


def test_catalog_and_price_changes_are_audited(demo_db, supervisor) -> None:  # type: ignore[no-untyped-def]
    pid = products.product_id_by_sku(demo_db, "KK-NAS-500")
    fields = products.get_product(demo_db, pid).fields
    before = len(_actions(demo_db))
    products.save_product(demo_db, supervisor, replace(fields, price=70_000), pid)
    products.set_active(demo_db, supervisor, pid, False)
    (edit, active) = _actions(demo_db)[before:]
    assert edit == (
        "product_edit",
        {"product": pid, "sku": "KK-NAS-500", "price": 70_000, "old_price": 65_000},
    )
    assert active == ("product_active", {"product": pid, "sku": "KK-NAS-500", "active": False})
    assert audit.verify(demo_db).ok


def test_an_export_is_audited(demo_db, cashier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = export_day(demo_db, cashier, date(2020, 1, 1), tmp_path)
    action, detail = _actions(demo_db)[-1]
    assert action == "export"
    assert detail == {"day": "2020-01-01", "folder": result.folder.name, "sales": 0}
    assert audit.verify(demo_db).ok
