"""`pos consolidate`: verified day exports of many stands into the central database.

Exports are stored a few dozen to a transaction, each in a savepoint. A stand's day is imported
once: the same export again changes nothing, a corrected re-export (another manifest) replaces
that day's documents and is logged with both manifests' hashes, and an export that was already
replaced is not brought back. On PostgreSQL two imports running at once take turns per stand
and day (an advisory lock) and the documents go in with COPY; on SQLite writers take turns on
the file (BEGIN IMMEDIATE).
"""

import random
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, RootTransaction
from sqlalchemy.exc import DBAPIError, IntegrityError

from pos.db.models_central import CentralDay, CentralReplacement, CentralStand
from pos.i18n import _
from pos.services.central_anchors import record_heads
from pos.services.central_db import CentralDb, CentralProblem, first_line
from pos.services.central_read import BadExport, DayImport, read_export
from pos.services.central_write import DOCUMENTS, analyze_new_stands, bulk_insert
from pos.services.export_verify import MANIFEST
from pos.services.report_summaries import StandDays, build_days, compose, voided_days

RETRIES = 6
# PostgreSQL's deadlock_detected and serialization_failure: the transaction is simply retried.
RETRYABLE = {"40P01", "40001"}
MAX_DEPTH = 3
READ_AHEAD = 3
BATCH_ROWS = 25_000  # documents per transaction: about 25 days of a busy stand


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
    notes: list[str] = field(default_factory=list)  # imported, but without some of its data
    warnings: list[str] = field(default_factory=list)  # e.g. a rewritten chain (central_anchors)


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
    compose_sums: bool = True,
) -> list[Outcome]:
    """Import each folder on its own; a refused one is named and the others still import.
    The run ends by adding up the report sums of the months and years it touched (unless
    `compose_sums` is False: a worker of consolidate_in_parallel, whose parent does it)."""
    outcomes: list[Outcome] = []

    def finished(done: list[Outcome]) -> None:
        for outcome in done:
            outcomes.append(outcome)
            if progress is not None:
                progress(len(outcomes), len(folders), outcome)

    # The next exports are read and checked in a thread while the database takes this one:
    # reading is Python's work, storing mostly waiting for the server (which frees the GIL).
    with ThreadPoolExecutor(max_workers=1) as reader, central.engine.connect() as conn:
        conn = central.for_writing(conn)
        batch = _Batch(central, conn, now)
        try:
            for read in _read_ahead(reader, folders):
                finished(batch.add(read))
            finished(batch.commit())
        finally:
            batch.close()
    if compose_sums:
        compose(central.engine)
    return outcomes


def _read_ahead(reader: ThreadPoolExecutor, folders: list[Path]) -> Iterator[DayImport | Outcome]:
    ahead: deque[Future[DayImport | Outcome]] = deque()
    for folder in folders:
        ahead.append(reader.submit(_read, folder))
        if len(ahead) > READ_AHEAD:
            yield ahead.popleft().result()
    while ahead:
        yield ahead.popleft().result()


class _Batch:
    """Exports stored in one transaction, each in a savepoint of its own: one disk flush for
    dozens of days (the flush is most of a day's import on a durable server), and a day whose
    documents collide is refused alone. A day another import is busy with (PostgreSQL) ends
    the batch before it is waited for: an import never waits holding days the other wants.
    Anything else that goes wrong (a deadlock...) stores the batch's days one by one again."""

    def __init__(self, central: CentralDb, conn: Connection, now: Callable[[], datetime]) -> None:
        self.central, self.conn, self.now = central, conn, now
        self.server = central.is_server
        # Outcomes not yet committed, in order, each with the day to store again if need be.
        self.pending: list[tuple[DayImport | None, Outcome]] = []
        self.rows = 0
        self.transaction: RootTransaction | None = None
        self.stands: set[str] = set()
        self.days: StandDays = set()  # whose report sums to build before committing

    def add(self, read: DayImport | Outcome) -> list[Outcome]:
        """Store one more export; the outcomes of those now committed, in order."""
        if isinstance(read, Outcome):
            self.pending.append((None, read))
            return [] if self.transaction is not None else self.commit()
        done: list[Outcome] = []
        try:
            if read.stand not in self.stands:  # a stand row of its own, committed: no waits on it
                done += self.commit()
                with self.conn.begin():
                    _ensure_stand(self.conn, self.server, read.stand)
                self.stands.add(read.stand)
            if self.rows >= BATCH_ROWS or (
                self.transaction is not None
                and not _lock_day(self.conn, self.server, read, wait=False)
            ):
                done += self.commit()
            if self.transaction is None:
                self.transaction = self.conn.begin()
                _lock_day(self.conn, self.server, read, wait=True)
            savepoint = self.conn.begin_nested()
            try:
                outcome = _store_in(self.conn, self.server, read, self.now(), self.days)
                savepoint.commit()
            except IntegrityError as e:
                savepoint.rollback()
                outcome = _collided(read, e)
        except DBAPIError:
            self.pending.append((read, Outcome(read.folder, "refused")))
            self._redo()
            return done + self.commit()
        self.pending.append((read, outcome))
        self.rows += read.rows
        return done

    def commit(self) -> list[Outcome]:
        """Commit the batch; the outcomes of its exports, in order."""
        if self.transaction is not None:
            transaction, self.transaction = self.transaction, None
            try:
                build_days(self.conn, self.days)
                transaction.commit()
            except DBAPIError:
                if transaction.is_active:
                    transaction.rollback()
                self._redo()
            stands = {data.stand for data, _outcome in self.pending if data is not None}
            analyze_new_stands(self.conn, self.server, stands, self.central.analyzed)
        done = [outcome for _data, outcome in self.pending]
        self.pending, self.rows, self.days = [], 0, set()
        return done

    def _redo(self) -> None:
        if self.transaction is not None:
            self.transaction.rollback()
            self.transaction = None
        self.days = set()
        self.pending = [
            (None, outcome if data is None else _store(self.central, self.conn, data, self.now))
            for data, outcome in self.pending
        ]

    def close(self) -> None:
        if self.transaction is not None:
            self.transaction.rollback()


