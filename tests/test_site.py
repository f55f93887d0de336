"""The site: entry pages, links, outside requests, `defections generate`, failing builds.

Every test here reads HTML written by the real ``mkdocs build --strict``.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REPO, Corpus, build_site, make_project, run_cli, search_documents
from htmltree import Node, article, parse, section

from generator.model.kinds import FOLDERS, KINDS
from generator.pipeline import build_graph
from generator.render.language import ENGLISH

KIND_LABELS = {kind.name: kind.label for kind in KINDS.values()}


def url_of(kind: str, id: str, here_depth: int = 2) -> str:
    return "../" * here_depth + f"{FOLDERS[kind]}/{id}/"


def resolve(here: str, href: str) -> str:
    """A relative href on the page at directory URL ``here`` as a site-relative URL (``people/x/``)."""
    path = posixpath.normpath(posixpath.join(here, href))
    return "" if path == "." else path + "/"


def infobox(root: Node) -> dict[str, Node]:
    box = root.one("aside", cls="dfx-infobox")
    return {tr.one("th").text: tr.one("td") for tr in box.find_all("tr")}


# --- person pages -----------------------------------------------------------------------


def test_person_infobox_manaf_tlass(seed_site):
    a = article(seed_site, "people/manaf-tlass/")
    h1 = a.one("h1")
    assert h1.text.startswith("Manaf Tlass")
    box = infobox(a)
    assert box["Name"].text == "Manaf Tlass"
    ar = box["Arabic name"].one("span", lang="ar")
    assert ar.get("dir") == "rtl" and ar.text == "مناف طلاس"
    assert [li.text for li in box["Also spelled"].find_all("li")] == ["Manaf Tlas"]
    rank = box["Rank"]
    assert rank.text == "Brigadier General (عميد)"
    assert rank.one("span", lang="ar").get("dir") == "rtl"
    defection = box["Defection"]
    assert defection.one("span", cls="dfx-status--confirmed").text == "Confirmed"
    assert "about 3 July 2012" in defection.text
    assert [a_.get("href") for a_ in defection.find_all("a")] == ["#ref-1", "#ref-2"]
    assert box["Event"].links() == [("../../events/manaf-tlass-defection/", "Defection of Brigadier General Manaf Tlass")]


def test_person_infobox_rustom_ghazali(seed_site):
    a = article(seed_site, "people/rustom-ghazali/")
    box = infobox(a)
    assert box["Name"].text == "Rustom Ghazali"
    assert box["Arabic name"].one("span", lang="ar", dir="rtl").text == "رستم غزالي"
    assert [li.text for li in box["Also spelled"].find_all("li")] == ["Rustum Ghazaleh", "Rustom Ghazaleh", "Rostom Ghazaleh"]
    assert box["Rank"].text == "Brigadier General (عميد)"
    defection = box["Defection"]
    assert defection.one("span", cls="dfx-status").text == "Disputed"
    assert "date unknown" in defection.text
    positions = [li.text for li in box["Positions"].find_all("li")]
    assert positions[0].startswith("Head of Syrian military intelligence in Lebanon, Syrian Military Intelligence (2002 – )")
    # the article dates the Branch 227 post only "since the beginning of the revolution": no start date is borrowed from other articles
    assert positions[1].startswith("Head of Branch 227 ('since the beginning of the revolution'), Branch 227") and "(" not in positions[1][-12:]


def test_person_claims_show_both_sides_with_citations(seed_site):
    a = article(seed_site, "people/rustom-ghazali/")
    sides = a.one("div", cls="dfx-status-sides")  # who holds the defection's status, before the claims
    assert sides.one("p", cls="dfx-claim__text").text == "Disputed Rustom Ghazali defected."
    assert [s.text for s in sides.one("div", cls="dfx-claim__side--denied").find_all("span", cls="dfx-basis")] == ["unnamed source", "own announcement"]
    claims = [d for d in a.find_all("div", cls="dfx-claim") if "dfx-status-sides" not in d.classes]
    assert len(claims) == 7
    fled = claims[0]
    assert "dfx-claim--disputed" in fled.classes
    assert fled.one("p", cls="dfx-claim__text").text == "Disputed Ghazali had fled Syria."
    asserted = fled.one("div", cls="dfx-claim__side--asserted")
    denied = fled.one("div", cls="dfx-claim__side--denied")
    assert asserted.one("p", cls="dfx-claim__label").text == "Asserted by"
    assert denied.one("p", cls="dfx-claim__label").text == "Denied by"
    assert [s.text for s in asserted.find_all("span", cls="dfx-by")] == ["a senior Free Syrian Army source", "Adel al-Omari, Daraa-based dissident"]
    assert [s.text for s in denied.find_all("span", cls="dfx-by")] == ["Rustom Ghazali, or someone claiming to be him, on Addounia TV"]
    for side, locators in ((asserted, ["para 5", "para 14"]), (denied, ["para 4"])):
        cites = [sup.one("a") for sup in side.find_all("sup", cls="dfx-cite")]
        assert [c.get("href") for c in cites] == ["#ref-1"] * len(locators)
        assert [c.get("title") for c in cites] == locators
    # A claim nobody denies says so.
    assert claims[1].one("div", cls="dfx-claim__side--denied").text == "Denied by No denial on record."

    # The numbered source list: every #ref-N cited on the page exists and links to its source page.
    refs = a.one("ol", cls="dfx-refs").find_all("li")
    # one source: the Khalouf article was cited only to borrow a month for the Branch 227 post, which the archive no longer does
    assert [li.get("id") for li in refs] == ["ref-1"]
    assert refs[0].one("a").get("href") == "../../sources/asharq-al-awsat-ghazali-defection-uncertainty/"
    assert a.one("p", cls="dfx-reach").text.startswith("Based on 1 source in this archive")
    assert refs[0].one("a", cls="dfx-ref__title").text == "“Uncertainty surrounds defection of Syrian intelligence chief”"
    assert refs[0].one("span", cls="dfx-ref__publisher").text == "Asharq Al-Awsat (English edition)"
    assert refs[0].one("span", cls="dfx-ref__date").text == "no date recorded"
    assert "para 5" in refs[0].one("span", cls="dfx-locators").text
    cited = {x.get("href") for x in a.find_all("a") if (x.get("href") or "").startswith("#ref-")}
    assert cited == {"#ref-1"}


def test_relatives_in_both_directions(seed_site):
    manaf = article(seed_site, "people/manaf-tlass/")
    rows = [li for li in manaf.one("ul", cls="dfx-relatives").find_all("li")]
    assert [(li.one("a").get("href"), li.text) for li in rows] == [
        ("../mustafa-tlass/", "Mustafa Tlass: father"),
        ("../firas-tlass/", "Firas Tlass: brother"),
        ("../abdel-razzak-tlass/", "Abdel Razzak Tlass: cousin"),
    ]
    mustafa = article(seed_site, "people/mustafa-tlass/")
    back = mustafa.one("ul", cls="dfx-relatives").find_all("li")
    assert [(li.one("a").get("href"), li.text) for li in back] == [
        ("../manaf-tlass/", "Manaf Tlass: Mustafa Tlass is listed as Manaf Tlass’s father")]
    for other in ("firas-tlass", "abdel-razzak-tlass"):
        assert "../manaf-tlass/" in [h for h, _ in article(seed_site, f"people/{other}/").one("ul", cls="dfx-relatives").links()]


def test_linked_from_lists_what_the_page_does_not_already_link(seed_site):
    """Every entry that links here is reachable from the page, and named once: "Also linked from"
    lists only those the page has not linked already (a person's events are not listed twice)."""
    archive = build_graph(REPO / "content")
    for id in ("manaf-tlass", "rustom-ghazali", "mustafa-tlass"):
        page = f"people/{id}/"
        a = article(seed_site, page)
        expected = {f"{link.source.folder}/{link.source.id}/" for link in archive.links if link.target == id and link.source.id != id}
        backlinks = a.find("ul", cls="dfx-backlinks")
        items = backlinks.find_all("li") if backlinks else []
        got = [resolve(page, li.one("a").get("href")) for li in items]
        assert len(got) == len(set(got)), "each entry is listed once"
        listed = {h for li in items for h, _ in li.links()}
        elsewhere = {resolve(page, h) for h, _ in a.links() if h not in listed and not h.startswith(("#", "http"))}
        assert not set(got) & elsewhere, "an entry the page already links is not listed again"
        assert expected <= set(got) | elsewhere
        kinds = {ENGLISH.word("kind", kind): kind for kind in FOLDERS}  # as a reader sees it: Person, Unit...
        for li in items:
            kind = kinds[li.one("span", cls="dfx-kind").text]
            assert resolve(page, li.one("a").get("href")).startswith(f"{FOLDERS[kind]}/")
    events = section(article(seed_site, "people/manaf-tlass/"), "events")
    assert "events/manaf-tlass-defection/" in {resolve("people/manaf-tlass/", h) for n in events for h, _ in n.links()}
    assert "events/manaf-tlass-defection/" not in {resolve("people/manaf-tlass/", h) for h, _ in
                                                   article(seed_site, "people/manaf-tlass/").one("ul", cls="dfx-backlinks").links()}


# --- unit, event, source pages ----------------------------------------------------------


def test_unit_page_people_and_hierarchy(seed_site):
    guard = article(seed_site, "units/republican-guard/")
    assert infobox(guard)["Side"].text == "Government"
    people = guard.one("table", cls="dfx-table").one("tbody").find_all("tr")
    assert [[td.text for td in tr.find_all("td")] for tr in people] == [
        ["Manaf Tlass", "General (commander) in the Republican Guard", "", "Confirmed"]]
    assert people[0].one("a").get("href") == "../../people/manaf-tlass/"
    assert [n.text for n in section(guard, "defectors-from-this-unit")] == ["Manaf Tlass Confirmed about 3 July 2012"]

    branch = article(seed_site, "units/branch-227/")
    assert infobox(branch)["Part of"].links() == [("../military-intelligence/", "Syrian Military Intelligence")]
    parent = article(seed_site, "units/military-intelligence/")
    assert [h for h, _ in section(parent, "sub-units")[0].links()] == ["../branch-227/"]

    afi = article(seed_site, "units/air-force-intelligence/")
    assert [t for _, t in section(afi, "sub-units")[0].links()] == ["Air Force Intelligence Bureau, Daraa", "Air Force Intelligence unit in Idlib"]
    daraa = article(seed_site, "units/air-force-intelligence-daraa/")
    assert infobox(daraa)["Part of"].links() == [("../air-force-intelligence/", "Air Force Intelligence Directorate")]


def test_event_page(seed_site):
    a = article(seed_site, "events/manaf-tlass-defection/")
    box = infobox(a)
    assert box["Date"].text == "about 3 July 2012"
    assert box["Status"].one("span", cls="dfx-status--confirmed").text == "Confirmed"
    assert [(li.one("a").get("href"), li.text) for li in a.one("ul", cls="dfx-participants").find_all("li")] == [
        ("../../people/manaf-tlass/", "Manaf Tlass: defector")]
    assert infobox(article(seed_site, "events/mig-21-landing-jordan/"))["Date"].text == "June 2012"
    assert infobox(article(seed_site, "events/mohammed-khalouf-defection/"))["Date"].text == "about 2013"
    undated = infobox(article(seed_site, "events/rustom-ghazali-defection-claim/"))
    assert undated["Date"].text == "unknown"
    assert undated["Status"].text == "Disputed"


def test_source_page_citation_and_cited_by(seed_site):
    archive = build_graph(REPO / "content")
    for source in archive.of_kind("source"):
        a = article(seed_site, f"sources/{source.id}/")
        d = source.data
        citation = a.one("p", cls="dfx-citation").text
        assert citation.startswith(f"{d['publisher']}. “{d['title']}”.")
        if d.get("dateline"):
            assert f" {d['dateline']}," in citation
        assert ("date unknown" in citation) == (d.get("date") is None)
        expected: dict[str, set] = defaultdict(set)
        for link in archive.links:
            if link.target == source.id and link.source.kind != "source":
                expected[KIND_LABELS[link.source.kind]].add(url_of(link.source.kind, link.source.id))
        got: dict[str, set] = {}
        for group in a.find_all("div", cls="dfx-cited-by"):
            label = group.one("p", cls="dfx-cited-by__kind").text
            m = re.fullmatch(r"(\w+) \((\d+)\)", label)
            hrefs = [h for h, _ in group.one("ul").links()]
            assert int(m[2]) == len(hrefs) == len(set(hrefs))
            got[m[1]] = set(hrefs)
        assert got == dict(expected), source.id
        order = [m for m in ("People", "Units", "Events") if m in got]
        assert [g.one("p").text.split()[0] for g in a.find_all("div", cls="dfx-cited-by")] == order
    afp = article(seed_site, "sources/afp-manaf-tlass-defects/")
    assert afp.one("p", cls="dfx-citation").text == "Agence France-Presse. “Top general in Assad's inner circle defects”. 6 July 2012. Via Agence France-Presse."


# --- the whole build: links and outside requests ----------------------------------------


def html_pages(site: Path) -> dict[str, Node]:
    return {p.relative_to(site).as_posix(): parse(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


def is_relative(url: str) -> bool:
    return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^/", url)


def test_every_internal_link_resolves(seed_site):
    pages = html_pages(seed_site)
    ids = {name: {n.get("id") for n in root.iter() if n.get("id")} for name, root in pages.items()}
    broken, checked = [], 0
    for name, root in pages.items():
        if name == "404.html":
            continue  # MkDocs writes it with root-absolute URLs for any depth; nothing links to it
        for node in root.iter():
            for attr in ("href", "src"):
                url = node.get(attr)
                if url is None or not is_relative(url):
                    continue
                checked += 1
                parts = urlsplit(url)
                target = name if not parts.path else posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path)))
                if (seed_site / target).is_dir():
                    target = posixpath.normpath(posixpath.join(target, "index.html"))
                if target.startswith("../") or not (seed_site / target).is_file():
                    broken.append(f"{name}: <{node.tag} {attr}={url!r}> -> {target} (missing)")
                    continue
                if parts.fragment and target.endswith(".html") and unquote(parts.fragment) not in ids.get(target, ()):
                    broken.append(f"{name}: <{node.tag} {attr}={url!r}> -> no id {parts.fragment!r} in {target}")
    assert checked > 1000
    assert not broken, "\n".join(broken[:50])


