"""``defections check``: every bad-input class has its own fixture and its exact message and line.

Each case in ``tests/fixtures/bad/<case>/`` is a small content tree holding the
bad file(s) only; it is laid over a minimal valid corpus (``Corpus.minimal()``:
src-a, unit-a, person-a, event-a) so that the one problem it shows is the only
problem reported.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "bad"
DATE = "(expected a date such as 2012, 2012-07, 2012-07-03, 2012-07~ (approximate), 2012? (uncertain) or 2011-12-16/2012-01-06 (between))"
PERSON_FIELDS = "name, name_ar, aliases, standing, rank, category, born, origin, wikidata, positions, relatives, defection, claims, sources, withheld"
RANKS = ("Field Marshal, Colonel General, General, Major General, Brigadier General, Colonel, Lieutenant Colonel, Major, Captain, "
         "First Lieutenant, Lieutenant, Chief Warrant Officer, Warrant Officer, Staff Sergeant, Sergeant, Corporal, Private")
UNIT_KINDS = ("army, air-force, navy, air-defence, republican-guard, special-forces, intelligence, security, police, militia, "
              "armed-opposition, political, ministry, government, judiciary, media, other")
BODY = "(expected [[id]] or [@source-id] with an existing id)"
CONFIRMED = ("(expected an official attribution on the record, a self-announcement that its outlet vouches for (basis self and basis outlet "
             "in the same source), or two independent attributions (different by; the unnamed sources and the own voice of one outlet "
             "count as one, and a self-announcement not at all))")
HARM = "see 'Do no harm' in the methodology"

# case -> every line ``check`` must print for it (in order), before the "N problems found." line
EXPECTED: dict[str, list[str]] = {
    "unreadable": [
        "content/people/unreadable.md:1: cannot read the file (No such file or directory)",
    ],
    "non-utf8": [
        "content/people/non-utf8.md:2: not valid UTF-8 (byte 0xe9; expected the file to be saved as UTF-8)",
    ],
    "no-front-matter": [
        "content/people/no-front-matter.md:1: no front-matter (expected the file to start with a line '---', then YAML fields, then a closing '---')",
    ],
    "invalid-yaml": [
        "content/people/invalid-yaml.md:3: invalid YAML: mapping values are not allowed in this context "
        "(expected 'field: value' lines; quote text that contains ': ' or starts with a special character)",
    ],
    "yaml-tag": [
        "content/people/yaml-tag.md:3: YAML tag '!!python/object:os.system' is not accepted (expected plain values; quote text instead of tagging it)",
    ],
    "yaml-anchor": [
        "content/people/yaml-anchor.md:3: YAML anchor '&home' is not accepted (expected plain values without anchors)",
    ],
    "yaml-alias": [
        "content/people/yaml-alias.md:5: YAML alias '*lol' is not accepted (expected plain values: write the value out)",
    ],
    "wrong-type": [
        "content/people/wrong-type.md:2: name: got false (YAML reads unquoted yes/no/on/off/true/false as true or false: put the text in quotes) (expected text)",
        "content/people/wrong-type.md:3: origin: got the number 1984 (put it in quotes if it is text) (expected text)",
        "content/people/wrong-type.md:4: aliases[1]: got a set of fields (expected text)",
    ],
    "unknown-field": [
        f"content/people/unknown-field.md:3: ranks: unknown field (expected one of: {PERSON_FIELDS}); did you mean 'rank'?",
        f"content/people/unknown-field.md:4: nickname: unknown field (expected one of: {PERSON_FIELDS}); did you mean 'name'?",
    ],
    "missing-field": [
        "content/sources/missing-field.md:1: publisher: missing (expected text: the outlet that published it)",
    ],
    "bad-date": [
        f"content/events/bad-date.md:3: date: '2012-13-01' has no month 13 {DATE}",
        f"content/events/bad-date.md:8: claims[1].date: 'July 2012' is not a date {DATE}",
    ],
    "bad-date-interval": [
        f"content/events/bad-date-interval.md:3: date: '2012-08/2012-07' ends before it starts {DATE}",
    ],
    "bad-rank": [
        f"content/people/bad-rank.md:3: rank: unknown rank 'Colnel' (expected a rank from the rank table, in English, Arabic or a common abbreviation: {RANKS}); did you mean 'colonel'?",
    ],
    "bad-status": [
        "content/people/bad-status.md:4: defection.status: got 'confirmd' (expected one of: confirmed, unconfirmed, disputed, denied); did you mean 'confirmed'?",
    ],
    "bad-kind": [
        f"content/units/bad-kind.md:3: kind: got 'airforce' (expected one of: {UNIT_KINDS}); did you mean 'air-force'?",
    ],
    "bad-category": [
        "content/people/bad-category.md:3: category: got 'militry' (expected one of: military, security, police, political, diplomatic, judicial, civilian); did you mean 'military'?",
    ],
    "bad-wikidata": [
        "content/people/bad-wikidata.md:3: wikidata: got 'https://www.wikidata.org/wiki/Q42' (expected a Wikidata item id: Q and its number, such as Q42)",
        "content/units/bad-wikidata-unit.md:3: wikidata: got 'q0' (expected a Wikidata item id: Q and its number, such as Q42)",
    ],
    "missing-reference": [
        "content/people/missing-reference.md:4: positions[1].unit: no entry has the id 'unit-b' (expected the id of a unit); did you mean 'unit-a'?",
        "content/people/missing-reference.md:6: sources[1].source: no entry has the id 'src-b' (expected the id of a source); did you mean 'src-a'?",
    ],
    "wrong-kind-reference": [
        "content/people/wrong-kind-reference.md:4: relatives[1].person: 'unit-a' is a unit, not a person (expected the id of a person)",
        "content/people/wrong-kind-reference.md:6: sources[1].source: 'person-a' is a person, not a source (expected the id of a source)",
    ],
    "duplicate-id": [
        "content/units/same-id.md:1: id: the id 'same-id' is already used by content/people/same-id.md (expected ids unique across all kinds)",
    ],
    "bad-id": [
        "content/units/Bad_Name.md:1: id: the file name gives the id 'Bad_Name', which breaks the id rule "
        "(expected lowercase ASCII letters, digits and single hyphens, at most 80 characters, such as manaf-tlass)",
    ],
    "parent-cycle": [
        "content/units/cycle-one.md:4: parent: units form a cycle: cycle-one -> cycle-two -> cycle-one (expected a unit's parents never to lead back to it)",
    ],
    "claim-without-note": [
        "content/people/claim-without-note.md:5: claims[1]: the claim rule: an unconfirmed claim needs a note or a denied_by (expected why it is not confirmed, or who denies it)",
    ],
    "claim-without-asserted-by": [
        "content/units/claim-without-asserted-by.md:5: claims[1]: the claim rule: a claim needs at least one asserted_by attribution (expected who says so and in which source)",
    ],
    "too-large": [
        "content/people/too-large.md:1: file is 1,000,085 bytes (expected at most 1,000,000: split long text into several entries)",
    ],
    "body-links": [
        f"content/people/body-links.md:5: body: 'unit-b' is not the id of an entry {BODY}; did you mean 'unit-a'?",
        f"content/people/body-links.md:7: body: 'person-a' is not the id of a source {BODY}",
        f"content/people/body-links.md:7: body: 'src-b' is not the id of a source {BODY}; did you mean 'src-a'?",
    ],
    "raw-html": [
        "content/people/raw-html.md:7: body: raw HTML is not allowed (expected Markdown: see 'Writing the body' in the contributor guide)",
    ],
    # the status rules (generator/model/rules.py status_problem), one refusal per way of breaking them
    "confirmed-one-anonymous": [f"content/people/confirmed-one-anonymous.md:6: claims[1].status: the confirmed rule: found 1 independent attribution {CONFIRMED}"],
    "confirmed-anonymous-same-source": [
        f"content/people/confirmed-anonymous-same-source.md:6: claims[1].status: the confirmed rule: found 1 independent attribution {CONFIRMED}"],
    "confirmed-self-unvouched": [
        "content/people/confirmed-self-unvouched.md:4: defection.status: the confirmed rule: found 1 independent attribution, "
        f"and a self-announcement that no outlet vouches for {CONFIRMED}"],
    "confirmed-without-basis": [
        f"content/events/confirmed-without-basis.md:3: status: the confirmed rule: found 0 independent attributions, and 2 without a basis, which count for nothing {CONFIRMED}"],
    "confirmed-without-asserted-by": [
        f"content/people/confirmed-without-asserted-by.md:4: defection.status: the confirmed rule: a confirmed status needs asserted_by {CONFIRMED}"],
    "disputed-without-denial": [
        "content/events/disputed-without-denial.md:3: status: the disputed rule: a disputed status needs both asserted_by and denied_by "
        "(expected who asserts it and who denies it, each with a source)"],
    "denied-without-denial": [
        "content/people/denied-without-denial.md:4: defection.status: the denied rule: a denied status needs a denied_by (expected who denies it, with a source)"],
    # the do-no-harm rule (generator/model/rules.py person_rule and generator/check/privacy.py)
    "private-person-origin": [
        f"content/people/private-person-origin.md:4: origin: the do-no-harm rule: origin is not recorded for a private individual (expected it left out; {HARM})"],
    "private-relative": [
        "content/people/private-relative.md:5: relatives[1].person: the do-no-harm rule: 'private-wife' is a private individual, "
        f"whose family ties are not recorded (expected the tie left out; {HARM})"],
    "withheld-published": [
        "content/events/withheld-published.md:12: body: the do-no-harm rule: publishes 'second cousin once removed', which "
        f"content/events/withheld-published.md withholds (expected the detail left out of every published field, the id and the body; {HARM})"],
    # an entry's Arabic text, <id>.ar.md: a body only, beside its entry, checked as the body is (lines counted in its own file)
    "arabic-orphan": [
        "content/people/persn-a.ar.md:1: id: there is no entry people/persn-a.md for this Arabic text (expected the Arabic text of an entry, "
        "named after an existing entry: persn-a.ar.md for persn-a.md); did you mean 'person-a'?"],
    "arabic-front-matter": [
        "content/people/arabic-front-matter.ar.md:1: starts with a front-matter block (expected Markdown only: an Arabic text holds only "
        "the body; its fields live in people/arabic-front-matter.md)"],
    "arabic-raw-html": [
        "content/units/arabic-raw-html.ar.md:3: body: raw HTML is not allowed (expected Markdown: see 'Writing the body' in the contributor guide)"],
    "arabic-missing-link": [
        f"content/events/arabic-missing-link.ar.md:1: body: 'unit-b' is not the id of an entry {BODY}; did you mean 'unit-a'?",
        f"content/events/arabic-missing-link.ar.md:3: body: 'src-b' is not the id of a source {BODY}; did you mean 'src-a'?"],
    "arabic-control-character": [
        "content/people/arabic-control-character.ar.md:2: body: contains the invisible control character U+202B (expected visible text)"],
}


def lay_over(case: str, root: Path) -> None:
    """Copy the case's fixture tree into ``root``; build what cannot be stored as a small file."""
    shutil.copytree(FIXTURES / case, root, symlinks=True, dirs_exist_ok=True)
    if case == "unreadable":  # a dangling link: unreadable even for root, where chmod 000 is not enough
        assert (root / "people" / "unreadable.md").is_symlink()
    if case == "too-large":  # the stored fixture is small; pad its body past the 1 MB limit here
        with open(root / "people" / "too-large.md", "a", encoding="utf-8") as handle:
            handle.write("x" * 1_000_000 + "\n")


