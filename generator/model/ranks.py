"""The rank table (``ranks.yaml``): canonical names, Arabic forms and order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

_QUALIFIERS = ("ركن", "staff")


@dataclass(frozen=True)
class Rank:
    """One rank; ``order`` is 0 for the highest."""

    name: str
    ar: str
    order: int
    also: tuple[str, ...] = ()


def _key(text: str) -> str:
    """Case, dots, hyphens, Arabic alef forms and the Arabic article "ال" do not matter: "Lt.-Col." = "lt col", "العقيد" = "عقيد"."""
    text = re.sub("[أإآ]", "ا", re.sub(r"[.\-]", " ", text)).casefold()
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in text.split())


@cache
def table() -> tuple[Rank, ...]:
    """Every rank, highest first."""
    rows = yaml.safe_load(resources.files(__package__).joinpath("ranks.yaml").read_text("utf-8"))
    return tuple(Rank(r["name"], r["ar"], i, tuple(r.get("also", ()))) for i, r in enumerate(rows))


@cache
def _lookup() -> dict[str, Rank]:
    forms: dict[str, Rank] = {}
    for rank in table():
        for form in (rank.name, rank.ar, *rank.also):
            forms.setdefault(_key(form), rank)
    return forms


def find_rank(text: str) -> Rank | None:
    """The rank written as ``text`` (any accepted form, qualifiers ignored)."""
    key = _key(text)
    if key in _lookup():
        return _lookup()[key]
    words = [w for w in key.replace("(", " ").replace(")", " ").split() if w not in _QUALIFIERS]
    return _lookup().get(" ".join(words))


def by_name(name: str) -> Rank:
    """The rank with canonical English ``name``."""
    return next(r for r in table() if r.name == name)


def accepted_names() -> list[str]:
    return [r.name for r in table()]
