"""The do-no-harm rule across entries (see 'Do no harm' in docs/about.md).

Within one entry the kind's fields refuse what a private individual's entry may not record
(:data:`generator.model.rules.PRIVATE_REFUSED`). Three things only the whole archive shows:

- a private individual listed as somebody's relative: the family tie is what identifies them;
- a private individual's name in another entry's name, title, aliases, place or publisher: the
  fields site search indexes, which would find the name the private individual's page keeps out
  of search (compared as search compares names, :mod:`generator.model.names`);
- a detail an entry withholds (its ``withheld`` list) written out anyway, in the id, a published
  field, the body or the Arabic text of any entry, compared as a reader would see it (:func:`fold`).

Render and exports never print ``withheld`` itself (its field is ``published=False``).
"""

from __future__ import annotations

import html
import re
import unicodedata

from ..errors import Problem, field_name
from ..model.entry import Entry, Link
from ..model.kinds import KINDS
from ..model.names import expand, tokens
from ..model.types import ListOf, Struct, Type

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


def problems(entries: dict[str, Entry], links: list[Link]) -> list[Problem]:
    found: list[Problem] = []
    for entry in entries.values():
        if entry.kind != "person":
            continue
        for i, relative in enumerate(entry.data.get("relatives", ())):
            other = entries.get(relative["person"])
            if other is not None and other.private:
                path = ("relatives", i, "person")
                found.append(Problem(entry.path, entry.line(path), field_name(path),
                                     f"{RULE}: '{other.id}' is a private individual, whose family ties are not recorded "
                                     f"(expected the tie left out; {SEE})"))
    found.extend(_private_names_indexed(entries))
    for entry in entries.values():  # an Arabic text is checked for a withheld detail in Arabic: the entry must say how Arabic writes it
        for i, w in enumerate(entry.data.get("withheld", ()) if entry.path_ar else ()):
            if not w.get("text_ar"):
                path = ("withheld", i, "text_ar")
                found.append(Problem(entry.path, entry.line(path), field_name(path),
                                     f"{RULE}: the entry has an Arabic text ({entry.path_ar}), so the withheld detail '{w['text']}' needs its "
                                     f"Arabic wordings too (expected a list such as text_ar: [\"...\"], every way Arabic may write it; {SEE})"))
    withheld = [(entry, text) for entry in entries.values() for w in entry.data.get("withheld", ()) for text in (w["text"], *w.get("text_ar", ()))]
    if withheld:
        found.extend(_published_anywhere(entries, withheld))
    return found


INDEXED = ("name", "title", "aliases", "place", "publisher")


def _holds(words: list[str], name: list[str]) -> bool:
    """Whether ``words`` begin with ``name``, its last word possibly possessive ("Ojjeh's" folds to "ojjehs")."""
    return len(words) == len(name) and words[:-1] == name[:-1] and words[-1] in (name[-1], name[-1] + "s")


def _words(text: str) -> list[str]:
    """A text's words as search spells them (articles dropped, "Abd" compounds split), one word per name part:
    a joined article ("Alassad") counts as the name without it, as "al-Assad" does."""
    out = []
    for token in tokens(text):
        words = [term for term in expand(token) if not term.startswith("~")]
        out += words[1:] if len(words) == 2 and words[1] == words[0][2:] else words
    return out


def _private_names_indexed(entries: dict[str, Entry]) -> list[Problem]:
    """Another entry's indexed field that holds a private individual's name of two words or more (one word alone is
    too common to identify anyone)."""
    by_first: dict[str, list[tuple[Entry, list[str]]]] = {}  # a name's first word -> the private people it may begin
    for e in entries.values():
        if e.private and len(name := _words(e.title)) >= 2:
            by_first.setdefault(name[0], []).append((e, name))
    out = []
    for entry in entries.values() if by_first else ():
        if entry.private:
            continue  # not in search at all
        for key in INDEXED:
            if entry.kind == "person" and key in ("name", "name_ar", "aliases"):
                continue  # a person's own names: someone else who shares the name, not a mention
            value = entry.data.get(key)
            for i, text in enumerate(value if isinstance(value, list) else [value]):
                if not isinstance(text, str):
                    continue
                words = _words(text)
                for j, word in enumerate(words):
                    for person, name in by_first.get(word, ()):
                        if person is not entry and _holds(words[j:j + len(name)], name):
                            path = (key, i) if isinstance(value, list) else (key,)
                            out.append(Problem(entry.path, entry.line(path), field_name(path),
                                               f"{RULE}: names '{person.title}', a private individual ({person.path}), and site "
                                               f"search indexes this field (expected the name left out of names, titles, aliases, "
                                               f"places and publishers; the body may name them; {SEE})"))
    return out


# Folding for the withheld check: what a page shows alike is compared alike. Character references,
# compatibility forms (NFKD), accents and other combining marks, invisible format characters (soft
# hyphen, zero-width space), the tatweel, Markdown's emphasis and escape characters, case; a dash
# (hyphens included) reads as a space, and any run of white space as one.
_DROP = {ord(c): None for c in "*_`\\\u0640"}
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """``text`` as the withheld check compares it."""
    out = []
    for char in unicodedata.normalize("NFKD", html.unescape(text)).translate(_DROP):
        category = unicodedata.category(char)
        if category in ("Mn", "Me", "Cf"):
            continue
        out.append(" " if category == "Pd" else char)  # Tal-Kalakh reads as Tal Kalakh
    return _SPACE.sub(" ", "".join(out)).casefold()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _published_anywhere(entries: dict[str, Entry], withheld: list[tuple[Entry, str]]) -> list[Problem]:
    """Where any entry publishes a text that some entry withholds: its id, a published field, its body or its Arabic text.

    Anywhere in the archive, not only in the entries linked to the one that withholds it: list
    pages, unit and source pages show entries side by side, and so do the data files.
    """
    needles = {fold(text): (holder, text) for holder, text in withheld}
    pattern = re.compile("|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)))
    slugs = {_slug(text): needle for needle, (_, text) in needles.items() if _slug(text)}
    out = []

    def report(path: str, line: int, field: str, needle: str) -> None:
        holder, text = needles[needle]
        out.append(Problem(path, line, field, f"{RULE}: publishes '{text}', which {holder.path} withholds "
                                              f"(expected the detail left out of every published field, the id and the body; {SEE})"))

    for entry in entries.values():
        for slug, needle in slugs.items():
            if f"-{slug}-" in f"-{entry.id}-":
                report(entry.path, 1, "id", needle)
        for path, value in published_texts(KINDS[entry.kind].fields, entry.data):
            match = pattern.search(fold(value))
            if match:
                report(entry.path, entry.line(path), field_name(path), match[0])
        for path, body, first in ((entry.path, entry.body, entry.body_line), (entry.path_ar, entry.body_ar, entry.body_ar_line)):
            lines = [fold(line) for line in body.split("\n")]
            for offset, line in enumerate(lines):  # each line, then with the next: a detail may be broken over two
                match = pattern.search(line)
                if match is None and offset + 1 < len(lines) and not pattern.search(lines[offset + 1]):
                    match = pattern.search(f"{line} {lines[offset + 1]}")
                if match:
                    report(path, first + offset, "body", match[0])
                    break
    return out
