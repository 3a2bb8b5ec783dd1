"""Summary rows the reports read instead of a region's documents, (re)built per imported
stand-day by the central import, in its transaction.

`central_day_methods`: per stand, day and payment method, the sales (completed as exported)
and what they paid. A past stand-day's summary changes only when that day is imported again
(a corrected re-export: rebuilt then); a void that came with a later day's export is taken
off when reading (pos.services.central_reports), as the day sums are.
The sales report's kept sums (pos.services.report_pieces) of the day and of the days whose
sales its voids take off are unmarked here, to be built again when next needed.
"""

from datetime import date

from sqlalchemy import Connection, delete, func, insert, literal, select

from pos.db.models_central import CentralPayment, CentralRefund, CentralSale
from pos.db.models_summaries import CentralDayMethod
from pos.services.report_pieces import touch


def rebuild_central_day(conn: Connection, stand: str, day: date) -> None:
    """The summary rows of `stand`'s `day` from its imported documents, written again."""
    conn.execute(
        delete(CentralDayMethod).where(CentralDayMethod.stand == stand, CentralDayMethod.day == day)
    )
    sums = (
        select(
            literal(stand),
            literal(day),
            CentralPayment.method,
            func.count(func.distinct(CentralPayment.receipt_no)),
            func.sum(CentralPayment.amount),
        )
        .where(
            CentralPayment.day == day,
            CentralPayment.stand == stand,
            CentralPayment.status == "completed",
        )
        .group_by(CentralPayment.method)
    )
    columns = ("stand", "day", "method", "sales_count", "amount")
    conn.execute(insert(CentralDayMethod).from_select(columns, sums))
    # The report's kept sums of the day, and of the days of the sales its voids take off.
    voided = select(CentralRefund.receipt_no).where(
        CentralRefund.stand == stand, CentralRefund.day == day, CentralRefund.kind == "void"
    )
    sold_on = select(CentralSale.day).where(CentralSale.receipt_no.in_(voided)).distinct()
    touch(conn, "central", {day, *(d for (d,) in conn.execute(sold_on))})