# Outside requests, event handlers and script URLs: tests/test_validators.py scans every page and stylesheet.


DOCS_PAGES = {f"{edition}{page}/index.html" for edition in ("", "ar/") for page in ("about", "contributing")}  # hand-written prose from docs/, free to link anywhere


def external_anchors(site: Path) -> dict[str, set]:
    """External <a href> on generated pages (entry and index pages, home, 404), but for
    the edit links to the repository (tests/test_contributing.py checks those)."""
    out: dict[str, set] = defaultdict(set)
    for name, root in html_pages(site).items():
        if name in DOCS_PAGES:
            continue
        for a in root.find_all("a"):
            href = a.get("href") or ""
            if a.get("rel") == "edit":
                continue
            if re.match(r"^(https?:)?//", href, re.IGNORECASE):
                out[href].add(name)
    return out


def test_only_external_anchors_are_source_urls_seed(seed_site):
    """The seed site links out only to the addresses its sources record (today none), and only from
    the source's page and the bibliography; a template that links elsewhere fails here."""
    graph = build_graph(REPO / "content")
    recorded = {s.data[k]: s.id for s in graph.of_kind("source") for k in ("url", "archive_url") if k in s.data}
    found = external_anchors(seed_site)
    assert set(found) == set(recorded), dict(found)
    for url, id in recorded.items():
        assert {p.removeprefix("ar/") for p in found[url]} <= {f"sources/{id}/index.html", "sources/index.html"} | {
            p.removeprefix("ar/") for p in found[url] if p.removeprefix("ar/").startswith("sources/publisher/")}


