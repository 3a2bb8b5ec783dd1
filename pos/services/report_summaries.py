"""The regional office's kept report sums (pos.services.report_pieces), built by the import so
that no report has to add up a region's documents.

Each stand-day imported (or replaced by a corrected re-export) has its day pieces built for
every report key in the import's transaction, from that stand-day's documents alone (a day
built before keeps the other stands' sums); so have the earlier days whose sales its voids
take off, as imported before and as imported now (a corrected re-export may drop a void).
The months and years holding them are unmarked there, and when an import run ends they are
added up again from the day pieces (`compose`), not from the documents.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import IntegrityError

from pos.db.models_central import CentralDay, CentralRefund, CentralSale
from pos.services.central_sales import CENTRAL
from pos.services.report_pieces import refresh, store_stand_days, touch

StandDays = set[tuple[str, date]]
RETRIES = 5


def voided_days(conn: Connection, stand: str, day: date) -> StandDays:
    """The stand-days of the sales that `stand`'s `day` voids, as imported now: its own
    sales, read by their (stand, number) index (by number alone, each stand-day's import
    scanned the region's sales: 17 ms at 12 stands x 365 days, growing with the region)."""
    voided = select(CentralRefund.receipt_no).where(
        CentralRefund.stand == stand, CentralRefund.day == day, CentralRefund.kind == "void"
    )
    sold_on = select(CentralSale.stand, CentralSale.day).where(
        CentralSale.stand == stand, CentralSale.receipt_no.in_(voided)
    )
    return {(s, d) for s, d in conn.execute(sold_on.distinct())}


@contextmanager
def _no_nested_loops(conn: Connection) -> Iterator[None]:
    """PostgreSQL plans a stand-day's sums without nested loops. A stand's first days come
    before the statistics have seen it (central_write.analyze_new_stands runs after the batch
    commits): it is then estimated at one row, and the nested loop it gets joined every line to
    every sale of the stand imported so far (one statement seen at 28 s at 36 stands, the other
    import waiting on its day marks); both sides are one stand's days, a hash join is safe.
    Set outside the savepoints (a rolled back one would take it back), and put back only after
    a clean exit: after an error the transaction is rolled back, and the setting with it."""
    if conn.dialect.name != "postgresql":
        yield
        return
    conn.execute(text("SET LOCAL enable_nestloop = off"))
    yield
    conn.execute(text("SET LOCAL enable_nestloop = on"))


def build_days(conn: Connection, stand_days: Iterable[tuple[str, date]]) -> None:
    """The day pieces of every key for stand-days whose documents came anew, in the import's
    transaction; the months and years holding them unmarked (see `compose`)."""
    per_stand: dict[str, set[date]] = defaultdict(set)
    for stand, day in stand_days:
        per_stand[stand].add(day)
    if not per_stand:
        return
    touch(conn, CENTRAL.name, {d for days in per_stand.values() for d in days}, levels="my")
    with _no_nested_loops(conn):
        for attempt in range(RETRIES):
            # Another import building the same day at once (PostgreSQL) makes its mark first:
            # the day is then built, and this stand's sums are put into it on the next attempt.
            savepoint = conn.begin_nested()
            try:
                for by in CENTRAL.keys:
                    for stand in sorted(per_stand):
                        store_stand_days(conn, CENTRAL, by, stand, per_stand[stand])
                savepoint.commit()
                return
            except IntegrityError:
                savepoint.rollback()
                if attempt == RETRIES - 1:
                    raise


def compose(engine: Engine, today: date | None = None) -> None:
    """Months and years of imported days added up from their day pieces where not kept yet,
    each key in a transaction of its own (days not built yet are built first, from the
    documents: days imported before the import built them, or days without any)."""
    today = today or date.today()
    with engine.connect() as conn:
        days = [_as_date(d) for (d,) in conn.execute(select(CentralDay.day).distinct())]
        conn.rollback()
        years = sorted({d.replace(month=1, day=1) for d in days})
        for by in CENTRAL.keys:
            for year in years:
                span = (year, min(year.replace(month=12, day=31), today - timedelta(days=1)))
                refresh(conn, CENTRAL, span, by, True, today)
                refresh(conn, CENTRAL, span, by, False, today)


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
