"""`pos report sales --central` adds up to the stands' own day reports and books reports, on
SQLite and PostgreSQL."""

from datetime import date

import pytest
from central_helpers import Stand, central_figures, void_receipt

from pos.core.errors import NotFound
from pos.services import books
from pos.services.auth import system_actor
from pos.services.central_sales import central_sales_report
from pos.services.central_stands import describe_stand, list_stands, stand_codes
from pos.services.consolidate import consolidate, find_exports
from pos.services.sales_report import KEYS as STAND_KEYS
from pos.services.sales_report import ReportRow

DAYS = (date(2026, 11, 2), date(2026, 11, 3), date(2026, 12, 1))
PLACES = {"JBR01": "Palembang", "PLG02": "Palembang", "MRE03": "Muara Enim"}


@pytest.fixture(scope="module")
def region_exports(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Three stands over three days, with voids, refunds, discounts and a void of a sale of
    the day before, exported once for the module; each stand's own day reports."""
    root = tmp_path_factory.mktemp("region")
    reports: dict[str, dict[date, object]] = {}
    books_rows: dict[str, dict[str, list[ReportRow]]] = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        for n, code in enumerate(PLACES):
            stand = Stand(root / "stands", code, monkeypatch)
            for day in DAYS:
                stand.sell_day(day, 2 + n, returns=day == DAYS[1])
                if day == DAYS[2] and code == "JBR01":
                    void_receipt(stand, "JBR01-20261103-0002", day)
                stand.export(day, root / "sticks")
            reports[code] = {day: stand.report(day) for day in DAYS}
            books_rows[code] = {
                by: books.sales_report(stand.db, system_actor(stand.db), DAYS[0], DAYS[-1], by).rows
                for by in STAND_KEYS
            }
            stand.close()
    return root / "sticks", reports, books_rows


@pytest.fixture
def region(central, region_exports):  # type: ignore[no-untyped-def]
    """The region's exports imported into the central database (both engines)."""
    sticks, reports, _books = region_exports
    for code, regency in PLACES.items():
        describe_stand(
            central, code, name=f"Lapak {code}", regency=regency, province="Sumatera Selatan"
        )
    folders, _ = find_exports([sticks])
    assert {o.status for o in consolidate(central, folders)} == {"imported"}
    return reports


def _figures(day_reports) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    return (
        sum(r.sales_count for r in day_reports),
        sum(r.total for r in day_reports),
        sum(r.discount_total for r in day_reports),
        sum(sum(x.total for x in r.refunds) for r in day_reports),
    )


def _row(r) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    return (r.sales_count, r.total, r.discount_total, r.refunds_total)


def test_totals_by_stand_and_day_equal_the_stands_own_reports(central, region) -> None:  # type: ignore[no-untyped-def]
    report = central_figures(central, DAYS[0], DAYS[-1], "stand")
    assert {r.key: _row(r) for r in report.rows} == {
        code: _figures(days.values()) for code, days in region.items()
    }
    everything = [r for days in region.values() for r in days.values()]
    assert _row(report.overall) == _figures(everything)
    assert report.overall.net_total == sum(r.net_total for r in everything)
    # the late void counts as at the stand: its sale is gone from the day it was sold
    assert "JBR01-20261103-0002" not in region["JBR01"][DAYS[1]].receipts
    by_day = central_figures(central, DAYS[0], DAYS[-1], "day", ["JBR01"])
    assert {r.key: _row(r) for r in by_day.rows} == {
        day.isoformat(): _figures([region["JBR01"][day]]) for day in DAYS
    }


def test_method_and_workshop_breakdowns_add_up(central, region) -> None:  # type: ignore[no-untyped-def]
    everything = [r for days in region.values() for r in days.values()]
    methods = central_figures(central, DAYS[0], DAYS[-1], "payment")
    expected: dict[str, int] = {}
    for r in everything:
        for method, amount in r.payments.items():
            expected[method] = expected.get(method, 0) + amount
    assert {r.key: r.total for r in methods.rows} == expected
    workshops = central_figures(central, DAYS[0], DAYS[-1], "workshop")
    assert sum(r.total for r in workshops.rows) == sum(r.total for r in everything)
    assert _row(workshops.overall) == _figures(everything)


def test_filters_by_stand_regency_and_month(central, region) -> None:  # type: ignore[no-untyped-def]
    palembang = stand_codes(central, None, "palembang")
    assert palembang == ["JBR01", "PLG02"]
    report = central_figures(central, DAYS[0], DAYS[-1], "regency", palembang)
    assert [r.key for r in report.rows] == ["Palembang"]
    assert _row(report.overall) == _figures(
        [r for code in palembang for r in region[code].values()]
    )
    months = central_figures(central, DAYS[0], DAYS[-1], "month", ["MRE03"])
    assert {r.key: _row(r) for r in months.rows} == {
        "2026-11": _figures([region["MRE03"][DAYS[0]], region["MRE03"][DAYS[1]]]),
        "2026-12": _figures([region["MRE03"][DAYS[2]]]),
    }
    one_day = central_figures(central, DAYS[1], DAYS[1], "stand", ["PLG02"])
    assert _row(one_day.overall) == _figures([region["PLG02"][DAYS[1]]])
    with pytest.raises(NotFound):
        stand_codes(central, "NOPE", None)
    with pytest.raises(NotFound):
        stand_codes(central, None, "Lahat")


def test_stands_are_listed_with_their_last_day(central, region) -> None:  # type: ignore[no-untyped-def]
    rows = {r.code: r for r in list_stands(central)}
    assert sorted(rows) == ["JBR01", "MRE03", "PLG02"]
    jbr = rows["JBR01"]
    assert (jbr.name, jbr.regency, jbr.province) == ("Lapak JBR01", "Palembang", "Sumatera Selatan")
    assert (jbr.days, jbr.first_day, jbr.last_day) == (3, DAYS[0], DAYS[-1])
    describe_stand(central, "JBR01", prison="Lapas Perempuan Palembang")
    again = {r.code: r for r in list_stands(central)}["JBR01"]
    assert (again.name, again.prison) == ("Lapak JBR01", "Lapas Perempuan Palembang")


def test_the_books_sales_report_across_stands_adds_up_the_stands_own(
    central, region, region_exports
) -> None:  # type: ignore[no-untyped-def]
    """`pos report sales --central`: each key's figures are the sum of the stands' own."""
    _sticks, _reports, books_rows = region_exports
    with central.reading() as conn:
        for by in STAND_KEYS:
            expected: dict[str, list[int]] = {}
            for rows in (books_rows[code][by] for code in PLACES):
                for r in rows:
                    figures = [r.sales, r.qty, r.gross, r.discount, r.refunds, r.net, r.cost]
                    have = expected.setdefault(r.key, [0] * 7)
                    expected[r.key] = [a + b for a, b in zip(have, figures, strict=True)]
            got = {
                r.key: [r.sales, r.qty, r.gross, r.discount, r.refunds, r.net, r.cost]
                for r in central_sales_report(conn, DAYS[0], DAYS[-1], by)
            }
            assert got == expected, by
        palembang = central_sales_report(conn, DAYS[0], DAYS[-1], "regency", ["JBR01", "PLG02"])
    assert [r.key for r in palembang] == ["Palembang"]
    assert palembang[0].net == sum(
        r.net for code in ("JBR01", "PLG02") for r in books_rows[code]["stand"]
    )
