"""The audit chain's head leaves the stand (manifest, Z report) and catches a whole-chain rewrite."""

import json
import sqlite3
from pathlib import Path

import pytest
from chain_rewrite import rewrite_sale
from sale_helpers import actor, cart_of

from pos.services import audit, audit_anchor, reports, shifts
from pos.services import sales as sales_service
from pos.services.audit_anchor import BadAnchor
from pos.services.export import MANIFEST, export_day, verify_export


@pytest.fixture
def sold(demo_db):  # type: ignore[no-untyped-def]
    """A shift with two sales; returns the first sale."""
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    first = sales_service.checkout_cash(demo_db, sari, cart_of(demo_db, "KK-NAS-500"), 100_000)
    sales_service.checkout_cash(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), 100_000)
    return first


def _manifest(folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def _head(db) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(db.path)
    try:
        found = audit_anchor.head(conn.cursor())
    finally:
        conn.close()
    assert found is not None
    return found


def test_the_manifest_carries_the_head_and_a_rewrite_is_caught(
    demo_db, admin, sold, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    head_before = _head(demo_db)
    folder = export_day(demo_db, admin, sold.created_at.date(), tmp_path).folder
    block = _manifest(folder)["audit"]
    assert block["head"] == {"id": head_before[0], "hash": head_before[1]}
    assert block["previous"] is None  # the stand's first export
    anchors = audit_anchor.read_anchor_file(str(folder))
    assert [(a.entry_id, a.kind) for a in anchors] == [(head_before[0], "head")]
    assert audit_anchor.check_file(demo_db.path, anchors) is None

    rewrite_sale(demo_db.path, sold.receipt_no, 1)
    assert audit.verify(demo_db).ok  # the rewrite hides from the chain itself...
    problem = audit_anchor.check_file(demo_db.path, anchors)
    assert problem is not None  # ...not from the head that left the stand
    assert f"entri audit {head_before[0]} " in problem
    assert sold.created_at.date().isoformat() in problem


def test_the_export_says_the_head_its_manifest_holds(demo_db, admin, sold, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = export_day(demo_db, admin, sold.created_at.date(), tmp_path)
    head = _manifest(result.folder)["audit"]["head"]
    assert result.audit_head == f"{head['id']}:{head['hash'][:16]}"
    # Taken from what was written: the export's own entry has moved the chain on since.
    assert _head(demo_db)[0] > head["id"]
    anchor = audit_anchor.parse_anchor(result.audit_head)
    assert audit_anchor.check_file(demo_db.path, [anchor]) is None


def test_the_next_export_hashes_the_previous_head_again(
    demo_db, admin, sold, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    day = sold.created_at.date()
    for name in "abc":
        (tmp_path / name).mkdir()
    first = _manifest(export_day(demo_db, admin, day, tmp_path / "a").folder)["audit"]["head"]
    second = _manifest(export_day(demo_db, admin, day, tmp_path / "b").folder)["audit"]
    assert second["previous"] == {"day": day.isoformat(), "id": first["id"], "hash": first["hash"]}
    assert second["head"]["id"] > first["id"]  # the first export's own entry came after its head

    rewrite_sale(demo_db.path, sold.receipt_no, 1)
    third = _manifest(export_day(demo_db, admin, day, tmp_path / "c").folder)["audit"]
    assert third["previous"]["id"] == second["head"]["id"]
    assert third["previous"]["hash"] != second["head"]["hash"]


def test_the_z_report_prints_the_head_at_the_close(demo_db, sold) -> None:  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    closed = shifts.close_shift(demo_db, sari, total=100_000 + sold.total + 5_000)
    head = _head(demo_db)
    assert closed.audit_head_id is not None
    assert closed.audit_head_hash is not None
    # The close's own entry is the head (a backup after the close may add one more).
    assert closed.audit_head_id <= head[0]
    again = shifts.summary(demo_db, closed.shift_id)
    assert (again.audit_head_id, again.audit_head_hash) == (
        closed.audit_head_id,
        closed.audit_head_hash,
    )
    anchor = f"{closed.audit_head_id}:{closed.audit_head_hash[:16]}"
    text = reports.shift_report(demo_db, again).html
    assert anchor in text
    assert audit_anchor.check_file(demo_db.path, [audit_anchor.parse_anchor(anchor)]) is None


def test_the_x_report_has_no_head(demo_db, sold) -> None:  # type: ignore[no-untyped-def]
    summary = shifts.current_shift(demo_db)
    assert summary is not None
    assert summary.audit_head_id is None


@pytest.mark.parametrize(
    "text",
    ["", "12", "12:", ":abcdef0123456789", "x:abcdef0123456789", "12:abcdef01", "12:" + "g" * 16,
     "0:abcdef0123456789", "-1:abcdef0123456789", "12:" + "a" * 65, "1\x00:" + "a" * 16,
     str(2**70) + ":" + "a" * 16],
)  # fmt: skip
def test_a_malformed_anchor_is_refused(text: str) -> None:
    with pytest.raises(BadAnchor):
        audit_anchor.parse_anchor(text)


def test_an_anchor_takes_a_short_or_a_whole_hash() -> None:
    assert audit_anchor.parse_anchor(" 12:ABCDEF0123456789 ").hash == "abcdef0123456789"
    assert audit_anchor.parse_anchor("12:" + "b" * 64).entry_id == 12


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe",
        b"[]",
        b"{",
        b"[" * 100_000,
        b'{"date": "2026-11-27", "audit": {"head": {"id": "1", "hash": "00"}}}',
        b'{"date": "2026-11-27", "audit": {"head": {"id": true, "hash": "' + b"a" * 64 + b'"}}}',
        b'{"date": "2026-11-27", "audit": {"head": {"id": 1, "hash": "' + b"a" * 16 + b'"}}}',
        b'{"date": "=cmd()", "audit": {"head": {"id": 1, "hash": "' + b"a" * 64 + b'"}}}',
        b'{"date": "2026-11-27", "audit": []}',
        b'{"date": "2026-11-27", "audit": {"previous": {"id": 1, "hash": 5}}}',
        b" " * (audit_anchor.MAX_MANIFEST_BYTES + 1),
    ],
)
def test_a_hostile_manifest_is_refused(tmp_path: Path, content: bytes) -> None:
    (tmp_path / MANIFEST).write_bytes(content)
    with pytest.raises(BadAnchor):
        audit_anchor.read_anchor_file(str(tmp_path))


def test_an_old_manifest_has_no_anchor_but_still_verifies(
    demo_db, admin, sold, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = export_day(demo_db, admin, sold.created_at.date(), tmp_path).folder
    document = _manifest(folder)
    del document["audit"]  # as Lapak wrote it before anchors
    (folder / MANIFEST).write_text(json.dumps(document), encoding="utf-8")
    assert verify_export(folder) == []
    with pytest.raises(BadAnchor, match="sebelum"):
        audit_anchor.read_anchor_file(str(folder))
    with pytest.raises(BadAnchor):
        audit_anchor.read_anchor_file(str(tmp_path / "missing"))


def test_a_cut_chain_is_named(demo_db, admin, sold, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    entry_id, digest = _head(demo_db)
    problem = audit_anchor.check_file(
        demo_db.path, [audit_anchor.Anchor(entry_id + 50, digest, "head", "2026-11-27")]
    )
    assert problem is not None
    assert f"{entry_id + 50}" in problem
