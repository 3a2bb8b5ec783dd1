"""The Z report lists the sales still parked when the shift closed (money not taken): how many,
their total and who parked them, with a warning; the same whenever the Z report is made again."""

from pdfs import layout_text
from sale_helpers import actor, cart_of, last_detail, tamper

from pos.printing.shift_report import report_rows
from pos.services import parking, reports, shifts


def test_the_z_report_lists_and_warns_of_sales_still_parked_at_closing(demo_db) -> None:  # type: ignore[no-untyped-def]
    sari, budi = actor(demo_db, "Sari"), actor(demo_db, "Budi")
    shifts.open_shift(demo_db, sari, 0)
    gone = parking.park(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), "diambil lagi")
    parking.recall(demo_db, sari, gone.id)  # finished before the close: not waiting
    sales_cart = parking.park(demo_db, budi, cart_of(demo_db, "KK-NAS-500"), "Ibu merah")
    parking.park(demo_db, sari, cart_of(demo_db, "MK-TMP-01", "MK-TMP-01"), "7")
    waiting = sales_cart.total + 2 * cart_of(demo_db, "MK-TMP-01").total
    shift_id = shifts.current_shift(demo_db).shift_id  # type: ignore[union-attr]
    closed = shifts.close_shift(demo_db, sari, total=0)

    assert [(p.label, p.user) for p in closed.parked] == [("Ibu merah", "Budi"), ("7", "Sari")]
    assert sum(p.total for p in closed.parked) == waiting
    assert last_detail(demo_db.path, "shift_close")["parked"] == 2
    assert last_detail(demo_db.path, "shift_close")["parked_total"] == waiting

    # Made again later (the day's export, a reprint): the same list, though one was since
    # recalled and a new one parked in the next shift.
    shifts.open_shift(demo_db, sari, 0)
    first = parking.list_parked(demo_db)[0]
    parking.recall(demo_db, sari, first.id)
    parking.park(demo_db, sari, cart_of(demo_db, "KK-NAS-500"), "besok")
    again = shifts.summary(demo_db, shift_id)
    assert again.parked == closed.parked

    rows = report_rows(again, "Lapak", again.closed_at)  # type: ignore[arg-type]
    texts = [f"{r.left} {r.right}" for r in rows]
    assert any("Diparkir" in t and "(2)" in t for t in texts)
    assert any("PERINGATAN" in t for t in texts)
    pdf = layout_text(reports.shift_report(demo_db, again).pdf())
    assert "PERINGATAN" in pdf and "Ibu merah" in pdf and "Budi" in pdf


def test_a_z_report_with_nothing_parked_has_no_warning(demo_db) -> None:  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 0)
    closed = shifts.close_shift(demo_db, sari, total=0)
    assert closed.parked == []
    rows = report_rows(closed, "Lapak", closed.closed_at)  # type: ignore[arg-type]
    assert not any("PERINGATAN" in r.left for r in rows)
    assert last_detail(demo_db.path, "shift_close")["parked"] == 0


def test_a_shift_closed_before_the_list_was_kept_works_it_out_from_the_times(demo_db) -> None:  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 0)
    parking.park(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), "lama")
    closed = shifts.close_shift(demo_db, sari, total=0)
    tamper(demo_db, "UPDATE shifts SET parked_at_close = NULL")  # as an upgraded database has
    assert [p.label for p in shifts.summary(demo_db, closed.shift_id).parked] == ["lama"]
