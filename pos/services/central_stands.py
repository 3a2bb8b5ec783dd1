"""The stands the regional office knows: described once (name, prison, regency, province),
listed with what has been imported of them."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select, update

from pos.core.errors import NotFound, PosError
from pos.db.models_central import CentralDay, CentralReplacement, CentralStand
from pos.db.models_summaries import ReportSum
from pos.i18n import _
from pos.services.central_db import CentralDb

LIMITS = {"name": 120, "prison": 120, "regency": 80, "province": 80}


@dataclass(frozen=True)
class StandRow:
    """A stand with its description and its imported days."""

    code: str
    name: str | None
    prison: str | None
    regency: str | None
    province: str | None
    days: int
    first_day: date | None
    last_day: date | None
    sales_count: int
    total: int
    replaced: int  # days replaced by a corrected re-export

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "name": self.name, "prison": self.prison,
            "regency": self.regency, "province": self.province, "days": self.days,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "sales_count": self.sales_count, "total": self.total, "replaced": self.replaced,
        }  # fmt: skip


def _clean(field: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value) or value[:1] in ("=", "+", "-", "@"):
        raise PosError(_("The {field} may not start with = + - @ or hold control characters.")
                       .format(field=field))  # fmt: skip
    if len(value) > LIMITS[field]:
        raise PosError(
            _("The {field} may be at most {n} characters.").format(field=field, n=LIMITS[field])
        )
    return value or None


def describe_stand(central: CentralDb, code: str, **fields: str | None) -> None:
    """Add a stand or change what is said of it; a field not given keeps its value."""
    from pos.services import settings

    settings.STAND_CODE.validate(code)  # type: ignore[misc]
    values = {k: _clean(k, v) for k, v in fields.items() if v is not None}
    unknown = set(values) - set(LIMITS)
    if unknown:
        raise PosError(_("Unknown stand field {field}.").format(field=sorted(unknown)[0]))
    with central.writing() as conn:
        exists = conn.execute(select(CentralStand.code).where(CentralStand.code == code)).first()
        if exists is None:
            conn.execute(insert(CentralStand).values(code=code, **values))
        elif values:
            conn.execute(update(CentralStand).where(CentralStand.code == code).values(**values))
        if "regency" in values:
            # The report's kept sums by regency are the stand's own, under its new regency.
            regency = values["regency"] or ""
            conn.execute(
                update(ReportSum)
                .where(ReportSum.source == "central", ReportSum.by == "regency")
                .where(ReportSum.stand == code)
                .values(key=regency, label=regency)
            )


def list_stands(central: CentralDb, regency: str | None = None) -> list[StandRow]:
    """Every stand (or a regency's), by code, with its imported days and their sales."""
    days = (
        select(
            CentralDay.stand,
            func.count().label("days"),
            func.min(CentralDay.day).label("first_day"),
            func.max(CentralDay.day).label("last_day"),
            func.coalesce(func.sum(CentralDay.sales_count), 0).label("sales_count"),
            func.coalesce(func.sum(CentralDay.total), 0).label("total"),
        )
        .group_by(CentralDay.stand)
        .subquery()
    )
    replaced = (
        select(CentralReplacement.stand, func.count().label("replaced"))
        .group_by(CentralReplacement.stand)
        .subquery()
    )
    query = (
        select(
            CentralStand.code,
            CentralStand.name,
            CentralStand.prison,
            CentralStand.regency,
            CentralStand.province,
            days.c.days,
            days.c.first_day,
            days.c.last_day,
            days.c.sales_count,
            days.c.total,
            replaced.c.replaced,
        )
        .outerjoin(days, days.c.stand == CentralStand.code)
        .outerjoin(replaced, replaced.c.stand == CentralStand.code)
        .order_by(CentralStand.code)
    )
    if regency is not None:
        query = query.where(func.lower(CentralStand.regency) == regency.lower())
    with central.reading() as conn:
        rows = conn.execute(query).all()
    return [
        StandRow(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            int(r[5] or 0),
            r[6],
            r[7],
            int(r[8] or 0),
            int(r[9] or 0),
            int(r[10] or 0),
        )
        for r in rows
    ]


def stand_codes(central: CentralDb, stand: str | None, regency: str | None) -> list[str] | None:
    """The stands a report covers: one, a regency's, or None for all; unknown ones refused."""
    if stand is None and regency is None:
        return None
    rows = list_stands(central, regency)
    codes = [r.code for r in rows if stand is None or r.code == stand]
    if not codes:
        if stand is not None:
            raise NotFound(_("No stand {code} in the central database.").format(code=stand))
        raise NotFound(_("No stand in the regency {name}.").format(name=regency))
    return codes
