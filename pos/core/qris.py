"""QRIS payloads (EMVCo merchant-presented QR): parse and check the stand's static payload, and
build the dynamic one that carries the amount. Pure: no Qt, no database.

A payload is a run of data objects: a 2-digit ID, a 2-digit length, then that many characters.
Tag 00 (payload format) is "01" and comes first; tag 63 (CRC) comes last, length 4, and holds
the CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) of everything up to and including "6304", as
4 hex digits. The dynamic payload is rebuilt from the parsed tags, never by editing the text:
tag 01 becomes "12" (dynamic) and tag 54 (amount) is set, both in tag order, then a new CRC.
"""

from dataclasses import dataclass

from pos.core.errors import PosError
from pos.core.money import MAX_AMOUNT, format_rupiah, is_whole
from pos.i18n import _

# EMVCo allows 512 characters in a merchant-presented payload.
MAX_PAYLOAD = 512
CRC_TAG = "63"
# Tags 26-51 carry the merchant's accounts (e.g. 51: ID.CO.QRIS.WWW and the NMID).
MERCHANT_TAGS = range(26, 52)
# Templates whose value is itself a run of data objects.
TEMPLATE_TAGS = frozenset({*MERCHANT_TAGS, 62, 64, *range(80, 100)})
STATIC, DYNAMIC = "11", "12"
RUPIAH = "360"
MAX_AMOUNT_DIGITS = 13  # tag 54 holds at most 13 characters


class QrisProblem(PosError):
    """A QRIS payload that does not parse or whose CRC is wrong."""


@dataclass(frozen=True)
class Tag:
    """One data object of a payload: its 2-digit ID and its value."""

    id: str
    value: str

    def emit(self) -> str:
        return f"{self.id}{len(self.value):02d}{self.value}"


def crc16(text: str) -> str:
    """CRC-16/CCITT-FALSE of `text` (ASCII) as 4 uppercase hex digits ("123456789" -> 29B1)."""
    crc = 0xFFFF
    for byte in text.encode("ascii"):
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def split_tags(text: str, where: str = "") -> list[Tag]:
    """The data objects of `text`, in order; refused when an ID or length is not two digits,
    a length runs past the end, or an ID appears twice."""
    tags: list[Tag] = []
    seen: set[str] = set()
    at = 0
    while at < len(text):
        head = text[at : at + 4]
        if len(head) < 4:
            raise QrisProblem(
                _("The QRIS payload is cut short{where}: “{rest}” is not a whole tag.").format(
                    where=where, rest=head
                )
            )
        tag_id, length = head[:2], head[2:]
        if not (tag_id.isascii() and tag_id.isdigit()):
            raise QrisProblem(
                _("The QRIS payload has “{id}”{where} where a two-digit tag ID belongs.").format(
                    id=tag_id, where=where
                )
            )
        if not (length.isascii() and length.isdigit()):
            raise QrisProblem(
                _("Tag {id}{where} of the QRIS payload has no two-digit length.").format(
                    id=tag_id, where=where
                )
            )
        end = at + 4 + int(length)
        if end > len(text):
            raise QrisProblem(
                _("Tag {id}{where} of the QRIS payload is longer than what is left of it.").format(
                    id=tag_id, where=where
                )
            )
        if tag_id in seen:
            raise QrisProblem(
                _("Tag {id}{where} appears twice in the QRIS payload.").format(
                    id=tag_id, where=where
                )
            )
        seen.add(tag_id)
        tags.append(Tag(tag_id, text[at + 4 : end]))
        at = end
    return tags


@dataclass(frozen=True)
class Qris:
    """A checked QRIS payload: its tags in order, the CRC tag last."""

    tags: tuple[Tag, ...]

    def get(self, tag_id: str) -> str | None:
        return next((t.value for t in self.tags if t.id == tag_id), None)

    @property
    def dynamic(self) -> bool:
        return self.get("01") == DYNAMIC

    @property
    def amount(self) -> int | None:
        """The amount in tag 54 in whole rupiah (decimals dropped), or None for a static one."""
        value = self.get("54")
        return None if value is None else int(value.split(".")[0])

    @property
    def merchant_name(self) -> str:
        return self.get("59") or ""

    @property
    def merchant_city(self) -> str:
        return self.get("60") or ""

    def text(self) -> str:
        """The payload with its CRC computed afresh."""
        body = "".join(t.emit() for t in self.tags if t.id != CRC_TAG) + CRC_TAG + "04"
        return body + crc16(body)


