"""The do-no-harm rule across entries (see 'Do no harm' in docs/about.md).

Within one entry the schema refuses what a private individual's entry may not record
(:data:`generator.schema.PRIVATE_REFUSED`). Two things only the whole archive shows:

- a private individual listed as somebody's relative: the family tie is what identifies them;
- a detail an entry withholds (its ``withheld`` list) written out anyway, in its own id, fields
  or body, or in an entry it links to or that links to it (the pages a reader goes between).

Render and exports never print ``withheld`` itself (its field is ``published=False``).
"""

from __future__ import annotations

from collections import defaultdict

from .errors import Problem
from .model import Entry, Link
from .schema import KIND_SCHEMAS, ListOf, Struct, Type

RULE = "the do-no-harm rule"
SEE = "see 'Do no harm' in the methodology"


def published_texts(type_: Type, value, path: tuple = ()):
    """Yield ``(field path, text)`` for every published text value of an entry's fields."""
    if isinstance(type_, Struct) and isinstance(value, dict):
        for key, v in value.items():
            spec = type_.fields.get(key)
            if spec is not None and spec.published:
                yield from published_texts(spec.type, v, path + (key,))
    elif isinstance(type_, ListOf) and isinstance(value, list):
        for i, v in enumerate(value):
            yield from published_texts(type_.item, v, path + (i,))
    elif isinstance(value, str):
        yield path, value


def _field_name(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problems(entries: dict[str, Entry], links: list[Link]) -> list[Problem]:
    found: list[Problem] = []
    for entry in entries.values():
        if entry.kind != "person":
            continue
        for i, relative in enumerate(entry.data.get("relatives", ())):
            other = entries.get(relative["person"])
            if other is not None and other.data.get("standing") == "private":
                path = ("relatives", i, "person")
                found.append(Problem(entry.path, entry.lines.get(path, 1), _field_name(path),
                                     f"{RULE}: '{other.id}' is a private individual, whose family ties are not recorded "
                                     f"(expected the tie left out; {SEE})"))
    neighbours: dict[str, set[str]] = defaultdict(set)
    for link in links:
        neighbours[link.source.id].add(link.target)
        neighbours[link.target].add(link.source.id)
    for entry in entries.values():
        withheld = [w["text"] for w in entry.data.get("withheld", ())]
        if not withheld:
            continue
        for other_id in sorted({entry.id} | neighbours[entry.id]):
            other = entries.get(other_id)
            if other is None:
                continue
            for text in withheld:
                found.extend(_publishes(other, text, entry))
    return found


def _publishes(entry: Entry, text: str, holder: Entry) -> list[Problem]:
    """Where ``entry`` publishes ``text``, which ``holder`` withholds."""
    needle = text.casefold()
    message = (f"{RULE}: publishes '{text}', which {holder.path} withholds "
               f"(expected the detail left out of every published field, the id and the body; {SEE})")
    out = []
    if needle in entry.id.casefold():
        out.append(Problem(entry.path, 1, "id", message))
    for path, value in published_texts(KIND_SCHEMAS[entry.kind], entry.data):
        if needle in value.casefold():
            out.append(Problem(entry.path, entry.lines.get(path, 1), _field_name(path), message))
    index = entry.body.casefold().find(needle)
    if index >= 0:
        out.append(Problem(entry.path, entry.body_line + entry.body.count("\n", 0, index), "body", message))
    return out
