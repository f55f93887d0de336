"""Hostile input that ``defections check`` refuses, each with its own exact message (issue 8).

Script-carrying URLs, raw-HTML bypasses in bodies, invisible control characters, path tricks
in file names and references, links out of the content folder, and resource abuse (YAML bombs,
deep nesting, huge files, huge lists, huge strings and bodies). Every case is laid over a
minimal valid corpus so that its problem is the only one; resource cases must also be refused
quickly and without reading a huge file into memory. Output commands must never write outside
their output folder, nor replace the content or working folder.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import Corpus, run_cli

from generator.model.dates import EXPECTED as EXPECTED_DATE
from generator.errors import ContentError
from generator.pipeline import build_graph

URL = "(expected a web address starting with http:// or https://)"
RAW = "body: raw HTML is not allowed (expected Markdown: see 'Writing the body' in the contributor guide)"
ID = "(expected lowercase ASCII letters, digits and single hyphens, at most 80 characters, such as manaf-tlass)"
CONTROL = "(expected visible text)"
DATE = EXPECTED_DATE
SECOND = ("the front-matter holds a second YAML document (it goes on after a '---' or '...' inside it) "
          "(expected one set of 'field: value' lines between the two '---' lines)")
NESTED = "values are nested more than 12 levels deep (expected the shapes described in the contributor guide)"


def problems(corpus: Corpus) -> list[str]:
    try:
        build_graph(corpus.root)
    except ContentError as err:
        return [str(p) for p in err.problems]
    return []


def source(url_field: str, value: str) -> str:
    return f'title: "T"\npublisher: "P"\n{url_field}: {value}\n'


def misplaced(id: str) -> str:
    return (f"body: [[{id}]] or [@{id}] stands inside a link's address or title, an autolink, another link or a citation's locator "
            "(expected links and citations in running text; give a link its own words with [[id|words]])")


# case -> (kind, id, front-matter, body, the one expected problem line)
CASES = {
    # 1. URLs that would run script or carry a document are refused in url and archive_url
    "url-javascript": ("source", "s1", source("url", '"javascript:alert(1)"'), "", f"content/sources/s1.md:4: url: got 'javascript:alert(1)' {URL}"),
    "url-javascript-mixed-case": ("source", "s1", source("url", '"JaVaScRiPt:alert(1)"'), "", f"content/sources/s1.md:4: url: got 'JaVaScRiPt:alert(1)' {URL}"),
    "url-leading-space": ("source", "s1", source("url", '" javascript:alert(1)"'), "", f"content/sources/s1.md:4: url: got 'javascript:alert(1)' {URL}"),
    "url-data": ("source", "s1", source("archive_url", '"data:text/html,<script>alert(1)</script>"'), "",
                 f"content/sources/s1.md:4: archive_url: got 'data:text/html,<script>alert(1)</script>' {URL}"),
    "url-vbscript": ("source", "s1", source("url", '"vbscript:msgbox(1)"'), "", f"content/sources/s1.md:4: url: got 'vbscript:msgbox(1)' {URL}"),
    "url-attribute-breakout": ("source", "s1", source("url", '"https://x.example/\\" onmouseover=\\"alert(1)"'), "",
                               f"content/sources/s1.md:4: url: got 'https://x.example/\" onmouseover=\"alert(1)' {URL}"),
    "url-tag-breakout": ("source", "s1", source("url", '"https://x.example/><script>alert(1)</script>"'), "",
                         f"content/sources/s1.md:4: url: got 'https://x.example/><script>alert(1)</script>' {URL}"),
    "url-protocol-relative": ("source", "s1", source("url", '"//evil.example/x"'), "", f"content/sources/s1.md:4: url: got '//evil.example/x' {URL}"),
    "url-newline": ("source", "s1", source("url", '"https://x.example/\\njavascript:alert(1)"'), "",
                    f"content/sources/s1.md:4: url: got 'https://x.example/\\njavascript:alert(1)' {URL}"),
    # 2. raw HTML in bodies, however it is dressed up
    "html-script": ("person", "p1", "name: X\nsources: [src-a]\n", "<script>alert(1)</script>\n", f"content/people/p1.md:5: {RAW}"),
    "html-tag-split-over-lines": ("person", "p1", "name: X\nsources: [src-a]\n", "Text <img\nsrc=x onerror=alert(1)>\n", f"content/people/p1.md:5: {RAW}"),
    "html-comment": ("person", "p1", "name: X\nsources: [src-a]\n", "a\n\n<!-- hidden -->\n", f"content/people/p1.md:7: {RAW}"),
    "html-cdata": ("person", "p1", "name: X\nsources: [src-a]\n", "<![CDATA[ x ]]>\n", f"content/people/p1.md:5: {RAW}"),
    "html-processing-instruction": ("person", "p1", "name: X\nsources: [src-a]\n", "<?php echo 1; ?>\n", f"content/people/p1.md:5: {RAW}"),
    "html-svg": ("person", "p1", "name: X\nsources: [src-a]\n", "<svg onload=alert(1)></svg>\n", f"content/people/p1.md:5: {RAW}"),
    "html-closing-tag-only": ("person", "p1", "name: X\nsources: [src-a]\n", "x </p></div><p>\n", f"content/people/p1.md:5: {RAW}"),
    "html-in-list-item": ("person", "p1", "name: X\nsources: [src-a]\n", "- one\n- <b onclick=alert(1)>two</b>\n", f"content/people/p1.md:6: {RAW}"),
    "html-in-table": ("person", "p1", "name: X\nsources: [src-a]\n", "| a |\n|---|\n| <a href=javascript:alert(1)>x</a> |\n", f"content/people/p1.md:7: {RAW}"),
    "html-md-in-html": ("person", "p1", "name: X\nsources: [src-a]\n", '<div markdown="1">\n*x*\n</div>\n',
                        [f"content/people/p1.md:5: {RAW}", f"content/people/p1.md:7: {RAW}"]),
    "html-in-link-label": ("person", "p1", "name: X\nsources: [src-a]\n", "See [[unit-a|<b>x</b>]].\n", f"content/people/p1.md:5: {RAW}"),
    "html-after-escaped-backtick": ("person", "p1", "name: X\nsources: [src-a]\n", "\\`<img src=x onerror=alert(1)>`\n", f"content/people/p1.md:5: {RAW}"),
    "html-in-unclosed-fence": ("person", "p1", "name: X\nsources: [src-a]\n", "~~~\n<img src=x onerror=alert(1)>\n", f"content/people/p1.md:6: {RAW}"),
    "html-in-indented-fence": ("person", "p1", "name: X\nsources: [src-a]\n", "  ```\n  <script>x</script>\n  ```\n", f"content/people/p1.md:6: {RAW}"),
    "html-uppercase": ("person", "p1", "name: X\nsources: [src-a]\n", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>\n", f"content/people/p1.md:5: {RAW}"),
    # references the renderer would follow but a line-by-line reading would miss
    "reference-split-over-lines": ("person", "p1", "name: X\nsources: [src-a]\n", "See [[\nnobody]].\n",
                                   "content/people/p1.md:6: body: 'nobody' is not the id of an entry (expected [[id]] or [@source-id] with an existing id)"),
    "reference-after-escaped-backtick": ("person", "p1", "name: X\nsources: [src-a]\n", "\\`[[nobody]]`\n",
                                         "content/people/p1.md:5: body: 'nobody' is not the id of an entry (expected [[id]] or [@source-id] with an existing id)"),
    "reference-in-unclosed-fence": ("person", "p1", "name: X\nsources: [src-a]\n", "```\n[@nobody]\n",
                                    "content/people/p1.md:6: body: 'nobody' is not the id of a source (expected [[id]] or [@source-id] with an existing id)"),
    # 3. paths: references that look like paths name no entry
    "reference-path-traversal": ("person", "p1", "name: X\nsources: [src-a]\n", "See [[../../etc/passwd]].\n",
                                 "content/people/p1.md:5: body: '../../etc/passwd' is not the id of an entry (expected [[id]] or [@source-id] with an existing id)"),
    "field-path-traversal": ("person", "p1", "name: X\nsources: [src-a]\npositions:\n  - unit: ../../etc/passwd\n", "",
                             "content/people/p1.md:5: positions[1].unit: no entry has the id '../../etc/passwd' (expected the id of a unit)"),
    "field-absolute-path": ("person", "p1", "name: X\nsources: [src-a, /etc/passwd]\n", "",
                            "content/people/p1.md:3: sources[2].source: no entry has the id '/etc/passwd' (expected the id of a source)"),
    # invisible characters in text and bodies
    "text-nul-escape": ("person", "p1", 'name: "Ali\\0"\nsources: [src-a]\n', "", f"content/people/p1.md:2: name: contains the invisible control character U+0000 {CONTROL}"),
    "text-terminal-escape": ("person", "p1", 'name: "\\e[2J\\e[31mOK"\nsources: [src-a]\n', "", f"content/people/p1.md:2: name: contains the invisible control character U+001B {CONTROL}"),
    "text-rtl-override": ("person", "p1", 'name: "Ali \\u202Efdp.exe"\nsources: [src-a]\n', "", f"content/people/p1.md:2: name: contains the invisible control character U+202E {CONTROL}"),
    "text-c1-control": ("unit", "u1", 'name: "U\\x85V"\nsources: [src-a]\n', "", f"content/units/u1.md:2: name: contains the invisible control character U+0085 {CONTROL}"),
    "body-control": ("person", "p1", "name: X\nsources: [src-a]\n", "ok\nbad \x1b[2J here\n", f"content/people/p1.md:6: body: contains the invisible control character U+001B {CONTROL}"),
    "body-markdown-placeholder": ("person", "p1", "name: X\nsources: [src-a]\n", "\x02wzxhzdk:0\x03\n", f"content/people/p1.md:5: body: contains the invisible control character U+0002 {CONTROL}"),
    # 2b. one YAML document only: a second one would silently replace what a reviewer read in the first
    "second-yaml-document": ("person", "p1", "name: X\nsources: [src-a]\ndefection: {status: unconfirmed, sources: [src-a]}\n--- # a comment\n"
                             "name: X\nsources: [src-a]\ndefection: {status: confirmed, sources: [src-a]}\n", "", f"content/people/p1.md:5: {SECOND}"),
    "second-yaml-document-after-a-line-separator": ("person", "p1", "name: X\nsources: [src-a]\u2028--- {name: Y, sources: [src-a]}\n", "",
                                                    f"content/people/p1.md:3: {SECOND}"),
    # 2c. dates only within the archive's years, and dates and counts only in the documented forms (not YAML 1.1's other numbers)
    **{f"date-{name}": ("person", "p1", f"name: X\nsources: [src-a]\nborn: {value}\n", "", f"content/people/p1.md:4: born: {message} (expected {DATE})")
       for name, value, message in [
           ("year-0212", "0212-07-03", "'0212-07-03' is outside the years the archive records, 1900 to 2099 (a typo in the year?)"),
           ("year-1012", "1012-07", "'1012-07' is outside the years the archive records, 1900 to 2099 (a typo in the year?)"),
           ("year-9999", "9999-12", "'9999-12' is outside the years the archive records, 1900 to 2099 (a typo in the year?)"),
           ("interval-end-2100", "2012/2100", "'2100' is outside the years the archive records, 1900 to 2099 (a typo in the year?)"),
           ("bare-year-1899", "1899", "'1899' is outside the years the archive records, 1900 to 2099 (a typo in the year?)"),
           ("sexagesimal", "1:20:30", "'1:20:30' is not a date"),
           ("hexadecimal", "0x7DC", "'0x7DC' is not a date"),
           ("octal", "03734", "'03734' is not a date"),
           ("binary", "0b11111011100", "'0b11111011100' is not a date"),
           ("underscores", "2_0_1_2", "'2_0_1_2' is not a date"),
           ("plus-sign", "+2012", "'+2012' is not a date"),
           ("arabic-indic-digits", '"١٩٧٠"', "'١٩٧٠' is not a date"),
           ("fullwidth-digits", '"２０１２"', "'２０１２' is not a date"),
       ]},
    **{f"count-{name}": ("event", "e1", f"title: E\nsources: [src-a]\ncount: {value}\n", "",
                         f"content/events/e1.md:4: count: got {shown} (expected a number of people, exact (20) or approximate (~20, 20+))")
       for name, value, shown in [("octal", "010", "'010'"), ("hexadecimal", "0x14", "'0x14'"), ("leading-zero-approximate", "'~010'", "'~010'"),
                                  ("underscores", "2_0", "'2_0'"), ("minus-zero", "-0", "'-0'"), ("plus-sign", "+20", "'+20'")]},
    # 2d. admonitions only of the documented types: another word becomes a class of the site's own chrome
    **{f"admonition-{name}": ("person", "p1", "name: X\nsources: [src-a]\n", body, f"content/people/p1.md:{line}: body: '!!! {classes}' is not an "
                              "admonition type (expected one of: note, info, tip, warning, danger, quote, then an optional \"Title\")")
       for name, body, line, classes in [
           ("theme-dialog", '!!! md-dialog md-dialog--active "Security notice"\n    Log in again.\n', 5, "md-dialog md-dialog--active"),
           ("theme-header", "Text.\n\n!!! md-header\n    x\n", 7, "md-header"),
           ("two-types", "!!! note warning\n    x\n", 5, "note warning"),
           ("in-a-list", "- item\n\n    !!! md-dialog\n        x\n", 7, "md-dialog"),
       ]},
    # 3. a link or citation anywhere but in running text would carry an entry's name into an attribute
    "wikilink-in-link-title": ("person", "p1", "name: X\nsources: [src-a]\n", 'See [x](https://a.org/ "[[unit-a]]").\n', f"content/people/p1.md:5: {misplaced('unit-a')}"),
    "wikilink-as-link-address": ("person", "p1", "name: X\nsources: [src-a]\n", "See [x]([[unit-a]]).\n", f"content/people/p1.md:5: {misplaced('unit-a')}"),
    "labelled-wikilink-as-link-address": ("person", "p1", "name: X\nsources: [src-a]\n", "See [x]([[unit-a|words]]).\n",
                                          f"content/people/p1.md:5: {misplaced('unit-a')}"),
    "wikilink-in-autolink": ("person", "p1", "name: X\nsources: [src-a]\n", "Text.\n\n<https://a.org/[[unit-a]]>\n", f"content/people/p1.md:7: {misplaced('unit-a')}"),
    "wikilink-in-citation-locator": ("person", "p1", "name: X\nsources: [src-a]\n", "Text [@src-a, [[unit-a]]].\n", f"content/people/p1.md:5: {misplaced('unit-a')}"),
    "citation-in-link-title": ("person", "p1", "name: X\nsources: [src-a]\n", 'See [x](https://a.org/ "[@src-a]").\n', f"content/people/p1.md:5: {misplaced('src-a')}"),
    "wikilink-inside-a-link": ("person", "p1", "name: X\nsources: [src-a]\n", "See [[[unit-a]]](https://a.org/).\n", f"content/people/p1.md:5: {misplaced('unit-a')}"),
    "wikilink-in-reference-definition": ("person", "p1", "name: X\nsources: [src-a]\n", "See [x][r].\n\n[r]: [[unit-a]]\n", f"content/people/p1.md:7: {misplaced('unit-a')}"),
    "wikilink-with-label-in-citation-locator": ("person", "p1", "name: X\nsources: [src-a]\n", "Cited [@src-a, p. [[unit-a|x]]].\n",
                                                f"content/people/p1.md:5: {misplaced('unit-a')}"),
    "misplaced-after-a-proper-link": ("person", "p1", "name: X\nsources: [src-a]\n", 'Cites [[unit-a]] properly.\n\nSee [x](http://e "[[unit-a]]").\n',
                                      f"content/people/p1.md:7: {misplaced('unit-a')}"),
    # 3b. a control character written as a character reference would become one in the page (and forge a link's token)
    "control-character-reference": ("person", "p1", "name: X\nsources: [src-a]\n", "Text &#14;99&#15; here.\n",
                                    "content/people/p1.md:5: body: writes the invisible control character U+000E as the character reference '&#14;' (expected visible text)"),
    "forged-token-in-a-link-address": ("person", "p1", "name: X\nsources: [src-a]\n", "See [[unit-a|the unit]].\n\n[log in](&#x0e;1&#x0F;)\n",
                                       "content/people/p1.md:7: body: writes the invisible control character U+000E as the character reference '&#x0e;' (expected visible text)"),
    # 4. resource abuse that fits in the file size limit
    "too-many-items": ("person", "p1", "name: X\nsources: [src-a]\naliases:\n" + "  - a\n" * 100_000, "",
                       "content/people/p1.md:4: aliases: has 100,000 items (expected at most 500)"),
    "megabyte-string": ("person", "p1", 'name: "' + "x" * 999_000 + '"\nsources: [src-a]\n', "",
                        "content/people/p1.md:2: name: text is 999,000 characters long (expected at most 300)"),
    "megabyte-body-line": ("person", "p1", "name: X\nsources: [src-a]\n", "[" * 999_000, "content/people/p1.md:5: body: the body is 999,000 characters long "
                           "(expected at most 20,000: split long text into several entries)"),
    "bracket-flood": ("person", "p1", "name: X\nsources: [src-a]\n", "[" * 5_000, "content/people/p1.md:5: body: the body has 5,000 '[' characters "
                      "(expected at most 500 links, citations and footnotes)"),
    "markdown-recursion": ("person", "p1", "name: X\nsources: [src-a]\n", "a\n: b\n" * 400, "content/people/p1.md:5: body: the Markdown is nested too deeply "
                           "to convert (expected fewer levels of lists, quotations or definitions)"),
    "yaml-nesting-lists": ("person", "p1", "name: X\nsources: [src-a]\nx: " + "[" * 10_000 + "]" * 10_000 + "\n", "",
                           "content/people/p1.md:4: values are nested more than 12 levels deep (expected the shapes described in the contributor guide)"),
    # beyond libyaml's own limit (1,000 levels), whose scanner would otherwise stop first with its own message
    "yaml-nesting-lists-in-a-block-list": ("person", "p1", "name: X\nsources: [src-a]\nx:\n  - " + "[" * 5_000 + "]" * 5_000 + "\n", "",
                                           "content/people/p1.md:5: " + NESTED),
    "yaml-nesting-spaced-lists": ("person", "p1", "name: X\nsources: [src-a]\nx: " + "[ " * 5_000 + "]" * 5_000 + "\n", "",
                                  "content/people/p1.md:4: " + NESTED),
    "yaml-nesting-one-level-too-deep": ("person", "p1", "name: X\nsources: [src-a]\nx: " + "[" * 12 + "]" * 12 + "\n", "",
                                        "content/people/p1.md:4: " + NESTED),
    "yaml-nesting-maps": ("person", "p1", "name: X\nsources: [src-a]\nx: " + "{a: " * 10_000 + "}" * 10_000 + "\n", "",
                          "content/people/p1.md:4: values are nested more than 12 levels deep (expected the shapes described in the contributor guide)"),
    "billion-laughs": ("person", "p1", "name: X\nsources: [src-a]\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                       + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)), "",
                       "content/people/p1.md:4: YAML anchor '&a' is not accepted (expected plain values without anchors)"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_with_its_message(case, corpus):
    kind, id, front, body, expected = CASES[case]
    corpus.minimal()
    corpus.add(kind, id, front, body)
    start = time.monotonic()
    found = problems(corpus)
    assert time.monotonic() - start < 5, "refusing must be quick"
    assert found == (expected if isinstance(expected, list) else [expected])


# the body cases again, each written in the entry's Arabic text instead: its body starts at line 1 of p1.ar.md, not at line 5 of p1.md
BODY_CASES = sorted(case for case, (kind, id, front, body, _) in CASES.items() if body and (kind, id, front) == ("person", "p1", "name: X\nsources: [src-a]\n"))


@pytest.mark.parametrize("case", BODY_CASES)
def test_an_arabic_text_is_refused_as_the_body_is(case, corpus):
    _, _, front, body, expected = CASES[case]
    corpus.minimal()
    corpus.add("person", "p1", front)
    (corpus.root / "people" / "p1.ar.md").write_text(body, encoding="utf-8")
    moved = []
    for line in expected if isinstance(expected, list) else [expected]:
        path, number, rest = line.split(":", 2)
        assert path == "content/people/p1.md" and rest.startswith(" body: "), line
        moved.append(f"content/people/p1.ar.md:{int(number) - 4}:{rest}")
    # (p1 has no English body here, so what the Arabic text links is also refused as linked nowhere else: test_arabic.py tests that)
    assert [p for p in problems(corpus) if "in the Arabic text but nowhere in" not in p] == moved


def test_the_checker_output_is_one_line_per_problem_and_never_a_traceback(corpus):
    corpus.minimal()
    for case, (kind, id, front, body, _) in CASES.items():
        if len(front) + len(body) < 50_000:
            corpus.add(kind, case, front.replace(f"/{id}.md", f"/{case}.md"), body)
    result = run_cli("check", "--content", str(corpus.root))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.splitlines()
    assert all(line.startswith("content/") for line in lines[:-1]), lines
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr  # values are quoted escaped, never raw


# --- file names and links ------------------------------------------------------------------

@pytest.mark.parametrize("name, shown", [
    ("..md", "."),
    ("Manaf-Tlass.md", "Manaf-Tlass"),                 # a case-only twin of an id can never be an id itself
    ("a\\b.md", "a\\b"),
    ("a..b.md", "a..b"),
    ("person-\u0430.md", "person-\u0430"),             # Cyrillic a
    ("\uff50erson-a2.md", "\uff50erson-a2"),          # fullwidth p
    ("person-\u202ecba.md", "person-\\u202ecba"),      # right-to-left override, escaped in the message
    ("per\u200dson.md", "per\\u200dson"),              # zero-width joiner, escaped
    ("person a.md", "person a"),
])
def test_file_names_that_break_the_id_rule(corpus, name, shown):
    corpus.minimal()
    (corpus.root / "people" / name).write_text("---\nname: X\nsources: [src-a]\n---\n", encoding="utf-8")
    path = "content/people/" + name.replace("\u202e", "\\u202e").replace("\u200d", "\\u200d")
    assert problems(corpus) == [f"{path}:1: id: the file name gives the id '{shown}', which breaks the id rule {ID}"]


def test_case_only_duplicate_is_refused(corpus):
    corpus.minimal()
    corpus.add("person", "manaf-tlass", "name: X\nsources: [src-a]\n")
    (corpus.root / "people" / "Manaf-Tlass.md").write_text("---\nname: Y\nsources: [src-a]\n---\n", encoding="utf-8")
    assert problems(corpus) == [f"content/people/Manaf-Tlass.md:1: id: the file name gives the id 'Manaf-Tlass', which breaks the id rule {ID}"]


def test_file_name_that_is_not_utf8(corpus):
    corpus.minimal()
    path = os.path.join(os.fsencode(corpus.root / "people"), b"caf\xe9.md")
    with open(path, "wb") as handle:
        handle.write(b"---\nname: X\nsources: [src-a]\n---\n")
    result = run_cli("check", "--content", str(corpus.root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == f"content/people/caf\\udce9.md:1: id: the file name gives the id 'caf\\udce9', which breaks the id rule {ID}"


def test_link_to_a_file_outside_the_content_folder(corpus, tmp_path):
    corpus.minimal()
    secret = tmp_path / "secret.md"
    secret.write_text("---\nname: SECRET-TOKEN\n---\n", encoding="utf-8")
    (corpus.root / "people" / "leak.md").symlink_to(secret)
    (corpus.root / "people" / "passwd.md").symlink_to("/etc/passwd")
    found = problems(corpus)
    assert found == [
        "content/people/leak.md:1: is a link to a file outside the content folder (expected the entry file itself)",
        "content/people/passwd.md:1: is a link to a file outside the content folder (expected the entry file itself)",
    ]
    assert not any("SECRET" in line for line in found)


def test_kind_folder_linked_outside(corpus, tmp_path):
    corpus.minimal()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.md").write_text("---\ntitle: T\npublisher: P\n---\n", encoding="utf-8")
    for path in (corpus.root / "events").iterdir():
        path.unlink()
    (corpus.root / "events").rmdir()
    (corpus.root / "events").symlink_to(outside)
    assert problems(corpus)[0] == "content/events/x.md:1: is a link to a file outside the content folder (expected the entry file itself)"


def test_link_inside_the_content_folder_is_read(corpus):
    corpus.minimal()
    (corpus.root / "units" / "unit-b.md").symlink_to("unit-a.md")
    assert problems(corpus) == []


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_special_files_are_never_read(corpus, tmp_path, target):
    corpus.minimal()
    link = corpus.root / "people" / "special.md"
    if target == "fifo":
        os.mkfifo(link)  # opening it would block forever
        expected = "content/people/special.md:1: is not a regular file (expected a text file)"
    else:
        link.symlink_to(target)  # size 0, endless to read
        expected = "content/people/special.md:1: is a link to a file outside the content folder (expected the entry file itself)"
    start = time.monotonic()
    assert problems(corpus) == [expected]
    assert time.monotonic() - start < 5


def test_hundred_megabyte_file_is_refused_without_reading_it(corpus):
    corpus.minimal()
    path = corpus.add("person", "huge", "name: X\nsources: [src-a]\n", "x")
    with open(path, "r+b") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    tracemalloc.start()
    start = time.monotonic()
    try:
        found = problems(corpus)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - start < 5
    assert peak < 20 * 1024 * 1024, f"peak {peak:,} bytes"
    assert found == ["content/people/huge.md:1: file is 104,857,600 bytes (expected at most 1,000,000: split long text into several entries)"]
    result = run_cli("check", "--content", str(corpus.root))
    assert result.returncode == 1 and "huge.md" in result.stderr and "Traceback" not in result.stderr


def test_an_arabic_text_has_the_file_limits_of_an_entry(corpus):
    corpus.minimal()
    (corpus.root / "people" / "person-a.ar.md").symlink_to("/etc/passwd")
    with open(corpus.root / "units" / "unit-a.ar.md", "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    (corpus.root / "events" / "event-a.ar.md").write_bytes("نص\n".encode() + b"caf\xe9\n")
    (corpus.root / "sources" / "src-a.ar.md").write_bytes(b"a\nb\nc\x00\n")
    corpus.add("person", "p2", "name: X\nsources: [src-a]\n")
    os.mkfifo(corpus.root / "people" / "p2.ar.md")  # opening it would block forever
    start = time.monotonic()
    assert problems(corpus) == [
        "content/events/event-a.ar.md:2: not valid UTF-8 (byte 0xe9; expected the file to be saved as UTF-8)",
        "content/people/p2.ar.md:1: is not a regular file (expected a text file)",
        "content/people/person-a.ar.md:1: is a link to a file outside the content folder (expected the entry file itself)",
        "content/sources/src-a.ar.md:3: the file contains a NUL byte (expected plain text)",
        "content/units/unit-a.ar.md:1: file is 104,857,600 bytes (expected at most 1,000,000: split long text into several entries)",
    ]
    assert time.monotonic() - start < 5


def test_the_list_cap_is_documented():
    from generator.check import body
    from generator.model import types

    guide = (Path(__file__).resolve().parent.parent / "docs" / "contributing.md").read_text("utf-8")
    assert f"at most {types.MAX_ITEMS} items" in guide
    assert f"{body.MAX_BODY_CHARS:,} characters" in guide
    assert f"{body.MAX_BODY_BRACKETS}" in guide


# --- output folders ------------------------------------------------------------------------

def tree(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.lstat().st_mtime_ns for p in sorted(root.rglob("*"))}


@pytest.mark.slow
@pytest.mark.parametrize("command", ["generate", "export"])
@pytest.mark.parametrize("where", ["content", "content/people/out", ".", "..", "file", "/"])
def test_output_never_replaces_content_or_working_folders(corpus, command, where):
    corpus.minimal()
    root = corpus.root.parent
    (root / "file").write_text("keep me", encoding="utf-8")
    before = tree(root)
    args = [command, where] if command == "generate" else [command, "--output", where]
    result = run_cli(*args, "--content", "content", cwd=root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {where}: "), result.stderr
    assert "(expected" in result.stderr
    assert tree(root) == before


@pytest.mark.parametrize("command", ["generate", "export"])
def test_output_writes_only_inside_its_folder(command, tmp_path):
    from conftest import REPO

    corpus = Corpus(tmp_path / "content").minimal()
    corpus.add("person", "p-dots", "name: \"../../../../tmp/evil\"\nsources: [src-a]\n", "See [[p-dots]].\n")
    before = tree(tmp_path)
    args = [command, "out"] if command == "generate" else [command, "--output", "out"]
    result = run_cli(*args, "--content", "content", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    changed = {k for k, v in tree(tmp_path).items() if before.get(k) != v}
    assert changed and all(k == "out" or k.startswith("out/") for k in changed), changed
    assert not (REPO / "out").exists()


def test_the_id_index_is_reserved_for_the_list_page(corpus):
    corpus.minimal()
    corpus.add("person", "index", {"name": "Index", "sources": ["src-a"]})
    assert problems(corpus) == ["content/people/index.md:1: id: the id 'index' is reserved for the list page of its folder "
                                "(expected another id, such as the person's full name)"]


@pytest.mark.parametrize(("kind", "id"), [("person", "letter"), ("event", "year"), ("source", "publisher")])
def test_ids_that_name_a_folder_of_generated_list_pages_are_reserved(corpus, kind, id):
    corpus.minimal()
    fields = {"source": {"title": "T", "publisher": "P"}, "person": {"name": "N", "sources": ["src-a"]}, "event": {"title": "E", "sources": ["src-a"]}}
    corpus.add(kind, id, fields[kind])
    folder = {"person": "people", "event": "events", "source": "sources"}[kind]
    assert problems(corpus) == [f"content/{folder}/{id}.md:1: id: the id '{id}' is reserved for the folder of generated list pages "
                                f"{folder}/{id}/ (expected another id, such as the full name)"]
    corpus.add("unit", id, {"name": "A unit may have it", "sources": ["src-a"]})  # only its own kind's folder is reserved
    (corpus.root / folder / f"{id}.md").unlink()
    assert problems(corpus) == []


def test_no_entry_id_can_take_the_address_of_a_generated_page(tmp_path):
    """Every generated page inside a kind's folder is that folder's list page or lies in a folder named by a reserved id."""
    from test_indexes import order_content

    from generator.load.files import reserved_ids
    from generator.render.site import Options, Site

    archive = build_graph(order_content(tmp_path).root)
    for rows_per_page in (1, 3, 100):
        generated = set(Site(archive, Options(rows_per_page=rows_per_page)).specs) - {e.page for e in archive.entries.values()}
        inside = [p for p in generated if p.split("/")[0] in ("people", "units", "events", "sources")]
        assert inside, generated
        for page in inside:
            folder, first = page.split("/")[:2]
            assert first.removesuffix(".md") in reserved_ids(folder), page


def _unit_chain(corpus: Corpus, length: int, cycle: bool = False) -> None:
    """Units u0 <- u1 <- … each the parent of the next (u0 the parent of the last too, if ``cycle``)."""
    for i in range(length):
        parent = f"u{i - 1}" if i else (f"u{length - 1}" if cycle else None)
        corpus.add("unit", f"u{i}", {"name": f"Unit {i}", "sources": ["src-a"], **({"parent": parent} if parent else {})})


@pytest.mark.parametrize("length", [13, 250, 5_000])
def test_a_unit_chain_deeper_than_12_levels_is_refused_once_and_quickly(corpus, length):
    corpus.minimal()
    _unit_chain(corpus, length)
    start = time.monotonic()
    found = problems(corpus)
    assert time.monotonic() - start < 10, "checking stays linear"
    assert found == ["content/units/u12.md:5: parent: the unit is nested more than 12 levels deep "
                     "(expected at most 12 levels from a top unit down: give it a higher parent)"]


def test_a_long_unit_cycle_is_reported_once_and_quickly(corpus):
    corpus.minimal()
    _unit_chain(corpus, 5_000, cycle=True)
    start = time.monotonic()
    found = problems(corpus)
    assert time.monotonic() - start < 10
    assert len(found) == 1 and found[0].startswith("content/units/u0.md:5: parent: units form a cycle: u0 -> u4999 -> u4998 -> ")
    assert found[0].endswith(" -> u1 -> u0 (expected a unit's parents never to lead back to it)")


def test_a_unit_tree_12_levels_deep_builds(tmp_path):
    from conftest import build_site, make_project

    corpus = Corpus(tmp_path / "content").minimal()
    _unit_chain(corpus, 12)
    result = build_site(make_project(tmp_path / "project", corpus.root), tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "units" / "u11" / "index.html").is_file()


@pytest.mark.parametrize(("what", "front", "body"), [
    ("brackets in plain text", "origin: a [b [c [d [e [f [g [h [i [j [k [l [m\n", ""),
    ("brackets in a quoted value after an apostrophe", "origin: \"Abu 'Ali [[[[[[[[[[[[[[[[ oops\"\n", ""),
    ("brackets in a block of text", "origin: |\n" + "".join(f"  [ {c}\n" for c in "abcdefghijklmn"), ""),
    ("an admonition type in an indented code block", "", "Sample:\n\n    !!! custom\n"),
    ("an admonition type in capitals", "", "!!! Note\n    Text.\n"),
    ("escaped brackets in a locator", "", "Cited [@src-a, \\[\\[unit-a\\]\\]].\n"),
])
def test_what_only_looks_like_a_refused_shape_is_accepted(corpus, what, front, body):
    corpus.minimal()
    corpus.add("person", "p1", "name: X\nsources: [src-a]\n" + front, body)
    assert problems(corpus) == []


@pytest.mark.parametrize("body", ["A unit.\n\n[@src-a]: http://example.org\n", "Example:\n\n    [@src-a]\n", "Code: `[@src-a]`\n"])
def test_a_citation_that_never_reaches_the_page_does_not_count(corpus, body):
    corpus.minimal()
    corpus.add("unit", "u1", {"name": "U"}, body)
    assert problems(corpus) == ["content/units/u1.md:1: sources: no citation anywhere in the entry "
                                "(expected at least one source in sources, a claim, a position or the defection)"]


def test_a_token_forged_past_the_checker_is_refused_by_the_converter():
    from generator.check.markdown import BodyConverter, ForgedToken

    with pytest.raises(ForgedToken):
        BodyConverter().compile("See [[unit-a|the unit]].\n\n[log in](&#x00000000e;1&#x0f;)\n")