def parse(payload: str) -> Qris:
    """Check a payload as scanned from a sticker or typed; refused with a clear message."""
    if not isinstance(payload, str):
        raise QrisProblem(_("The QRIS payload must be text."))
    payload = payload.strip()
    if not payload:
        raise QrisProblem(_("The QRIS payload is empty."))
    if len(payload) > MAX_PAYLOAD:
        raise QrisProblem(
            _("The QRIS payload is longer than {n} characters.").format(n=MAX_PAYLOAD)
        )
    if not (payload.isascii() and payload.isprintable()):
        raise QrisProblem(
            _("The QRIS payload may hold only printable ASCII characters (no control characters).")
        )
    tags = split_tags(payload)
    ids = [t.id for t in tags]
    if ids[0] != "00" or tags[0].value != "01":
        raise QrisProblem(_("This is not a QRIS payload: it must start with tag 00 = 01."))
    if ids[-1] != CRC_TAG or len(tags[-1].value) != 4:
        raise QrisProblem(_("The QRIS payload must end with its CRC (tag 63, 4 characters)."))
    expected = crc16(payload[:-4])
    if tags[-1].value.upper() != expected:
        raise QrisProblem(
            _(
                "The QRIS payload's CRC is {found}, but its content gives {expected}: "
                "scan the sticker again."
            ).format(found=tags[-1].value, expected=expected)
        )
    for tag in tags:
        if int(tag.id) in TEMPLATE_TAGS:
            inner = split_tags(tag.value, _(" (inside tag {id})").format(id=tag.id))
            if int(tag.id) in MERCHANT_TAGS and (not inner or inner[0].id != "00"):
                raise QrisProblem(
                    _("Merchant account tag {id} has no identifier (its tag 00).").format(id=tag.id)
                )
    if not any(int(i) in MERCHANT_TAGS for i in ids):
        raise QrisProblem(_("The QRIS payload has no merchant account (tags 26-51)."))
    values = {t.id: t.value for t in tags}
    method = values.get("01")
    if method not in (None, STATIC, DYNAMIC):
        raise QrisProblem(_("Tag 01 of the QRIS payload must be 11 or 12."))
    currency = values.get("53")
    if currency is not None and currency != RUPIAH:
        raise QrisProblem(_("This QRIS is not in rupiah (tag 53 is {code}).").format(code=currency))
    amount = values.get("54")
    if amount is not None and not _amount_ok(amount):
        raise QrisProblem(_("Tag 54 of the QRIS payload is not an amount."))
    return Qris(tuple(tags))


def _amount_ok(value: str) -> bool:
    whole, _dot, cents = value.partition(".")
    return (
        whole.isascii()
        and whole.isdigit()
        and (not _dot or (cents.isascii() and cents.isdigit()))
        and len(value) <= MAX_AMOUNT_DIGITS
    )


def _with_tag(tags: list[Tag], new: Tag) -> list[Tag]:
    """`tags` with `new` replacing the tag of its ID, or inserted before the first higher ID
    (the CRC stays last)."""
    if any(t.id == new.id for t in tags):
        return [new if t.id == new.id else t for t in tags]
    at = next(
        (i for i, t in enumerate(tags) if t.id == CRC_TAG or int(t.id) > int(new.id)), len(tags)
    )
    return [*tags[:at], new, *tags[at:]]


def with_amount(static: Qris | str, amount: int) -> Qris:
    """The dynamic payload for `amount` whole rupiah, built from the parsed static one."""
    qris = parse(static) if isinstance(static, str) else static
    if not is_whole(amount):
        raise QrisProblem(_("The amount must be a whole number of rupiah."))
    if not 1 <= amount <= MAX_AMOUNT:
        raise QrisProblem(
            _("A QRIS amount must be from Rp1 to {max}.").format(max=format_rupiah(MAX_AMOUNT))
        )
    tags = _with_tag(list(qris.tags), Tag("01", DYNAMIC))
    tags = _with_tag(tags, Tag("54", str(amount)))
    built = Qris(tuple(tags))
    return parse(built.text())  # the same checks as a scanned one: what we show must parse
