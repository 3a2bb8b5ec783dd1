"""The books on a month worked out by hand (books_data.py): reports, recaps for both bases
with a split changed mid-month, refunds and discounts, agreement with the day and Z reports."""

from datetime import date

import pytest
from books_data import BASE_TOTAL, NOVEMBER, SHARES, TOTALS, WORKSHOPS, november
from sale_helpers import actor

from pos.core.errors import NotFound, PermissionDenied
from pos.core.revenue_split import InvalidSplit, parse_share
from pos.services import books, recaps, reports, shifts, splits
from pos.services.sales_report import KEYS, sales_report


@pytest.fixture
def month(demo_db, monkeypatch):  # type: ignore[no-untyped-def]
    november(demo_db, monkeypatch)
    return demo_db


def _report(db, by: str, start: date = NOVEMBER[0], end: date = NOVEMBER[1]):  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return sales_report(conn, start, end, by)


def test_totals_are_net_of_voids_and_refunds_with_discounts_shown(month) -> None:  # type: ignore[no-untyped-def]
    total = books.sales_report(month, actor(month, "Admin"), *NOVEMBER, "product").total
    assert {k: getattr(total, k) for k in TOTALS} == TOTALS
    assert total.profit == TOTALS["net"] - TOTALS["cost"]


@pytest.mark.parametrize("by", KEYS)
def test_every_breakdown_adds_up_to_the_same_totals(month, by: str) -> None:  # type: ignore[no-untyped-def]
    rows = _report(month, by)
    assert sum(r.net for r in rows) == TOTALS["net"]
    assert sum(r.refunds for r in rows) == TOTALS["refunds"]
    # By payment too: each sale is shared among its payments in whole rupiah.
    assert sum(r.cost for r in rows) == TOTALS["cost"]
    assert sum(r.gross for r in rows) == TOTALS["gross"]


def test_breakdowns_by_product_payment_workshop_and_day(month) -> None:  # type: ignore[no-untyped-def]
    products = {r.key: r for r in _report(month, "product")}
    nastar = products["KK-NAS-500"]
    assert (nastar.qty, nastar.gross, nastar.refunds, nastar.net, nastar.cost) == (
        1,
        130_000,
        65_000,
        65_000,
        38_000,
    )
    kursi = products["MB-KRS-JTI"]
    assert (kursi.discount, kursi.net, kursi.profit) == (984, 849_016, 329_016)
    assert "KY-GNT-01" not in products  # voided
    assert {r.key: r.net for r in _report(month, "payment")} == {
        "tunai": 205_000 + 863_999 - 65_000,
        "qris": 124_999,
    }
    shops = {r.key: r.profit for r in _report(month, "workshop")}
    assert shops["Meubeler"] == 329_016 and shops["Menjahit"] == 124_999 - 70_000
    days = [(r.key, r.net) for r in _report(month, "day")]
    assert days == [("2026-11-02", 205_000), ("2026-11-10", 863_999), ("2026-11-20", 59_999)]
    assert [r.key for r in _report(month, "hour")] == ["10", "11", "14"]
    cashiers = {r.key: r.sales for r in _report(month, "cashier")}
    assert cashiers == {"Sari": 2, "Pak Joko": 1}


def test_reports_agree_with_the_day_reports_and_the_z_report(month) -> None:  # type: ignore[no-untyped-def]
    for row in _report(month, "day"):
        day = date.fromisoformat(row.key)
        day_report = reports.day_report(month, day)
        assert day_report.net_total == row.net
        assert day_report.discount_total == row.discount
        assert sum(r.total for r in day_report.refunds) == row.refunds
    summary = shifts.close_shift(month, actor(month, "Sari"), total=0)
    z_net = summary.sales_total - summary.refunds_total
    assert z_net == TOTALS["net"]
    assert summary.discount_total == TOTALS["discount"]
    by_method = {r.key: r.net for r in _report(month, "payment")}
    refunded = summary.refunds_by_method
    assert {m: summary.payments[m] - refunded.get(m, 0) for m in summary.payments} == by_method


def test_recap_of_a_month_with_the_split_changed_mid_month(month) -> None:  # type: ignore[no-untyped-def]
    doc = recaps.create_recap(month, actor(month, "Pak Joko"), *NOVEMBER)
    assert doc.recap_no == "DEMO-K2026-0001"
    data = doc.data
    assert data["base"] == "profit+sales"
    assert data["base_total"] == BASE_TOTAL
    assert data["shares"] == SHARES
    assert sum(SHARES.values()) == BASE_TOTAL  # never lost, never created
    got = {w["name"]: (w["base_total"], w["shares"]) for w in data["workshops"]}
    assert got == WORKSHOPS
    assert data["net"] == TOTALS["net"] and data["profit"] == TOTALS["net"] - TOTALS["cost"]
    assert data["sales_count"] == 3 + 0  # S1, S2, S3; the voided S4 counts nowhere


