"""The content model: every kind, its fields, their types and what each means.

Each type checks and normalizes a raw YAML value, and describes itself as JSON
Schema, so the checker, the published schema and the contributor docs test all
read the same model.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, Callable

from .dates import EXPECTED as DATE_EXPECTED, FIRST_YEAR, LAST_YEAR, DateError, parse_date
from ..errors import did_you_mean
from .ranks import accepted_names, find_rank

INVALID = object()
STATUSES = ("confirmed", "unconfirmed", "disputed", "denied")
MAX_ITEMS = 500
# Invisible characters refused in text and bodies: C0 and C1 controls (not tab or line breaks),
# bidirectional embeddings and overrides (they can make text read differently from how it is
# stored), and the non-characters U+FFFE and U+FFFF.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\ufffe\uffff]")


def control_char_name(char: str) -> str:
    """``'\u202e'`` -> ``U+202E``."""
    return f"U+{ord(char):04X}"


def article(word: str) -> str:
    """``'event'`` -> ``'an event'``."""
    return f"{'an' if word[0] in 'aeiou' and not word.startswith('uni') else 'a'} {word}"


def describe(value) -> str:
    """How a wrong value looks to a contributor, with YAML 1.1 pitfalls named."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads unquoted yes/no/on/off/true/false as true or false: put the text in quotes)"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, (int, float)):
        return f"the number {value} (put it in quotes if it is text)"
    if isinstance(value, datetime.date):
        return f"the date {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return f"'{value}'"


class Type:
    """Base of all field types."""

    expected = "a value"

    def check(self, value, ctx, path: tuple):
        raise NotImplementedError

    def fail(self, ctx, path, value, expected: str | None = None):
        ctx.problem(path, f"got {describe(value)} (expected {expected or self.expected})")
        return INVALID

    def schema(self) -> dict:
        raise NotImplementedError


class Text(Type):
    expected = "text"

    def __init__(self, max_length: int = 2000):
        self.max_length = max_length

    def check(self, value, ctx, path):
        if not isinstance(value, str):
            return self.fail(ctx, path, value)
        value = value.strip()
        if not value:
            return self.fail(ctx, path, value, "non-empty text")
        if len(value) > self.max_length:
            ctx.problem(path, f"text is {len(value):,} characters long (expected at most {self.max_length:,})")
            return INVALID
        bad = CONTROL_CHARS.search(value)
        if bad:
            ctx.problem(path, f"contains the invisible control character {control_char_name(bad[0])} (expected visible text)")
            return INVALID
        return value

    def schema(self):
        return {"type": "string", "minLength": 1, "maxLength": self.max_length}


class Url(Text):
    expected = "a web address starting with http:// or https://"

    def check(self, value, ctx, path):
        value = super().check(value, ctx, path)
        if value is INVALID:
            return value
        if not re.fullmatch(r"https?://[^\s<>\"'`]+", value, re.IGNORECASE):
            return self.fail(ctx, path, value)
        return value

    def schema(self):
        return {"type": "string", "pattern": r"^[hH][tT][tT][pP][sS]?://[^\s<>\"'`]+$"}


