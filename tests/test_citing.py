"""What researchers read, built from a repository with a known history (``history_site`` in conftest):
each entry page's schema.org JSON-LD, its "Cite this entry" box (text, CSL-JSON, BibTeX), the Atom and
JSON feeds of new and changed entries, and the data's version and changes.json."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path

import bibtexparser
import feedparser
import pytest
from htmltree import article, page, section
from pyld import jsonld

from conftest import run_cli, static_server

SITE = "https://example.org/archive/"
S = "http://schema.org/"
# The terms of schema.org's own context (https://schema.org/docs/jsonldcontext.jsonld) that the pages use, as
# that context defines them: schema.org as the vocabulary, and addresses (@id) for the properties that take one.
# The tests expand with it instead of fetching the context: they make no request.
SCHEMA_CONTEXT = {"@context": {"@vocab": S, "schema": S, **{term: {"@id": f"schema:{term}", "@type": "@id"}
                                                            for term in ("sameAs", "url", "archivedAt")}}}


def no_network(url, options=None):
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}
    raise AssertionError(f"the JSON-LD asked for {url}")


def linked_data(site: Path, url: str) -> dict[str, dict]:
    """The page's one JSON-LD block, expanded and flattened by a JSON-LD processor: its nodes by id."""
    blocks = [s for s in page(site, url).find_all("script") if s.get("type") == "application/ld+json"]
    assert len(blocks) == 1 and blocks[0].parent.tag == "head"
    flat = jsonld.flatten(json.loads(blocks[0].raw_text()), None, {"documentLoader": no_network, "base": SITE + url})
    return {node["@id"]: node for node in flat}


def web_page(nodes: dict[str, dict]) -> dict:
    (web,) = [n for n in nodes.values() if n.get("@type") == [S + "WebPage"]]
    return web


def values(node: dict, prop: str) -> list:
    return [v.get("@value", v.get("@id")) for v in node.get(S + prop, [])]


def entity(url: str) -> str:
    return f"{SITE}{url}#entity"