def test_only_external_anchors_are_source_urls(tmp_path):
    corpus = Corpus(tmp_path / "content").minimal()
    corpus.add("source", "src-web", {"title": "Web report", "publisher": "Example Web", "date": "2012-08-01",
                                     "url": "https://example.org/report", "archive_url": "https://web.archive.org/web/2012/https://example.org/report"})
    corpus.add("person", "person-w", {"name": "Person W", "sources": ["src-web"]})
    site = tmp_path / "site"
    result = build_site(make_project(tmp_path / "project", corpus.root), site)
    assert result.returncode == 0, result.stderr
    found = external_anchors(site)
    allowed = {"https://example.org/report", "https://web.archive.org/web/2012/https://example.org/report"}
    assert allowed <= set(found)
    assert found["https://example.org/report"] == {f"{edition}sources/{page}" for edition in ("", "ar/")
                                                   for page in ("src-web/index.html", "index.html")}  # the bibliography, on one page
    assert set(found) == allowed


# --- the CLI and failing builds ---------------------------------------------------------


def test_generate_writes_the_same_pages_as_the_plugin(seed_site, tmp_path):
    out = tmp_path / "generated"
    result = run_cli("generate", str(out), "--content", str(REPO / "content"))
    assert result.returncode == 0, result.stderr
    generated = {p.relative_to(out).as_posix() for p in out.rglob("*.md")}
    archive = build_graph(REPO / "content")
    assert {e.page for e in archive.entries.values()} <= generated
    assert {"index.md", "people/index.md", "units/index.md", "events/index.md", "sources/index.md",
            "defectors/by-rank.md", "claims/unconfirmed.md", "timeline.md"} <= generated

    def html_for(md: str) -> str:
        stem = md[:-3]
        return "index.html" if stem == "index" else (stem[:-5] if stem.endswith("/index") else stem + "/") + "index.html"

    docs_pages = {html_for(p.relative_to(REPO / "docs").as_posix()) for p in (REPO / "docs").rglob("*.md")}
    built = {p.relative_to(seed_site).as_posix() for p in seed_site.rglob("*.html")} - {"404.html"} - docs_pages
    assert {html_for(p) for p in generated} == built
    # Same Markdown as the plugin renders (the plugin's core with the same options), and a
    # download page that lists the data files `defections export` writes.
    from generator.export import export_files, listing
    from generator.render.site import Options, Site
    pages = Site(archive, Options(directory_urls=True, downloads=listing(export_files(archive)))).pages()
    assert "archive.json" in pages["data/index.md"]
    assert set(pages) == generated
    assert all((out / name).read_text(encoding="utf-8") == text for name, text in pages.items())
    # The search files too: the same scripts, and the same document for every entry, as the plugin writes.
    for name in ("assets/dfx/search.js", "assets/dfx/names.js", "assets/dfx/minisearch.js", "assets/dfx/search.css"):
        assert (out / name).read_bytes() == (seed_site / name).read_bytes(), name
    ours, plugin = search_documents(out), search_documents(seed_site)
    entries = {url for url in plugin if url.split("/")[0] in FOLDERS.values() and url.count("/") == 2}
    assert entries and {url: ours[url] for url in entries} == {url: plugin[url] for url in entries}
    assert ours["timeline/"][1:3] == ["page", "Timeline"]


