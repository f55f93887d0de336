"""The kinds of entry, defined once: each kind's folder, names and fields (the content model).

Everything that lists the kinds (loading, checking, pages, exports, import) reads :data:`KINDS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import BASES, STATUSES, claim_rule, person_rule, position_rule, status_rule
from .types import (
    Count,
    DateType,
    Enum,
    Field,
    Language,
    ListOf,
    RankType,
    Ref,
    Struct,
    Text,
    Url,
    Wikidata,
)

# --- shared pieces ---------------------------------------------------------

CITATION_FIELDS = {
    "source": Field(Ref("source"), "the id of the source entry", required=True),
    "quote": Field(Text(600), "a short quotation (at most a sentence) from the source"),
    "locator": Field(Text(100), "where in the source, such as 'para 4' or '02:15'"),
    "note": Field(Text(), "anything a reader should know about this citation"),
}
CITATION = Struct("citation", CITATION_FIELDS, shorthand="source")
CITATIONS = ListOf(CITATION)
ATTRIBUTION = Struct("attribution", {
    **CITATION_FIELDS,
    "by": Field(Text(300), "who says so, as the source names them, e.g. 'a senior Free Syrian Army source'", required=True),
    "basis": Field(Enum(BASES), "what kind of voice it is: official (an official body or office-holder on the record), named (a named "
                                "person or organisation), anonymous (an unnamed source), self (the subject's own announcement), outlet "
                                "(the publication in its own voice)"),
})
ATTRIBUTIONS = ListOf(ATTRIBUTION)
STATUS = Enum(STATUSES)
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
    rule=claim_rule,
)
CLAIMS = ListOf(CLAIM)
NAMES = ListOf(Text(300))
WIKIDATA = Field(Wikidata(), "the entry's Wikidata item (Q and a number), only where it is certainly the same")


CATEGORIES = ("military", "security", "police", "political", "diplomatic", "judicial", "civilian")
UNIT_KINDS = ("army", "air-force", "navy", "air-defence", "republican-guard", "special-forces", "intelligence", "security",
              "police", "militia", "armed-opposition", "political", "ministry", "government", "judiciary", "media", "other")
SIDES = ("government", "opposition", "other")
EVENT_KINDS = ("defection", "mass-defection", "defection-claim", "denial", "attack", "announcement", "other")
SOURCE_KINDS = ("article", "report", "video", "statement", "interview", "social-media", "other")
STANDINGS = ("official", "public-figure", "private")

WITHHELD = Field(ListOf(Struct("withheld detail", {
    "text": Field(Text(200), "the exact words the sources use, which no page, search index or export of the archive may contain", required=True),
    "text_ar": Field(ListOf(Text(200)), "the detail as Arabic may write it, every way: kept out of the Arabic text and everything "
                                        "else the same way; needed once the entry has an Arabic text"),
    "reason": Field(Text(), "why it is withheld, for the editors", required=True),
})), "details the sources give that the archive withholds to protect a private individual; kept for editors, never published",
    published=False)


PERSON = Struct("person", {
    "name": Field(Text(300), "the name most sources use, in Latin script", required=True),
    "name_ar": Field(Text(300), "the name in Arabic script"),
    "aliases": Field(NAMES, "other spellings and transliterations of the name"),
    "standing": Field(Enum(STANDINGS), "official, public-figure or private: how much the archive publishes about the person"),
    "rank": Field(RankType(), "military or police rank (stored as its canonical English name)"),
    "category": Field(Enum(CATEGORIES), "what kind of office the person held"),
    "born": Field(DateType(), "date of birth"),
    "origin": Field(Text(300), "home town or region"),
    "wikidata": WIKIDATA,
    "positions": Field(ListOf(Struct("position", {
        "unit": Field(Ref("unit"), "the unit or body served in"),
        "title": Field(Text(300), "the post held, such as 'head of logistics'"),
        "from": Field(DateType(), "when the post began"),
        "to": Field(DateType(), "when the post ended"),
        "sources": Field(CITATIONS, "sources for this position"),
    }, rule=position_rule)), "posts held, each with a unit or a title"),
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
    }, rule=status_rule), "the defection, if the person is known or claimed to have defected"),
    "claims": Field(CLAIMS, "claims about the person, each with who asserts and who denies it"),
    "sources": Field(CITATIONS, "sources that support the entry as a whole"),
    "withheld": WITHHELD,
}, rule=person_rule)

UNIT = Struct("unit", {
    "name": Field(Text(300), "the unit's or organization's name in English", required=True),
    "name_ar": Field(Text(300), "the name in Arabic script"),
    "aliases": Field(NAMES, "other names and spellings"),
    "kind": Field(Enum(UNIT_KINDS), "what kind of body it is"),
    "side": Field(Enum(SIDES), "government, opposition or other"),
    "parent": Field(Ref("unit"), "the unit it belongs to"),
    "base": Field(Text(250), "where it is based"),
    "wikidata": WIKIDATA,
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
    "wikidata": WIKIDATA,
    "status": Field(STATUS, "how well the event is established"),
    "asserted_by": Field(ATTRIBUTIONS, "who says the event happened, each with a source and a basis"),
    "denied_by": Field(ATTRIBUTIONS, "who denies it, each with a source"),
    "claims": Field(CLAIMS, "claims about the event"),
    "sources": Field(CITATIONS, "sources that support the entry as a whole"),
    "withheld": WITHHELD,
}, rule=status_rule)

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
    "wikidata": WIKIDATA,
})


@dataclass(frozen=True)
class Kind:
    """One kind of entry."""

    name: str  # person: the kind as front-matter, references and exports name it
    folder: str  # people: its folder under content/, on the site and in the data
    label: str  # People: the heading of its section
    title: str  # Person: one entry of it, as a title
    fields: Struct  # its front-matter
    list_part: str | None  # the folder, inside its own, of the pages a long list of it is split into
    schema: str  # Person: the schema.org type of what an entry of it is about, in the pages' linked data


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("person", "people", "People", "Person", PERSON, "letter", "Person"),
    Kind("unit", "units", "Units", "Unit", UNIT, None, "Organization"),
    Kind("event", "events", "Events", "Event", EVENT, "year", "Event"),
    Kind("source", "sources", "Sources", "Source", SOURCE, "publisher", "CreativeWork"),
)}
FOLDERS = {kind.name: kind.folder for kind in KINDS.values()}  # person -> people
KIND_OF_FOLDER = {kind.folder: kind.name for kind in KINDS.values()}  # people -> person