def test_recap_on_one_base_only(month) -> None:  # type: ignore[no-untyped-def]
    first_half = recaps.create_recap(
        month, actor(month, "Admin"), date(2026, 11, 1), date(2026, 11, 14)
    )
    assert first_half.data["base"] == "profit"
    assert first_half.data["shares"] == {
        "premi": 164_508 + 29_991 + 17_500,
        "PNBP": 49_353 + 8_998 + 5_250,
        "modal": 115_155 + 20_994 + 12_250,
    }
    second = recaps.create_recap(
        month, actor(month, "Admin"), date(2026, 11, 15), date(2026, 11, 30)
    )
    assert second.data["base"] == "sales"
    assert second.data["base_total"] == 124_999 - 65_000
    assert second.data["shares"] == {
        "PNBP": 62_499 - 32_500,
        "premi": 43_749 - 22_750,
        "programme": 18_751 - 9_750,
    }


def test_a_recap_is_frozen_and_a_correction_refers_to_it(month) -> None:  # type: ignore[no-untyped-def]
    admin = actor(month, "Admin")
    first = recaps.create_recap(month, admin, *NOVEMBER)
    again = recaps.create_recap(month, admin, *NOVEMBER)
    assert again.recap_no == "DEMO-K2026-0002" and again.corrects == first.recap_no
    shown = recaps.find_recap(month, admin, first.recap_no.lower())
    assert shown.data == first.data and shown.corrects is None
    assert [d.recap_no for d in recaps.list_recaps(month, admin)] == [
        first.recap_no,
        again.recap_no,
    ]
    with pytest.raises(NotFound):
        recaps.find_recap(month, admin, "DEMO-K2026-0099")


def test_a_split_cannot_reach_into_a_recapped_period(month) -> None:  # type: ignore[no-untyped-def]
    admin = actor(month, "Admin")
    recaps.create_recap(month, admin, date(2026, 11, 1), date(2026, 11, 14))
    shares = [parse_share("a=60"), parse_share("b=40")]
    with pytest.raises(InvalidSplit, match="2026-11-15"):
        splits.set_split(month, admin, date(2026, 11, 10), "sales", shares)
    with pytest.raises(InvalidSplit):
        splits.set_split(month, admin, date(2026, 11, 14), "sales", shares)
    done = splits.set_split(month, admin, date(2026, 11, 15), "sales", shares)
    assert done.remainder_to == "a"


def test_a_recap_needs_a_split_in_force(demo_db) -> None:  # type: ignore[no-untyped-def]
    admin = actor(demo_db, "Admin")
    with pytest.raises(recaps.RecapProblem):
        recaps.create_recap(demo_db, admin, date(2026, 1, 1), date(2026, 1, 31))


