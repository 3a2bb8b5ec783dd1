import pytest

from pos.core.payments import PaymentProblem, Settled, require_accepted


def _paid(method: str) -> Settled:
    return Settled(method, 10_000, 10_000, 0, None, None, True)


def test_a_method_the_stand_takes_passes() -> None:
    require_accepted([_paid("tunai"), _paid("qris")], ("tunai", "qris"))


def test_a_method_the_stand_does_not_take_is_refused_by_its_label() -> None:
    with pytest.raises(PaymentProblem, match="Debit/EDC"):
        require_accepted([_paid("tunai"), _paid("debit")], ("tunai", "qris"))
