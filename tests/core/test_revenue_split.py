"""Revenue splits in whole rupiah: the remainder rule, parsing shares, bad shares refused;
and the treasury's billing code and NTPN."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.core.revenue_split import InvalidSplit, Share, allocate, check_shares, parse_share
from pos.core.treasury import InvalidDeposit, billing_code, ntpn

A = [Share("premi", 5000), Share("PNBP", 1500), Share("modal", 3500)]


def test_the_remainder_goes_to_the_named_share() -> None:
    # 329.016 x 15 % = 49.352,4 and x 35 % = 115.155,6: both rounded down, 1 rupiah left.
    assert allocate(329_016, A, "PNBP") == {"premi": 164_508, "PNBP": 49_353, "modal": 115_155}
    assert allocate(329_016, A, "modal") == {"premi": 164_508, "PNBP": 49_352, "modal": 115_156}
    # Thirds of 100: 33 each and the 1 left to the named one, whatever its case.
    thirds = [Share("a", 3334), Share("b", 3333), Share("c", 3333)]
    assert allocate(100, thirds, "C") == {"a": 33, "b": 33, "c": 34}


def test_a_loss_is_shared_with_the_signs_turned() -> None:
    assert allocate(-65_001, A, "PNBP") == {"premi": -32_500, "PNBP": -9_751, "modal": -22_750}


@given(st.integers(-(10**12), 10**12), st.lists(st.integers(0, 10000), min_size=1, max_size=6))
def test_shares_always_add_up_to_the_base(base: int, weights: list[int]) -> None:
    bps = [w * 10000 // max(sum(weights), 1) for w in weights]
    bps[0] += 10000 - sum(bps)
    shares = [Share(f"s{n}", bp) for n, bp in enumerate(bps)]
    result = allocate(base, shares, "s0")
    assert sum(result.values()) == base
    for s in shares[1:]:
        assert abs(result[s.name]) == abs(base) * s.bp // 10000


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("premi=50", Share("premi", 5000)),
        ("PNBP=15%", Share("PNBP", 1500)),
        ("modal=12.5", Share("modal", 1250)),
        ("modal=12,55", Share("modal", 1255)),
        ("program kerja=1250bp", Share("program kerja", 1250)),
        ("x=0", Share("x", 0)),
    ],
)
def test_shares_are_whole_percent_decimals_or_basis_points(text: str, share: Share) -> None:
    assert parse_share(text) == share


@pytest.mark.parametrize(
    "text",
    [
        "premi",
        "premi=-5",
        "premi=101",
        "premi=abc",
        "=50",
        "1abc=50",
        "=cmd|x=5",
        "a\x00=5",
        "premi=12.555",
        "premi=10001bp",
        "x" * 41 + "=5",
    ],
)
def test_bad_shares_are_refused(text: str) -> None:
    with pytest.raises(InvalidSplit):
        parse_share(text)


def test_shares_must_make_exactly_100_percent_with_distinct_names() -> None:
    check_shares(A, "pnbp")
    with pytest.raises(InvalidSplit, match="99%"):
        check_shares([Share("a", 5000), Share("b", 4900)], "a")
    with pytest.raises(InvalidSplit):
        check_shares([Share("a", 5000), Share("A", 5000)], "a")
    with pytest.raises(InvalidSplit):
        check_shares(A, "programme")
    with pytest.raises(InvalidSplit):
        check_shares([], "a")
    with pytest.raises(InvalidSplit):
        check_shares([Share("a", 11000), Share("b", -1000)], "a")


def test_billing_code_is_15_digits_and_ntpn_16_letters_and_digits() -> None:
    assert billing_code("8201 2345 6789 012") == "820123456789012"
    assert ntpn("0a1b2c3d4e5f6g7h") == "0A1B2C3D4E5F6G7H"
    for bad in ("82012345678901", "8201234567890123", "82012345678901x", "=1+1"):
        with pytest.raises(InvalidDeposit):
            billing_code(bad)
    for bad in ("0A1B2C3D4E5F6G7", "0A1B2C3D4E5F6G7H8", "0A1B2C3D4E5F6G7!"):
        with pytest.raises(InvalidDeposit):
            ntpn(bad)


def test_a_share_percent_reads_in_the_language() -> None:
    from pos.i18n import in_language

    with in_language("id"):
        assert Share("premi", 1250).percent_text == "12,50%"
        assert Share("premi", 5000).percent_text == "50%"
    with in_language("en"):
        assert Share("premi", 1250).percent_text == "12.50%"
