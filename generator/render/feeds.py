"""What changed, as feeds: each edition's newest entry changes from the repository's history, as Atom
(``feed.xml``) and JSON Feed (``feed.json``), at the edition's root."""

from __future__ import annotations

import json
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..model.entry import Entry
from .language import Language
from .page import entry_title
from .urls import page_url

FEEDS = {"atom": "feed.xml", "json": "feed.json"}  # format -> file name, at each edition's root
TYPES = {"atom": "application/atom+xml", "json": "application/feed+json"}
NEWEST = 50  # the feed's length: the newest changes of an entry page
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # what XML 1.0 text may not contain


@dataclass(frozen=True)
class Item:
    """One change to one entry."""

    entry: Entry
    change: object  # the commit (generator.load.dating.Change)
    first: object  # the entry's first commit: when it was published

    @property
    def new(self) -> bool:
        """Whether the change published the entry."""
        return self.change is self.first


def items(site, limit: int = NEWEST) -> list[Item]:
    """The newest changes to entries, newest first (ties by page), at most ``limit``; never a private individual's,
    whom feeds would make easier to find by name."""
    out = []
    for entry in site.graph.entries.values():
        log = () if entry.private else site.changes(entry) or ()
        out.extend(Item(entry, change, log[-1]) for change in log[:limit])
    out.sort(key=lambda i: (-i.change.time, i.entry.page, i.change.commit))
    return out[:limit]


class Feed:
    """One edition's feed, in both formats."""

    def __init__(self, site, lang: Language):
        self.site, self.lang, self.items = site, lang, items(site)
        _ = lang.gettext
        self.name = _(site.options.site_name)
        self.title = _("%(site)s: new and changed entries") % {"site": self.name}
        self.description = _("The newest changes to the archive's entries, from the history of its repository.")

    def url(self, path: str) -> str:
        """An address in this edition: absolute when the site's address is known, else relative to the feed."""
        return self.site.absolute(self.lang.prefix + path) or path

    def entry_url(self, entry: Entry) -> str:
        return self.site.address(entry, self.lang) or page_url(entry.page, self.site.options.directory_urls)

    def summary(self, item: Item) -> str:
        """What the change was, in one line: new or changed, and the commit's first line (characters XML cannot hold,
        which a commit message may, as U+FFFD)."""
        what = self.lang.gettext("New entry") if item.new else self.lang.gettext("Changed")
        return f"{what}: {NOT_XML.sub(chr(0xFFFD), item.change.subject)}"

    def item_id(self, item: Item) -> str:
        """A permanent id for one change to one entry's page in this edition, the same in every build."""
        return uuid.uuid5(uuid.NAMESPACE_URL, f"{self.lang.path(item.entry.page)}#{item.change.commit}").urn

    def atom(self) -> str:
        ns = "http://www.w3.org/2005/Atom"
        feed = ET.Element("feed", {"xmlns": ns, "xml:lang": self.lang.code})
        ET.SubElement(feed, "id").text = uuid.uuid5(uuid.NAMESPACE_URL, f"{self.name}/{self.lang.code}/feed").urn
        ET.SubElement(feed, "title").text = self.title
        ET.SubElement(feed, "subtitle").text = self.description
        ET.SubElement(feed, "updated").text = self.items[0].change.when if self.items else "1970-01-01T00:00:00Z"
        ET.SubElement(feed, "link", {"rel": "self", "type": TYPES["atom"], "href": self.url(FEEDS["atom"])})
        ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": self.url("")})
        ET.SubElement(ET.SubElement(feed, "author"), "name").text = self.name
        ET.SubElement(feed, "generator").text = "defections"
        for item in self.items:
            entry = ET.SubElement(feed, "entry")
            ET.SubElement(entry, "id").text = self.item_id(item)
            ET.SubElement(entry, "title").text = entry_title(item.entry, self.lang)
            ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": self.entry_url(item.entry)})
            ET.SubElement(entry, "published").text = item.first.when
            ET.SubElement(entry, "updated").text = item.change.when
            ET.SubElement(entry, "summary").text = self.summary(item)
            ET.SubElement(entry, "category", {"term": "new" if item.new else "changed"})
        ET.indent(feed, space=" ")
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"

    def json(self) -> str:
        doc = {
            "version": "https://jsonfeed.org/version/1.1", "title": self.title, "description": self.description,
            "language": self.lang.code, "authors": [{"name": self.name}],
            "items": [{"id": self.item_id(i), "url": self.entry_url(i.entry), "title": entry_title(i.entry, self.lang),
                       "content_text": self.summary(i), "date_published": i.first.when, "date_modified": i.change.when,
                       "tags": ["new" if i.new else "changed"]} for i in self.items],
        }
        if self.site.options.site_url:
            doc["home_page_url"], doc["feed_url"] = self.url(""), self.url(FEEDS["json"])
        return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    def files(self) -> dict[str, str]:
        """The feed's files, by path in the site."""
        return {self.lang.path(FEEDS["atom"]): self.atom(), self.lang.path(FEEDS["json"]): self.json()}
