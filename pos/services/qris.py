"""QRIS at the counter: the stand's static payload (a setting) turned into the dynamic one that
carries the amount of this sale."""

from pathlib import Path

from pos.core.errors import PosError
from pos.core.qris import Qris, parse, with_amount
from pos.db.session import Database
from pos.i18n import _
from pos.services import settings


class NoQris(PosError):
    """The stand has no static QRIS set."""


def static_qris(db: Database) -> Qris:
    """The stand's static QRIS, checked; refused when none is set."""
    payload = settings.get(db, settings.QRIS_STATIC)
    if not payload:
        raise NoQris(
            _(
                "No QRIS is set for this stand: scan the sticker in Settings, or run "
                "pos config set qris.static PAYLOAD."
            )
        )
    return parse(payload)


def has_qris(db: Database) -> bool:
    return bool(settings.get(db, settings.QRIS_STATIC))


def dynamic_payload(db: Database, amount: int) -> str:
    """The payload a customer scans to pay exactly `amount` rupiah to this stand."""
    return with_amount(static_qris(db), amount).text()


def write_png(payload: str, path: Path) -> Path:
    """The QR code of `payload` as a PNG file (written whole or not at all)."""
    from pos.printing.qr import qr_png

    data = qr_png(payload)
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as e:
        partial.unlink(missing_ok=True)
        raise PosError(
            _("Could not write {path}: {reason}").format(path=path, reason=e.strerror or e)
        ) from e
    return path
