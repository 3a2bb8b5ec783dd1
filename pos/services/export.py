"""The end-of-day export to a USB stick: written aside, verified by reading back, then named.

Layout of `<STAND>_<YYYY-MM-DD>/`: the day as XLSX and as CSV files, the Z reports of the
day's shifts, a consistent copy of the database without PIN hashes, and manifest.json
(written last) with every file's size and SHA-256. Until the read-back check passes, the
folder is called `.<name>.partial-<pid>`: nothing on the stick looks complete before it is.
"""

import csv
import errno
import hashlib
import io
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from pos import __version__
from pos.core.audit_head import head_text
from pos.core.errors import PosError
from pos.core.text import csv_cell
from pos.db.migrate import HEAD_REVISION
from pos.db.models import ExportRecord
from pos.db.session import Database, write_errors_explained
from pos.i18n import _
from pos.services import audit, settings
from pos.services.audit_anchor import head_fields
from pos.services.auth import Actor
from pos.services.day_data import (
    CASHIERS_COLUMNS,
    LINES_COLUMNS,
    PAYMENTS_COLUMNS,
    REFUND_LINES_COLUMNS,
    REFUNDS_COLUMNS,
    SALES_COLUMNS,
    SUMMARY_COLUMNS,
    WORKSHOP_COLUMNS,
    DayData,
    day_data,
)
from pos.services.export_verify import MANIFEST, verify_export
from pos.services.order_data import OPEN_ORDERS_COLUMNS, ORDER_PAYMENTS_COLUMNS
from pos.services.scratch import scratch_dir

DB_COPY = "lapak.db"
CHUNK = 1024 * 1024


class ExportFailed(PosError):
    """The export did not complete; nothing that looks complete was left on the stick."""


@dataclass(frozen=True)
class ExportResult:
    """What an end-of-day export wrote, and where."""

    folder: Path
    files: list[str]
    sales_count: int
    total: int
    replaced_name: bool  # an earlier export of the day exists, so this one got a new name
    # The audit chain's head as manifest.json holds it (None: an empty chain): ID:HASH16 for
    # the office's book and `pos audit verify --anchor` (pos.services.audit_anchor).
    audit_head: str | None = None


@dataclass(frozen=True)
class RemovableDrive:
    """A drive the export dialog can offer; found by the UI (QStorageInfo), not by services."""

    path: Path
    label: str
    free_bytes: int
    read_only: bool


class DriveFinder(Protocol):
    """Finds the removable drives to export to (tests use a fake)."""

    def drives(self) -> list[RemovableDrive]: ...


class Sink(Protocol):
    """Where the export's bytes go; tests use one that fails after N bytes."""

    def write(self, path: Path, chunks: Iterable[bytes]) -> None: ...


class DiskSink:
    """Writes export files to disk, synced before they count as written."""

    def write(self, path: Path, chunks: Iterable[bytes]) -> None:
        with open(path, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())


def _explain(error: OSError, target: Path) -> str:
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return _("The stick {path} is full. Use a stick with more free space.").format(path=target)
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return _(
            "The stick {path} is read-only (check its lock switch), or cannot be written."
        ).format(path=target)
    if code in (errno.ENOENT, errno.EIO, errno.ENODEV, errno.ENXIO, errno.ESTALE):
        return _("The stick {path} was removed or stopped answering. Plug it in again.").format(
            path=target
        )
    return _("Writing to {path} failed: {reason}").format(path=target, reason=error.strerror)


# --- the files ---------------------------------------------------------------------------


