"""Index pages: exact row order on a corpus built to exercise ordering, and the seed site."""

from __future__ import annotations

import posixpath
import re
import sys
from collections import defaultdict

import pytest

from conftest import REPO, Corpus, build_site, make_project
from htmltree import Node, article, page

from generator.pipeline import build_graph

sys.path.insert(0, str(REPO / "benchmarks"))
from make_corpus import status_sides as sides  # noqa: E402  (the attributions that hold a status, as the benchmark corpus writes them)


def cite(source: str, locator: str | None = None) -> dict:
    return {"source": source, **({"locator": locator} if locator else {})}


def person(name: str, *, rank=None, category=None, status=None, date=None, units=(), source="s-wire-1", **extra) -> dict:
    out = {"name": name}
    if rank:
        out["rank"] = rank
    if category:
        out["category"] = category
    if units:
        out["positions"] = [{"unit": u, "title": "officer"} for u in units]
    if status:
        out["defection"] = {"status": status, **({"date": date} if date else {}), **sides(status, source), "sources": [cite(source)]}
    else:
        out["sources"] = [cite(source)]
    out.update(extra)
    return out


def order_content(root) -> Corpus:
    """A small archive with every ordering case the index pages must handle."""
    c = Corpus(root / "content")
    # Sources: two publishers sort case-insensitively; dates oldest first, undated last; flags.
    c.add("source", "s-wire-1", {"title": "Wire one", "publisher": "Example Wire", "date": "2012-07-06", "url": "https://example.org/1"})
    c.add("source", "s-wire-2", {"title": "Wire two", "publisher": "Example Wire", "date": "2011-12-01", "url": "https://example.org/2"})
    c.add("source", "s-wire-3", {"title": "Wire three", "publisher": "Example Wire"})
    c.add("source", "s-alpha", {"title": "Alpha piece", "publisher": "alpha Times", "date": "2012"})
    c.add("source", "s-orphan", {"title": "Orphan piece", "publisher": "Zeta Post", "date": "2012-05-05", "url": "https://example.org/z"})
    # Units on both sides, with a parent hierarchy, and one without a side.
    c.add("unit", "u-army", {"name": "Army", "side": "government", "kind": "army", "sources": [cite("s-wire-1")]})
    c.add("unit", "u-border", {"name": "Border Guard", "side": "government", "sources": [cite("s-wire-1")]})
    c.add("unit", "u-div", {"name": "4th Division", "side": "government", "parent": "u-army", "sources": [cite("s-wire-1")]})
    c.add("unit", "u-brig", {"name": "Brigade 10", "side": "government", "parent": "u-div", "sources": [cite("s-wire-1")]})
    c.add("unit", "u-fsa", {"name": "Free Army", "side": "opposition", "sources": [cite("s-wire-2")]})
    c.add("unit", "u-bat", {"name": "Battalion X", "side": "opposition", "parent": "u-fsa", "sources": [cite("s-wire-2")]})
    c.add("unit", "u-obs", {"name": "Observers", "sources": [cite("s-wire-2")]})
    # People: ranks (written in several accepted forms), categories, every kind of date and status.
    c.add("person", "p-mg", person("Max General", rank="Maj. Gen.", status="confirmed", date="2012-10"))
    c.add("person", "p-bg1", person("Zed Brig", rank="Brigadier General", status="confirmed", date="2012-03-10", units=["u-brig"], aliases=["Zed Brigg"],
                                    claims=[
                                        {"claim": "Zed Brig planned the escape.", "status": "disputed", "date": "2012-04-01",
                                         "asserted_by": [{"source": "s-wire-1", "by": "an exile group", "locator": "para 2"}],
                                         "denied_by": [{"source": "s-wire-2", "by": "the ministry", "locator": "para 9"}]},
                                        {"claim": "Zed Brig was arrested.", "status": "denied", "date": "2012-09",
                                         "asserted_by": [{"source": "s-wire-3", "by": "state TV"}],
                                         "denied_by": [{"source": "s-wire-1", "by": "his family"}]},
                                        {"claim": "Zed Brig spoke to TV.", "status": "unconfirmed",
                                         "asserted_by": [{"source": "s-alpha", "by": "a reporter"}], "note": "Single source."},
                                        {"claim": "Zed Brig returned home.", "status": "unconfirmed", "date": "2013-01",
                                         "asserted_by": [{"source": "s-wire-2", "by": "a cousin"}], "note": "Single source."},
                                        {"claim": "Zed Brig served in the army.", "status": "confirmed",
                                         "asserted_by": [{"source": "s-wire-1", "by": "the army", "basis": "official"}]},
                                    ]))
    c.add("person", "p-bg2", person("Abe Brig", rank="Brig. Gen.", status="disputed", date="2012-03-10", units=["u-brig"]))
    c.add("person", "p-bg3", person("Cy Brig", rank="عميد", status="unconfirmed"))
    c.add("person", "p-bg4", person("Bea Fourth", rank="Brigadier", status="confirmed", date="2012"))
    c.add("person", "p-col1", person("Col One", rank="Colonel", status="confirmed", date="2012-06~", units=["u-div"]))
    c.add("person", "p-col2", person("Col Two", rank="Col.", status="denied", date="2012-05/2012-07"))
    c.add("person", "p-maj", person("Mo Major", rank="Major", status="unconfirmed", date="2012-08?", units=["u-div"]))
    c.add("person", "p-cpt", person("Cap Tain", rank="Captain", status="confirmed", date="2011-12-16/2012-01-06", source="s-wire-3"))
    c.add("person", "p-pol", person("Pol Itician", category="political", status="confirmed", date="2012-08-05"))
    c.add("person", "p-civ", person("Civ Ilian", category="civilian", status="disputed", date="2012-02"))
    c.add("person", "p-mil", person("Mil Itary", category="military", status="confirmed", date="2012-09-01", units=["u-army"]))
    c.add("person", "p-none", person("Nora Nobody", status="unconfirmed"))
    c.add("person", "p-nodef", person("Émile Haddad", units=["u-army"], aliases=["Emile Haddad", "Amil Hadad"], name_ar="إميل حداد"))
    c.add("person", "p-ezra", person("Ezra Early"))
    c.add("person", "p-leader", person("Fay Leader", units=["u-fsa"], source="s-wire-2"))
    # Events: dated, disputed, undated.
    c.add("event", "e-mass", {"title": "Mass defection", "date": "2012-06-15", "kind": "mass-defection", "status": "confirmed",
                              **sides("confirmed", "s-wire-1"),
                              "participants": [{"person": "p-col1", "role": "leader"}], "sources": [cite("s-wire-1")]})
    c.add("event", "e-claim", {"title": "Secret meeting", "date": "2012-07", "kind": "defection-claim", "status": "disputed", **sides("disputed", "s-wire-2"), "sources": [cite("s-wire-2")]})
    c.add("event", "e-undated", {"title": "Unknown night defection", "status": "unconfirmed", "sources": [cite("s-alpha")]})
    c.add("event", "e-undated-2", {"title": "Another undated meeting", "status": "confirmed", **sides("confirmed", "s-wire-3"), "sources": [cite("s-wire-3")]})
    return c