class Language(Text):
    expected = "a BCP 47 language tag such as en, ar or fr"

    def check(self, value, ctx, path):
        value = super().check(value, ctx, path)
        if value is not INVALID and not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*", value):
            return self.fail(ctx, path, value)
        return value

    def schema(self):
        return {"type": "string", "pattern": r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"}


class Enum(Type):
    def __init__(self, values: tuple[str, ...]):
        self.values = values
        self.expected = "one of: " + ", ".join(values)

    def check(self, value, ctx, path):
        if isinstance(value, str) and value.strip() in self.values:
            return value.strip()
        hint = did_you_mean(value, self.values) if isinstance(value, str) else ""
        ctx.problem(path, f"got {describe(value)} (expected {self.expected}){hint}")
        return INVALID

    def schema(self):
        return {"type": "string", "enum": list(self.values)}


class DateType(Type):
    expected = DATE_EXPECTED

    def check(self, value, ctx, path):
        if isinstance(value, bool) or not isinstance(value, (str, int, datetime.date)):
            return self.fail(ctx, path, value)
        try:
            return parse_date(value)
        except DateError as err:
            ctx.problem(path, f"{err} (expected {self.expected})")
            return INVALID

    def schema(self):
        return {
            "anyOf": [
                {"type": "string", "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[~?%]?(/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[~?%]?)?$"},
                {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
            ]
        }


class RankType(Type):
    expected = "a rank from the rank table, in English, Arabic or a common abbreviation: " + ", ".join(accepted_names())

    def check(self, value, ctx, path):
        if isinstance(value, str):
            rank = find_rank(value)
            if rank:
                return rank.name
            ctx.problem(path, f"unknown rank '{value}' (expected {self.expected}){did_you_mean(value, [n.lower() for n in accepted_names()])}")
            return INVALID
        return self.fail(ctx, path, value)

    def schema(self):
        return {"type": "string", "minLength": 1, "description": "Canonical names: " + ", ".join(accepted_names())}


class Ref(Type):
    """The id of another entry, of one of ``kinds``."""

    def __init__(self, *kinds: str):
        self.kinds = kinds
        self.expected = " or ".join(f"the id of {article(k)}" for k in kinds)

    def check(self, value, ctx, path):
        if not isinstance(value, str) or not value.strip():
            return self.fail(ctx, path, value)
        return ctx.reference(path, value.strip(), self.kinds)

    def schema(self):
        return {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}


class Count(Type):
    expected = "a number of people, exact (20) or approximate (~20, 20+)"

    def check(self, value, ctx, path):
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return {"text": str(value), "value": value, "approximate": False}
        if isinstance(value, str):
            match = re.fullmatch(r"\s*(~?)(0|[1-9][0-9]*)(\+?)\s*", value)
            if match:
                return {"text": value.strip(), "value": int(match[2]), "approximate": bool(match[1] or match[3])}
        return self.fail(ctx, path, value)

    def schema(self):
        return {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": r"^~?(0|[1-9][0-9]*)\+?$"}]}


class ListOf(Type):
    def __init__(self, item: Type, max_items: int = MAX_ITEMS):
        self.item, self.max_items = item, max_items
        self.expected = f"a list of {item.expected}"

    def check(self, value, ctx, path):
        if not isinstance(value, list):
            if isinstance(value, (str, dict)) and not isinstance(self.item, ListOf):
                value = [value]  # a single item where a list is expected
            else:
                return self.fail(ctx, path, value, f"a list (one '- item' per line) of {self.item.expected}")
        if len(value) > self.max_items:
            ctx.problem(path, f"has {len(value):,} items (expected at most {self.max_items:,})")
            return INVALID
        out = [self.item.check(v, ctx, path + (i,)) for i, v in enumerate(value)]
        return INVALID if any(v is INVALID for v in out) else out

    def schema(self):
        return {"type": "array", "items": self.item.schema(), "maxItems": self.max_items}


@dataclass(frozen=True)
class Field:
    type: Type
    doc: str
    required: bool = False
    published: bool = True  # False: kept in the content for editors, never on a page, in search or in an export


class Struct(Type):
    """A set of named fields; ``rule`` checks the whole once its fields pass."""

    def __init__(self, name: str, fields: dict[str, Field], rule: Callable | None = None, shorthand: str | None = None):
        self.name, self.fields, self.rule, self.shorthand = name, fields, rule, shorthand
        self.expected = f"a {name} with fields " + ", ".join(fields)

    def check(self, value, ctx, path):
        if self.shorthand and isinstance(value, str):
            value = {self.shorthand: value}
        if not isinstance(value, dict):
            return self.fail(ctx, path, value)
        out: dict[str, Any] = {}
        ok = True
        for key, raw in value.items():
            spec = self.fields.get(key)
            if spec is None:
                ctx.problem(path + (key,), f"unknown field (expected one of: {', '.join(self.fields)}){did_you_mean(key, self.fields)}")
                ok = False
                continue
            if raw is None and not spec.required:
                continue  # an empty optional field means unknown
            checked = spec.type.check(raw, ctx, path + (key,))
            if checked is INVALID:
                ok = False
            else:
                out[key] = checked
        for key, spec in self.fields.items():
            if spec.required and key not in value:
                ctx.problem(path + (key,) if path else (key,), f"missing (expected {spec.type.expected}: {spec.doc})")
                ok = False
        if ok and self.rule:
            message = self.rule(out)
            if message:
                where = ()
                if isinstance(message, tuple):  # (field path within the struct, message)
                    where, message = message
                ctx.problem(path + where, message)
                ok = False
        return out if ok else INVALID

    def schema(self):
        out = {
            "type": "object",
            "additionalProperties": False,
            "properties": {k: {**f.type.schema(), "description": f.doc} for k, f in self.fields.items()},
        }
        required = [k for k, f in self.fields.items() if f.required]
        if required:
            out["required"] = required
        if self.shorthand:
            return {"anyOf": [self.fields[self.shorthand].type.schema(), out]}
        return out


# --- shared pieces ---------------------------------------------------------

CITATION_FIELDS = {
    "source": Field(Ref("source"), "the id of the source entry", required=True),
    "quote": Field(Text(600), "a short quotation (at most a sentence) from the source"),
    "locator": Field(Text(100), "where in the source, such as 'para 4' or '02:15'"),
    "note": Field(Text(), "anything a reader should know about this citation"),
}
CITATION = Struct("citation", CITATION_FIELDS, shorthand="source")
CITATIONS = ListOf(CITATION)
BASES = ("official", "named", "anonymous", "self", "outlet")
ATTRIBUTION = Struct("attribution", {
    **CITATION_FIELDS,
    "by": Field(Text(300), "who says so, as the source names them, e.g. 'a senior Free Syrian Army source'", required=True),
    "basis": Field(Enum(BASES), "what kind of voice it is: official (an official body or office-holder on the record), named (a named "
                                "person or organisation), anonymous (an unnamed source), self (the subject's own announcement), outlet "
                                "(the publication in its own voice)"),
})
ATTRIBUTIONS = ListOf(ATTRIBUTION)
STATUS = Enum(STATUSES)
CONFIRMED_WAYS = ("an official attribution on the record, a self-announcement that its outlet vouches for "
                  "(basis self and basis outlet in the same source), or two independent attributions "
                  "(different by; the unnamed sources and the own voice of one outlet count as one, "
                  "and a self-announcement not at all)")


def independent_voices(attributions, publisher_of=None) -> set[tuple]:
    """The independent voices among ``attributions`` that have a basis.

    In one outlet, the unnamed sources and the outlet's own voice count as one voice together: a
    reader cannot tell them apart, nor whether the outlet's statement rests on them. (Checking one
    entry, the outlet is its source; checking the archive, ``publisher_of`` maps each source to its
    publisher, so that two articles of one paper are one voice.) A named or official voice is one
    voice wherever it is quoted. The subject's own announcement is no corroboration of itself and
    counts for nothing here (see :func:`confirmed_problem`).
    """
    voices = set()
    for a in attributions:
        basis = a.get("basis")
        if basis in ("anonymous", "outlet"):
            voices.add(("unnamed", (publisher_of or {}).get(a["source"], a["source"])))
        elif basis in ("named", "official"):
            voices.add(("by", " ".join(a["by"].casefold().split())))
    return voices


def confirmed_problem(asserted_by, publisher_of=None) -> str | None:
    """Why ``asserted_by`` does not hold a confirmed status, or None if it does (the confirmed rule)."""
    asserted_by = asserted_by or ()
    if not asserted_by:
        return f"the confirmed rule: a confirmed status needs asserted_by (expected {CONFIRMED_WAYS})"
    counted = [a for a in asserted_by if a.get("basis")]
    if any(a["basis"] == "official" for a in counted):
        return None
    if any(a["basis"] == "outlet" and a["source"] == s["source"] for s in counted if s["basis"] == "self" for a in counted):
        return None
    voices = independent_voices(counted, publisher_of)
    if len(voices) >= 2:
        return None
    unmarked = len(asserted_by) - len(counted)
    found = f"{len(voices)} independent attribution{'' if len(voices) == 1 else 's'}"
    if any(a["basis"] == "self" for a in counted):
        found += ", and a self-announcement that no outlet vouches for"
    if unmarked:
        found += f", and {unmarked} without a basis, which count for nothing"
    return f"the confirmed rule: found {found} (expected {CONFIRMED_WAYS})"


def status_problem(status: str | None, asserted_by, denied_by) -> tuple | None:
    """The one rule for every status, wherever one is set (a claim, a defection, an event).

    Returns ``(field path, message)`` naming the rule broken, or None.
    """
    if status == "confirmed":
        message = confirmed_problem(asserted_by)
        return (("status",), message) if message else None
    if status == "disputed" and not (asserted_by and denied_by):
        return ("status",), "the disputed rule: a disputed status needs both asserted_by and denied_by (expected who asserts it and who denies it, each with a source)"
    if status == "denied" and not denied_by:
        return ("status",), "the denied rule: a denied status needs a denied_by (expected who denies it, with a source)"
    return None


def _claim_rule(claim: dict):
    if not claim.get("asserted_by"):
        return "the claim rule: a claim needs at least one asserted_by attribution (expected who says so and in which source)"
    if claim["status"] != "confirmed" and not (claim.get("note") or claim.get("denied_by")):
        return f"the claim rule: {article(claim['status'])} claim needs a note or a denied_by (expected why it is not confirmed, or who denies it)"
    return status_problem(claim["status"], claim.get("asserted_by"), claim.get("denied_by"))


def _status_rule(struct: dict):
    """The status rules for a defection or an event (its status is held by its own asserted_by and denied_by)."""
    return status_problem(struct.get("status"), struct.get("asserted_by"), struct.get("denied_by"))


CLAIM = Struct(
    "claim",
    {
        "claim": Field(Text(600), "what is claimed, in one sentence", required=True),
        "status": Field(STATUS, "confirmed, unconfirmed, disputed or denied", required=True),
        "date": Field(DateType(), "when the claimed thing happened"),
        "asserted_by": Field(ATTRIBUTIONS, "who asserts it, each with a source"),
        "denied_by": Field(ATTRIBUTIONS, "who denies it, each with a source"),
        "note": Field(Text(), "why the status is what it is"),
    },
    rule=_claim_rule,
)
CLAIMS = ListOf(CLAIM)
NAMES = ListOf(Text(300))


def _position_rule(position: dict) -> str | None:
    if "unit" not in position and "title" not in position:
        return "position: needs a unit or a title (expected at least one of them)"
    return None


CATEGORIES = ("military", "security", "police", "political", "diplomatic", "judicial", "civilian")
UNIT_KINDS = ("army", "air-force", "navy", "air-defence", "republican-guard", "special-forces", "intelligence", "security",
              "police", "militia", "armed-opposition", "political", "ministry", "government", "judiciary", "media", "other")
SIDES = ("government", "opposition", "other")
EVENT_KINDS = ("defection", "mass-defection", "defection-claim", "denial", "attack", "announcement", "other")
SOURCE_KINDS = ("article", "report", "video", "statement", "interview", "social-media", "other")
STANDINGS = ("official", "public-figure", "private")
# Never recorded for a private individual (see 'Do no harm' in docs/about.md): they make a person
# findable, and their family reachable, beyond what the source itself says
PRIVATE_REFUSED = ("name_ar", "aliases", "born", "origin", "relatives")

WITHHELD = Field(ListOf(Struct("withheld detail", {
    "text": Field(Text(200), "the exact words the sources use, which no page, search index or export of the archive may contain", required=True),
    "reason": Field(Text(), "why it is withheld, for the editors", required=True),
})), "details the sources give that the archive withholds to protect a private individual; kept for editors, never published",
    published=False)


def _person_rule(person: dict):
    if person.get("standing") == "private":
        for name in PRIVATE_REFUSED:
            if name in person:
                return (name,), (f"the do-no-harm rule: {name} is not recorded for a private individual "
                                 "(expected it left out; see 'Do no harm' in the methodology)")
    return None


PERSON = Struct("person", {
    "name": Field(Text(300), "the name most sources use, in Latin script", required=True),
    "name_ar": Field(Text(300), "the name in Arabic script"),
    "aliases": Field(NAMES, "other spellings and transliterations of the name"),
    "standing": Field(Enum(STANDINGS), "official, public-figure or private: how much the archive publishes about the person"),
    "rank": Field(RankType(), "military or police rank (stored as its canonical English name)"),
    "category": Field(Enum(CATEGORIES), "what kind of office the person held"),
    "born": Field(DateType(), "date of birth"),
    "origin": Field(Text(300), "home town or region"),
    "positions": Field(ListOf(Struct("position", {
        "unit": Field(Ref("unit"), "the unit or body served in"),
        "title": Field(Text(300), "the post held, such as 'head of logistics'"),
        "from": Field(DateType(), "when the post began"),
        "to": Field(DateType(), "when the post ended"),
        "sources": Field(CITATIONS, "sources for this position"),
    }, rule=_position_rule)), "posts held, each with a unit or a title"),
    "relatives": Field(ListOf(Struct("relative", {
        "person": Field(Ref("person"), "the relative's id", required=True),
        "relation": Field(Text(100), "what that person is to this one, such as 'father' or 'cousin'", required=True),
    })), "family ties, shown on both people's pages"),
    "defection": Field(Struct("defection", {
        "status": Field(STATUS, "how well the defection is established", required=True),
        "date": Field(DateType(), "when the defection happened"),
        "destination": Field(Text(300), "where the person went"),
        "joined": Field(Ref("unit"), "the unit or body the person joined"),
        "event": Field(Ref("event"), "the event entry for the defection"),
        "asserted_by": Field(ATTRIBUTIONS, "who says the person defected, each with a source and a basis"),
        "denied_by": Field(ATTRIBUTIONS, "who denies it, each with a source"),
        "note": Field(Text(), "anything a reader should know about the defection record"),
        "sources": Field(CITATIONS, "sources for the defection"),
    }, rule=_status_rule), "the defection, if the person is known or claimed to have defected"),
    "claims": Field(CLAIMS, "claims about the person, each with who asserts and who denies it"),
    "sources": Field(CITATIONS, "sources that support the entry as a whole"),
    "withheld": WITHHELD,
}, rule=_person_rule)

UNIT = Struct("unit", {
    "name": Field(Text(300), "the unit's or organization's name in English", required=True),
    "name_ar": Field(Text(300), "the name in Arabic script"),
    "aliases": Field(NAMES, "other names and spellings"),
    "kind": Field(Enum(UNIT_KINDS), "what kind of body it is"),
    "side": Field(Enum(SIDES), "government, opposition or other"),
    "parent": Field(Ref("unit"), "the unit it belongs to"),
    "base": Field(Text(250), "where it is based"),
    "claims": Field(CLAIMS, "claims about the unit"),
    "sources": Field(CITATIONS, "sources that support the entry as a whole"),
})

EVENT = Struct("event", {
    "title": Field(Text(300), "a short title for the event", required=True),
    "date": Field(DateType(), "when it happened"),
    "kind": Field(Enum(EVENT_KINDS), "what kind of event it is"),
    "place": Field(Text(250), "where it happened"),
    "participants": Field(ListOf(Struct("participant", {
        "person": Field(Ref("person"), "the person's id", required=True),
        "role": Field(Text(300), "the person's part in the event"),
    })), "people involved, each with a role"),
    "units": Field(ListOf(Ref("unit")), "units involved"),
    "count": Field(Count(), "how many people took part, exact or approximate"),
    "status": Field(STATUS, "how well the event is established"),
    "asserted_by": Field(ATTRIBUTIONS, "who says the event happened, each with a source and a basis"),
    "denied_by": Field(ATTRIBUTIONS, "who denies it, each with a source"),
    "claims": Field(CLAIMS, "claims about the event"),
    "sources": Field(CITATIONS, "sources that support the entry as a whole"),
    "withheld": WITHHELD,
}, rule=_status_rule)

SOURCE = Struct("source", {
    "title": Field(Text(500), "the headline or title", required=True),
    "publisher": Field(Text(300), "the outlet that published it", required=True),
    "date": Field(DateType(), "the date of publication"),
    "author": Field(Text(300), "the author or authors"),
    "url": Field(Url(), "where it was published (http or https)"),
    "archive_url": Field(Url(), "an archived copy (http or https)"),
    "accessed": Field(DateType(), "when the URL was last read"),
    "language": Field(Language(), "the source's language as a BCP 47 tag (default en)"),
    "kind": Field(Enum(SOURCE_KINDS), "what kind of source it is"),
    "dateline": Field(Text(200), "the place the report was filed from"),
    "via": Field(Text(200), "the wire service it came through, such as AFP"),
})

KIND_SCHEMAS = {"person": PERSON, "unit": UNIT, "event": EVENT, "source": SOURCE}
FOLDERS = {"person": "people", "unit": "units", "event": "events", "source": "sources"}
