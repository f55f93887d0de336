"""What machines read of an entry page: the citation_* tags of reference managers, the schema.org JSON-LD of
search engines and linked-data tools, and what "Cite this entry" cites (its title, address and last change).

Every value is data here; the templates escape it for where it lands (an attribute, a data block, text).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model.dates import Date
from ..model.entry import Entry
from ..model.kinds import KINDS
from .language import ENGLISH, Language
from .page import entry_title

SOURCE_TYPES = {"article": "NewsArticle", "report": "Report", "video": "VideoObject"}  # narrower than the kind's CreativeWork


def wikidata_url(qid: str) -> str:
    return f"https://www.wikidata.org/wiki/{qid}"


def iso_date(date: Date | None) -> str | None:
    """A date as schema.org takes it (2012, 2012-07 or 2012-07-03), or ``None`` when ISO 8601 cannot say it as the
    archive knows it: approximate, uncertain, or somewhere between two dates."""
    if date is None or date.is_interval or date.start.approximate or date.start.uncertain:
        return None
    p = date.start
    return "-".join([f"{p.year:04d}"] + [f"{x:02d}" for x in (p.month, p.day) if x])


@dataclass(frozen=True)
class EntryMetadata:
    """One entry page's metadata, in one edition."""

    entry: Entry
    lang: Language
    site_name: str  # the archive's name, in the edition's language
    address: Callable[[Entry, Language], str | None]  # an entry page's permanent address in an edition; None: the site's address is unknown
    get: Callable[[str], Entry]  # another entry, by id
    log: tuple | None  # the commits that changed the entry (generator.load.dating.Change), newest first; None: no history
    at_address: bool = True  # whether the page is read at its permanent address (not in an offline copy), so ids may be relative to it

    @property
    def url(self) -> str | None:
        return self.address(self.entry, self.lang)

    @property
    def title(self) -> str:
        return entry_title(self.entry, self.lang)

    def citation_tags(self) -> tuple[tuple[str, str], ...]:
        """Highwire Press citation_* tags (Zotero's Embedded Metadata translator reads them)."""
        tags = [("citation_title", entry_title(self.entry, self.lang)), ("citation_publisher", self.site_name),
                ("citation_language", self.lang.code)]
        if self.log:
            tags += [("citation_publication_date", self.log[-1].day.replace("-", "/")),
                     ("citation_online_date", self.log[0].day.replace("-", "/"))]
        if self.url:
            tags.append(("citation_public_url", self.url))
        return tuple(tags)

    def names(self) -> list[dict]:
        """The entry's name in both scripts, each tagged with its language."""
        names = [{"@value": self.entry.title, "@language": "en"}]
        if self.entry.data.get("name_ar"):
            names.append({"@value": self.entry.data["name_ar"], "@language": "ar"})
        return names

    def node_id(self, entry: Entry) -> str:
        """What the pages about ``entry`` are about (not a page itself), as a JSON-LD id: the same in every edition,
        at the address of the page in the language the content is written in (relative on that page itself)."""
        if entry is self.entry and self.lang is ENGLISH and self.at_address:
            return "#entity"
        return (self.address(entry, ENGLISH) or "") + "#entity"

    def link(self, id: str) -> dict:
        """A reference to another entry's node: its type, its name, and its id when the site's address is known."""
        other = self.get(id)
        node = {"@type": KINDS[other.kind].schema, "name": other.title}
        if self.address(other, ENGLISH):
            node["@id"] = self.node_id(other)
        return node

    def thing(self) -> dict:
        """The schema.org node of what the entry is about: a person, an organization, an event or a publication."""
        e, d = self.entry, self.entry.data
        node: dict = {"@id": self.node_id(e), "@type": KINDS[e.kind].schema}
        if e.kind == "source":
            node["@type"] = SOURCE_TYPES.get(d.get("kind"), node["@type"])
            node.update(headline=d["title"], name=d["title"], publisher={"@type": "Organization", "name": d["publisher"]},
                        inLanguage=d.get("language") or "en")
            if d.get("author"):
                node["author"] = {"name": d["author"]}  # as written: the archive does not say whether a person or an agency
            if iso_date(d.get("date")):
                node["datePublished"] = iso_date(d.get("date"))
            if d.get("url"):
                node["url"] = d["url"]
            if d.get("archive_url"):
                node["archivedAt"] = d["archive_url"]
        else:
            node["name"] = self.names()
            if d.get("aliases"):
                node["alternateName"] = list(d["aliases"])
        if e.kind == "person":
            if iso_date(d.get("born")):
                node["birthDate"] = iso_date(d.get("born"))
            if d.get("rank"):
                node["honorificPrefix"] = self.lang.rank(d["rank"])
            # no memberOf: schema.org cannot say that a post ended, and a defector is no longer a member of the unit left
        elif e.kind == "unit":
            if d.get("parent"):
                node["parentOrganization"] = self.link(d["parent"])
        elif e.kind == "event" and d.get("status") == "confirmed":  # schema.org cannot say "claimed": the date and place only when established
            if iso_date(d.get("date")):
                node["startDate"] = iso_date(d.get("date"))
            if d.get("place"):
                node["location"] = {"@type": "Place", "name": d["place"]}
        if d.get("wikidata"):
            node["sameAs"] = wikidata_url(d["wikidata"])
        return node

    def linked_data(self) -> dict | None:
        """The page's JSON-LD: the web page (the archive's entry: its dates, its publisher) and what it is about;
        none for a private individual, whom the archive does not make easier to find by name."""
        if self.entry.private:
            return None
        page: dict = {"@type": "WebPage", "mainEntity": {"@id": self.node_id(self.entry)}}  # its language and publisher: <html lang>, citation_*
        if self.url:
            page["url"] = self.url
        if self.log:
            page["datePublished"], page["dateModified"] = self.log[-1].day, self.log[0].day
            page["version"] = self.log[0].commit[:12]
        return {"@context": "https://schema.org", "@graph": [page, self.thing()]}