def snapshot(root: Path) -> dict[str, tuple]:
    out = {}
    for path in sorted(root.rglob("*")):
        st = path.lstat()
        out[str(path.relative_to(root))] = (st.st_size, st.st_mtime_ns, path.is_symlink() or path.read_bytes() if path.is_file() else None)
    return out


def check(root: Path):
    result = run_cli("check", "--content", str(root), cwd=root.parent)
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    return result


def test_every_case_has_a_fixture_and_every_fixture_a_case():
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_input_is_reported_with_path_line_field_and_expectation(case, corpus):
    corpus.minimal()
    lay_over(case, corpus.root)
    before = snapshot(corpus.root.parent)
    result = check(corpus.root)
    lines = result.stderr.splitlines()
    expected = EXPECTED[case]
    count = len(expected)
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert lines == expected + [f"{count} problem{'s' if count != 1 else ''} found."]
    assert snapshot(corpus.root.parent) == before  # check writes nothing


def test_every_problem_in_every_file_is_reported_in_one_run(corpus):
    corpus.minimal()
    for case in EXPECTED:
        lay_over(case, corpus.root)
    result = check(corpus.root)
    wanted = sorted(line for lines in EXPECTED.values() for line in lines)
    assert result.returncode == 1
    assert result.stderr.splitlines() == wanted + [f"{len(wanted)} problems found."]


