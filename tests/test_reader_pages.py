"""Reader pages as a reader meets them: every page fits a phone and a desktop screen, citations
show their source in place, each fact appears once on a page, values read as words (never as
ids), and the table of defectors filters, sorts and keeps its view in the address.

Layout is measured in Chromium on the built seed site (both editions) and on a 1,000-entry corpus.
"""

from __future__ import annotations

import re
import sys
import urllib.parse
from pathlib import Path

import pytest
from htmltree import Node, article, page, parse

from conftest import OFFICIAL, REPO, SITE_URL, Corpus, build_site, make_project, static_server
from generator.model import kinds as kinds_module
from generator.render.language import ENGLISH
from generator.pipeline import build_graph

sys.path.insert(0, str(REPO / "benchmarks"))
from make_corpus import make_corpus  # noqa: E402

WIDTHS = (390, 1366)

# Whether the page scrolls sideways, and each word of a link or table cell that a line break cuts in
# two ("Mosta / fa"). Words are split at spaces, hyphens and slashes: a line may break after those.
FIT = """() => {
  const out = {scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth, broken: []};
  for (const el of document.querySelectorAll('.md-content a, .md-content td, .md-content th')) {
    for (const node of el.childNodes) {
      if (node.nodeType !== 3) continue;
      const words = /[^\\s\\-\\/\\u2010-\\u2014]{2,}/g;
      let m;
      while ((m = words.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = [...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top));
        if (new Set(lines).size > 1) out.broken.push(m[0]);
      }
    }
  }
  return out;
}"""
STYLED = "[...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet)"


def urls(site: Path) -> list[str]:
    return sorted("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))


@pytest.fixture(scope="module")
def server(seed_site):
    with static_server(seed_site) as url:
        yield url


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory) -> Path:
    """The site of the benchmark's 1,000-entry corpus."""
    root = tmp_path_factory.mktemp("corpus1000")
    make_corpus(1000, root / "content", seed=7)
    return built(root, root / "content")


def built(root: Path, content: Path) -> Path:
    """The site of ``content``, built with the real project into ``root``/site."""
    result = build_site(make_project(root / "project", content), root / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    return root / "site"


# --- every page fits ---------------------------------------------------------------------


@pytest.mark.slow
def test_every_seed_page_fits_a_phone_and_a_desktop_with_names_unbroken(browser, server, seed_site):
    pages = urls(seed_site)
    assert len(pages) > 100 and "ar/defectors/" in pages
    problems = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800})
        pg = context.new_page()
        for url in pages:
            pg.goto(server + url)
            got = pg.evaluate(FIT)
            if got["scroll"] > 0 or got["broken"]:
                problems.append((width, url, got["scroll"], got["broken"][:5]))
        context.close()
    assert not problems


@pytest.mark.slow
def test_every_page_of_a_1000_entry_corpus_fits_a_phone_and_a_desktop(browser, corpus_site):
    """Every page is laid out with the site's own stylesheets, which all pages share: one page is opened, and
    each page's <html> attributes and <body> are swapped in (parsed inert: no script runs, as none changes the
    layout here). Twenty times faster than opening 2,200 pages twice, which would not fit the test run."""
    pages = urls(corpus_site)
    assert len(pages) > 2000
    problems = []
    with static_server(corpus_site, urllib.parse.urlsplit(SITE_URL).path) as base:  # the not-found page's assets are at the site's path
        pg = browser.new_page()
        pg.goto(base + "404.html")
        pg.wait_for_function(STYLED)
        for width in WIDTHS:
            pg.set_viewport_size({"width": width, "height": 800})
            for url in pages:
                scroll = pg.evaluate(SWAP, (corpus_site / url / "index.html").read_text("utf-8"))
                if scroll > 0:
                    problems.append((width, url, scroll))
        pg.close()
    assert not problems


# A page's <html> attributes (lang, dir) and <body> in place of the open page's, measured for sideways scroll.
SWAP = """html => {
  const page = new DOMParser().parseFromString(html, "text/html");
  const root = document.documentElement;
  for (const a of [...root.attributes]) root.removeAttribute(a.name);
  for (const a of page.documentElement.attributes) root.setAttribute(a.name, a.value);
  document.body.replaceWith(document.adoptNode(page.body));
  return root.scrollWidth - root.clientWidth;
}"""


