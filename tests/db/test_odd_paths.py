"""A database in a folder whose name looks like URL syntax opens, migrates and records a sale."""

from pathlib import Path

import pytest

from pos.services import settings
from pos.services.setup import init_database


@pytest.mark.parametrize("folder", ["toko?mode=ro", "50% diskon", "a#b", "spasi dan 'kutip'"])
def test_a_folder_name_with_url_characters_is_just_a_name(tmp_path: Path, folder: str) -> None:
    path = tmp_path / folder / "lapak.db"
    path.parent.mkdir()
    db = init_database(path)
    try:
        settings.set_value(db, settings.STAND_NAME, "Lapak Gerbang")
        assert settings.get(db, settings.STAND_NAME) == "Lapak Gerbang"
    finally:
        db.close()
    # The file written is the one named, not a file cut at the "?" or "#".
    assert path.is_file()
    assert sorted(p.name for p in (tmp_path / folder).iterdir())[0] == "lapak.db"