def test_minimal_corpus_is_ok_and_nothing_is_written(corpus):
    corpus.minimal()
    before = snapshot(corpus.root.parent)
    result = check(corpus.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "OK: 1 people, 1 units, 1 events, 1 sources\n"
    assert result.stderr == ""
    assert snapshot(corpus.root.parent) == before


def test_default_content_folder_is_content_in_the_working_directory(corpus):
    corpus.minimal()
    result = run_cli("check", cwd=corpus.root.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "OK: 1 people, 1 units, 1 events, 1 sources\n"


def test_missing_content_folder(tmp_path):
    result = check(tmp_path / "nowhere")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'nowhere'}:0: content folder not found (expected a folder with people/, units/, events/, sources/)",
        "1 problem found.",
    ]


def test_entry_in_a_sub_folder_is_refused(corpus):
    corpus.minimal()
    (corpus.root / "people" / "extra").mkdir()
    (corpus.root / "people" / "extra" / "hidden.md").write_text("---\nname: Hidden\nsources: [src-a]\n---\n", encoding="utf-8")
    result = check(corpus.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/people/extra/hidden.md:0: entry files belong directly in people/, not in a sub-folder",
        "1 problem found.",
    ]


# file id -> (front-matter, start of its one problem line, a fragment it must contain)
MORE = {
    # YAML 1.1 surprises: unquoted yes/no/on/off become booleans, digits become numbers
    "on-is-true": ("name: Yes Man\norigin: on\nsources: [src-a]\n", ":3: origin: got true (YAML reads", "(expected text)"),
    "no-is-false": ("name: X\ndefection:\n  status: no\n  sources: [src-a]\n", ":4: defection.status: got false (YAML reads",
                    "(expected one of: confirmed, unconfirmed, disputed, denied)"),
    "yes-date": ("name: X\nborn: yes\nsources: [src-a]\n", ":3: born: got true (YAML reads", "(expected a date such as 2012"),
    "year-zero": ("name: X\nborn: 0000-01-01\nsources: [src-a]\n", ":3: born: '0000-01-01' is outside the years the archive records, 1900 to 2099", "(expected a date such as"),
    "no-such-day": ("name: X\nborn: 2012-02-30\nsources: [src-a]\n", ":3: born: '2012-02-30' has no day 30 in February 2012", "(expected a date such as"),
    "empty-required": ("name:\nsources: [src-a]\n", ":2: name: got nothing (an empty value)", "(expected text)"),
    "number-rank": ("name: X\nrank: 7\nsources: [src-a]\n", ":3: rank: got the number 7 (put it in quotes if it is text)", "(expected a rank from the rank table"),
    "given-twice": ("name: X\nname: Y\nsources: [src-a]\n", ":3: field 'name' is given twice", "(expected each field once)"),
    "not-a-mapping": ("- name: X\n", ":2: front-matter must be a set of 'field: value' lines", "(expected a YAML mapping)"),
    "unclosed-flow": ("name: X\nsources: [src-a\n", ":4: invalid YAML:", "(expected 'field: value' lines;"),
    "tab-indent": ("name: X\ndefection:\n  status: unconfirmed\n\tnote: x\nsources: [src-a]\n", ":5: invalid YAML:",
                   "the line is indented with a tab (indent with spaces only)"),
    "no-citation": ("name: X\n", ":1: sources: no citation anywhere in the entry", "(expected at least one source"),
    "bad-url": ("title: T\npublisher: P\nurl: javascript:alert(1)\n", ":4: url: got 'javascript:alert(1)'", "(expected a web address starting with http"),
    "bad-count": ("title: T\ncount: about twenty\nsources: [src-a]\n", ":3: count: got 'about twenty'", "(expected a number of people"),
    "bad-position": ("name: X\npositions:\n  - from: 2011\nsources: [src-a]\n", ":4: positions[1]: position: needs a unit or a title", "(expected at least one of them)"),
}
MORE_KIND = {"bad-url": "source", "bad-count": "event"}


