"""The field types of the content model: each checks and normalizes a raw YAML value and describes itself as JSON Schema.

The kinds (:mod:`.kinds`) are built from them, so the checker, the published JSON Schema and the
contributor guide's tests all read one model.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import did_you_mean
from .dates import EXPECTED as DATE_EXPECTED
from .dates import FIRST_YEAR, LAST_YEAR, DateError, parse_date
from .ranks import accepted_names, find_rank

INVALID = object()
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


class Pattern(Text):
    """Text of one form, given by a regular expression that the checker and the JSON Schema share."""

    pattern = ""

    def check(self, value, ctx, path):
        value = super().check(value, ctx, path)
        if value is not INVALID and not re.fullmatch(self.pattern, value):
            return self.fail(ctx, path, value)
        return value

    def schema(self):
        return {"type": "string", "pattern": f"^{self.pattern}$"}


class Url(Pattern):
    expected = "a web address starting with http:// or https://"
    pattern = r"[hH][tT][tT][pP][sS]?://[^\s<>\"'`]+"


class Language(Pattern):
    expected = "a BCP 47 language tag such as en, ar or fr"
    pattern = r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*"


class Wikidata(Pattern):
    expected = "a Wikidata item id: Q and its number, such as Q42"
    pattern = r"Q[1-9][0-9]{0,11}"


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
