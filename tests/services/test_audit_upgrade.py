"""A database written by a Lapak of entry version 2 (documents hashed without their child rows'
ids, no stock movements covered, blocks without them), then by this one: it verifies, quick
pass and walk alike, and what either version wrote is still named when changed."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sale_helpers import actor, cart_of, read, tamper

from pos.services import audit, audit_blocks, audit_fast, audit_moves, audit_verify, sales, shifts
from pos.services.auth import system_actor
from pos.services.setup import load_demo


@contextmanager
def _version_2(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The writers as version 2 wrote: its prefix, no child ids, no movements in entries or
    blocks."""
    document_digest, detail_text = audit.document_digest, audit.detail_text
    old_tables = tuple(t for t in audit_blocks.BLOCK_TABLES if t != "stock_movements")
    with monkeypatch.context() as m:
        m.setattr(
            audit, "detail_text", lambda d: audit.V2_PREFIX + detail_text(d)[len(audit.V3_PREFIX) :]
        )
        m.setattr(audit, "moving", lambda low, rows: {})
        m.setattr(
            audit,
            "document_digest",
            lambda row, children: document_digest(row, [[r[1:] for r in c] for c in children]),
        )
        m.setattr(audit_blocks, "BLOCK_TABLES", old_tables)
        yield


@pytest.fixture
def upgraded(db, monkeypatch):  # type: ignore[no-untyped-def]
    """Demo data and sales by version 2, in blocks of three, then more sales by version 3."""
    monkeypatch.setattr(audit_blocks, "BLOCK_ENTRIES", 3)
    with _version_2(monkeypatch):
        load_demo(db, system_actor(db))
        sari = actor(db, "Sari")
        shifts.open_shift(db, sari, 100_000)
        old = [
            sales.checkout_cash(db, sari, cart_of(db, "KK-NAS-500", "MK-TMP-01"), 100_000)
            for _ in range(4)
        ]
    new = [
        sales.checkout_cash(db, sari, cart_of(db, "MK-TMP-01", "MK-TMP-01"), 100_000)
        for _ in range(7)
    ]
    return db, old, new


def test_an_upgraded_database_verifies_both_ways(upgraded) -> None:  # type: ignore[no-untyped-def]
    db, old, _new = upgraded
    versions = [audit.entry_version(d) for (d,) in read(db, "SELECT detail FROM audit_log")]
    assert 2 in versions and 3 in versions and versions.index(3) > versions.index(2)
    assert versions == sorted(versions)  # every version-2 entry before every version-3 one
    # A block holds entries of both versions: its writer checked each as its version hashes.
    blocks = [
        n for n, (a,) in enumerate(read(db, "SELECT action FROM audit_log")) if a == "audit_block"
    ]
    first_v3 = versions.index(3)
    assert any(b > first_v3 and versions[b - 3] == 2 for b in blocks)
    walked = audit_verify.walk_chain(db)
    assert walked.ok, walked.problem
    assert audit_fast.quick_check(db.path) == walked.entries
    conn = audit_fast.connect(db.path)
    try:
        found = audit_blocks.layout(conn)
        before = audit_moves.first_uncovered(conn.cursor())
    finally:
        conn.close()
    assert found is not None and found.inside["stock_movements"][1] > 0  # blocks hold some
    (legacy,) = read(db, "SELECT max(id) FROM stock_movements WHERE sale_id <= ?", old[-1].sale_id)
    assert before == legacy[0]  # the movements of version 2 are older than the cover


@pytest.mark.parametrize("which", ["old", "new"])
def test_a_line_of_either_version_changed_is_named(upgraded, which: str) -> None:  # type: ignore[no-untyped-def]
    db, old, new = upgraded
    sale = (old if which == "old" else new)[1]
    tamper(db, f"UPDATE sale_lines SET qty = qty + 1 WHERE sale_id = {sale.sale_id}")
    assert audit_fast.quick_check(db.path) is None
    walked = audit_verify.walk_chain(db)
    assert not walked.ok and sale.receipt_no in (walked.problem or "")


def test_a_new_movement_changed_is_named_an_old_one_is_not_covered(upgraded) -> None:  # type: ignore[no-untyped-def]
    db, old, new = upgraded
    (moved,) = read(db, "SELECT min(id) FROM stock_movements WHERE sale_id = ?", new[0].sale_id)
    tamper(db, f"UPDATE stock_movements SET qty = qty - 1 WHERE id = {moved[0]}")
    walked = audit_verify.walk_chain(db)
    assert not walked.ok and f" {moved[0]} " in (walked.problem or "")
    tamper(db, f"UPDATE stock_movements SET qty = qty + 1 WHERE id = {moved[0]}")
    assert audit.verify(db).ok
    # Written before the chain covered movements: as before this version, not checked.
    (older,) = read(db, "SELECT min(id) FROM stock_movements WHERE sale_id = ?", old[0].sale_id)
    tamper(db, f"UPDATE stock_movements SET note = 'x' WHERE id = {older[0]}")
    assert audit.verify(db).ok