def test_build_fails_on_dangling_reference(tmp_path):
    corpus = Corpus(tmp_path / "content").minimal()
    path = corpus.add("person", "person-b", "name: Person B\nrank: Major\nrelatives:\n  - person: nobody-here\n    relation: father\nsources: [src-a]\n")
    site = tmp_path / "site"
    result = build_site(make_project(tmp_path / "project", corpus.root), site)
    assert result.returncode != 0
    assert "content/people/person-b.md:5: relatives[1].person: no entry has the id 'nobody-here'" in result.stderr, result.stderr
    assert not site.exists()
    assert path.exists()


def test_build_fails_on_dangling_body_link(tmp_path):
    corpus = Corpus(tmp_path / "content").minimal()
    corpus.add("person", "person-c", {"name": "Person C", "sources": ["src-a"]}, "First line.\n\nSee [[unit-zz]].\n")
    site = tmp_path / "site"
    result = build_site(make_project(tmp_path / "project", corpus.root), site)
    assert result.returncode != 0
    assert re.search(r"content/people/person-c\.md:8: body: 'unit-zz' is not the id of an entry", result.stderr), result.stderr
    assert not site.exists()


@pytest.mark.parametrize("value, said", [(0, "not 0"), ("many", "Expected type: <class 'int'>")])
def test_build_refuses_a_bad_rows_per_page(tmp_path, value, said):
    corpus = Corpus(tmp_path / "content").minimal()
    site = tmp_path / "site"
    result = build_site(make_project(tmp_path / "project", corpus.root, rows_per_page=value), site)
    assert result.returncode != 0
    assert "rows_per_page" in result.stderr and said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not site.exists()


