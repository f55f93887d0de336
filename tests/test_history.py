"""Each entry page says when the entry was first published and last changed, and lists the commits that
changed it, from the repository's history (one ``git log``); a copy without history says so."""

from __future__ import annotations

import subprocess
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


def test_a_commit_message_cannot_forge_or_break_the_history(corpus, tmp_path):
    """Commit messages are contributors' text: separators in them, or no message at all, leave the history as git has it."""
    from conftest import git

    corpus.minimal()
    repo = corpus.root.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    forged = "Seed\x1e" + "f" * 40 + "\x1f0\x1fForged"
    git(repo, "commit", "-q", "-m", forged, when="2026-01-02T10:00:00+00:00")
    person = corpus.root / "people" / "person-a.md"
    person.write_text(person.read_text("utf-8") + "\nMore.\n", "utf-8")
    git(repo, "commit", "-q", "--allow-empty-message", "-am", "", when="2026-02-03T10:00:00+00:00")
    log = history(corpus.root)
    assert [(c.day, c.subject, c.action) for c in log["people/person-a.md"]] == [("2026-02-03", "", "changed"), ("2026-01-02", forged, "added")]
    assert set(log) == {"people/person-a.md", "units/unit-a.md", "events/event-a.md", "sources/src-a.md"}
    assert all(len(c.commit) == 40 and c.commit != "f" * 40 for changes in log.values() for c in changes)


def test_a_shallow_clone_has_no_history_rather_than_a_wrong_one(history_site, tmp_path):
    project = history_site.parent / "project"
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(clone)], check=True, capture_output=True)
    assert history(clone / "content") is None  # its one commit would seem to add every file
