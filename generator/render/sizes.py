"""File sizes as readers read them."""

from __future__ import annotations


def human_size(size: int) -> str:
    """``842 KB``, ``3.4 MB``: sizes as people read them (decimal units)."""
    if size < 1000:
        return f"{size} bytes"
    for unit in ("KB", "MB", "GB"):
        size /= 1000
        if size < 999.5 or unit == "GB":
            return f"{size:.1f} {unit}" if size < 9.95 else f"{size:.0f} {unit}"
    raise AssertionError("unreachable")
