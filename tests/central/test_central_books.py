"""`pos split --central` and `pos recap show --central`: the recap across stands is the sum of
the stands' own recaps, on SQLite and PostgreSQL."""

import json
from datetime import date

import pytest
from central_helpers import Stand, void_receipt

from pos.cli import main
from pos.core.revenue_split import parse_share
from pos.services import recaps, splits, users
from pos.services.auth import Actor
from pos.services.central_stands import describe_stand
from pos.services.consolidate import consolidate, find_exports

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
    code, _out, err = _run(capsys, "recap", "new", "--central", url, "--from", "2026-11-02",
                           "--to", "2026-11-03")  # fmt: skip
    assert code != 0 and "recap show --central" in err
