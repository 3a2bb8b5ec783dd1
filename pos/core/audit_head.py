"""An audit chain head as people copy it from paper or a screen: `ID:HASH`, the entry's number
and the first SHORT hex digits of its hash, the form `pos audit verify --anchor` takes."""

SHORT = 16  # hex digits: 64 bits, more than anyone can forge a match for


def head_text(entry_id: int, digest: str) -> str:
    """The head `entry_id` with hash `digest` as written on a Z report or after an export."""
    return f"{entry_id}:{digest[:SHORT]}"