def _build(root, rows_per_page: int | None = None):
    site = root / "site"
    result = build_site(make_project(root / "project", order_content(root).root, rows_per_page=rows_per_page), site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def order_site(tmp_path_factory):
    """The ordering archive with at most 3 rows per page: every list is split, and long groups cut."""
    return _build(tmp_path_factory.mktemp("order"), rows_per_page=3)


@pytest.fixture(scope="module")
def order_site_whole(tmp_path_factory):
    """The ordering archive with the default page size: every list is short enough for one page."""
    return _build(tmp_path_factory.mktemp("order-whole"))


def parts(site, overview: str) -> list[tuple[str, str, int | None, Node]]:
    """(URL, label, count, node) of each part of a list, in order.

    A split list: each page its overview lists (and each part page's bar lists them all too).
    A list on one page: each section its bar of anchors lists (no count shown).
    """
    a = article(site, overview)
    if a.find("table", cls="dfx-parts") is None:
        links = a.one("p", cls="dfx-letters").links()
        sections = a.find_all("section", cls="dfx-part")
        assert [(h, t) for h, t in links] == [("#" + s.one("h2").get("id"), s.one("h2").text) for s in sections]
        assert all(s.get("aria-labelledby") == s.one("h2").get("id") for s in sections)
        return [(overview + h, t, None, s) for (h, t), s in zip(links, sections)]
    rows = a.one("table", cls="dfx-parts").one("tbody").find_all("tr")
    out = []
    for tr in rows:
        url = posixpath.normpath(posixpath.join(overview, tr.one("a").get("href"))) + "/"
        out.append((url, tr.one("a").text, int(tr.find_all("td")[1].text), article(site, url)))
    for url, label, _, a in out:
        bar = a.one("p", cls="dfx-letters")
        assert bar.one("strong").text == label
        assert [x.text for x in bar.find_all() if x.tag in ("a", "strong")] == [p[1] for p in out]
        assert [posixpath.normpath(posixpath.join(url, h)) + "/" for h, _ in bar.links()] == [p[0] for p in out if p[0] != url]
    return out


def part_key(url: str) -> str:
    """A part's name, the same whether the list is split (its page) or on one page (its anchor)."""
    return url.rsplit("#", 1)[1] if "#" in url else url.split("/")[-2]


def table_rows(a: Node) -> list[Node]:
    return a.one("table", cls="dfx-table").one("tbody").find_all("tr")


# --- defectors/by-rank/ ---------------------------------------------------------------


def test_by_rank_order(order_site):
    got = [(url, label, n, [tr.one("a").text for tr in table_rows(a)]) for url, label, n, a in parts(order_site, "defectors/by-rank/")]
    assert got == [
        ("defectors/by-rank/rank-major-general/", "Major General", 1, ["Max General"]),
        ("defectors/by-rank/rank-brigadier-general/", "Brigadier General (1 of 2)", 3, ["Bea Fourth", "Abe Brig", "Zed Brig"]),
        ("defectors/by-rank/rank-brigadier-general-2/", "Brigadier General (2 of 2)", 1, ["Cy Brig"]),
        ("defectors/by-rank/rank-colonel/", "Colonel", 2, ["Col Two", "Col One"]),
        ("defectors/by-rank/rank-major/", "Major", 1, ["Mo Major"]),
        ("defectors/by-rank/rank-captain/", "Captain", 1, ["Cap Tain"]),
        ("defectors/by-rank/category-political/", "Political (no military rank)", 1, ["Pol Itician"]),
        ("defectors/by-rank/category-civilian/", "Civilian (no military rank)", 1, ["Civ Ilian"]),
        ("defectors/by-rank/unknown/", "Rank unknown", 2, ["Mil Itary", "Nora Nobody"]),
    ]


def test_by_rank_rows(order_site):
    rows = {tr.one("a").text: [td.text for td in tr.find_all("td")] for _, _, _, a in parts(order_site, "defectors/by-rank/") for tr in table_rows(a)}
    assert rows["Bea Fourth"][3] == "2012"
    assert rows["Col One"][3] == "about June 2012"
    assert rows["Col Two"][3] == "between May 2012 and Jul 2012"
    assert rows["Mo Major"][3] == "August 2012 (uncertain)"
    assert rows["Cap Tain"][3] == "between 16 Dec 2011 and 6 Jan 2012"
    assert rows["Cy Brig"][3] == "unknown"
    assert rows["Zed Brig"][2] == "officer, Brigade 10"
    assert [rows[n][5] for n in ("Zed Brig", "Abe Brig", "Cy Brig", "Col Two")] == ["Confirmed", "Disputed", "Unconfirmed", "Denied"]
    assert rows["Zed Brig"][6] == "4"  # s-wire-1, s-wire-2, s-wire-3, s-alpha
    summary = article(order_site, "defectors/by-rank/").one("p", cls="dfx-summary").text
    assert summary.startswith("13 defectors: 7 confirmed and 6 not confirmed")
    assert "Émile Haddad" not in rows and "Fay Leader" not in rows  # no defection record


# --- claims/unconfirmed/ -------------------------------------------------------------


def claim_rows(site) -> list[tuple[str, str, int, list[tuple[str, str]]]]:
    """Each part's items as (kind, what it is about): a claim names its entry after "About", a defection or event leads with it."""
    out = []
    for url, label, n, a in parts(site, "claims/unconfirmed/"):
        rows = []
        for div in a.one("div", cls="dfx-claims").find_all("div", cls="dfx-claim"):
            about = div.one("p", cls="dfx-claim__about")
            kind = about.one("span", cls="dfx-kind").text
            rows.append((kind, (about if kind == "claim" else div.one("p", cls="dfx-claim__text")).one("a").text))
        assert n is None or len(rows) == n
        out.append((part_key(url), label, rows))
    return out


def all_claims(site, status: str | None = None) -> list[Node]:
    return [d for url, _, _, a in parts(site, "claims/unconfirmed/") if status is None or part_key(url).startswith(status)
            for d in a.find_all("div", cls="dfx-claim")]


def test_unconfirmed_order(order_site):
    assert claim_rows(order_site) == [
        ("disputed-2012", "Disputed, 2012 (1 of 2)", [("event", "Secret meeting"), ("claim", "Zed Brig"), ("defection", "Abe Brig")]),
        ("disputed-2012-2", "Disputed, 2012 (2 of 2)", [("defection", "Civ Ilian")]),
        ("unconfirmed-2013", "Unconfirmed, 2013", [("claim", "Zed Brig")]),
        ("unconfirmed-2012", "Unconfirmed, 2012", [("defection", "Mo Major")]),
        ("unconfirmed-undated", "Unconfirmed, date unknown (1 of 2)", [("defection", "Cy Brig"), ("defection", "Nora Nobody"),
                                                                       ("event", "Unknown night defection")]),
        ("unconfirmed-undated-2", "Unconfirmed, date unknown (2 of 2)", [("claim", "Zed Brig")]),
        ("denied-2012", "Denied, 2012", [("claim", "Zed Brig"), ("defection", "Col Two")]),
    ]


def cited_source(div, li) -> tuple[str, str]:
    """The source an attribution's citation mark points to, through the page's numbered list, and the mark's locator."""
    mark = li.one("sup", cls="dfx-cite").one("a")
    page = div
    while page.parent is not None:
        page = page.parent
    ref = page.one("li", id=mark.get("href")[1:])
    return ref.one("a", cls="dfx-ref__title").get("href"), mark.get("title")


def test_unconfirmed_claims_show_both_sides(order_site):
    claims = all_claims(order_site)
    disputed = [d for d in claims if "Zed Brig planned the escape." in d.one("p").text][0]
    assert "about 1 April 2012" not in disputed.text and "1 April 2012" in disputed.one("p", cls="dfx-claim__about").text
    asserted = disputed.one("div", cls="dfx-claim__side--asserted")
    denied = disputed.one("div", cls="dfx-claim__side--denied")
    assert [(li.one("span", cls="dfx-by").text, cited_source(disputed, li)) for li in asserted.find_all("li")] == [
        ("an exile group", ("../../../sources/s-wire-1/", "para 2"))]
    assert [(li.one("span", cls="dfx-by").text, cited_source(disputed, li)) for li in denied.find_all("li")] == [
        ("the ministry", ("../../../sources/s-wire-2/", "para 9"))]
    unconfirmed = [d for d in claims if "Zed Brig spoke to TV." in d.one("p").text][0]
    assert unconfirmed.one("div", cls="dfx-claim__side--denied").one("p", cls="dfx-none").text == "No denial on record."
    assert unconfirmed.one("p", cls="dfx-claim__note").text == "Note: Single source."
    defection = [d for d in claims if d.one("span", cls="dfx-kind").text == "defection"
                 and d.one("p", cls="dfx-claim__text").one("a").text == "Col Two"][0]
    assert defection.one("p", cls="dfx-claim__reported").links() == [("../../../sources/s-wire-1/", "“Wire one”")]
    assert not [d for d in claims if "Zed Brig served in the army." in d.text]  # confirmed claims are not listed


# --- sources/ ------------------------------------------------------------------------


def test_sources_grouped_sorted_and_flagged(order_site):
    got, items = [], []
    for url, label, n, a in parts(order_site, "sources/"):
        lis = a.one("ol", cls="dfx-bibliography").find_all("li", cls="dfx-bib")
        assert n is None or len(lis) == n
        items += lis
        got.append((url, label, [(li.one("p", cls="dfx-citation").one("a").text, [s.text for s in li.find_all("span", cls="dfx-flag")]) for li in lis]))
    assert got == [
        ("sources/publisher/alpha-times/", "alpha Times", [("Alpha piece", ["No URL"])]),
        ("sources/publisher/example-wire/", "Example Wire", [("Wire two", []), ("Wire one", []), ("Wire three", ["No date", "No URL"])]),
        ("sources/publisher/zeta-post/", "Zeta Post", [("Orphan piece", ["Nothing cites this source"])]),
    ]
    archive = build_graph(order_site.parent / "project" / "content")
    for li in items:
        href = li.one("p", cls="dfx-citation").one("a").get("href")
        sid = href.strip("/").split("/")[-1]
        expected = {l.source.id for l in archive.links if l.target == sid and l.source.kind != "source"}
        cited = li.find("p", cls="dfx-cited")
        if not expected:
            assert cited is None
            continue
        ids = {h.strip("/").split("/")[-1] for h, _ in cited.links()}
        assert ids == expected
        assert cited.text.startswith(f"Cited by {len(expected)}:")


# --- timeline/ -----------------------------------------------------------------------


def test_timeline_groups_in_order(order_site):
    got, years = [], []
    for url, label, n, a in parts(order_site, "timeline/"):
        years.append((url, label, n))
        for h2 in a.find_all("h2"):
            items = h2.following("ul", cls="dfx-timeline").find_all("li")
            got.append((h2.get("id"), h2.text, [li.one("a").text for li in items]))
        ids = [h2.get("id") for h2 in a.find_all("h2")]
        assert len(ids) == len(set(ids)), "each group heading once"
        toc = [x.get("href") for x in page(order_site, url).one("nav", cls="md-nav--secondary").find_all("a")]
        assert toc == [f"#{i}" for i in ids], "the year's months are its table of contents"
    assert years == [("timeline/2011/", "2011", 1),  # a year over 3 rows is cut between months, each page named by its months
                     ("timeline/2012/", "2012 (month not known) – February 2012", 3), ("timeline/2012-2/", "March 2012", 2),
                     ("timeline/2012-3/", "June 2012 – July 2012", 3), ("timeline/2012-4/", "August 2012 – September 2012", 3),
                     ("timeline/2012-5/", "October 2012", 1)]
    assert got == [
        ("t-2011", "2011 (month not known)", ["Cap Tain"]),
        ("t-2012", "2012 (month not known)", ["Bea Fourth", "Col Two"]),
        ("t-2012-02", "February 2012", ["Civ Ilian"]),
        ("t-2012-03", "March 2012", ["Abe Brig", "Zed Brig"]),
        ("t-2012-06", "June 2012", ["Col One", "Mass defection"]),
        ("t-2012-07", "July 2012", ["Secret meeting"]),
        ("t-2012-08", "August 2012", ["Mo Major", "Pol Itician"]),
        ("t-2012-09", "September 2012", ["Mil Itary"]),
        ("t-2012-10", "October 2012", ["Max General"]),
    ]
    assert not [x for _, _, names in got for x in names if x in ("Nora Nobody", "Unknown night defection")]  # undated


# --- units/ --------------------------------------------------------------------------


def tree(ul: Node) -> list:
    out = []
    for li in [c for c in ul.children if isinstance(c, Node) and c.tag == "li"]:
        sub = next((c for c in li.children if isinstance(c, Node) and c.tag == "ul"), None)
        out.append((li.one("a").text, li.one("span", cls="dfx-tree__counts").text, tree(sub) if sub else []))
    return out


def test_units_tree(order_site):
    a = article(order_site, "units/")
    gov = a.one("section", **{"aria-labelledby": "side-government"})
    opp = a.one("section", **{"aria-labelledby": "side-opposition"})
    assert gov.one("h2").text == "Government" and opp.one("h2").text == "Opposition"
    assert tree(gov.one("ul", cls="dfx-tree")) == [
        ("Army", "2 people · 1 defector", [
            ("4th Division", "2 people · 2 defectors", [
                ("Brigade 10", "2 people · 2 defectors", [])])]),
        ("Border Guard", "0 people · 0 defectors", []),
    ]
    assert tree(opp.one("ul", cls="dfx-tree")) == [("Free Army", "1 person · 0 defectors", [("Battalion X", "0 people · 0 defectors", [])])]
    other = a.one("h2", id="side-other")
    assert tree(other.following("ul", cls="dfx-tree")) == [("Observers", "0 people · 0 defectors", [])]


# --- events/ -------------------------------------------------------------------------


def test_events_by_year(order_site):
    got = [(url, label, n, [(td[0].text, td[1].text) for td in (tr.find_all("td") for tr in table_rows(a))])
           for url, label, n, a in parts(order_site, "events/")]
    assert got == [
        ("events/year/2012/", "2012", 2, [("15 June 2012", "Mass defection"), ("July 2012", "Secret meeting")]),
        ("events/year/undated/", "Date unknown", 2, [("unknown", "Another undated meeting"), ("unknown", "Unknown night defection")]),
    ]


# --- people/ -------------------------------------------------------------------------


def test_people_az(order_site):
    got, rows = {}, []
    for url, label, n, a in parts(order_site, "people/"):
        got[label] = [tr.one("a").text for tr in table_rows(a)]
        assert len(got[label]) == n
        assert url == {"C (1 of 2)": "people/letter/c/", "C (2 of 2)": "people/letter/c-2/"}.get(label, f"people/letter/{label.lower()}/")
        rows += table_rows(a)
    assert list(got) == sorted(got)
    assert got == {
        "A": ["Abe Brig"], "B": ["Bea Fourth"], "C (1 of 2)": ["Cap Tain", "Civ Ilian", "Col One"], "C (2 of 2)": ["Col Two", "Cy Brig"],
        "E": ["Émile Haddad", "Ezra Early"], "F": ["Fay Leader"], "M": ["Max General", "Mil Itary", "Mo Major"], "N": ["Nora Nobody"],
        "P": ["Pol Itician"], "Z": ["Zed Brig"],
    }
    assert [t for _, t in article(order_site, "people/").one("p", cls="dfx-letters").links()] == list(got)
    emile = [tr for tr in rows if tr.one("a").text == "Émile Haddad"][0]
    cells = emile.find_all("td")
    assert cells[0].one("span", lang="ar", dir="rtl").text == "إميل حداد"
    assert cells[1].text == "Emile Haddad, Amil Hadad"
    zed = [tr for tr in rows if tr.one("a").text == "Zed Brig"][0]
    assert [td.text for td in zed.find_all("td")][1:] == ["Zed Brigg", "Brigadier General", "Confirmed", "10 March 2012"]


# --- one page or split ---------------------------------------------------------------

LISTS = ["people/", "defectors/by-rank/", "claims/unconfirmed/", "sources/", "events/", "timeline/"]


def listed(site, overview: str) -> tuple[list[str], list[str]]:
    """The labels of a list's parts, and the pages its rows link to, in order (as site paths)."""
    labels, targets = [], []
    for url, label, _, node in parts(site, overview):
        labels.append(label)
        base = url.split("#")[0]
        bar = node.find("p", cls="dfx-letters")  # a part page's links to the other parts
        skip = set(bar.links()) if bar else set()
        links = node.links()
        refs = node.find("ol", cls="dfx-refs")  # the page's own list of the sources it cites, last on the page
        if refs:
            assert links[-len(refs.links()):] == refs.links()
            links = links[:-len(refs.links())]
        targets += [posixpath.normpath(posixpath.join(base, h)) for h, t in links if "#" not in h and "://" not in h and (h, t) not in skip]
    return labels, targets


@pytest.mark.parametrize("overview", LISTS)
def test_a_short_list_is_one_page_with_the_same_rows(order_site, order_site_whole, overview):
    whole = article(order_site_whole, overview)
    assert whole.find("table", cls="dfx-parts") is None
    labels, targets = listed(order_site_whole, overview)
    split_labels, split_targets = listed(order_site, overview)
    assert targets == split_targets and len(targets) > 3
    if overview != "timeline/":  # a cut timeline year is named by its months
        assert labels == list(dict.fromkeys(re.sub(r" \(\d+ of \d+\)$", "", x) for x in split_labels))
    split_pages = [url for url, _, _, _ in parts(order_site, overview)]
    assert split_pages and all((order_site / url / "index.html").is_file() for url in split_pages)
    assert not [url for url in split_pages if (order_site_whole / url).exists()], "no part pages when the list is short"


def test_a_long_group_is_cut_into_pages_of_at_most_the_limit(order_site):
    for overview in LISTS[:-1]:
        for url, label, n, a in parts(order_site, overview):
            assert 1 <= n <= 3, (url, n)


def test_one_page_timeline_has_years_and_months(order_site_whole):
    a = article(order_site_whole, "timeline/")
    years = a.find_all("section", cls="dfx-part")
    assert [(s.one("h2").get("id"), [h.text for h in s.find_all("h3")]) for s in years] == [
        ("2011", ["2011 (month not known)"]),
        ("2012", ["2012 (month not known)", "February 2012", "March 2012", "June 2012", "July 2012", "August 2012",
                  "September 2012", "October 2012"]),
    ]
    toc = [x.text for x in page(order_site_whole, "timeline/").one("nav", cls="md-nav--secondary").find_all("a")]
    assert toc == ["2011", "2012"]


# --- the seed site -------------------------------------------------------------------


def test_seed_brigadier_generals_before_colonels(seed_site):
    groups = {part_key(url): [tr.one("a").text for tr in table_rows(a)] for url, _, _, a in parts(seed_site, "defectors/by-rank/")}
    ids = list(groups)
    assert ids.index("rank-brigadier-general") < ids.index("rank-colonel")
    assert {"Manaf Tlass", "Rustom Ghazali", "Mohammed Khalouf"} <= set(groups["rank-brigadier-general"])
    assert groups["rank-colonel"] == ["Hassan Merei al-Hamade"]
    assert groups["rank-brigadier-general"][-1] == "Rustom Ghazali"  # no date: last in its group


def test_seed_ghazali_disputed_with_both_sides(seed_site):
    disputed = [row for key, _, rows in claim_rows(seed_site) if key.startswith("disputed-") for row in rows]
    assert ("defection", "Rustom Ghazali") in disputed
    divs = all_claims(seed_site, "disputed")
    defection = [d for d in divs if d.one("span", cls="dfx-kind").text == "defection" and "Rustom Ghazali" in d.one("p").text][0]
    assert defection.one("p", cls="dfx-claim__reported").one("a").get("href") == "../../sources/asharq-al-awsat-ghazali-defection-uncertainty/"
    # The event of his defection has the same status: one fact, listed once, as the defection that links it.
    assert ("event", "Reported defection of Rustom Ghazali") not in disputed
    assert ("Reported defection of Rustom Ghazali" in [t for _, t in defection.one("p", cls="dfx-claim__about").links()])
    both = [d for d in divs if d.find("div", cls="dfx-claim__side--denied") and d.one("div", cls="dfx-claim__side--denied").find("li")]
    texts = [d.one("p", cls="dfx-claim__text").text for d in both]
    assert any(t.startswith("Disputed Rustom Ghazali defected") for t in texts), texts
    assert any(t.startswith("Disputed Ghazali had fled Syria.") for t in texts), texts
    for d in both:
        for side in ("asserted", "denied"):
            items = d.one("div", cls=f"dfx-claim__side--{side}").find_all("li")
            assert items and all(cited_source(d, li)[0].startswith("../../sources/") for li in items)


def test_seed_bibliography(seed_site):
    archive = build_graph(REPO / "content")
    publishers = parts(seed_site, "sources/")
    items = [li for _, _, _, a in publishers for li in a.find_all("li", cls="dfx-bib")]
    listed = {li.one("p", cls="dfx-citation").one("a").get("href").strip("/").split("/")[-1]: li for li in items}
    assert set(listed) == {s.id for s in archive.of_kind("source")} and len(listed) == 5
    citing = defaultdict(set)
    for link in archive.links:
        if link.source.kind != "source" and archive.get(link.target).kind == "source":
            citing[link.target].add(f"{link.source.folder}/{link.source.id}")
    for sid, li in listed.items():
        hrefs = {h.strip("/").replace("../", "") for h, _ in li.one("p", cls="dfx-cited").links()}
        assert hrefs == citing[sid], sid
    assert [label for _, label, _, _ in publishers] == ["Agence France-Presse", "Asharq Al-Awsat (English edition)", "The Daily Telegraph"]
