"""The admin manages users: names, roles, PINs that are unique, valid and never shown."""

import subprocess
import sys

import pytest
from sqlalchemy import select

from pos.core.errors import NotFound, PermissionDenied, PosError
from pos.core.pins import InvalidPin
from pos.db.models import AuditEntry
from pos.services import audit, login, users
from pos.services.auth import Actor, system_actor


def _names(db) -> list[tuple[str, str, bool, bool]]:  # type: ignore[no-untyped-def]
    return [(u.name, u.role, u.active, u.has_pin) for u in users.list_users(db)]


def test_the_demo_has_four_users(demo_db) -> None:  # type: ignore[no-untyped-def]
    assert sorted(_names(demo_db)) == [
        ("Admin", "admin", True, True),
        ("Budi", "kasir", True, True),
        ("Pak Joko", "supervisor", True, True),
        ("Sari", "kasir", True, True),
    ]


def test_a_new_database_has_an_admin_without_pin(db) -> None:  # type: ignore[no-untyped-def]
    assert _names(db) == [("Admin", "admin", True, False)]
    assert users.needs_admin_pin(db)
    admin = users.set_first_admin_pin(db, "5678")
    assert admin.name == "Admin" and not users.needs_admin_pin(db)
    assert login.authenticate_pin(db, "5678").role == "admin"
    with pytest.raises(PermissionDenied, match="set-pin"):
        users.set_first_admin_pin(db, "8765")  # only while there is none
    assert login.authenticate_pin(db, "5678").role == "admin"


def test_add_a_user(demo_db, admin) -> None:  # type: ignore[no-untyped-def]
    users.add_user(demo_db, admin, "  Rina   Wati ", "kasir", "24680")
    assert ("Rina Wati", "kasir", True, True) in _names(demo_db)
    assert login.authenticate_pin(demo_db, "24680").name == "Rina Wati"
    with demo_db.Session() as s:
        entry = (
            s.execute(select(AuditEntry).where(AuditEntry.action == "user_add")).scalars().all()[-1]
        )
    assert audit.fields(entry.detail) == {"user": "Rina Wati", "role": "kasir"}
    assert entry.user_id == admin.id and "24680" not in entry.detail


@pytest.mark.parametrize("pin", ["abcd", "123", "123456789", "12.4", "", "1111 "])
def test_bad_pins_are_refused(demo_db, admin, pin: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidPin, match="4 sampai 8 angka"):
        users.add_user(demo_db, admin, "Rina", "kasir", pin)
    assert "Rina" not in [n for n, *_ in _names(demo_db)]


def test_a_pin_in_use_is_refused_even_of_an_inactive_user(demo_db, admin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PosError, match="sudah dipakai"):
        users.add_user(demo_db, admin, "Rina", "kasir", "1111")  # Sari's
    budi = users.find_user(demo_db, "Budi")
    users.set_active(demo_db, admin, budi.id, False)
    with pytest.raises(PosError, match="sudah dipakai"):
        users.add_user(demo_db, admin, "Rina", "kasir", "3333")
    sari = users.find_user(demo_db, "Sari")
    with pytest.raises(PosError, match="sudah dipakai"):
        users.set_pin(demo_db, admin, sari.id, "2222")
    users.set_pin(demo_db, admin, sari.id, "1111")  # her own again is fine
    users.set_pin(demo_db, admin, sari.id, "4444")
    assert login.authenticate_pin(demo_db, "4444").name == "Sari"
    with pytest.raises(login.WrongPin):
        login.authenticate_pin(demo_db, "1111")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "nama"),
        ("   ", "nama"),
        ("A" * 41, "40"),
        ("Sari\x00", "kendali"),
        ("sari", "Sudah ada"),
    ],
)
def test_bad_names_are_refused(demo_db, admin, name: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PosError, match=message):
        users.add_user(demo_db, admin, name, "kasir", "5555")


def test_hostile_names_are_stored_literally(demo_db, admin) -> None:  # type: ignore[no-untyped-def]
    name = "Robert'); DROP TABLE users;--"
    users.add_user(demo_db, admin, name, "kasir", "5555")
    assert users.find_user(demo_db, name).name == name
    assert len(users.list_users(demo_db)) == 5


def test_unknown_role_is_refused(demo_db, admin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PosError, match="kasir, supervisor, admin"):
        users.add_user(demo_db, admin, "Rina", "cashier", "5555")


def test_roles_and_the_last_admin(demo_db, admin) -> None:  # type: ignore[no-untyped-def]
    joko = users.find_user(demo_db, "Pak Joko")
    with pytest.raises(PermissionDenied, match="admin terakhir"):
        users.set_active(demo_db, admin, admin.id, False)
    with pytest.raises(PermissionDenied, match="admin terakhir"):
        users.set_role(demo_db, admin, admin.id, "supervisor")
    users.set_role(demo_db, admin, joko.id, "admin")
    users.set_role(demo_db, admin, admin.id, "supervisor")  # another admin is left now
    assert users.find_user(demo_db, "Admin").role == "supervisor"
    assert login.authenticate_pin(demo_db, "2222").role == "admin"


def test_deactivated_users_keep_their_name_and_can_come_back(demo_db, admin) -> None:  # type: ignore[no-untyped-def]
    budi = users.find_user(demo_db, "Budi")
    users.set_active(demo_db, admin, budi.id, False)
    assert ("Budi", "kasir", False, True) in _names(demo_db)
    assert "Budi" not in [u.name for u in users.list_users(demo_db, include_inactive=False)]
    users.set_active(demo_db, admin, budi.id, True)
    assert login.authenticate_pin(demo_db, "3333").name == "Budi"


def test_only_an_admin_manages_users(demo_db) -> None:  # type: ignore[no-untyped-def]
    joko = users.find_user(demo_db, "Pak Joko")
    boss = Actor(joko.id, joko.name, joko.role)
    with pytest.raises(PermissionDenied, match="Pak Joko"):
        users.add_user(demo_db, boss, "Rina", "admin", "5555")
    with pytest.raises(PermissionDenied):
        users.set_role(demo_db, boss, joko.id, "admin")
    assert users.find_user(demo_db, "Pak Joko").role == "supervisor"


def test_unknown_user(demo_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        users.find_user(demo_db, "Nobody")
    assert users.find_user(demo_db, "  pak   JOKO ").name == "Pak Joko"
    assert system_actor(demo_db).name == "Admin"


def test_the_login_list_needs_no_orm_mappers(demo_db, admin) -> None:  # type: ignore[no-untyped-def]
    """The lock screen lists its users at start-up, before anything has configured the ORM's
    mappers (about 0.1 s, left for later); inactive users come last, then by name."""
    users.set_active(demo_db, admin, users.find_user(demo_db, "Budi").id, False)
    code = (
        "import sys; from pathlib import Path; from pos.db.models import User; "
        "from pos.db.session import Database; from pos.services import users; "
        "db = Database(Path(sys.argv[1])); "
        "print([u.name for u in users.list_users(db)], User.__mapper__.configured)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(demo_db.path)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['Admin', 'Pak Joko', 'Sari', 'Budi'] False"
