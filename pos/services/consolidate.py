"""`pos consolidate`: verified day exports of many stands into the central database.

Each export is one transaction. A stand's day is imported once: the same export again changes
nothing, a corrected re-export (another manifest) replaces that day's documents and is logged
with both manifests' hashes, and an export that was already replaced is not brought back. On
PostgreSQL two imports running at once take turns per stand and day (an advisory lock) and the
documents go in with COPY; on SQLite writers take turns on the file (BEGIN IMMEDIATE).
"""

import random
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from pos.db.models_central import (
    CentralDay,
    CentralPayment,
    CentralRefund,
    CentralRefundLine,
    CentralReplacement,
    CentralSale,
    CentralSaleLine,
    CentralStand,
)
from pos.db.session import WRITE
from pos.i18n import _
from pos.services.central_db import CentralDb, CentralProblem, first_line
from pos.services.central_read import BadExport, DayImport, read_export
from pos.services.export_verify import MANIFEST

# Columns in the order central_read builds its rows (day_id comes first at insert).
DOCUMENTS = (
    (CentralSale, ("stand", "receipt_no", "day", "created_at", "cashier", "shift_id", "status",
                   "total", "discount_total"), "sales"),
    (CentralSaleLine, ("stand", "receipt_no", "line_no", "day", "status", "sku", "name",
                       "category", "workshop", "qty", "unit_price", "line_total", "list_price",
                       "discount", "sale_discount", "discount_reason", "unit_cost"), "lines"),
    (CentralPayment, ("stand", "receipt_no", "pay_no", "day", "status", "method", "amount",
                      "tendered", "change", "reference", "bank", "confirmed"), "payments"),
    (CentralRefund, ("stand", "refund_no", "day", "kind", "receipt_no", "created_at", "cashier",
                     "approver", "reason", "method", "reference", "total"), "refunds"),
    (CentralRefundLine, ("stand", "refund_no", "line_no", "day", "kind", "receipt_no", "sku",
                         "name", "category", "workshop", "qty", "amount", "unit_cost",
                         "disposition"), "refund_lines"),
)  # fmt: skip
RETRIES = 6
# PostgreSQL's deadlock_detected and serialization_failure: the transaction is simply retried.
RETRYABLE = {"40P01", "40001"}
MAX_DEPTH = 3
READ_AHEAD = 3


@dataclass(frozen=True)
class Outcome:
    """What became of one export folder."""

    folder: Path
    status: str  # imported, replaced, unchanged, superseded, refused
    stand: str | None = None
    day: date | None = None
    sales: int = 0
    rows: int = 0
    problems: list[str] = field(default_factory=list)
    old_sha256: str | None = None


Progress = Callable[[int, int, Outcome], None]


def find_exports(paths: Iterable[Path]) -> tuple[list[Path], list[Outcome]]:
    """Export folders (with a manifest) given or found below the given folders, in name order;
    and an outcome for each path that is neither (a folder of sticks holds many exports)."""
    found: list[Path] = []
    refused: list[Outcome] = []
    for path in paths:
        path = Path(path)
        if (path / MANIFEST).is_file():
            found.append(path)
            continue
        below = _below(path, MAX_DEPTH) if path.is_dir() else []
        if not below:
            refused.append(
                Outcome(
                    path,
                    "refused",
                    problems=[_("No day export found in {path}.").format(path=path)],
                )
            )
        found.extend(below)
    return found, refused


def _below(folder: Path, depth: int) -> list[Path]:
    try:
        children = sorted(
            p for p in folder.iterdir() if p.is_dir() and not p.is_symlink() and p.name[:1] != "."
        )
    except OSError:
        return []
    found: list[Path] = []
    for child in children:
        if (child / MANIFEST).is_file():
            found.append(child)
        elif depth > 1:
            found.extend(_below(child, depth - 1))
    return found


