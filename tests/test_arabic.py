"""The Arabic edition: every page has its twin, linked both ways; Arabic words, Levantine months and plurals; no English chrome."""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po

from conftest import REPO, SITE_URL, build_site, make_project, run_cli, search_documents, static_server, type_search
from generator.model.dates import parse_date
from generator.pipeline import build_graph
from generator.commands import catalogue
from generator.render.language import ARABIC, CATALOGUES, ENGLISH, ENUMS, LANGUAGES, WORDS, language_of, twin
from htmltree import parse

SHARED = ("assets/", "404.html")  # the theme's files and its one not-found page belong to no edition
CLDR_AR_SY_MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]


def pages(site: Path) -> list[str]:
    """Every page of a built site, as a path relative to it."""
    out = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if not rel.startswith(SHARED):
            out.append(rel)
    return out


def resolve(page: str, href: str) -> str:
    """The site path a link on ``page`` leads to (``index.html`` for a folder): relative, or an address on the site."""
    if href.startswith(SITE_URL):
        page, href = "index.html", href.removeprefix(SITE_URL) or "."
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))
    return (target + "/index.html" if not target.endswith(".html") else target).removeprefix("./")


def test_every_page_has_its_twin_linked_both_ways(seed_site):
    all_pages = pages(seed_site)
    english = [p for p in all_pages if not p.startswith("ar/")]
    arabic = [p for p in all_pages if p.startswith("ar/")]
    assert len(english) > 50 and {"ar/" + p for p in english} == set(arabic)
    for path in all_pages:
        root = parse((seed_site / path).read_text("utf-8"))
        html = root.one("html")
        lang = "ar" if path.startswith("ar/") else "en"
        assert (html.get("lang"), html.get("dir")) == (lang, "rtl" if lang == "ar" else "ltr"), path
        alternates = {link.get("hreflang"): resolve(path, link.get("href")) for link in root.find_all("link") if link.get("rel", "").split() == ["alternate"]}
        other = path.removeprefix("ar/") if lang == "ar" else "ar/" + path
        assert alternates == {lang: path, ("en" if lang == "ar" else "ar"): other}, path
        switch = root.one("a", cls="dfx-language")
        assert resolve(path, switch.get("href")) == other and switch.get("hreflang") == ("en" if lang == "ar" else "ar"), path
        home = "ar/index.html" if lang == "ar" else "index.html"  # the logo leads to the edition's own home page
        assert {resolve(path, a.get("href")) for a in root.find_all("a", cls="md-logo")} == {home}, path


def test_twin_paths_and_languages():
    assert twin("people/x.md", ARABIC) == "ar/people/x.md" and twin("ar/people/x.md", ENGLISH) == "people/x.md"
    assert language_of("ar/index.md") is ARABIC and language_of("archive.md") is ENGLISH and language_of("index.md") is ENGLISH
    assert [lang.code for lang in LANGUAGES] == ["en", "ar"]


def test_levantine_months_from_cldr():
    for month, name in enumerate(CLDR_AR_SY_MONTHS, 1):
        assert ARABIC.date(parse_date(f"2012-{month:02d}-03")) == f"3 {name} 2012"
    assert ARABIC.date(parse_date("2012-07~")) == "نحو تموز 2012"
    assert ARABIC.date(parse_date("2012?")) == "2012 (غير مؤكَّد)"
    assert ARABIC.date(parse_date("2011-12/2012-01")) == "بين كانون الأول 2011 وكانون الثاني 2012"
    assert ENGLISH.date(parse_date("2012-07-03~")) == "about 3 July 2012"


def test_arabic_plural_forms():
    forms = {n: ARABIC.ngettext("%(num)d person", "%(num)d people", n) % {"num": n} for n in (0, 1, 2, 3, 10, 11, 99, 100, 102)}
    assert forms[1] == "شخص واحد" and forms[2] == "شخصان"
    assert forms[3] == "3 أشخاص" and forms[10] == "10 أشخاص"
    assert forms[11] == "11 شخصًا" and forms[99] == "99 شخصًا"
    assert forms[100] == "100 شخص" and forms[102] == "102 شخص"