def test_the_fit_check_sees_a_page_that_scrolls_sideways_and_a_broken_name(browser):
    pg = browser.new_page(viewport={"width": 390, "height": 800})
    pg.set_content('<div class="md-content"><table><tr><td style="word-break: break-all">Mostafa Ahmad al-Sheikh</td>'
                   '<td><div style="width: 600px">wide</div></td></tr></table></div>')
    got = pg.evaluate(FIT)
    pg.close()
    assert got["scroll"] > 0 and "Mostafa" in got["broken"]


# --- citations in place ------------------------------------------------------------------


def popover(pg):
    return pg.locator("#dfx-pop")


@pytest.mark.slow
def test_hovering_a_citation_shows_its_source(page, server):
    page.goto(server + "people/manaf-tlass/")
    mark = page.locator(".dfx-body .dfx-cite a").first
    assert mark.get_attribute("title") is None  # the popover shows the locator; no native tooltip covers it
    mark.hover()
    pop = popover(page)
    pop.wait_for(state="visible")
    text = pop.inner_text()
    assert "“Top general in Assad's inner circle defects”" in text
    assert "Agence France-Presse" in text and "6 July 2012" in text
    assert re.search(r"paras? \d", text), text
    assert mark.get_attribute("aria-describedby") == "dfx-pop" and pop.get_attribute("role") == "tooltip"
    page.mouse.move(5, 5)
    pop.wait_for(state="hidden")
    assert not page.outside and not page.errors


@pytest.mark.slow
def test_a_citation_shows_its_source_on_keyboard_focus_and_enter_follows_it(page, server):
    page.goto(server + "people/rustom-ghazali/")
    marks = page.locator(".dfx-cite a")
    marks.first.focus()
    pop = popover(page)
    pop.wait_for(state="visible")
    assert "“Uncertainty surrounds defection of Syrian intelligence chief”" in pop.inner_text()
    assert "no date recorded" in pop.inner_text()  # the article has no date
    page.keyboard.press("Escape")
    pop.wait_for(state="hidden")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    assert urllib.parse.urlsplit(page.url).fragment == href[1:]


@pytest.mark.slow
def test_a_tap_shows_the_source_and_a_second_tap_follows_it(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True)
    pg = context.new_page()
    pg.goto(server + "ar/people/manaf-tlass/")
    mark = pg.locator(".dfx-body .dfx-cite a").first
    mark.tap()
    pop = popover(pg)
    pop.wait_for(state="visible")
    assert "dfx-pop--sheet" in pop.get_attribute("class")  # along the bottom of a phone's screen
    assert "Agence France-Presse" in pop.inner_text() and "المس الرقم مرةً أخرى" in pop.inner_text()
    box = pop.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert urllib.parse.urlsplit(pg.url).fragment == ""
    mark.tap()
    assert urllib.parse.urlsplit(pg.url).fragment.startswith("ref-")
    context.close()


@pytest.fixture(scope="module")
def quoted_site(tmp_path_factory) -> Path:
    """A person whose source is cited with a quotation and a note."""
    root = tmp_path_factory.mktemp("quoted")
    c = Corpus(root / "content").minimal()
    c.add("person", "person-b", {"name": "Person B", "sources": [{"source": "src-a", "locator": "para 4", "quote": "He left at dawn.",
                                                                  "note": "The only account of the day."}]}, "Left [@src-a, para 5].\n")
    return built(root, c.root)


@pytest.mark.slow
def test_a_citation_shows_its_quotation_and_note_also_offline(browser, quoted_site):
    pg = browser.new_page()
    pg.goto((quoted_site / "people" / "person-b" / "index.html").as_uri())
    mark = pg.locator(".dfx-general-sources .dfx-cite a")
    mark.hover()
    pop = popover(pg)
    pop.wait_for(state="visible")
    text = pop.inner_text()
    assert "“A report”" in text and "Example Wire" in text and "6 July 2012" in text and "para 4" in text
    assert pop.locator(".dfx-pop__quote").inner_text() == "He left at dawn."
    assert pop.locator(".dfx-pop__note").inner_text() == "Note: The only account of the day."
    pg.locator(".dfx-body .dfx-cite a").hover()  # the body's mark: its own locator, no quotation
    pg.wait_for_function("document.querySelector('#dfx-pop').innerText.includes('para 5')")
    assert pop.locator(".dfx-pop__quote").count() == 0
    pg.close()


