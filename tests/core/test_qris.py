"""QRIS payloads: the CRC, parsing and checking a static payload, building the dynamic one."""

import pytest

from pos.core.qris import QrisProblem, Tag, crc16, parse, split_tags, with_amount


@pytest.fixture(autouse=True)
def _english() -> None:
    from pos.i18n import set_language

    set_language("en")  # the messages are checked in their source words


# A static QRIS published with its CRC (7127) in a public dynamic-QRIS implementation guide.
PUBLISHED_STATIC = (
    "00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214703239147837910303UMI"
    "51440014ID.CO.QRIS.WWW0215ID20232709941630303UMI5204481253033605802ID5923GRANOOL STORE "
    "OK12295776006KEDIRI61056421262070703A0163047127"
)
# A dynamic one (amount 144000) published with its CRC (9635) in the README of sunary/qris.
PUBLISHED_DYNAMIC = (
    "00020101021226380016ID.CO.SHOPEE.WWW010201020815863724530336054061440005802ID5921PT. "
    "SHOPPEE INDONESIA6007JAKARTA62180814gen by go-qris63049635"
)


# A merchant account template: tag 26 holding its identifier (tag 00).
MERCHANT = Tag("26", Tag("00", "ID.CO.QRIS.WWW").emit()).emit()


def _signed(body: str) -> str:
    return body + "6304" + crc16(body + "6304")


def test_crc_is_ccitt_false() -> None:
    assert crc16("123456789") == "29B1"  # the catalogue check value of CRC-16/CCITT-FALSE
    assert crc16(PUBLISHED_STATIC[:-4]) == "7127"
    assert crc16(PUBLISHED_DYNAMIC[:-4]) == "9635"


def test_parse_published_static() -> None:
    qris = parse(PUBLISHED_STATIC)
    assert [t.id for t in qris.tags] == [
        "00", "01", "26", "51", "52", "53", "58", "59", "60", "61", "62", "63",
    ]  # fmt: skip
    assert not qris.dynamic
    assert qris.amount is None
    assert qris.merchant_name == "GRANOOL STORE OK1229577"
    assert qris.merchant_city == "KEDIRI"
    assert qris.text() == PUBLISHED_STATIC


def test_parse_published_dynamic() -> None:
    qris = parse(PUBLISHED_DYNAMIC)
    assert qris.dynamic
    assert qris.amount == 144_000


def test_dynamic_sets_01_and_inserts_54_in_tag_order() -> None:
    built = with_amount(PUBLISHED_STATIC, 570_000)
    ids = [t.id for t in built.tags]
    assert ids == ["00", "01", "26", "51", "52", "53", "54", "58", "59", "60", "61", "62", "63"]
    assert built.get("01") == "12"
    assert built.get("54") == "570000"
    text = built.text()
    assert "5406570000" in text
    assert text.endswith("6304" + crc16(text[:-4]))
    # Round trip: the built payload parses again to the same tags, amount and CRC.
    again = parse(text)
    assert again == built
    assert again.amount == 570_000
    # Everything else is untouched, tag by tag.
    static = {t.id: t.value for t in parse(PUBLISHED_STATIC).tags}
    dynamic = {t.id: t.value for t in again.tags}
    assert {k: v for k, v in dynamic.items() if k not in ("01", "54", "63")} == {
        k: v for k, v in static.items() if k not in ("01", "63")
    }


def test_dynamic_replaces_an_amount_already_there() -> None:
    built = with_amount(PUBLISHED_DYNAMIC, 30_000)
    assert built.amount == 30_000
    assert [t.id for t in built.tags].count("54") == 1
    assert parse(built.text()).amount == 30_000


def test_no_string_replacement_trap() -> None:
    # "010211" also appears inside the merchant tag's value here; only tag 01 may change.
    body = (
        "000201010211"
        + Tag("26", "0017ID.CO.EXAMPLE.WWW0106010211").emit()
        + "5204481253033605802ID5904TOKO6006JEMBER"
        + "6304"
    )
    built = with_amount(body + crc16(body), 15_000)
    assert built.get("26") == "0017ID.CO.EXAMPLE.WWW0106010211"
    assert built.get("01") == "12"


def test_missing_01_is_added_after_00() -> None:
    built = with_amount(_signed("000201" + MERCHANT + "5303360"), 1)
    assert [t.id for t in built.tags] == ["00", "01", "26", "53", "54", "63"]


def test_lowercase_crc_is_accepted_and_rewritten_uppercase() -> None:
    body = "000201010211" + MERCHANT + "6304"
    crc = crc16(body)
    if crc.upper() == crc.lower():
        pytest.skip("this CRC has no letters")
    assert parse(body + crc.lower()).text() == body + crc


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        (PUBLISHED_STATIC[:-4] + "7128", "CRC"),  # wrong CRC
        (PUBLISHED_STATIC.replace("KEDIRI", "KEDIRU"), "CRC"),  # content changed, old CRC
        (PUBLISHED_STATIC[:-6], "cut short"),  # truncated inside the CRC tag
        (PUBLISHED_STATIC[:60], "longer than"),  # truncated inside a value
        ("0002015999TOKO", "longer than"),  # a length that overruns
        ("000201010211" + MERCHANT + "x1020ab6304ABCD", "two-digit tag ID"),
        ("00020101AB11", "two-digit length"),
        ("000202", "start with tag 00"),
        ("0102120002016304ABCD", "start with tag 00"),
        ("000201010211", "end with its CRC"),
        ("", "empty"),
        ("0002\x0001", "control"),
        ("0" * 600, "longer than 512"),
    ],
)
def test_bad_payloads_are_refused(payload: str, words: str) -> None:
    with pytest.raises(QrisProblem) as refused:
        parse(payload)
    assert words in refused.value.message


def test_content_checks() -> None:
    with pytest.raises(QrisProblem, match="merchant account"):
        parse(_signed("0002010102115303360"))
    with pytest.raises(QrisProblem, match="identifier"):
        parse(_signed("000201010211" + "26080104ABCD"))
    with pytest.raises(QrisProblem, match="inside tag 26"):
        parse(_signed("000201010211" + "26050099X"))
    with pytest.raises(QrisProblem, match="11 or 12"):
        parse(_signed("000201010213" + MERCHANT))
    with pytest.raises(QrisProblem, match="rupiah"):
        parse(_signed("000201010211" + MERCHANT + "5303840"))
    with pytest.raises(QrisProblem, match="twice"):
        parse(_signed("000201010211" + MERCHANT + "5303360" + "5303360"))
    with pytest.raises(QrisProblem, match="not an amount"):
        parse(_signed("000201010212" + MERCHANT + "54031e5"))


@pytest.mark.parametrize("amount", [0, -1, 10**13, True, 1.5, "100"])
def test_bad_amounts_are_refused(amount: object) -> None:
    with pytest.raises(QrisProblem):
        with_amount(PUBLISHED_STATIC, amount)  # type: ignore[arg-type]


def test_split_tags_reads_nested_templates() -> None:
    inner = split_tags(parse(PUBLISHED_STATIC).get("51") or "")
    assert [(t.id, t.value) for t in inner] == [
        ("00", "ID.CO.QRIS.WWW"),
        ("02", "ID2023270994163"),
        ("03", "UMI"),
    ]