def test_catalogue_translates_every_message_and_is_up_to_date(tmp_path, monkeypatch):
    with open(CATALOGUES / "ar" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        po = read_po(handle, locale="ar")
    used = catalogue.messages()
    assert len(used) > 200
    problems = []
    for msgid, (plural, where) in used.items():
        message = po.get(msgid)
        if message is None:
            problems.append(f"{where[0]}: {msgid!r} is not in the catalogue")
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings) or (plural and len(strings) != po.num_plurals):
            problems.append(f"{where[0]}: {msgid!r} is not translated (every plural form)")
        ids = (msgid, plural) if plural else (msgid,)
        wanted = {p for i in ids for p in re.findall(r"%\(\w+\)[sd]|\{\w+\}", i)}
        for string in strings:
            got = set(re.findall(r"%\(\w+\)[sd]|\{\w+\}", string))
            if not got <= wanted or (not plural and got != wanted):
                problems.append(f"{msgid!r}: the translation {string!r} has the placeholders {sorted(got)}, expected {sorted(wanted)}")
    assert not problems, "\n".join(problems)
    for field, values in ENUMS.items():  # every value of an enumerated field has its word
        assert set(WORDS[field]) == set(values), field
    # The catalogue is what `defections catalogue` makes of the code: nothing to add or drop.
    copy = tmp_path / "ar" / "LC_MESSAGES" / "messages.po"
    copy.parent.mkdir(parents=True)
    shutil.copy(CATALOGUES / "ar" / "LC_MESSAGES" / "messages.po", copy)
    monkeypatch.setattr(catalogue, "CATALOGUES", tmp_path)
    catalogue.update("ar")
    with open(copy, "rb") as handle:
        updated = read_po(handle, locale="ar")
    assert sorted(str(m.id) for m in updated if m.id) == sorted(str(m.id) for m in po if m.id)
    assert not updated.obsolete, f"messages no longer used: {list(updated.obsolete)}"


def content_words() -> set[str]:
    """Every text of the content that a page may show as it is: names, titles, places, quotes, ids, locators..."""
    words: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            words.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
    for entry in build_graph(REPO / "content").entries.values():
        words.add(entry.id)
        walk(entry.data)
    return words


# Latin-script words an Arabic page may show outside content: formats, tools, a licence, units, the name of a language.
ALLOWED = {"English", "CSV", "JSON", "YAML", "UTF-8", "CC", "BY-SA", "Excel", "LibreOffice", "FollowTheMoney", "Aleph", "OpenAleph",
           "FtM", "Zotero", "Pandoc", "Mendeley", "BibTeX", "CSL-JSON", "biblatex", "biber", "Schema", "Person", "PublicBody", "Organization",
           "Membership", "Family", "Event", "Article", "Documentation", "KB", "MB", "GB"}
HAND_WRITTEN = ("ar/about/", "ar/contributing/")  # their text and its contents list are the translators' (checked by review); their chrome is checked here
WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]*(?:\.[A-Za-z0-9]+)*")


def content_pattern(words: set[str]):
    """Matches any text of the content, longest first, so that it can be cut out of a line that also has chrome."""
    alternatives = "|".join(re.escape(w) for w in sorted((w for w in words if len(w) > 1), key=len, reverse=True))
    return re.compile(f"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])")


def latin_words(node, content, hand_written: bool = False) -> list[str]:
    """Latin-script words in ``node``'s text, outside content: elements marked as another language, code, an
    entry's body (contributors' prose, which keeps names with no certain Arabic spelling in Latin letters), text
    of the content (``content``, a pattern), URLs, file names and single letters (the Latin initials of a list)."""
    if (node.get("lang") not in (None, "ar") or node.tag in ("code", "pre", "kbd", "script", "style", "svg", "head")
            or "dfx-untranslated" in node.classes or "dfx-body" in node.classes or (hand_written and (node.tag == "article" or "md-nav--secondary" in node.classes))):
        edit = node.find_all("p", cls="dfx-edit") if hand_written and node.tag == "article" else []  # the chrome at the end of the text
        return [w for p in edit for w in latin_words(p, content)]
    found = []
    for child in node.children:
        if isinstance(child, str):
            text = re.sub(r"https?://\S+", " ", content.sub(" ", child))
            found += [w for w in WORD.findall(text) if w not in ALLOWED and len(w) > 1 and "." not in w]
        else:
            found += latin_words(child, content, hand_written)
    return found


def test_no_english_interface_word_on_an_arabic_page(seed_site):
    content = content_pattern(content_words())
    found = {}
    for path in pages(seed_site):
        if not path.startswith("ar/"):
            continue
        words = latin_words(parse((seed_site / path).read_text("utf-8")), content, path.startswith(HAND_WRITTEN))
        if words:
            found[path] = sorted(set(words))[:12]
    assert not found, "\n".join(f"{p}: {w}" for p, w in list(found.items())[:20])


def test_an_english_word_in_the_chrome_is_caught(seed_site):
    html = (seed_site / "ar" / "index.html").read_text("utf-8").replace("دليل التصفّح", "Find your way", 1)
    assert "Find" in latin_words(parse(html), content_pattern(content_words()))
    edit = (seed_site / "ar" / "about" / "index.html").read_text("utf-8").replace("حرّر هذه الصفحة", "Edit this page", 1)
    assert "Edit" in latin_words(parse(edit), content_pattern(content_words()), hand_written=True)