def test_lists_name_sources_by_title(seed_site):
    a = article(seed_site, "claims/unconfirmed/")
    reported = a.find_all("p", cls="dfx-claim__reported")
    assert reported and all(t.startswith("“") for p in reported for _, t in p.links())
    refs = a.one("ol", cls="dfx-refs").find_all("li")
    assert {li.one("a", cls="dfx-ref__title").text for li in refs} >= {"“Top general in Assad's inner circle defects”"}
    general = article(seed_site, "people/manaf-tlass/").one("p", cls="dfx-general-sources")
    assert [t for _, t in general.links() if not t.startswith("[")] == ["“Top general in Assad's inner circle defects”",
                                                                        "“Uncertainty surrounds defection of Syrian intelligence chief”"]


# --- one fact, one place -----------------------------------------------------------------


def claim_sentences() -> list[str]:
    graph = build_graph(REPO / "content")
    return sorted({c["claim"] for e in graph.entries.values() for c in e.data.get("claims", ())})


def test_no_claim_sentence_appears_twice_on_a_page(seed_site):
    sentences = claim_sentences()
    assert len(sentences) > 40
    seen = 0
    for url in urls(seed_site):
        text = article(seed_site, url).text
        for sentence in sentences:
            n = text.count(sentence)
            assert n <= 1, (url, sentence, n)
            seen += n
    assert seen >= 2 * len(sentences)  # each on its entry's page and on Unconfirmed claims (or confirmed, on its page only)


def test_unconfirmed_claims_list_each_item_once(seed_site):
    a = article(seed_site, "claims/unconfirmed/")
    items = [(d.one("p", cls="dfx-claim__about").one("span", cls="dfx-kind").text, d.one("p", cls="dfx-claim__text").text)
             for d in a.find_all("div", cls="dfx-claim")]
    assert len(items) == len(set(items))
    leads = [d.one("p", cls="dfx-claim__text").links()[0][0] for d in a.find_all("div", cls="dfx-claim")
             if d.one("p", cls="dfx-claim__about").one("span", cls="dfx-kind").text != "claim"]
    assert len(leads) == len(set(leads)), "a defection and its event are one item"


def test_the_timeline_shows_each_defection_once_linked_to_person_and_event(seed_site):
    a = article(seed_site, "timeline/")
    items = a.find_all("ul", cls="dfx-timeline")
    targets = [h for ul in items for li in ul.find_all("li") for h, _ in li.links()]
    assert len(targets) == len(set(targets)), [h for h in targets if targets.count(h) > 1]
    manaf = [li for ul in items for li in ul.find_all("li") if "../people/manaf-tlass/" in dict(li.links())][0]
    assert "../events/manaf-tlass-defection/" in dict(manaf.links())
    assert "Person: Manaf Tlass" in manaf.text


def test_a_person_page_lists_an_event_once(seed_site):
    a = article(seed_site, "people/manaf-tlass/")
    event = "../../events/manaf-tlass-defection/"
    assert event in dict(a.one("ul", cls="dfx-events").links())
    assert event not in dict(a.one("ul", cls="dfx-backlinks").links())
    assert "unknown" not in " ".join(ul.text for ul in a.find_all("ul", cls="dfx-events"))


# --- words, not ids ----------------------------------------------------------------------


def raw_words() -> set[str]:
    """What a reader must never see as text: entry ids and the hyphenated values of enumerated fields."""
    ids = {p.name.removesuffix(".md") for p in (REPO / "content").rglob("*.md") if not p.name.endswith(".ar.md")}
    values = {v for name in dir(kinds_module) for v in (getattr(kinds_module, name) if isinstance(getattr(kinds_module, name), tuple) else ())
              if isinstance(v, str)}
    return {w for w in ids | values if "-" in w}


