"""Every approval the services ask for: who may act alone, who needs a supervisor's PIN, and
what is recorded (approver, reason) with the action."""

import pytest
from sale_helpers import PINS, actor, product_id, stock
from sqlalchemy import select

from pos.core.pricing import ReasonProblem
from pos.db.models import Approval, StockDoc
from pos.services import approvals, login
from pos.services import stock as stock_service
from pos.services.approvals import ApprovalNeeded


def _approval(db, approval_id: int) -> Approval:  # type: ignore[no-untyped-def]
    with db.Session() as s:
        row = s.get(Approval, approval_id)
        assert row is not None
        return row


def test_cashier_stock_adjustment_carries_the_approval(demo_db) -> None:  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    tempe = product_id(demo_db, "MK-TMP-01")
    before = stock(demo_db, "MK-TMP-01")
    with pytest.raises(ApprovalNeeded):
        stock_service.adjust(demo_db, sari, tempe, -2, "rusak", "jatuh")
    doc_id = stock_service.adjust(demo_db, sari, tempe, -2, "rusak", "jatuh", PINS["Pak Joko"])
    assert stock(demo_db, "MK-TMP-01") == before - 2
    with demo_db.Session() as s:
        doc = s.get(StockDoc, doc_id)
        assert doc is not None and doc.approval_id is not None and doc.user_id == sari.id
    row = _approval(demo_db, doc.approval_id)
    assert (row.action, row.reason) == ("adjust_stock", "jatuh")
    assert row.approver_id == actor(demo_db, "Pak Joko").id


def test_wrong_pins_count_towards_the_lockout(demo_db) -> None:  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    for _ in range(4):
        with pytest.raises(login.WrongPin):
            approvals.require_or_approve(demo_db, sari, "open_drawer", "x", "0000")
    with pytest.raises(login.LoginLocked):
        approvals.require_or_approve(demo_db, sari, "open_drawer", "x", "0001")
    with pytest.raises(login.LoginLocked):  # even the right PIN waits out the lock
        approvals.require_or_approve(demo_db, sari, "open_drawer", "x", PINS["Pak Joko"])
    with demo_db.Session() as s:
        assert s.execute(select(Approval)).first() is None


@pytest.mark.parametrize("reason", ["", "   ", "a" * 10_000, "tab\x1b[31m"])
def test_reason_is_required_and_bounded(demo_db, reason: str) -> None:  # type: ignore[no-untyped-def]
    joko = actor(demo_db, "Pak Joko")
    with pytest.raises(ReasonProblem):
        approvals.require_or_approve(demo_db, joko, "open_drawer", reason)
    with pytest.raises(ReasonProblem):
        approvals.grant(demo_db, actor(demo_db, "Sari"), "discount", PINS["Pak Joko"], reason)
    assert login.guard_status(demo_db).failures == 0  # refused before any PIN was checked


def test_a_cashier_cannot_call_a_supervisor_service_directly(demo_db) -> None:  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    for call in (
        lambda: approvals.require_or_approve(demo_db, sari, "void_sale", "x"),
        lambda: approvals.require_or_approve(demo_db, sari, "refund", "x", ""),
        lambda: approvals.require_or_approve(demo_db, sari, "price_override", "x"),
    ):
        with pytest.raises(ApprovalNeeded, match="tidak boleh"):
            call()
