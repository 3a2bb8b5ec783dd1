import pytest

from pos.core.errors import PosError
from pos.services.setting_var import number_setting, range_check, text_setting


def test_a_text_setting_is_checked_under_its_own_label() -> None:
    place = text_setting("kuitansi.place", "", "Place on the kuitansi", 5, required=True)
    assert (place.key, place.default, place.read("Jember")) == ("kuitansi.place", "", "Jember")
    assert place.validate is not None
    place.validate("Pati")
    for bad in ("Jember", "", "A\nB", "A\x00"):
        with pytest.raises(PosError, match=r"(?i)tempat pada kuitansi"):
            place.validate(bad)


def test_a_range_check_takes_both_ends_and_refuses_beyond_them_in_its_own_words() -> None:
    check = range_check(1, 5, "Print 1 to 5 copies of a receipt.")
    check(1)
    check(5)
    for outside in (0, 6, -1):
        with pytest.raises(PosError, match="Cetak 1 sampai 5 lembar struk"):
            check(outside)


def test_a_number_setting_reads_whole_numbers_and_checks_its_range() -> None:
    copies = number_setting(
        "printer.copies", 1, "Receipt copies", 1, 5, "Print 1 to 5 copies of a receipt."
    )
    assert (copies.read("3"), copies.read(None), copies.read("x")) == (3, 1, 1)
    assert copies.validate is not None
    copies.validate(5)
    with pytest.raises(PosError, match="Cetak 1 sampai 5 lembar struk"):
        copies.validate(6)