def visible_text(root: Node) -> str:
    """Text a reader reads: not code (file names, field values in the guides), not the CSV column glossary,
    which names the values the data files hold."""
    def walk(node):
        if node.tag in ("code", "pre", "script", "style", "svg") or "dfx-columns" in node.classes:
            return ""
        return " ".join(c if isinstance(c, str) else walk(c) for c in node.children)
    return walk(root)


def raw_ids_in(text: str, words: set[str]) -> list[str]:
    pattern = re.compile(r"(?<![\w/.@-])(" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?![\w/-])")
    return pattern.findall(text)


def test_no_page_shows_an_id_or_a_raw_value(seed_site):
    words = raw_words()
    assert {"republican-guard", "mass-defection", "manaf-tlass"} <= words
    found = {url: raw_ids_in(visible_text(page(seed_site, url)), words) for url in urls(seed_site)}
    assert not {url: hits for url, hits in found.items() if hits}
    assert not [url for url in urls(seed_site) if re.search(r"Language (en|ar)\b|General sources: \[", page(seed_site, url).text)]


def test_the_raw_id_scan_sees_a_planted_id():
    root = parse('<p>Kind: republican-guard, see <a href="../manaf-tlass/">manaf-tlass</a></p><code>mass-defection</code>')
    assert raw_ids_in(visible_text(root), raw_words()) == ["republican-guard", "manaf-tlass"]


# --- the table of defectors --------------------------------------------------------------


def defectors_expected():
    graph = build_graph(REPO / "content")
    return {p.title: p for p in graph.of_kind("person") if p.data.get("defection")}


def shown(pg) -> list[str]:
    return pg.locator("#defectors-table tbody tr:not([hidden]) td:first-child").all_inner_texts()


@pytest.mark.slow
def test_the_defectors_table_filters_sorts_and_keeps_the_view_in_the_address(page, server):
    people = defectors_expected()
    page.goto(server + "defectors/")
    assert sorted(shown(page)) == sorted(people)
    assert page.locator(".dfx-filter__count").inner_text() == f"Defectors shown: {len(people)} of {len(people)}."
    page.select_option("select[name=status]", "unconfirmed")
    unconfirmed = sorted(n for n, p in people.items() if p.data["defection"]["status"] == "unconfirmed")
    assert sorted(shown(page)) == unconfirmed
    assert urllib.parse.urlsplit(page.url).fragment == "status=unconfirmed"
    page.select_option("select[name=rank]", "Brigadier General")
    both = sorted(n for n in unconfirmed if people[n].data.get("rank") == "Brigadier General")
    assert sorted(shown(page)) == both and len(both) >= 2
    page.fill("input[name=to]", "jordan")
    assert shown(page) == [n for n in both if "jordan" in (people[n].data["defection"].get("destination") or "").lower()] == ["Mohammed Khalouf"]
    page.click("button[type=reset]")
    page.wait_for_function("document.querySelectorAll('#defectors-table tbody tr[hidden]').length === 0")
    page.select_option("select[name=year]", "unknown")
    undated = sorted(n for n, p in people.items() if not p.data["defection"].get("date"))
    assert sorted(shown(page)) == undated
    heading = page.locator("#defectors-table thead th").nth(1)  # Rank: by the rank table's order, not alphabetically
    heading.click()
    heading.click()
    assert urllib.parse.urlsplit(page.url).fragment == "year=unknown&sort=1-desc"
    order = shown(page)
    ranks = [people[n].data.get("rank") or "" for n in order]
    assert ranks[-1] == "Brigadier General" and ranks[0] != "Brigadier General"  # no rank (Abdel Razzak Tlass...) first, descending

    again = page.context.new_page()  # the shared address opens the same view
    again.goto(page.url)
    assert shown(again) == order
    assert again.locator("select[name=year]").input_value() == "unknown"
    again.close()
    assert not page.outside and not page.errors