def _csv_bytes(header: tuple[str, ...], rows: Iterable[Iterable[Any]]) -> bytes:
    """UTF-8 CSV; text that a spreadsheet would run as a formula is quoted (csv_cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _tables(data: DayData) -> list[tuple[str, tuple[str, ...], list[Any]]]:
    return [
        ("summary", SUMMARY_COLUMNS, data.summary()),
        ("sales", SALES_COLUMNS, data.sales),
        ("lines", LINES_COLUMNS, data.lines),
        ("payments", PAYMENTS_COLUMNS, data.payments),
        ("workshops", WORKSHOP_COLUMNS, data.workshops),
        ("refunds", REFUNDS_COLUMNS, data.refunds),
        ("refund_lines", REFUND_LINES_COLUMNS, data.refund_lines),
        ("cashiers", CASHIERS_COLUMNS, data.cashiers),
        *data.books,
        ("order_payments", ORDER_PAYMENTS_COLUMNS, data.order_payments),
        ("open_orders", OPEN_ORDERS_COLUMNS, data.open_orders),
    ]


def _xlsx_bytes(data: DayData) -> bytes:
    from pos.services.xlsx import workbook_bytes

    return workbook_bytes([(name, [header, *rows]) for name, header, rows in _tables(data)])


def _database_copy(db: Database, folder: Path) -> Path:
    """A consistent copy made with SQLite's backup API, without PIN hashes, tags or their key."""
    path = folder / DB_COPY
    source = sqlite3.connect(db.path)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
        # secure_delete zeroes the old bytes, so the hashes cannot be read back from the file.
        target.execute("PRAGMA secure_delete = ON")
        target.execute("UPDATE users SET pin_hash = NULL, pin_tag = NULL")
        target.execute("DELETE FROM pin_lookup_key")
        target.commit()
    finally:
        target.close()
        source.close()
    return path


def _z_reports(db: Database, day: date) -> list[tuple[str, bytes]]:
    from pos.services import reports, shifts

    z_reports = []
    for shift_id in shifts.shifts_of_day(db, day):
        summary = shifts.summary(db, shift_id)
        if summary.z_number is None:
            continue  # still open: its Z report does not exist yet
        pdf = reports.shift_report(db, summary).pdf()
        z_reports.append((f"Z-{summary.stand}-{summary.z_number:04d}.pdf", pdf))
    return z_reports


def _file_chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            yield chunk


def _hashing(chunks: Iterable[bytes], digest: Any, size: list[int]) -> Iterator[bytes]:
    for chunk in chunks:
        digest.update(chunk)
        size[0] += len(chunk)
        yield chunk


# --- export ------------------------------------------------------------------------------


def folder_name(stand: str, day: date) -> str:
    return f"{stand}_{day.isoformat()}"


def _free_name(target: Path, name: str) -> tuple[Path, bool]:
    """`name`, or `name_2`, `name_3`...: an earlier export of the day is never overwritten."""
    candidate = target / name
    n = 1
    while candidate.exists():
        n += 1
        candidate = target / f"{name}_{n}"
    return candidate, n > 1


def export_day(
    db: Database, actor: Actor, day: date, target: Path, sink: Sink | None = None
) -> ExportResult:
    actor.require("export")
    sink = sink or DiskSink()
    target = Path(target)
    if not target.is_dir():
        raise ExportFailed(
            _("The stick {path} was removed or stopped answering. Plug it in again.").format(
                path=target
            )
        )
    stand = settings.get(db, settings.STAND_CODE)
    try:
        settings.STAND_CODE.validate(stand)  # type: ignore[misc]
    except PosError as e:
        # Written into the database by hand: it names the folder, so it must be refused here.
        raise ExportFailed(
            _("The stand code {code} in the settings is not valid. {reason}").format(
                code=repr(stand), reason=e.message
            )
        ) from e
    data = day_data(db, day, stand)
    name = folder_name(stand, day)
    outputs: list[tuple[str, Iterable[bytes]]] = [(f"{name}.xlsx", [_xlsx_bytes(data)])]
    outputs += [(f"{t}.csv", [_csv_bytes(h, rows)]) for t, h, rows in _tables(data)]
    outputs += [(n, [pdf]) for n, pdf in _z_reports(db, day)]

    partial = target / f".{name}.partial-{os.getpid()}"
    # The copy is made in the data folder, not /tmp: an export killed midway leaves it where
    # the next export or start of the app finds and removes it.
    with scratch_dir(db.path, "export") as scratch:
        db_copy = _database_copy(db, scratch)
        outputs.append((DB_COPY, _file_chunks(db_copy)))
        try:
            partial.mkdir()
            files: list[dict[str, Any]] = []
            for filename, chunks in outputs:
                digest, size = hashlib.sha256(), [0]
                sink.write(partial / filename, _hashing(chunks, digest, size))
                files.append({"name": filename, "size": size[0], "sha256": digest.hexdigest()})
            manifest = _manifest(data, files)
            sink.write(partial / MANIFEST, [manifest])
            _sync_dir(partial)
            problems = verify_export(partial)
            if problems:
                raise ExportFailed(
                    _("The export did not read back correctly: {problems}").format(
                        problems="; ".join(problems[:5])
                    )
                )
            final, renamed = _free_name(target, name)
            os.rename(partial, final)
            _sync_dir(target)
        except OSError as e:
            shutil.rmtree(partial, ignore_errors=True)
            raise ExportFailed(_explain(e, target)) from e
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
    _remember(db, actor, data, final, manifest)
    names = [str(f["name"]) for f in files]
    return ExportResult(
        final, names, len(data.completed), data.total, renamed, _written_head(manifest)
    )