def consolidate(
    central: CentralDb,
    folders: list[Path],
    progress: Progress | None = None,
    now: Callable[[], datetime] = datetime.now,
) -> list[Outcome]:
    """Import each folder on its own; a refused one is named and the others still import."""
    outcomes = []
    # The next exports are read and checked in a thread while the database takes this one:
    # reading is Python's work, storing mostly waiting for the server (which frees the GIL).
    with ThreadPoolExecutor(max_workers=1) as reader, central.engine.connect() as conn:
        if not central.is_server:
            conn = conn.execution_options(**{WRITE: True})
        ahead: deque[Future[DayImport | Outcome]] = deque()
        for n in range(1, len(folders) + 1):
            while len(ahead) < READ_AHEAD and n - 1 + len(ahead) < len(folders):
                ahead.append(reader.submit(_read, folders[n - 1 + len(ahead)]))
            read = ahead.popleft().result()
            outcome = read if isinstance(read, Outcome) else _store(central, conn, read, now)
            outcomes.append(outcome)
            if progress is not None:
                progress(n, len(folders), outcome)
    return outcomes


# --- several processes (PostgreSQL) ------------------------------------------------------

CHUNK = 40  # exports per task: enough to keep a worker busy, few enough to show progress
_worker: CentralDb | None = None