def test_search_index_finds_every_name_and_leaves_out_private_people(seed_site):
    """Every entry has a document with its name, aliases, Arabic name, kind and summary line; a private
    individual has none (do no harm); hand-written and index pages are found by title and headings."""
    docs = search_documents(seed_site)
    archive = build_graph(REPO / "content")
    private = [p for p in archive.of_kind("person") if p.data.get("standing") == "private"]
    assert private, "the seed has a private individual"
    for entry in archive.entries.values():
        url = f"{entry.folder}/{entry.id}/"
        if entry in private:
            assert url not in docs, entry.id
            assert not any(entry.title in json.dumps(doc, ensure_ascii=False) for doc in docs.values()), entry.id
            continue
        d = entry.data
        assert docs[url][1:5] == [entry.kind, entry.title, d.get("name_ar") or "", list(d.get("aliases") or ())], url
    assert docs["people/manaf-tlass/"][5:8] == ["Brigadier General", "confirmed", "about 3 July 2012"]
    assert docs["about/"][1:3] == ["page", "Methodology"] and "Do no harm" in docs["about/"][8]
    assert {"", "contributing/", "people/", "units/", "data/", "timeline/", "defectors/"} <= set(docs)
    assert len(docs) == len(archive.entries) - len(private) + 12, sorted(docs)  # the entries, and every other page