def test_each_kind_s_linked_data_names_the_page_and_what_it_is_about(history_site):
    head = subprocess.run(["git", "-C", str(history_site.parent / "project"), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    nodes = linked_data(history_site, "people/person-a/")
    web = web_page(nodes)
    assert values(web, "url") == [SITE + "people/person-a/"] and values(web, "version") == [head[:12]]
    assert values(web, "datePublished") == ["2026-01-02"] and values(web, "dateModified") == ["2026-04-05"]

    assert values(web, "mainEntity") == [entity("people/person-a/")]
    person = nodes[entity("people/person-a/")]
    assert person["@type"] == [S + "Person"]
    assert {(n["@value"], n["@language"]) for n in person[S + "name"]} == {("Person A", "en"), ("الشخص أ", "ar")}
    assert values(person, "sameAs") == ["https://www.wikidata.org/wiki/Q4115189"]
    assert values(person, "honorificPrefix") == ["Colonel"]
    assert S + "memberOf" not in person  # a post held is not a membership today

    unit = linked_data(history_site, "units/unit-a/")[entity("units/unit-a/")]
    assert unit["@type"] == [S + "Organization"] and values(unit, "sameAs") == ["https://www.wikidata.org/wiki/Q4115189"]

    event = linked_data(history_site, "events/event-a/")[entity("events/event-a/")]
    assert event["@type"] == [S + "Event"] and values(event, "name") == ["Event A"]
    assert S + "startDate" not in event  # "about 3 July 2012": ISO 8601 cannot say "about", so no date rather than a wrong one

    nodes = linked_data(history_site, "sources/src-a/")
    source = nodes[entity("sources/src-a/")]
    assert source["@type"] == [S + "CreativeWork"] and values(source, "headline") == ["A report"]
    assert values(source, "datePublished") == ["2012-07-06"]
    assert values(nodes[values(source, "publisher")[0]], "name") == ["Example Wire"]

    # The Arabic page is another page about the same person: its own address and language, the same entity.
    nodes = linked_data(history_site, "ar/people/person-a/")
    web = web_page(nodes)
    assert values(web, "url") == [SITE + "ar/people/person-a/"] and values(web, "mainEntity") == [entity("people/person-a/")]
    assert values(nodes[entity("people/person-a/")], "honorificPrefix") == ["عقيد"]

    assert not [s for s in page(history_site, "people/").find_all("script") if s.get("type") == "application/ld+json"]
    # do no harm: a private individual's page gives search engines no structured record of the person
    assert not [s for s in page(history_site, "people/person-c/").find_all("script") if s.get("type") == "application/ld+json"]


def test_the_cite_box_gives_a_ready_citation_with_its_parts_marked(history_site):
    head = subprocess.run(["git", "-C", str(history_site.parent / "project"), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    box = section(article(history_site, "people/person-a/"), "cite")
    cite = next(n for n in box if n.tag == "div")
    assert cite.get("data-key") == "sda-person-a"
    text = cite.one("p", cls="dfx-cite-entry__text")
    assert text.text == (f"“Person A”. Syrian Defections Archive. Last changed 5 April 2026, version {head[:12]}. "
                         f"{SITE}people/person-a/. Accessed [the day you read it].")
    assert text.one("cite").text == "Person A" and text.one("time").get("datetime") == "2026-04-05"
    assert text.one("bdi", cls="dfx-cite-entry__version").text == head[:12] and text.one("bdi", cls="dfx-cite-entry__url").text == f"{SITE}people/person-a/"
    arabic = article(history_site, "ar/people/person-a/").one("p", cls="dfx-cite-entry__text").text
    assert arabic.startswith("«الشخص أ (Person A)». أرشيف الانشقاقات السورية. آخر تعديل في 5 نيسان 2026")
    # An entry no commit holds yet has no date or version to give
    unpublished = article(history_site, "people/person-b/").one("p", cls="dfx-cite-entry__text").text
    assert unpublished == f"“Person B”. Syrian Defections Archive. {SITE}people/person-b/. Accessed [the day you read it]."


def test_the_browser_adds_the_day_it_is_read_and_offers_csl_json_and_bibtex(history_site, page):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    head = subprocess.run(["git", "-C", str(history_site.parent / "project"), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    with static_server(history_site) as base:
        page.goto(base + "people/person-a/")
        today = page.evaluate("() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; }")
        iso = "%04d-%02d-%02d" % tuple(today)
        time = page.locator(".dfx-cite-entry time.dfx-today")
        assert time.get_attribute("datetime") == iso
        assert time.inner_text() == f"{today[2]} {date(*today).strftime('%B')} {today[0]}"
        with page.expect_download() as download:
            page.get_by_role("button", name="Download CSL-JSON").click()
        assert download.value.suggested_filename == "sda-person-a.json"
        items = json.loads(Path(download.value.path()).read_text("utf-8"))
        assert items == [{"id": "sda-person-a", "type": "entry-encyclopedia", "title": "Person A", "container-title": "Syrian Defections Archive",
                          "publisher": "Syrian Defections Archive", "language": "en", "issued": {"date-parts": [[2026, 4, 5]]},
                          "version": head[:12], "URL": f"{SITE}people/person-a/", "accessed": {"date-parts": [today]}}]
        bib = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False), CiteProcJSON(items), formatter.plain)
        bib.register(Citation([CitationItem("sda-person-a")]))
        assert "Person A" in str(bib.bibliography()[0]) and "Syrian Defections Archive" in str(bib.bibliography()[0])
        with page.expect_download() as download:
            page.get_by_role("button", name="Download BibTeX").click()
        assert download.value.suggested_filename == "sda-person-a.bib"
        parsed = bibtexparser.parse_string(Path(download.value.path()).read_text("utf-8"))
        assert not parsed.failed_blocks and len(parsed.entries) == 1
        record = parsed.entries[0]
        assert record.entry_type == "online" and record.key == "sda-person-a"
        assert {f.key: f.value for f in record.fields} == {"title": "{Person A}", "organization": "Syrian Defections Archive", "date": "2026-04-05",
                                                            "version": head[:12], "url": f"{SITE}people/person-a/", "urldate": iso, "langid": "english"}
        page.goto(base + "ar/people/person-a/")
        month = page.evaluate("() => new Intl.DateTimeFormat('ar-SY', {month: 'long'}).format(new Date())")
        assert page.locator(".dfx-cite-entry time.dfx-today").inner_text() == f"{today[2]} {month} {today[0]}"  # Latin digits, as the pages write them
        with page.expect_download() as download:
            page.get_by_role("button", name="تنزيل BibTeX").click()
        record = bibtexparser.parse_string(Path(download.value.path()).read_text("utf-8")).entries[0]
        assert record.fields_dict["title"].value == "{الشخص أ (Person A)}" and record.fields_dict["langid"].value == "arabic"
    assert not page.errors and not page.outside


def feed_entries(site: Path, edition: str = "") -> list:
    parsed = feedparser.parse((site / edition / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


EXPECTED_FEED = [  # (page, what, commit message, published, updated): newest first, then by page
    ("people/person-a/", "Changed", "Person A in Arabic", "2026-01-02T10:00:00Z", "2026-04-05T12:00:00Z"),
    ("people/person-a/", "Changed", "Person A: the second paragraph <b>from</b> the article", "2026-01-02T10:00:00Z", "2026-03-05T04:30:00Z"),
    ("events/event-a/", "New entry", "Seed entries from the first article", "2026-01-02T10:00:00Z", "2026-01-02T10:00:00Z"),
    ("people/person-a/", "New entry", "Seed entries from the first article", "2026-01-02T10:00:00Z", "2026-01-02T10:00:00Z"),
    ("sources/src-a/", "New entry", "Seed entries from the first article", "2026-01-02T10:00:00Z", "2026-01-02T10:00:00Z"),
    ("units/unit-a/", "New entry", "Seed entries from the first article", "2026-01-02T10:00:00Z", "2026-01-02T10:00:00Z"),
]


def test_the_atom_feed_lists_new_and_changed_entries(history_site):
    feed = feed_entries(history_site)
    assert feed.version == "atom10" and feed.feed.title == "Syrian Defections Archive: new and changed entries"
    assert feed.feed.updated == "2026-04-05T12:00:00Z" and feed.feed.language == "en"
    assert [(e.link, e.summary, e.published, e.updated) for e in feed.entries] == [
        (SITE + url, f"{what}: {message}", published, updated) for url, what, message, published, updated in EXPECTED_FEED]
    assert [e.title for e in feed.entries[:2]] == ["Person A", "Person A"]
    assert "Private Soldier" not in (history_site / "feed.xml").read_text("utf-8")  # person-c, a private individual
    assert len({e.id for e in feed.entries}) == len(feed.entries) and all(e.id.startswith("urn:uuid:") for e in feed.entries)
    arabic = feed_entries(history_site, "ar")
    assert arabic.feed.language == "ar" and arabic.entries[0].title == "الشخص أ (Person A)"
    assert arabic.entries[0].link == SITE + "ar/people/person-a/" and arabic.entries[0].summary == "تعديل: Person A in Arabic"
    assert not {e.id for e in arabic.entries} & {e.id for e in feed.entries}  # another page: an aggregator of both keeps both


def test_the_json_feed_says_the_same(history_site):
    doc = json.loads((history_site / "feed.json").read_text("utf-8"))
    assert doc["version"] == "https://jsonfeed.org/version/1.1" and doc["feed_url"] == SITE + "feed.json" and doc["home_page_url"] == SITE
    atom = feed_entries(history_site)
    assert [(i["id"], i["url"], i["content_text"], i["date_published"], i["date_modified"]) for i in doc["items"]] == [
        (e.id, e.link, e.summary, e.published, e.updated) for e in atom.entries]
    assert [i["tags"] for i in doc["items"]] == [["changed"]] * 2 + [["new"]] * 4


def test_every_page_links_its_edition_s_feeds(history_site):
    for url, feed in (("", "feed.xml"), ("people/person-a/", "feed.xml"), ("ar/units/", "ar/feed.xml"), ("ar/people/person-a/", "ar/feed.xml")):
        links = {link.get("type"): link.get("href") for link in page(history_site, url).find_all("link") if "alternate" in (link.get("rel") or "").split()}
        target = (history_site / url / links["application/atom+xml"]).resolve()
        assert target == (history_site / feed).resolve(), url
        assert (history_site / url / links["application/feed+json"]).resolve() == target.with_suffix(".json")


def test_the_data_carries_its_version_and_what_changed(history_site):
    project = history_site.parent / "project"
    commits = subprocess.run(["git", "-C", str(project), "log", "--format=%H"], capture_output=True, text=True).stdout.split()
    version = json.loads((history_site / "data" / "archive.json").read_text("utf-8"))["version"]
    # person-b is written but not committed: the version says the data holds more than its commit
    assert (version["commit"], version["date"], version["uncommitted"]) == (commits[0], "2026-04-05T12:00:00Z", True)
    changes = json.loads((history_site / "data" / "changes.json").read_text("utf-8"))
    assert changes["version"] == {key: version[key] for key in ("commit", "date", "uncommitted")}
    assert [(c["commit"], c["date"], c["subject"]) for c in changes["commits"]] == [
        (commits[0], "2026-04-05T12:00:00Z", "Person A in Arabic"),
        (commits[1], "2026-03-05T04:30:00Z", "Person A: the second paragraph <b>from</b> the article"),
        (commits[2], "2026-01-02T10:00:00Z", "Seed entries from the first article")]
    assert changes["commits"][0]["files"] == [{"file": "people/person-a.ar.md", "kind": "person", "id": "person-a", "language": "ar", "action": "added"}]
    assert changes["commits"][1]["files"][0]["action"] == "changed"
    assert {(f["id"], f["action"]) for f in changes["commits"][2]["files"]} == {
        ("src-a", "added"), ("unit-a", "added"), ("person-a", "added"), ("event-a", "added"), ("person-c", "added")}
    download = article(history_site, "data/").text
    assert re.search(rf"This is the data as of commit {commits[0][:12]} of 5 April 2026, the newest change to the content .* "
                     r"This build also holds changes to the content that no commit has yet\.", download)


@pytest.mark.parametrize("edition", ["", "ar/"])
def test_a_site_without_history_has_no_feed_and_no_version(seed_site, edition):
    assert not (seed_site / edition / "feed.xml").exists() and not (seed_site / edition / "feed.json").exists()
    assert not [link for link in page(seed_site, edition).find_all("link") if link.get("type") == "application/atom+xml"]
    assert "commit" not in json.loads((seed_site / "data" / "archive.json").read_text("utf-8"))["version"]


def test_the_export_command_writes_the_same_changes_and_says_when_it_cannot(history_site, tmp_path, corpus):
    project = history_site.parent / "project"
    result = run_cli("export", "--content", str(project / "content"), "--output", str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "changes.json").read_bytes() == (history_site / "data" / "changes.json").read_bytes()
    corpus.minimal()  # outside any repository: no history
    result = run_cli("export", "--content", str(corpus.root), "--output", str(tmp_path / "plain"))
    assert result.returncode == 0 and not (tmp_path / "plain" / "changes.json").exists()
    assert "not written: changes.json" in result.stderr and "has no git history" in result.stderr


def test_a_commit_message_xml_cannot_hold_still_gives_a_well_formed_feed(corpus):
    from generator.load.dating import Change
    from generator.pipeline import build_graph
    from generator.render.feeds import Feed
    from generator.render.language import ENGLISH
    from generator.render.site import Options, Site

    corpus.minimal()
    log = {"people/person-a.md": (Change("a" * 40, 1_700_000_000, "Fix the name\x01 <b>&</b>", "added"),)}
    feed = feedparser.parse(Feed(Site(build_graph(corpus.root), Options(history=log)), ENGLISH).atom().encode("utf-8"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries[0].summary == "New entry: Fix the name\ufffd <b>&</b>"  # as text: the markup is escaped, not read
    assert feed.entries[0].link == "people/person-a/"  # without the site's address, relative to the feed