def consolidate_in_parallel(
    target: str, folders: list[Path], jobs: int, progress: Progress | None = None
) -> list[Outcome]:
    """As consolidate(), by `jobs` processes with a connection each (PostgreSQL: imports of
    different stands and days go on at once; one stand's day still takes turns)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from pos.i18n import current_language

    chunks = [folders[i : i + CHUNK] for i in range(0, len(folders), CHUNK)]
    # spawn, not fork: the parent may hold threads and open connections.
    context = multiprocessing.get_context("spawn")
    outcomes: list[Outcome] = []
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_open_worker,
        initargs=(target, current_language()),
    ) as pool:  # fmt: skip
        for done in pool.map(_import_chunk, chunks):
            for outcome in done:
                outcomes.append(outcome)
                if progress is not None:
                    progress(len(outcomes), len(folders), outcome)
    return outcomes


def _open_worker(target: str, language: str) -> None:
    global _worker
    from pos.i18n import set_language
    from pos.services.central_db import open_central

    set_language(language)
    _worker = open_central(target)


def _import_chunk(folders: list[Path]) -> list[Outcome]:
    assert _worker is not None
    return consolidate(_worker, folders)


def _read(folder: Path) -> DayImport | Outcome:
    try:
        return read_export(folder)
    except BadExport as e:
        return Outcome(folder, "refused", problems=e.problems)
    except OSError as e:
        reason = _("{path} cannot be read: {reason}").format(path=folder, reason=e.strerror)
        return Outcome(folder, "refused", problems=[reason])


def _store(
    central: CentralDb, conn: Connection, data: DayImport, now: Callable[[], datetime]
) -> Outcome:
    for attempt in range(RETRIES):
        try:
            with conn.begin():
                return _store_in(conn, central.is_server, data, now())
        except IntegrityError as e:
            reason = _(
                "A document of this export was already imported from another day or "
                "stand ({reason})."
            ).format(reason=first_line(e.orig))
            return Outcome(data.folder, "refused", data.stand, data.day, problems=[reason])
        except DBAPIError as e:
            code = getattr(e.orig, "sqlstate", None)
            if code in RETRYABLE and attempt < RETRIES - 1:
                time.sleep(random.uniform(0.05, 0.2) * (attempt + 1))
                continue
            if not central.is_server:
                from pos.db.session import explain_write_error

                raise CentralProblem(explain_write_error(e).message) from e
            raise CentralProblem(
                _("Cannot write to the central database {url}: {reason}").format(
                    url=central.shown, reason=first_line(e.orig)
                )
            ) from e
    raise AssertionError("unreachable")


def _store_in(conn: Connection, server: bool, data: DayImport, at: datetime) -> Outcome:
    stand, day = data.stand, data.day
    if server:
        # One import of a stand's day at a time; other days and stands go on in parallel.
        conn.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": f"lapak-central:{stand}:{day.isoformat()}"},
        )
    dialect_insert = pg_insert if server else sqlite_insert
    conn.execute(dialect_insert(CentralStand).values(code=stand).on_conflict_do_nothing())
    current = conn.execute(
        select(CentralDay.id, CentralDay.manifest_sha256, CentralDay.folder).where(
            CentralDay.stand == stand, CentralDay.day == day
        )
    ).first()
    sums = {
        "manifest_sha256": data.manifest_sha256,
        "folder": data.folder.name[:200],
        "app_version": data.app_version,
        "sales_count": len(data.completed),
        "voided_count": len(data.sales) - len(data.completed),
        "total": data.total,
        "discount_total": data.discount_total,
        "refunds_total": data.refunds_total,
        "imported_at": at,
    }
    base = Outcome(data.folder, "imported", stand, day, len(data.completed), data.rows)
    if current is None:
        day_id = conn.execute(
            insert(CentralDay).values(stand=stand, day=day, **sums).returning(CentralDay.id)
        ).scalar_one()
    else:
        day_id, old_sha, old_folder = current
        if old_sha == data.manifest_sha256:
            return Outcome(data.folder, "unchanged", stand, day, len(data.completed))
        replaced_before = conn.execute(
            select(CentralReplacement.id).where(
                CentralReplacement.stand == stand,
                CentralReplacement.day == day,
                CentralReplacement.old_sha256 == data.manifest_sha256,
            )
        ).first()
        if replaced_before is not None:
            # An older stick plugged in again: the correction that replaced it stays.
            return Outcome(data.folder, "superseded", stand, day, len(data.completed))
        for model, _columns, _name in DOCUMENTS:
            conn.execute(delete(model).where(model.day == day, model.stand == stand))
        conn.execute(update(CentralDay).where(CentralDay.id == day_id).values(**sums))
        conn.execute(
            insert(CentralReplacement).values(
                stand=stand,
                day=day,
                old_sha256=old_sha,
                new_sha256=data.manifest_sha256,
                old_folder=old_folder,
                new_folder=sums["folder"],
                replaced_at=at,
            )
        )
        base = Outcome(
            data.folder, "replaced", stand, day, len(data.completed), data.rows, old_sha256=old_sha
        )
    for model, columns, name in DOCUMENTS:
        rows = getattr(data, name)
        if rows:
            _bulk_insert(conn, server, model.__tablename__, columns, day_id, rows)
    return base


def _bulk_insert(
    conn: Connection,
    server: bool,
    table: str,
    columns: tuple[str, ...],
    day_id: int,
    rows: list[tuple[Any, ...]],
) -> None:
    names = ", ".join(f'"{c}"' for c in ("day_id", *columns))
    driver: Any = conn.connection.driver_connection
    if server:
        # COPY of text written here in one piece: a day of a busy stand in one round trip,
        # several times faster than psycopg adapting row by row.
        prefix = f"{day_id}\t"
        data = "".join(prefix + "\t".join(map(_copy_text, row)) + "\n" for row in rows)
        with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            copy.write(data.encode("utf-8"))
        return
    marks = ", ".join("?" * (len(columns) + 1))
    cursor = driver.cursor()
    cursor.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks})",
        ([day_id, *(_sqlite_value(v) for v in row)] for row in rows),
    )
    cursor.close()


def _copy_text(value: Any) -> str:
    """A value in COPY's text format: \\N for NULL, backslashes doubled (the reader let no
    tab, newline or other control character into a cell)."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.replace("\\", "\\\\")
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat(" ")
    return str(value)


def _sqlite_value(value: Any) -> Any:
    # As SQLAlchemy's Date and DateTime store them on SQLite, so the ORM reads them back.
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value