def _ensure_stand(conn: Connection, server: bool, stand: str) -> None:
    dialect_insert = pg_insert if server else sqlite_insert
    conn.execute(dialect_insert(CentralStand).values(code=stand).on_conflict_do_nothing())


def _lock_day(conn: Connection, server: bool, data: DayImport, wait: bool) -> bool:
    """One import of a stand's day at a time (PostgreSQL; SQLite's writers take turns anyway);
    other days and stands go on in parallel. False: another import holds it (wait=False)."""
    if not server:
        return True
    call = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    got = conn.execute(
        text(f"SELECT {call}(hashtextextended(:key, 0))"),
        {"key": f"lapak-central:{data.stand}:{data.day.isoformat()}"},
    ).scalar()
    return wait or bool(got)


def _collided(data: DayImport, error: IntegrityError) -> Outcome:
    reason = _(
        "A document of this export was already imported from another day or stand ({reason})."
    ).format(reason=first_line(error.orig))
    return Outcome(data.folder, "refused", data.stand, data.day, problems=[reason])


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

    from pos import library_log
    from pos.i18n import current_language
    from pos.services.central_db import open_central

    chunks = [folders[i : i + CHUNK] for i in range(0, len(folders), CHUNK)]
    # spawn, not fork: the parent may hold threads and open connections.
    context = multiprocessing.get_context("spawn")
    outcomes: list[Outcome] = []
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_open_worker,
        initargs=(target, current_language(), library_log.current()),
    ) as pool:  # fmt: skip
        for done in pool.map(_import_chunk, chunks):
            for outcome in done:
                outcomes.append(outcome)
                if progress is not None:
                    progress(len(outcomes), len(folders), outcome)
    central = open_central(target)
    try:
        compose(central.engine)
    finally:
        central.close()
    return outcomes


def _open_worker(target: str, language: str, log_file: Path | None = None) -> None:
    global _worker
    from pos import library_log
    from pos.i18n import set_language
    from pos.services.central_db import open_central

    set_language(language)
    library_log.send_to(log_file)  # a spawned process starts with no logging set up
    _worker = open_central(target)


def _import_chunk(folders: list[Path]) -> list[Outcome]:
    assert _worker is not None
    return consolidate(_worker, folders, compose_sums=False)


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
    """One export in a transaction of its own, retried after a deadlock."""
    for attempt in range(RETRIES):
        try:
            with conn.begin():
                _ensure_stand(conn, central.is_server, data.stand)
                _lock_day(conn, central.is_server, data, True)
                days: StandDays = set()
                outcome = _store_in(conn, central.is_server, data, now(), days)
                build_days(conn, days)
                return outcome
        except IntegrityError as e:
            return _collided(data, e)
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


def _store_in(
    conn: Connection, server: bool, data: DayImport, at: datetime, days: StandDays
) -> Outcome:
    """The day's rows, its stand's row there and its lock held; `days` gets the stand-days
    whose report sums change (the day's, and those of the sales its voids, before and now)."""
    stand, day = data.stand, data.day
    current = conn.execute(
        select(CentralDay.id, CentralDay.manifest_sha256, CentralDay.folder).where(
            CentralDay.stand == stand, CentralDay.day == day
        )
    ).first()
    sums = {
        "manifest_sha256": data.manifest_sha256,
        "folder": data.folder.name[:200],
        "app_version": data.app_version,
        "sales_count": data.sales_count,
        "voided_count": len(data.sales) - data.sales_count,
        "total": data.total,
        "discount_total": data.discount_total,
        "refunds_total": data.refunds_total,
        "imported_at": at,
    }
    base = Outcome(
        data.folder, "imported", stand, day, data.sales_count, data.rows, notes=data.notes
    )
    if current is None:
        day_id = conn.execute(
            insert(CentralDay).values(stand=stand, day=day, **sums).returning(CentralDay.id)
        ).scalar_one()
    else:
        day_id, old_sha, old_folder = current
        if old_sha == data.manifest_sha256:
            return Outcome(data.folder, "unchanged", stand, day, data.sales_count)
        replaced_before = conn.execute(
            select(CentralReplacement.id).where(
                CentralReplacement.stand == stand,
                CentralReplacement.day == day,
                CentralReplacement.old_sha256 == data.manifest_sha256,
            )
        ).first()
        if replaced_before is not None:
            # An older stick plugged in again: the correction that replaced it stays.
            return Outcome(data.folder, "superseded", stand, day, data.sales_count)
        days |= voided_days(conn, stand, day)  # a void the correction drops counts again
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
            data.folder, "replaced", stand, day, data.sales_count, data.rows, old_sha256=old_sha,
            notes=data.notes,
        )  # fmt: skip
    base.warnings.extend(record_heads(conn, server, data, at))
    for model, columns, name in DOCUMENTS:
        rows = getattr(data, name)
        if rows:
            bulk_insert(conn, server, model.__tablename__, columns, day_id, rows)
    days.add((stand, day))
    days |= voided_days(conn, stand, day)
    return base