@pytest.mark.slow
def test_the_defectors_table_works_offline_and_shows_everyone_without_script(browser, seed_site):
    people = defectors_expected()
    pg = browser.new_page()
    pg.goto((seed_site / "defectors" / "index.html").as_uri() + "#status=confirmed")
    assert sorted(shown(pg)) == sorted(n for n, p in people.items() if p.data["defection"]["status"] == "confirmed")
    pg.select_option("select[name=status]", "disputed")
    assert urllib.parse.urlsplit(pg.url).fragment == "status=disputed"
    pg.close()
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto((seed_site / "defectors" / "index.html").as_uri() + "#status=confirmed")
    assert not pg.locator("form.dfx-filter").is_visible()
    assert sorted(shown(pg)) == sorted(people)
    context.close()


def test_the_defectors_page_charts_the_government_bodies_they_served_in(seed_site):
    graph = build_graph(REPO / "content")
    expected: dict[str, int] = {}
    for person in defectors_expected().values():
        units = [graph.get(p["unit"]) for p in person.data.get("positions", ()) if p.get("unit")]
        kinds = {u.data["kind"] for u in units if u.data.get("side") == "government" and u.data.get("kind")}
        for kind in kinds or {"Not recorded"}:
            expected[kind] = expected.get(kind, 0) + 1
    assert "armed-opposition" not in expected  # Abdel Razzak Tlass headed an opposition battalion after defecting
    a = article(seed_site, "defectors/")
    assert a.one("svg").one("title").text == "Defection records by the kind of government body served in"
    table = a.one("details", cls="dfx-chart__figures").one("table")
    totals = {tr.one("th").text: int(tr.find_all("td")[-1].text) for tr in table.one("tbody").find_all("tr")}
    words = {k: ENGLISH.word("unit_kind", k).capitalize() for k in expected if k != "Not recorded"}
    assert totals == {words.get(k, k): n for k, n in expected.items()}
    rows = a.one("table", id="defectors-table").one("tbody").find_all("tr")
    assert [tr.one("a").text for tr in rows] and len(rows) == len(defectors_expected())


@pytest.fixture(scope="module")
def ranks_site(tmp_path_factory) -> Path:
    """Defectors whose ranks contain one another's names, and a defection whose event says otherwise."""
    root = tmp_path_factory.mktemp("ranks")
    c = Corpus(root / "content").minimal()
    for id, name, rank in (("col", "Col Plain", "Colonel"), ("ltcol", "Lt Col", "Lieutenant Colonel"), ("gen", "Gen Major", "Major General"),
                           ("maj", "Maj Plain", "Major")):
        defection = {"status": "confirmed", "date": "2012-08", "asserted_by": [OFFICIAL], "sources": ["src-a"]}
        if id == "maj":
            defection["event"] = "event-b"
        c.add("person", id, {"name": name, "rank": rank, "defection": defection})
    c.add("event", "event-b", {"title": "Claimed defection of Maj Plain", "date": "2012-08", "kind": "defection-claim", "status": "denied",
                               "denied_by": [OFFICIAL], "participants": [{"person": "maj"}], "sources": ["src-a"]})
    return built(root, c.root)


@pytest.mark.slow
def test_a_rank_filter_keeps_that_rank_only(browser, ranks_site):
    pg = browser.new_page()
    pg.goto((ranks_site / "defectors" / "index.html").as_uri())
    for rank, names in (("Colonel", ["Person A", "Col Plain"]), ("Major", ["Maj Plain"]), ("Lieutenant Colonel", ["Lt Col"]),
                        ("Major General", ["Gen Major"])):
        pg.select_option("select[name=rank]", rank)
        assert shown(pg) == names, rank
    pg.close()


def test_a_defection_and_an_event_that_disagree_are_both_on_the_timeline(ranks_site):
    items = [li for ul in article(ranks_site, "timeline/").find_all("ul", cls="dfx-timeline") for li in ul.find_all("li")]
    maj = [li for li in items if "../people/maj/" in dict(li.links())]
    event = [li for li in items if "../events/event-b/" in dict(li.links())]
    assert len(maj) == 1 and "Confirmed" in maj[0].text
    assert len(event) == 1 and "Denied" in event[0].text and "Person:" not in event[0].text
