"""Writing one imported day's documents into the central tables: COPY on PostgreSQL, one
executemany per table on SQLite."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from pos.db.models_central import (
    CentralPayment,
    CentralRefund,
    CentralRefundLine,
    CentralSale,
    CentralSaleLine,
)

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


def bulk_insert(
    conn: Connection,
    server: bool,
    table: str,
    columns: tuple[str, ...],
    day_id: int,
    rows: list[tuple[Any, ...]],
) -> None:
    """Insert `rows` (in `columns` order) into `table`, each pointing to the day `day_id`."""
    names = ", ".join(f'"{c}"' for c in ("day_id", *columns))
    driver: Any = conn.connection.driver_connection
    dbapi = conn.dialect.loaded_dbapi
    try:
        if server:
            # COPY of text written here in one piece: a day of a busy stand in one round
            # trip, several times faster than psycopg adapting row by row.
            statement = f"COPY {table} ({names}) FROM STDIN"
            with driver.cursor() as cursor, cursor.copy(statement) as copy:
                copy.write(copy_text(day_id, rows).encode("utf-8"))
            return
        marks = ", ".join("?" * (len(columns) + 1))
        cursor = driver.cursor()
        try:
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",
                ([day_id, *(_sqlite_value(v) for v in row)] for row in rows),
            )
        finally:
            cursor.close()
    except dbapi.Error as e:
        # The driver's own error (its cursor is used directly): SQLAlchemy's, as from execute.
        raise DBAPIError.instance(f"INSERT INTO {table}", None, e, dbapi.Error) from e


def copy_text(day_id: int, rows: list[tuple[Any, ...]]) -> str:
    """The rows in COPY's text format, the day's id first: built column by column, so that a
    column of plain text or numbers (nearly all of them) is converted in one C loop."""
    columns = [[str(day_id)] * len(rows), *map(_copy_column, zip(*rows, strict=True))]
    return "".join(line + "\n" for line in map("\t".join, zip(*columns, strict=True)))


def _copy_column(values: tuple[Any, ...]) -> list[str]:
    kinds = set(map(type, values))
    if kinds == {str}:
        if any("\\" in v for v in values):
            return [v.replace("\\", "\\\\") for v in values]
        return list(values)
    if kinds == {int}:
        return list(map(str, values))
    if len(set(values)) == 1:  # the day, the stand's status...: one conversion for all
        return [_copy_value(values[0])] * len(values)
    return list(map(_copy_value, values))


def _copy_value(value: Any) -> str:
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


def analyze_new_stands(conn: Connection, server: bool, stands: set[str], seen: set[str]) -> None:
    """Have the server's statistics take in `stands` (PostgreSQL; after a commit) unless
    they have already (seen by this process, or among the stand columns' most common values:
    another process's ANALYZE); `seen` gets them. Imports come stand by stand, and a stand the
    statistics never saw is planned as one row: the report sums then joined each line to
    every sale of that stand already imported (12.8 s a stand-day at 16 stands). Once per
    stand, and of the columns the import's statements filter on: ANALYZE of the whole tables
    after every `--jobs` task of 40 exports cost more with each stand imported."""
    new = stands - seen
    if not server or not new:
        return
    with conn.begin():
        if new - _stands_in_statistics(conn):
            conn.execute(text(f"ANALYZE {ANALYZED}"))
    seen |= stands


# The documents' tables, with the columns that choose the plans of a stand-day's statements:
# found by stand and day, joined by receipt number (whose statistics size those joins; the
# whole tables' ANALYZE before took these columns too).
ANALYZED = ", ".join(
    f"{model.__tablename__} (stand, day, receipt_no)" for model, _c, _n in DOCUMENTS
)
_SEEN_IN = ("central_sales", "central_sale_lines", "central_payments")  # every sale has rows there


def _stands_in_statistics(conn: Connection) -> set[str]:
    """The stands that every main document table's statistics know as a common value."""
    rows = conn.execute(
        text(
            "SELECT tablename, unnest(most_common_vals::text::text[]) FROM pg_stats"
            " WHERE schemaname = current_schema() AND attname = 'stand'"
            " AND tablename IN :tables"
        ).bindparams(bindparam("tables", expanding=True)),
        {"tables": list(_SEEN_IN)},
    ).all()
    per_table: dict[str, set[str]] = {name: set() for name in _SEEN_IN}
    for table_name, stand in rows:
        per_table[table_name].add(stand)
    return set.intersection(*per_table.values())
