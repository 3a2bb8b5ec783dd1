from pos.core.text import search_key


def test_search_key_ignores_case_accents_and_spacing() -> None:
    assert search_key("  Kué   NASTAR ") == "kue nastar"
    assert search_key("Café Ñoño") == "cafe nono"