def test_more_wrong_values_each_in_its_own_file_in_one_run(corpus):
    corpus.minimal()
    for id, (front, _, _) in MORE.items():
        corpus.add(MORE_KIND.get(id, "person"), id, front)
    result = check(corpus.root)
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert lines[-1] == f"{len(MORE)} problems found."
    for id, (_, start, fragment) in MORE.items():
        folder = {"source": "sources", "event": "events"}.get(MORE_KIND.get(id, ""), "people")
        mine = [line for line in lines if line.startswith(f"content/{folder}/{id}.md:")]
        assert len(mine) == 1, (id, result.stderr)
        assert mine[0].startswith(f"content/{folder}/{id}.md{start}"), mine[0]
        assert fragment in mine[0], mine[0]


def test_problems_in_one_file_do_not_hide_problems_in_others(corpus):
    corpus.minimal()
    corpus.add("person", "p-one", "name: X\nrank: Colnel\nranks: Colonel\nsources: [src-z]\n")
    corpus.add("unit", "u-one", "name: U\nkind: airforce\nsources: [src-a]\n", "See [[nobody]].\n")
    result = check(corpus.root)
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert [line.split(" ", 2)[:2] for line in lines[:-1]] == [
        ["content/people/p-one.md:3:", "rank:"],
        ["content/people/p-one.md:4:", "ranks:"],
        ["content/people/p-one.md:5:", "sources[1].source:"],
        ["content/units/u-one.md:3:", "kind:"],
        ["content/units/u-one.md:6:", "body:"],
    ]
    assert lines[-1] == "5 problems found."


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read a file whatever its mode")
def test_file_without_read_permission(corpus):
    corpus.minimal()
    path = corpus.add("person", "locked", "name: X\nsources: [src-a]\n")
    path.chmod(0)
    try:
        result = check(corpus.root)
    finally:
        path.chmod(0o644)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["content/people/locked.md:1: cannot read the file (Permission denied)", "1 problem found."]