def test_arabic_pages_show_arabic_names_and_isolate_latin_ones(seed_site):
    root = parse((seed_site / "ar" / "people" / "manaf-tlass" / "index.html").read_text("utf-8"))
    title = root.one("h1", cls="dfx-title")
    assert title.one("bdi").text == "مناف طلاس" and title.one("bdi", lang="en").text == "Manaf Tlass"
    assert root.one("title").text == "مناف طلاس (Manaf Tlass) - أرشيف الانشقاقات السورية"
    infobox = root.one("aside", cls="dfx-infobox")
    cells = {tr.one("th").text: tr.one("td") for tr in infobox.find_all("tr")}
    assert cells["الرتبة"].text == "عميد" and "تموز 2012" in cells["الانشقاق"].text
    assert cells["المنشأ"].one("bdi", lang="en").text == "Rastan, Homs province"
    # a link to another entry names it by its Arabic name
    links = {a.text for a in infobox.find_all("a")}
    assert "الحرس الجمهوري" in links
    # the entry's Arabic text in place of its English body, its links named in Arabic
    body = root.one("div", cls="dfx-body")
    assert body.find("p", cls="dfx-untranslated") is None and body.find("div", lang="en") is None
    assert body.text.startswith("وصفت وكالة الصحافة الفرنسية مناف طلاس") and "الحرس الجمهوري" in [a.text for a in body.find_all("a")]
    # an Arabic name on an English page keeps its language and direction
    english = parse((seed_site / "people" / "manaf-tlass" / "index.html").read_text("utf-8"))
    name = english.one("h1", cls="dfx-title").one("span", cls="dfx-ar")
    assert (name.get("lang"), name.get("dir"), name.text) == ("ar", "rtl", "مناف طلاس")


def test_arabic_index_pages(seed_site):
    rank = parse((seed_site / "ar" / "defectors" / "by-rank" / "index.html").read_text("utf-8"))
    headings = [h.text.rstrip("¶") for h in rank.find_all("h2")]
    english = [h.text.rstrip("¶") for h in parse((seed_site / "defectors" / "by-rank" / "index.html").read_text("utf-8")).find_all("h2")]
    assert len(headings) == len(english) > 3  # the same groups, in the same order
    assert headings[:2] == [ARABIC.rank(english[0]), ARABIC.rank(english[1])] and headings[-1] == "الرتبة غير معروفة"
    timeline = parse((seed_site / "ar" / "timeline" / "index.html").read_text("utf-8"))
    assert "حزيران 2012" in [h.text.rstrip("¶") for h in timeline.find_all("h3")]
    home = parse((seed_site / "ar" / "index.html").read_text("utf-8"))
    counts = [a.text for a in home.find_all("a", cls="dfx-count")]
    assert counts == ["19 شخصًا", "14 وحدةً", "11 حدثًا", "5 مصادر"]
    nav = [a.text for a in home.find_all("a", cls="md-nav__link")]
    assert "المنشقّون حسب الرتبة" in nav and "الخط الزمني" in nav and "المنهجية" in nav


def test_each_edition_has_its_search_index(seed_site):
    english, arabic = search_documents(seed_site), search_documents(seed_site / "ar")
    assert english and len(english) == len(arabic)
    assert all(url.startswith("ar/") for url in arabic) and not any(url.startswith("ar/") for url in english)
    manaf = arabic["ar/people/manaf-tlass/"]
    assert manaf[2:4] == ["Manaf Tlass", "مناف طلاس"] and manaf[5] == "عميد" and "تموز 2012" in manaf[7]


@pytest.mark.parametrize("query", ["طلاس", "Tlass", "مناف"])
def test_arabic_search_finds_both_scripts_and_speaks_arabic(page, seed_site, query):
    with static_server(seed_site) as url:
        page.goto(url + "ar/")
        assert page.locator(".dfx-search__input").get_attribute("placeholder").startswith("ابحث")
        hits = type_search(page, query)
        hrefs = [hits.nth(i).get_attribute("href") for i in range(hits.count())]
        assert any(h.endswith("ar/people/manaf-tlass/") for h in hrefs), hrefs
        assert all("/ar/" in h for h in hrefs), hrefs
        assert re.search("[\u0600-\u06ff]", page.locator(".dfx-search__count").inner_text())
        assert page.locator(".dfx-search__kind").first.inner_text() in {"شخص", "وحدة", "حدث", "مصدر", "صفحة"}
        manaf = page.locator(".dfx-search__hit[href$='ar/people/manaf-tlass/']")  # the Arabic name first, the Latin one beside it
        assert manaf.locator(".dfx-search__name[lang=ar]").inner_text() == "مناف طلاس"
        assert manaf.locator(".dfx-search__other[lang=en]").inner_text() == "Manaf Tlass"
    assert not page.errors and not page.outside


