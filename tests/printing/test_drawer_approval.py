"""Opening the drawer without a sale: a cashier through the approval dialog's service, a
supervisor alone; the kick goes to the printer and the approval is recorded with it."""

from collections.abc import Iterator

import pytest
from escpos_decoder import decode
from printer_fakes import FakeNetworkPrinter
from sqlalchemy import select

from pos.core.errors import PermissionDenied
from pos.db.models import Approval, AuditEntry
from pos.services import approvals, audit, printers, settings, users
from pos.services.approvals import ApprovalNeeded
from pos.services.auth import Actor


@pytest.fixture
def net_printer(demo_db) -> Iterator[FakeNetworkPrinter]:  # type: ignore[no-untyped-def]
    printer = FakeNetworkPrinter()
    settings.set_from_text(demo_db, "printer.receipt", printer.spec)
    yield printer
    printer.close()


def _actor(db, name: str) -> Actor:  # type: ignore[no-untyped-def]
    user = users.find_user(db, name)
    return Actor(user.id, user.name, user.role)


def test_cashier_opens_the_drawer_with_a_supervisors_pin(demo_db, net_printer) -> None:  # type: ignore[no-untyped-def]
    sari, joko = _actor(demo_db, "Sari"), _actor(demo_db, "Pak Joko")
    with pytest.raises(ApprovalNeeded, match=r"Sari .* tidak boleh"):
        printers.open_drawer(demo_db, sari)
    with pytest.raises(PermissionDenied):  # another cashier's PIN approves nothing
        approvals.require_or_approve(demo_db, sari, "open_drawer", "tukar uang", "3333")
    approval = approvals.require_or_approve(demo_db, sari, "open_drawer", "tukar uang", "2222")
    printers.open_drawer(demo_db, sari, approval)
    assert decode(bytes(net_printer.wait_for_jobs(1)[0].data)).events == ["DRAWER pin2"]
    with demo_db.Session() as s:
        row = s.execute(select(Approval)).scalar_one()
        assert (row.action, row.approver_id, row.requested_by, row.reason) == (
            "open_drawer", joko.id, sari.id, "tukar uang",
        )  # fmt: skip
        actions = s.execute(select(AuditEntry.action)).scalars().all()
    assert actions.count("drawer_open") == 1 and audit.verify(demo_db).ok
    # An approval is for one opening, by whom it was asked for.
    budi = _actor(demo_db, "Budi")
    with pytest.raises(ApprovalNeeded):
        printers.open_drawer(demo_db, budi, approval)


def test_supervisor_opens_it_alone(demo_db, net_printer) -> None:  # type: ignore[no-untyped-def]
    joko = _actor(demo_db, "Pak Joko")
    printers.open_drawer(demo_db, joko)
    net_printer.wait_for_jobs(1)
    with demo_db.Session() as s:
        row = s.execute(select(Approval)).scalar_one()
    assert row.approver_id == row.requested_by == joko.id
