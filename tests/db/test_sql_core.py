from sqlalchemy import select

from pos.db.models import Category, User
from pos.db.sql_core import id_by_name


def test_id_by_name_ignores_case_and_can_leave_a_row_out(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.Session() as session:
        sari = session.execute(select(User).where(User.name == "Sari")).scalar_one()
        assert id_by_name(session, User, "sARI") == sari.id
        assert id_by_name(session, User, "sari", other_than=sari.id) is None
        assert id_by_name(session, User, "Nobody") is None
        first = session.execute(select(Category).order_by(Category.id)).scalars().first()
        assert first is not None
        assert id_by_name(session, Category, first.name.upper()) == first.id