def test_a_missing_twin_of_a_hand_written_page_is_refused(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "docs" / "ar" / "about.md").unlink()
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0 and "about.md but not ar/about.md" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_arabic_body_replaces_the_english_one_on_the_arabic_page(tmp_path, corpus):
    corpus.minimal()
    (corpus.root / "people" / "person-a.ar.md").write_text("خدم في [[unit-a]] [@src-a، الفقرة 2].\n", "utf-8")  # an Arabic comma before the locator
    project = make_project(tmp_path / "project", corpus.root)
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    arabic = parse((tmp_path / "site" / "ar" / "people" / "person-a" / "index.html").read_text("utf-8")).one("div", cls="dfx-body")
    assert arabic.find("p", cls="dfx-untranslated") is None and arabic.text.startswith("خدم في First Unit")
    assert arabic.one("a").get("href") == "../../units/unit-a/" and arabic.one("sup", cls="dfx-cite").one("a").get("title") == "الفقرة 2"
    english = parse((tmp_path / "site" / "people" / "person-a" / "index.html").read_text("utf-8")).one("div", cls="dfx-body")
    assert english.text.startswith("Served in First Unit")
    # an entry with no Arabic text: its English body, marked as English, under a note that says so
    fallback = parse((tmp_path / "site" / "ar" / "sources" / "src-a" / "index.html").read_text("utf-8")).one("div", cls="dfx-body")
    assert fallback.one("p", cls="dfx-untranslated").text == "لم يُكتب هذا النص بالعربية بعد، وهو معروض هنا بالإنجليزية."
    assert fallback.one("div", lang="en").get("dir") == "ltr" and fallback.one("div", lang="en").text == "A summary."


def test_the_not_found_page_speaks_both_languages(seed_site):
    root = parse((seed_site / "404.html").read_text("utf-8"))
    sections = {s.get("lang"): s for s in root.one("article").find_all("section")}
    assert set(sections) == {"en", "ar"} and sections["ar"].get("dir") == "rtl"
    assert sections["ar"].one("h2").text == "404: هذه الصفحة غير موجودة"
    # the page is served for any missing address, so it links the site's root path, which the site's address gives
    root_path = urlsplit(SITE_URL).path
    assert sections["ar"].one("a").get("href") == root_path + "ar/" and sections["en"].one("a").get("href") in (root_path, root_path + ".")


def test_an_arabic_text_links_and_cites_only_what_the_entry_does(corpus):
    corpus.minimal()
    corpus.add("source", "src-b", {"title": "Another report", "publisher": "Example Wire", "date": "2012-07-07"})
    (corpus.root / "people" / "person-a.ar.md").write_text("خدم في [[unit-a]] [@src-a].\n\nوفي تقرير آخر [@src-b، الفقرة 1].\n", "utf-8")
    result = run_cli("check", "--content", str(corpus.root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("people/person-a.ar.md:3: body: 'src-b' is linked or cited in the Arabic text but nowhere in content/people/person-a.md"
            in result.stderr.replace("\\", "/")), result.stderr
    assert "unit-a" not in result.stderr and "'src-a'" not in result.stderr


def test_a_withheld_detail_is_kept_out_of_the_arabic_text_in_its_arabic_wordings(corpus):
    corpus.minimal()
    event = corpus.root / "events" / "event-a.md"
    withheld = '  - text: "brother-in-law"\n    reason: "It would identify a private individual."\n'
    event.write_text(event.read_text("utf-8").replace("---\n", "---\nwithheld:\n" + withheld, 1).replace("withheld:\n" + withheld, "", 0), "utf-8")
    (corpus.root / "events" / "event-a.ar.md").write_text("انشق أحد أقاربه.\n", "utf-8")
    result = run_cli("check", "--content", str(corpus.root))
    assert result.returncode == 1 and "withheld[1].text_ar" in result.stderr and "needs its Arabic wordings" in result.stderr, result.stderr
    event.write_text(event.read_text("utf-8").replace('  - text: "brother-in-law"\n', '  - text: "brother-in-law"\n    text_ar: ["صهر"]\n'), "utf-8")
    assert run_cli("check", "--content", str(corpus.root)).returncode == 0
    (corpus.root / "events" / "event-a.ar.md").write_text("انشق أحد أقاربه.\n\nوهو صهرُه.\n", "utf-8")
    result = run_cli("check", "--content", str(corpus.root))
    assert result.returncode == 1 and "events/event-a.ar.md:3: body: the do-no-harm rule: publishes 'صهر'" in result.stderr.replace("\\", "/"), result.stderr
