"""File sizes as readers read them."""

from __future__ import annotations


def human_size(size: int, bytes_word: str = "bytes") -> str:
    """``842 KB``, ``3.4 MB``: sizes as people read them (decimal units; ``bytes_word`` in the reader's language)."""
    if size < 1000:
        return f"{size} {bytes_word}"
    for unit in ("KB", "MB", "GB"):
        size /= 1000
        if size < 999.5 or unit == "GB":
            return f"{size:.1f} {unit}" if size < 9.95 else f"{size:.0f} {unit}"
    raise AssertionError("unreachable")
