"""Settings are validated by type and shape before they are stored; a refusal changes nothing."""

import pytest

from pos.core.errors import PosError
from pos.services import settings


def refused(db, key: str, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    var = settings.by_key(key)
    before = settings.get(db, var)
    with pytest.raises(PosError, match=expected):
        settings.set_from_text(db, key, text)
    assert settings.get(db, var) == before


@pytest.mark.parametrize("text", ["{", "null", "[]", '{"tnj-103": [1]}', '{"tnj-103": [1e999, 0]}'])
def test_label_offsets_must_be_a_json_map_of_pairs(db, text: str) -> None:  # type: ignore[no-untyped-def]
    refused(db, "label.offsets", text, "Geseran label")


def test_label_offsets_accepts_what_calibration_saves(db) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(db, "label.offsets", '{"tnj-103": [0.5, -1.25], "roll-50x30": [0, 2]}')
    assert '"tnj-103"' in settings.get(db, settings.LABEL_OFFSETS)


def test_payment_methods_are_listed_once(db) -> None:  # type: ignore[no-untyped-def]
    refused(db, "payment.methods", "tunai,qris,QRIS", "lebih dari sekali")
    settings.set_from_text(db, "payment.methods", "tunai, qris")
    assert settings.get(db, settings.PAYMENT_METHODS) == ("tunai", "qris")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("", "tidak boleh kosong"),
        ("   ", "tidak boleh kosong"),
        ("x" * 120_000, "lebih dari 60 karakter"),
        ("Lapak\nKarya", "satu baris"),
        ("Lapak\x00Karya", "(?i)karakter kontrol"),
        ("Lapak\x1b[2JKarya", "(?i)karakter kontrol"),
    ],
)
def test_stand_name_is_one_sane_line(db, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    refused(db, "stand.name", text, expected)


@pytest.mark.parametrize(
    "key,text,expected",
    [
        ("stand.address", "x" * 201, "lebih dari 200 karakter"),
        ("stand.address", "a\nb\nc\nd\ne", "lebih dari 4 baris"),
        ("stand.address", "Jl. Contoh\tNo. 1", "(?i)karakter kontrol"),
        ("receipt.footer", "y" * 301, "lebih dari 300 karakter"),
        ("receipt.footer", "Terima kasih\x07", "(?i)karakter kontrol"),
        ("label.maker_line", "z" * 41, "lebih dari 40 karakter"),
    ],
)
def test_other_text_settings_are_bounded(db, key: str, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    refused(db, key, text, expected)


def test_ordinary_text_settings_are_kept(db) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(db, "stand.name", "Lapak Karya WBP Lapas Kelas I")
    settings.set_from_text(db, "stand.address", "Gedung PTSP Lapas\nJl. Contoh No. 1")
    settings.set_from_text(db, "receipt.footer", "")
    settings.set_from_text(db, "label.maker_line", "")
    assert settings.get(db, settings.STAND_ADDRESS) == "Gedung PTSP Lapas\nJl. Contoh No. 1"
    assert settings.get(db, settings.RECEIPT_FOOTER) == ""


def test_change_needs_the_right_to_change_settings(db, admin, kasir) -> None:  # type: ignore[no-untyped-def]
    from pos.core.errors import PermissionDenied

    values = [(settings.STAND_NAME, "Lapak Baru"), (settings.RECEIPT_LANGUAGE, "en")]
    with pytest.raises(PermissionDenied):
        settings.change(db, kasir, values)
    assert settings.get(db, settings.STAND_NAME) == settings.STAND_NAME.default
    settings.change(db, admin, values)
    assert settings.get(db, settings.STAND_NAME) == "Lapak Baru"
    assert settings.get(db, settings.RECEIPT_LANGUAGE) == "en"


def test_discount_limit_of_reads_the_role_setting_and_refuses_unknown_roles(db) -> None:  # type: ignore[no-untyped-def]
    settings.set_value(db, settings.DISCOUNT_LIMITS["kasir"], 15)
    assert settings.discount_limit_of(db, "kasir") == 15
    with db.Session() as session:
        assert settings.discount_limit(session, "kasir") == 15
    assert settings.discount_limit_of(db, "tamu") == 0