def _manifest(data: DayData, files: list[dict[str, Any]]) -> bytes:
    document = {
        "format": "lapak-day-export/1",
        "stand": data.stand,
        "date": data.day.isoformat(),
        "app_version": __version__,
        "schema_version": HEAD_REVISION,
        "counts": {
            "sales": len(data.completed),
            "voided": len(data.sales) - len(data.completed),
            "lines": len(data.lines),
            "payments": len(data.payments),
            **{name: len(rows) for name, _header, rows in data.books},
        },
        "totals": {
            "total": data.total,
            "by_method": data.by_method(),
            "discount_total": data.discount_total,
            "refunds_total": data.refunds_total,
            "net_total": data.total - data.refunds_total,
        },
        # The same as `pos report day --json` says of the day.
        "voided": [] if data.figures is None else data.figures.voided,
        "refunds": [] if data.figures is None else [r.to_json() for r in data.figures.refunds],
        "cashiers": [] if data.figures is None else [c.to_json() for c in data.figures.cashiers],
        # Order payments are money received, not sales: apart from "totals".
        "orders": {
            **(data.orders.to_json() if data.orders else {}),
            "payments": len(data.order_payments),
            "open": len(data.open_orders),
        },
        # The audit chain's head, and the previous export's head as hashed now (audit_anchor).
        "audit": data.audit,
        "files": files,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _written_head(manifest: bytes) -> str | None:
    """The head as the manifest written to the stick says it, read back from its bytes."""
    block = json.loads(manifest).get("audit") or {}
    found = head_fields(block.get("head"), gone_allowed=False)
    if found is None or found[1] is None:
        return None
    return head_text(found[0], found[1])


def _sync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # not every system lets a folder be opened (Windows): the files are synced
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remember(db: Database, actor: Actor, data: DayData, folder: Path, manifest: bytes) -> None:
    with write_errors_explained(), db.Session.begin() as session:
        session.add(
            ExportRecord(
                day=data.day,
                folder=str(folder),
                manifest_sha256=hashlib.sha256(manifest).hexdigest(),
                sales_count=len(data.completed),
                total=data.total,
                created_at=settings.local_now(session),
                user_id=actor.id,
                **_head(data),
            )
        )
        detail = {"day": data.day.isoformat(), "folder": folder.name, "sales": len(data.completed)}
        audit.record(session, actor.id, "export", detail, settings.local_now(session))


def _head(data: DayData) -> dict[str, Any]:
    """The head the manifest carries, kept so that the next export can hash it again."""
    head = None if data.audit is None else data.audit.get("head")
    return {} if head is None else {"head_id": head["id"], "head_hash": head["hash"]}
