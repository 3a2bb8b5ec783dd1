"""`pos split --central` and `pos recap new|list|show --central`: the recap across stands is the
sum of the stands' own recaps, on SQLite and PostgreSQL; the office's recaps are numbered
documents of the central database, in 64-bit rupiah."""

import json
import re
from datetime import date

import pytest
from central_helpers import Stand, void_receipt
from pdfs import first_page
from sqlalchemy import select
from synthetic import write_day

from pos.cli import main
from pos.core.revenue_split import parse_share
from pos.db.models import AuditEntry
from pos.db.models_books import Recap, RecapShare
from pos.services import audit, recaps, splits, users
from pos.services.auth import Actor
from pos.services.central_books import (
    central_recaps,
    create_central_recap,
    find_central_recap,
    set_central_split,
)
from pos.services.central_stands import describe_stand
from pos.services.consolidate import consolidate, find_exports
from pos.services.recaps import RecapProblem

DAYS = (date(2026, 11, 2), date(2026, 11, 3))
SPLIT = ("premi=33.33", "pnbp=15", "modal=51.67")  # thirds: remainders at every division


@pytest.fixture(scope="module")
def stand_recaps(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Two stands with the same split, their sales and returns exported, and their recaps."""
    root = tmp_path_factory.mktemp("books")
    own: dict[str, dict] = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        for n, code in enumerate(("JBR01", "MRE03")):
            stand = Stand(root / "stands", code, monkeypatch)
            admin = users.find_user(stand.db, "Admin")
            boss = Actor(admin.id, admin.name, admin.role)
            shares = [parse_share(s) for s in SPLIT]
            splits.set_split(stand.db, boss, date(2026, 1, 1), "profit", shares, "modal")
            for day in DAYS:
                stand.sell_day(day, 3 + n, returns=True)
                if day == DAYS[1] and code == "JBR01":
                    void_receipt(stand, "JBR01-20261102-0001", day)
                stand.export(day, root / "sticks")
            own[code] = recaps.preview(stand.db, boss, *DAYS)
            stand.close()
    return root / "sticks", own


def _run(capsys, *args: str):  # type: ignore[no-untyped-def]
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_central_recap_is_the_sum_of_the_stands_recaps(central, stand_recaps, capsys) -> None:  # type: ignore[no-untyped-def]
    sticks, own = stand_recaps
    url = str(central.engine.url.render_as_string(hide_password=False))
    describe_stand(central, "JBR01", regency="Jember")
    folders, _ = find_exports([sticks])
    assert {o.status for o in consolidate(central, folders)} == {"imported"}
    shown = ("recap", "show", "--central", url, "--from", "2026-11-02", "--to", "2026-11-03")
    code, _out, err = _run(capsys, *shown)
    assert code != 0 and "split" in err.lower()  # the office sets its split first
    code, out, _err = _run(
        capsys, "split", "set", "--central", url, "--from", "2026-01-01", "--base", "profit",
        "--remainder", "modal", *SPLIT,
    )  # fmt: skip
    assert code == 0 and "2026-01-01" in out
    code, out, _err = _run(capsys, *shown, "--json")
    assert code == 0
    data = json.loads(out)
    for figure in ("sales_count", "gross", "discount", "refunds", "net", "cost", "base_total"):
        assert data[figure] == sum(r[figure] for r in own.values()), figure
    assert data["base_total"] > 0 and data["refunds"] > 0
    assert data["shares"] == {
        name: sum(r["shares"][name] for r in own.values()) for name in ("premi", "pnbp", "modal")
    }
    assert sum(data["shares"].values()) == data["base_total"]
    workshops = {w["name"]: w for w in data["workshops"]}
    for name, shop in workshops.items():
        mine = [w for r in own.values() for w in r["workshops"] if w["name"] == name]
        assert shop["base_total"] == sum(w["base_total"] for w in mine)
        assert shop["shares"] == {n: sum(w["shares"][n] for w in mine) for n in shop["shares"]}
    code, out, _err = _run(capsys, *shown, "--regency", "Jember", "--json")
    one = json.loads(out)
    assert (one["base_total"], one["shares"]) == (
        own["JBR01"]["base_total"],
        own["JBR01"]["shares"],
    )
    code, out, _err = _run(capsys, *shown)
    assert code == 0 and "JBR01" in out and "MRE03" in out and "laba" in out


FIGURES = ("sales_count", "gross", "discount", "refunds", "net", "cost", "base_total")


def _url(central) -> str:  # type: ignore[no-untyped-def]
    return str(central.engine.url.render_as_string(hide_password=False))


def test_a_central_recap_is_numbered_frozen_and_the_sum_of_the_stands(
    central, stand_recaps, capsys, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    sticks, own = stand_recaps
    url = _url(central)
    describe_stand(central, "JBR01", regency="Jember")
    folders, _ = find_exports([sticks])
    assert {o.status for o in consolidate(central, folders)} == {"imported"}
    shares = [parse_share(s) for s in SPLIT]
    set_central_split(central, date(2026, 1, 1), "profit", shares, "modal")
    period = ("--from", "2026-11-02", "--to", "2026-11-03")
    code, out, err = _run(capsys, "recap", "new", "--central", url, *period,
                          "--made-by", "Ibu Rina")  # fmt: skip
    assert code == 0, err
    first = out.splitlines()[0]
    assert re.fullmatch(r"KANWIL-K\d{4}-0001", first)
    code, out, _err = _run(capsys, "recap", "show", "--central", url, first.lower(), "--json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["recap_no"], doc["made_by"], doc["scope"], doc["corrects"]) == (
        first, "Ibu Rina", "", None,
    )  # fmt: skip
    for figure in FIGURES:
        assert doc[figure] == sum(r[figure] for r in own.values()), figure
    assert doc["shares"] == {
        name: sum(r["shares"][name] for r in own.values()) for name in ("premi", "pnbp", "modal")
    }
    assert sorted(s["code"] for s in doc["stands"]) == ["JBR01", "MRE03"]
    # the same period and scope again corrects it; a regency's is a recap of its own
    code, out, _err = _run(capsys, "recap", "new", "--central", url, *period, "--made-by", "Budi")
    second = out.splitlines()[0]
    assert second.endswith("-0002") and first in out
    code, out, _err = _run(capsys, "recap", "new", "--central", url, *period,
                           "--regency", "Jember", "--made-by", "Budi")  # fmt: skip
    third = out.splitlines()[0]
    assert code == 0 and third.endswith("-0003") and "0001" not in out
    jember = find_central_recap(central, third)
    assert (jember.data["base_total"], jember.data["shares"]) == (
        own["JBR01"]["base_total"], own["JBR01"]["shares"],
    )  # fmt: skip
    assert jember.data["scope"] == "regency:Jember"
    code, out, _err = _run(capsys, "recap", "list", "--central", url, "--json")
    listed = json.loads(out)
    assert [(r["recap_no"], r["corrects"], r["made_by"]) for r in listed] == [
        (first, None, "Ibu Rina"), (second, first, "Budi"), (third, None, "Budi"),
    ]  # fmt: skip
    code, out, _err = _run(capsys, "recap", "show", "--central", url, second)
    assert code == 0 and second in out and "JBR01" in out and first in out
    pdf = tmp_path / "recap.pdf"
    code, _out, _err = _run(capsys, "recap", "show", "--central", url, third, "--out", str(pdf))
    page = first_page(pdf.read_bytes())
    assert code == 0 and third in page and "Rekap lintas lapak: Jember" in page and "Budi" in page
    code, _out, err = _run(capsys, "recap", "show", "--central", url, *period, "--out", str(pdf))
    assert code == 1 and "recap new" in err
    with central.reading() as conn:
        log = conn.execute(
            select(
                AuditEntry.action, AuditEntry.detail, AuditEntry.prev_hash, AuditEntry.hash
            ).order_by(AuditEntry.id)
        ).all()
    assert [a for a, *_rest in log] == ["central_recap"] * 3
    assert log[0][2] == audit.GENESIS and log[1][2] == log[0][3] and log[2][2] == log[1][3]
    assert json.loads(log[2][1])["made_by"] == "Budi"


def test_bad_central_recaps_change_nothing(central, capsys) -> None:  # type: ignore[no-untyped-def]
    url = _url(central)
    set_central_split(central, date(2026, 1, 1), "sales", [parse_share("pnbp=100")], None)
    for who in ("", "=cmd()", "x" * 81, "a\x07b"):
        with pytest.raises(RecapProblem):
            create_central_recap(central, who, date(2026, 1, 1), date(2026, 1, 31))
    with pytest.raises(RecapProblem):
        create_central_recap(central, "Rina", date(2026, 1, 1), date(2999, 1, 31))
    code, _out, err = _run(capsys, "recap", "new", "--central", url, "--from", "2026-01-01",
                           "--to", "2026-01-31", "--stand", "NOPE", "--made-by", "Rina")  # fmt: skip
    assert code == 1 and "NOPE" in err and "Traceback" not in err
    code, _out, err = _run(capsys, "recap", "show", "--central", url, "KANWIL-K2026-0009")
    assert code == 1 and "KANWIL-K2026-0009" in err
    assert central_recaps(central) == []
    empty = create_central_recap(central, "Rina", date(2026, 1, 1), date(2026, 1, 31))
    assert empty.data["empty"] and empty.data["stands"] == []


@pytest.mark.parametrize("central_url", ["postgresql"], indirect=True)
def test_region_sums_beyond_32_bits_are_kept_on_postgresql(central, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A region's month outgrows 2^31 rupiah: PostgreSQL's recap columns are BIGINT."""
    days = [date(2026, 3, d) for d in (2, 3)]
    folders = [
        write_day(tmp_path, s, d, n_sales=20, scale=1000) for s in ("A01", "B02") for d in days
    ]
    assert {o.status for o in consolidate(central, folders)} == {"imported"}
    set_central_split(central, date(2026, 1, 1), "sales", [parse_share("pnbp=100")], None)
    doc = create_central_recap(central, "Rina", days[0], days[-1])
    assert doc.data["net"] > 2**33 and doc.data["base_total"] == doc.data["net"]
    again = find_central_recap(central, doc.recap_no)
    assert again.data == doc.data
    with central.reading() as conn:
        kept = conn.execute(select(Recap.gross, Recap.net, Recap.base_total)).one()
        shares = conn.execute(select(RecapShare.amount)).scalars().all()
    assert kept == (doc.data["gross"], doc.data["net"], doc.data["base_total"])
    assert sum(shares) == doc.data["net"] and max(shares) > 2**31


def test_office_users_making_recaps_at_once_get_distinct_numbers(central) -> None:  # type: ignore[no-untyped-def]
    """Numbering takes turns (an advisory lock on PostgreSQL, the write lock on SQLite)."""
    from concurrent.futures import ThreadPoolExecutor

    set_central_split(central, date(2026, 1, 1), "sales", [parse_share("pnbp=100")], None)

    def make(n: int) -> str:
        day = date(2026, 1, 1 + n)
        return create_central_recap(central, f"Staf {n}", day, day).recap_no

    with ThreadPoolExecutor(max_workers=4) as pool:
        numbers = list(pool.map(make, range(8)))
    assert sorted(int(no[-4:]) for no in numbers) == list(range(1, 9))
    assert len(central_recaps(central)) == 8
