"""Problems found in content, reported as ``path:line: field: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one entry."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return printable(f"{self.path}:{self.line}:{field} {self.message}")


def printable(text: str) -> str:
    """``text`` with invisible and control characters (ESC, U+202E, zero-width joiners, line
    breaks) written as escapes: a value quoted in a message cannot drive the terminal, hide or
    reorder text, or break the one-problem-per-line format."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def field_name(path: tuple) -> str:
    """``('claims', 0, 'status')`` -> ``claims[1].status`` (items counted from 1)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class ContentError(Exception):
    """Raised when content has problems; carries every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices, cutoff: float = 0.6) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest choice, or ``""``."""
    import difflib

    match = difflib.get_close_matches(str(word).lower(), [str(c) for c in choices], n=1, cutoff=cutoff)
    return f"; did you mean '{match[0]}'?" if match else ""
