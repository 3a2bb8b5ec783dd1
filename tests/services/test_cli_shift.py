"""`pos shift open|status|close|z`: the same service and permissions as the cashier app, the
float bounded, the X and Z reports as text and JSON (sales still parked at the close included)."""

import json

import pytest
from sale_helpers import actor, cart_of

from pos.cli import main
from pos.services import audit, parking, shifts


def _pos(db, capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(["--db", str(db.path), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_open_status_close_and_the_z_report_again(demo_db, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = _pos(demo_db, capsys, "shift", "status")
    assert (code, out.strip()) == (0, "Tidak ada shift yang terbuka.")
    code, out, _err = _pos(demo_db, capsys, "shift", "open", "--float", "Rp200.000")
    assert code == 0 and "Rp200.000" in out
    opened = shifts.current_shift(demo_db)
    assert opened is not None and (opened.opening_float, opened.opened_by) == (200_000, "Admin")
    code, _out, err = _pos(demo_db, capsys, "shift", "open", "--float", "5")
    assert code == 1 and "shift yang terbuka" in err

    sari = actor(demo_db, "Sari")
    parking.park(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), "Pak RT")
    code, out, _err = _pos(demo_db, capsys, "shift", "status")
    assert code == 0 and "LAPORAN X" in out and "Pak RT" in out

    code, out, err = _pos(demo_db, capsys, "shift", "close", "--counted", "190000", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["z_number"], data["counted_cash"], data["difference"]) == (1, 190_000, -10_000)
    assert (data["parked_count"], data["parked"][0]["user"]) == (1, "Sari")
    assert "Z-DEMO-0001.pdf" in err
    assert (demo_db.path.parent / "reports" / "Z-DEMO-0001.pdf").exists()

    code, out, _err = _pos(demo_db, capsys, "shift", "z", "1")
    assert code == 0 and "PERINGATAN" in out and "Pak RT" in out
    code, _out, err = _pos(demo_db, capsys, "shift", "z", "7")
    assert code == 1 and "7" in err
    code, out, _err = _pos(demo_db, capsys, "shift", "status", "--json")
    assert json.loads(out) == {"open": False, "last_z": 1}
    assert audit.verify(demo_db).ok


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("20000000", "paling banyak Rp10.000.000"),
        ("-5", "negatif"),
        ("abc", "bukan nominal rupiah"),
        ("1e6", "bukan nominal rupiah"),
        ("99999999999999999", "terlalu besar"),
    ],
)
def test_a_float_out_of_bounds_is_refused_and_opens_nothing(demo_db, capsys, value, words) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = _pos(demo_db, capsys, "shift", "open", f"--float={value}")
    assert code == 1 and words in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1
    assert shifts.current_shift(demo_db) is None


def test_closing_with_no_shift_open_says_so(demo_db, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = _pos(demo_db, capsys, "shift", "close", "--counted", "0")
    assert code == 1 and "tidak ada shift" in err.lower()


def test_the_service_bounds_the_float_for_every_caller(demo_db) -> None:  # type: ignore[no-untyped-def]
    from pos.core.errors import InvalidAmount

    with pytest.raises(InvalidAmount):
        shifts.open_shift(demo_db, actor(demo_db, "Sari"), shifts.MAX_FLOAT + 1)
    assert shifts.open_shift(demo_db, actor(demo_db, "Sari"), shifts.MAX_FLOAT) > 0