# --- an entry's Arabic text ------------------------------------------------------------

ARABIC = "\ufeff\nخدم في [[unit-a]].\n\nذكر ذلك [[person-a|هو نفسه]] [@src-a, para 2].\n"


def test_an_arabic_text_is_loaded_converted_and_linked(corpus):
    from generator.pipeline import build_graph

    corpus.minimal()
    (corpus.root / "people" / "person-a.ar.md").write_text(ARABIC, encoding="utf-8")
    result = check(corpus.root)
    assert (result.returncode, result.stdout, result.stderr) == (0, "OK: 1 people, 1 units, 1 events, 1 sources\n", "")
    graph = build_graph(corpus.root)
    person = graph.get("person-a")
    assert (person.body_ar, person.body_ar_line, person.path_ar) == (ARABIC[2:], 2, "content/people/person-a.ar.md")
    assert person.body_ar_html.refs == (("unit-a", False, None), ("person-a", False, None), ("src-a", True, "para 2"))
    assert person.body_ar_html.html.startswith("<p>خدم في <a class=\"dfx-link\" href=")
    assert person.body.startswith("Served in") and person.body_html.refs[0] == ("unit-a", False, None)  # the body is its own
    via = {(link.target, link.via) for link in graph.links if link.source is person}
    assert {("unit-a", ("body",)), ("src-a", ("body",)), ("unit-a", ("body_ar",)), ("src-a", ("body_ar",)), ("person-a", ("body_ar",))} <= via
    assert person in graph.linked_from("unit-a")
    unit = graph.get("unit-a")
    assert (unit.body_ar, unit.body_ar_line, unit.body_ar_html, unit.path_ar) == ("", 1, None, None)