def test_an_empty_recap_says_so(demo_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from books_data import set_splits

    set_splits(demo_db)
    doc = recaps.create_recap(
        demo_db, actor(demo_db, "Admin"), date(2026, 11, 1), date(2026, 11, 5)
    )
    assert doc.data["empty"] and doc.data["base_total"] == 0
    assert doc.data["shares"] == {"premi": 0, "PNBP": 0, "modal": 0}
    assert "empty" in books.recap_text(doc) or "kosong" in books.recap_text(doc)


def test_bad_periods_are_refused(demo_db) -> None:  # type: ignore[no-untyped-def]
    admin = actor(demo_db, "Admin")
    with pytest.raises(recaps.RecapProblem):
        recaps.create_recap(demo_db, admin, date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(recaps.RecapProblem):
        recaps.create_recap(demo_db, admin, date(2026, 1, 1), date(2099, 1, 1))
    with pytest.raises(books.ReportProblem):
        books.sales_report(demo_db, admin, date(2026, 2, 1), date(2026, 1, 1), "day")


def test_cashiers_may_not_read_or_keep_the_books(demo_db) -> None:  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    with pytest.raises(PermissionDenied):
        books.sales_report(demo_db, sari, *NOVEMBER, "day")
    with pytest.raises(PermissionDenied):
        recaps.create_recap(demo_db, sari, *NOVEMBER)
    with pytest.raises(PermissionDenied):
        splits.set_split(demo_db, sari, date(2026, 1, 1), "sales", [parse_share("a=100")])


def test_previous_period_and_comparison(month) -> None:  # type: ignore[no-untyped-def]
    assert books.previous_range(date(2026, 11, 1), date(2026, 11, 30)) == (
        date(2026, 10, 1),
        date(2026, 10, 31),
    )
    assert books.previous_range(date(2026, 3, 1), date(2026, 3, 31)) == (
        date(2026, 2, 1),
        date(2026, 2, 28),
    )
    assert books.previous_range(date(2026, 11, 20), date(2026, 11, 20)) == (
        date(2026, 11, 19),
        date(2026, 11, 19),
    )
    report = books.sales_report(
        month, actor(month, "Admin"), date(2026, 11, 11), date(2026, 11, 20), "day", compare=True
    )
    assert report.previous == (date(2026, 11, 1), date(2026, 11, 10))
    assert report.previous_total is not None
    assert report.previous_total.net == 205_000 + 863_999
    assert report.total.net == 59_999


def test_deposits_against_a_recap(month) -> None:  # type: ignore[no-untyped-def]
    from pos.core.treasury import InvalidDeposit
    from pos.services import deposits

    admin = actor(month, "Admin")
    doc = recaps.create_recap(month, admin, *NOVEMBER)
    done = deposits.add_deposit(
        month,
        admin,
        doc.recap_no,
        "820123456789012",
        "0a1b2c3d4e5f6g7h",
        " BRI ",
        date(2026, 11, 30),
        40_000,
    )
    assert (done.owed, done.deposited, done.warning) == (SHARES["PNBP"], 40_000, None)
    assert done.deposit.ntpn == "0A1B2C3D4E5F6G7H" and done.deposit.bank == "BRI"
    for bad in (
        dict(billing="82012345678901", ntpn_text="0A1B2C3D4E5F6G7X"),  # 14 digits
        dict(billing="820123456789012", ntpn_text="0A1B2C3D4E5F6G7H"),  # the same NTPN again
        dict(billing="820123456789012", ntpn_text="0A1B2C3D4E5F6G7"),  # 15 characters
        dict(billing="820123456789012", ntpn_text="0A1B2C3D4E5F6G7X", bank="=HYPERLINK(1)"),
        dict(billing="820123456789012", ntpn_text="0A1B2C3D4E5F6G7X", day=date(2026, 12, 5)),
        dict(billing="820123456789012", ntpn_text="0A1B2C3D4E5F6G7X", amount=0),
    ):
        args = {"bank": "BRI", "day": date(2026, 11, 30), "amount": 1, **bad}
        with pytest.raises(InvalidDeposit):
            deposits.add_deposit(month, admin, doc.recap_no, **args)  # type: ignore[arg-type]
    over = deposits.add_deposit(
        month,
        admin,
        doc.recap_no,
        "820123456789012",
        "0A1B2C3D4E5F6G7X",
        "BNI",
        date(2026, 11, 30),
        SHARES["PNBP"],
    )
    assert over.warning is not None and "Rp40.000" in over.warning
    assert len(deposits.list_deposits(month, admin)) == 2
    status = deposits.set_target(month, admin, 2026, 1_000_000)
    assert (status.target, status.owed, status.deposited) == (
        1_000_000,
        SHARES["PNBP"],
        SHARES["PNBP"] + 40_000,
    )
    # A correction of the recap owes for the period instead of the first.
    recaps.create_recap(month, admin, *NOVEMBER)
    assert deposits.get_target(month, admin, 2026).owed == SHARES["PNBP"]


def test_recaps_deposits_and_target_are_in_the_day_export(month, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv
    import json

    from pos.services import deposits, export

    admin = actor(month, "Admin")
    doc = recaps.create_recap(month, admin, *NOVEMBER)
    deposits.add_deposit(
        month,
        admin,
        doc.recap_no,
        "820123456789012",
        "0A1B2C3D4E5F6G7H",
        "BRI",
        date(2026, 11, 30),
        40_000,
    )
    deposits.set_target(month, admin, 2026, 1_000_000)
    result = export.export_day(month, admin, date(2026, 11, 20), tmp_path)
    with (result.folder / "recaps.csv").open(encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert row["recap_no"] == doc.recap_no and int(row["base_total"]) == BASE_TOTAL
    assert json.loads(row["shares"]) == SHARES
    with (result.folder / "recap_shares.csv").open(encoding="utf-8") as f:
        shares = list(csv.DictReader(f))
    assert sum(int(s["amount"]) for s in shares) == BASE_TOTAL
    with (result.folder / "deposits.csv").open(encoding="utf-8") as f:
        assert [r["ntpn"] for r in csv.DictReader(f)] == ["0A1B2C3D4E5F6G7H"]
    with (result.folder / "pnbp_targets.csv").open(encoding="utf-8") as f:
        (target,) = list(csv.DictReader(f))
    assert (target["year"], target["target"], target["deposited"]) == ("2026", "1000000", "40000")
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["recaps"] == 1 and manifest["counts"]["deposits"] == 1


def test_each_sale_keeps_its_lines_sums_as_they_are_written(month) -> None:  # type: ignore[no-untyped-def]
    with month.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT s.qty, s.gross, s.cost, s.total, "
            "(SELECT SUM(qty * unit_price) FROM sale_lines WHERE sale_id = s.id) "
            "FROM sales s ORDER BY s.id"
        ).all()
    # S1, S2 (the kursi and three tempe), S3, and the voided S4 (its sums stay: a void is
    # a document of its own).
    assert [tuple(r[:4]) for r in rows] == [
        (3, 205_000, 116_000, 205_000),
        (4, 865_000, 529_000, 863_999),
        (1, 125_000, 70_000, 124_999),
        (1, 10_000, 4_000, 10_000),
    ]
    assert all(r[1] == r[4] for r in rows)


def test_an_empty_period_has_no_rows_for_any_key(month) -> None:  # type: ignore[no-untyped-def]
    for by in KEYS:
        assert _report(month, by, date(2026, 10, 1), date(2026, 10, 31)) == [], by


@pytest.mark.parametrize("by", KEYS)
def test_report_queries_compile_for_postgresql(by: str) -> None:
    """The regional office runs the same queries on PostgreSQL: nothing SQLite-only."""
    from sqlalchemy.dialects import postgresql

    from pos.services.report_query import report_query
    from pos.services.sales_report import STAND

    for per_day in (False, True):
        query = report_query(STAND, NOVEMBER, by, ["DEMO"], per_day)
        sql = str(query.compile(dialect=postgresql.dialect()))
        assert "strftime" not in sql.lower()
        if by == "hour":
            assert "EXTRACT(hour" in sql


def test_report_exports_xlsx_and_pdf_with_the_figures(month) -> None:  # type: ignore[no-untyped-def]
    import io

    import openpyxl
    import pypdfium2 as pdfium

    admin = actor(month, "Admin")
    report = books.sales_report(month, admin, *NOVEMBER, "payment", compare=True)
    data = books.chart_data(month, admin, *NOVEMBER)
    book = openpyxl.load_workbook(io.BytesIO(books.report_xlsx(report, data.stock)))
    assert book.sheetnames == ["Penjualan", "Periode sebelumnya", "Nilai stok"]
    rows = list(book["Penjualan"].iter_rows(values_only=True))
    assert rows[0][0] == "Cara bayar" and rows[-1][0] == "Total"
    assert rows[-1][6] == TOTALS["net"]  # key, sales, qty, gross, discount, refunds, net
    assert {r[0]: r[6] for r in rows[1:-1]} == {"Tunai": 1_003_999, "QRIS": 124_999}
    pdf = pdfium.PdfDocument(books.report_pdf(month, report, data))
    text = "".join(pdf[n].get_textpage().get_text_range() for n in range(len(pdf)))
    for expected in ("Laporan penjualan", "1.128.998", "Komposisi cara bayar", "Produk terlaris"):
        assert expected in text


def test_premi_follows_the_workshop_at_sale_time(month) -> None:  # type: ignore[no-untyped-def]
    from pos.services import products

    admin = actor(month, "Admin")
    from dataclasses import replace

    rehal_id = products.product_id_by_sku(month, "KY-RHL-01")
    moved = replace(products.get_product(month, rehal_id).fields, workshop="Tata Boga")
    products.save_product(month, admin, moved, rehal_id)
    assert products.get_product(month, rehal_id).fields.workshop == "Tata Boga"
    shops = {r.key: r.net for r in _report(month, "workshop")}
    assert shops["Kerajinan Kayu"] == 75_000  # sold while Kerajinan Kayu made it
    doc = recaps.create_recap(month, admin, *NOVEMBER)
    assert {w["name"]: w["base_total"] for w in doc.data["workshops"]}["Kerajinan Kayu"] == 35_000
