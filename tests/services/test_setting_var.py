import pytest

from pos.core.errors import PosError
from pos.services.setting_var import text_setting


def test_a_text_setting_is_checked_under_its_own_label() -> None:
    place = text_setting("kuitansi.place", "", "Place on the kuitansi", 5, required=True)
    assert (place.key, place.default, place.read("Jember")) == ("kuitansi.place", "", "Jember")
    assert place.validate is not None
    place.validate("Pati")
    for bad in ("Jember", "", "A\nB", "A\x00"):
        with pytest.raises(PosError, match=r"(?i)tempat pada kuitansi"):
            place.validate(bad)