def test_other_languages_and_bad_names_are_refused_and_hide_nothing_else(corpus):
    corpus.minimal()
    for name in ("person-a.fr.md", "Bad_Name.ar.md", "index.ar.md"):
        (corpus.root / "people" / name).write_text("نص.\n", encoding="utf-8")
    (corpus.root / "people" / "extra").mkdir()
    (corpus.root / "people" / "extra" / "person-a.ar.md").write_text("نص.\n", encoding="utf-8")
    corpus.add("unit", "u-one", "name: U\nkind: airforce\nsources: [src-a]\n")
    (corpus.root / "units" / "u-one.ar.md").write_text("وحدة [[nobody]].\n", encoding="utf-8")
    result = check(corpus.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/people/Bad_Name.ar.md:1: id: the file name gives the id 'Bad_Name', which breaks the id rule "
        "(expected lowercase ASCII letters, digits and single hyphens, at most 80 characters, such as manaf-tlass)",
        "content/people/extra/person-a.ar.md:0: entry files belong directly in people/, not in a sub-folder",
        "content/people/index.ar.md:1: id: the id 'index' is reserved for the list page of its folder (expected another id, such as the person's full name)",
        "content/people/person-a.fr.md:1: the file name ends in '.fr.md': an entry's text is kept in English and Arabic only "
        "(expected person-a.md for an entry, or person-a.ar.md for its Arabic text)",
        f"content/units/u-one.ar.md:1: body: 'nobody' is not the id of an entry {BODY}",
        "content/units/u-one.md:3: kind: got 'airforce' (expected one of: " + UNIT_KINDS + "); did you mean 'air-force'?",
        "6 problems found.",
    ]


def test_the_do_no_harm_rule_reads_the_arabic_text(corpus):
    corpus.minimal()
    lay_over("withheld-published", corpus.root)
    path = corpus.root / "events" / "withheld-published.md"
    path.write_text(path.read_text("utf-8").replace("second cousin once removed of ", ""), encoding="utf-8")
    (corpus.root / "people" / "person-a.ar.md").write_text("شخص.\n\nهو Second-Cousin\nonce removed.\n", encoding="utf-8")
    result = check(corpus.root)
    assert result.stderr.splitlines() == [
        "content/people/person-a.ar.md:3: body: the do-no-harm rule: publishes 'second cousin once removed', which content/events/"
        f"withheld-published.md withholds (expected the detail left out of every published field, the id and the body; {HARM})",
        "1 problem found."]


def test_a_citation_only_in_the_arabic_text_does_not_cite_the_entry(corpus):
    corpus.minimal()
    corpus.add("unit", "u1", {"name": "U"}, "A unit.\n")
    (corpus.root / "units" / "u1.ar.md").write_text("وحدة [@src-a].\n", encoding="utf-8")
    assert check(corpus.root).stderr.splitlines() == [
        "content/units/u1.ar.md:1: body: 'src-a' is linked or cited in the Arabic text but nowhere in content/units/u1.md (expected the "
        "Arabic text to say what the English body says, with the same links and citations)",
        "content/units/u1.md:1: sources: no citation anywhere in the entry (expected at least one source in sources, a claim, a position or the defection)",
        "2 problems found."]
