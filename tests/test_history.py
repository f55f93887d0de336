"""Each entry page says when the entry was first published and last changed, and lists the commits that
changed it, from the repository's history (one ``git log``); a copy without history says so."""

from __future__ import annotations

from pathlib import Path

from htmltree import article, page, section

from generator.load.dating import history


def test_outside_a_repository_there_is_no_history(tmp_path):
    assert history(tmp_path) is None  # not a repository: no history to read


def test_an_entry_page_gives_first_published_last_changed_and_the_commits(history_site):
    a = article(history_site, "people/person-a/")
    history_text = " ".join(n.text for n in section(a, "history"))
    # 4 March 23:30 in New York is 5 March in UTC: days are UTC, so every build says the same
    assert "First published 2 January 2026; last changed 5 April 2026." in history_text
    changes = a.one("ul", cls="dfx-changes").find_all("li")
    assert [li.text.split(" (")[0] for li in changes] == [
        "5 April 2026: Person A in Arabic",
        "5 March 2026: Person A: the second paragraph <b>from</b> the article",  # a commit message is text, escaped
        "2 January 2026: Seed entries from the first article"]
    links = [h for li in changes for h, _ in li.links()]
    assert all(h.startswith("https://github.com/syrian-defections-archive/archive/commit/") and len(h.rsplit("/", 1)[1]) == 40 for h in links)
    unit = " ".join(n.text for n in section(article(history_site, "units/unit-a/"), "history"))
    assert "First published 2 January 2026; last changed 2 January 2026." in unit
    arabic = " ".join(n.text for n in section(article(history_site, "ar/people/person-a/"), "history"))
    assert "2 كانون الثاني 2026" in arabic and "5 نيسان 2026" in arabic


def citation_tags(site: Path, url: str) -> dict[str, str]:
    return {m.get("name"): m.get("content") for m in page(site, url).find_all("meta") if (m.get("name") or "").startswith("citation_")}


def test_reference_managers_read_the_entry_s_citation_tags(history_site):
    assert citation_tags(history_site, "people/person-a/") == {
        "citation_title": "Person A", "citation_publisher": "Syrian Defections Archive", "citation_language": "en",
        "citation_publication_date": "2026/01/02", "citation_online_date": "2026/04/05",
        "citation_public_url": "https://example.org/archive/people/person-a/"}
    arabic = citation_tags(history_site, "ar/people/person-a/")
    assert arabic["citation_publisher"] == "أرشيف الانشقاقات السورية" and arabic["citation_language"] == "ar"
    assert arabic["citation_public_url"] == "https://example.org/archive/ar/people/person-a/"
    assert "citation_publication_date" not in citation_tags(history_site, "people/person-b/")  # not published yet
    assert citation_tags(history_site, "people/") == {}  # index pages are not entries


def test_an_entry_not_yet_committed_says_so(history_site):
    text = article(history_site, "people/person-b/").one("p", cls="dfx-history").text
    assert text == "This entry has not been published yet: it is not in the repository’s history."


def test_a_copy_without_history_says_so(seed_site):
    text = article(seed_site, "people/manaf-tlass/").one("p", cls="dfx-history").text
    assert text.startswith("This copy of the archive was built without the repository’s history")
