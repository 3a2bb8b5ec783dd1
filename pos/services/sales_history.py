"""The sales history: a day's receipts, or receipts found by number or amount, each with
whether it printed."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from pos.db.session import Database
from pos.services import figures, printers

MAX_ROWS = 500
MAX_QUERY = 60
_AMOUNT = re.compile(r"^(?:rp\.?\s*)?(\d{1,3}(?:[.,]\d{3})+|\d{1,12})$", re.IGNORECASE)


@dataclass(frozen=True)
class SaleRow:
    """One receipt in the history."""

    sale_id: int
    receipt_no: str
    created_at: datetime
    cashier: str
    total: int
    status: str  # completed, voided...
    printed: printers.PrintStatus | None  # None: never sent to a printer


def find_sales(db: Database, day: date | None = None, query: str = "") -> list[SaleRow]:
    """Receipts of `day` (newest first), or, when `query` is given, receipts of any day whose
    number holds it (also as digits alone, as the 58 mm barcode carries them) or whose total
    it is. At most MAX_ROWS."""
    text = " ".join(query.split())[:MAX_QUERY]
    where: list[str] = []
    params: list[object] = []
    if text:
        alternatives = ["lower(s.receipt_no) LIKE ? ESCAPE '\\'"]
        params.append(f"%{_like(text.lower())}%")
        digits = re.sub(r"\D", "", text)
        if len(digits) >= 8 and digits == re.sub(r"[\s-]", "", text):
            alternatives.append("replace(s.receipt_no, '-', '') LIKE ? ESCAPE '\\'")
            params.append(f"%{digits}")
        amount = _amount(text)
        if amount is not None:
            alternatives.append("s.total = ?")
            params.append(amount)
        where.append("(" + " OR ".join(alternatives) + ")")
    elif day is not None:
        where.append("s.day = ?")
        params.append(day.isoformat())
    sql = (
        f"SELECT s.id, s.receipt_no, s.created_at, u.name, s.total, {figures.STATUS} "
        "FROM sales s JOIN users u ON u.id = s.user_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" ORDER BY s.created_at DESC, s.id DESC LIMIT {MAX_ROWS}"
    )
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(sql, tuple(params)).all()
    statuses = printers.print_statuses(db, [int(r[0]) for r in rows])
    return [
        SaleRow(
            sale_id=int(r[0]),
            receipt_no=str(r[1]),
            created_at=_parse_time(r[2]),
            cashier=str(r[3]),
            total=int(r[4]),
            status=str(r[5]),
            printed=statuses.get(int(r[0])),
        )
        for r in rows
    ]


def _amount(text: str) -> int | None:
    match = _AMOUNT.match(text.replace(" ", ""))
    if match is None:
        return None
    return int(re.sub(r"\D", "", match.group(1)))


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _parse_time(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
