"""Hostile content that passes ``defections check`` is shown as text, never run (issue 8).

``tests/fixtures/hostile/`` is a content tree whose every field that reaches a page carries
script-injection payloads (``<script>``, ``<img onerror>``, attribute break-outs, ``</title>``,
attribute lists, ``javascript:``/``data:`` URLs, entities, Jinja and Markdown syntax, CSV
formulas) and whose bodies carry every Markdown trick the checker lets through. Each payload
that could run sets ``window.__pwned`` or calls ``alert``. The real site is built from it and
every page is opened in real Chromium: no dialog may open, no content script may run, no request
may leave the local server, and the payload text must read exactly as typed. The search index
and every export must carry the text as data, not markup (CSV cells that a spreadsheet would run
as formulas get a leading apostrophe).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import build_site, make_project, run_cli, search_documents, static_server, type_search

FIXTURE = Path(__file__).parent / "fixtures" / "hostile"
SITE_NAME = "Syrian Defections Archive"


def entries() -> dict[str, dict]:
    """``{id: {"kind", "data", "body"}}`` of every fixture entry, read as plain YAML."""
    out = {}
    for path in sorted(FIXTURE.rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        out[path.stem] = {"folder": path.parent.name, "data": yaml.safe_load(front), "body": body}
    return out


def squash(text: str) -> str:
    return " ".join(text.split())


def texts(value, path=()):
    """Every ``(path, text)`` in a front-matter value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from texts(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from texts(v, path + (i,))
    elif isinstance(value, str):
        yield path, value


# What each page must show as typed: field paths (of the entry's own front-matter) that the entry page prints.
SHOWN = {
    "people": [("name",), ("name_ar",), ("aliases",), ("origin",), ("positions", "title"), ("defection", "destination"), ("defection", "note"),
               ("claims", "claim"), ("claims", "note"), ("claims", "asserted_by", "by"), ("claims", "asserted_by", "quote"),
               ("claims", "asserted_by", "note"), ("claims", "denied_by", "by"), ("relatives", "relation")],
    "units": [("name",), ("name_ar",), ("aliases",), ("base",), ("claims", "claim"), ("claims", "asserted_by", "by")],
    "events": [("title",), ("place",), ("participants", "role"), ("claims", "claim"), ("claims", "denied_by", "quote")],
    "sources": [("title",), ("publisher",), ("author",), ("dateline",), ("via",), ("url",), ("archive_url",)],
}


def shown_values(folder: str, data: dict) -> list[str]:
    wanted = SHOWN[folder]
    out = []
    for path, value in texts(data):
        bare = tuple(p for p in path if not isinstance(p, int))
        if bare in wanted:
            out.append(value)
    return out


def test_the_hostile_fixture_passes_check():
    result = run_cli("check", "--content", str(FIXTURE))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 2 people, 3 units, 1 events, 2 sources"), result.stdout


def test_the_fixture_covers_every_text_field_and_payload():
    """Every text field a page prints carries a payload, so a new field cannot go untested."""
    from generator.model import kinds, types

    def text_fields(t, where=()):
        if isinstance(t, types.ListOf):
            yield from text_fields(t.item, where)
        elif isinstance(t, types.Struct):
            for name, f in t.fields.items():
                if f.published:  # an unpublished field (withheld) is on no page: its test is test_exports' withheld test
                    yield from text_fields(f.type, where + (name,))
        elif type(t) in (types.Text, types.Url):
            yield where

    seen = {}
    for e in entries().values():
        for path, value in texts(e["data"]):
            seen.setdefault((e["folder"], tuple(p for p in path if not isinstance(p, int))), []).append(value)
    missing = []
    for kind, struct in ((k, v.fields) for k, v in kinds.KINDS.items()):
        for path in text_fields(struct):
            values = seen.get((kinds.FOLDERS[kind], path), [])
            if path[-1] in ("url", "archive_url"):
                ok = bool(values)
            else:
                ok = any(re.search(r"<script|<img|<svg|<iframe|javascript:|&lt;|\"><|\{:|\{\{", v) for v in values)
            if not ok:
                missing.append(f"{kind}.{'.'.join(path)}")
    assert not missing, f"the hostile fixture has no payload in: {', '.join(missing)}"


def test_links_to_hostile_entries_in_titles_addresses_and_autolinks_are_refused_by_check_and_build(tmp_path):
    """Where a link would carry a hostile entry's name into an attribute, neither the checker nor the build takes it."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    person = content / "people" / "hostile-person-two.md"
    person.write_text(person.read_text(encoding="utf-8") + '\nTitle: [x](https://a.org/ "[[hostile-unit-attr]]")\n\n'
                      "Address: [x]([[hostile-unit-attr]])\n\nAutolink: <https://a.org/[[hostile-unit-attr]]>\n", encoding="utf-8")
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    assert result.stderr.count("[[hostile-unit-attr]] or [@hostile-unit-attr] stands inside a link's address or title, an autolink") == 1, result.stderr
    project = make_project(tmp_path / "project", content=content)
    built = build_site(project, tmp_path / "site")
    assert built.returncode != 0 and "stands inside a link's address or title" in built.stderr and "Traceback" not in built.stderr
    assert not (tmp_path / "site").exists()


def _build_hostile(tmp_path_factory, rows_per_page: int | None = None) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    project = make_project(root / "project", content=FIXTURE, rows_per_page=rows_per_page)
    before = sorted(str(p.relative_to(root)) for p in root.rglob("*"))
    result = build_site(project, root / "site")
    assert result.returncode == 0, result.stderr
    after = sorted(str(p.relative_to(root)) for p in root.rglob("*") if not p.is_relative_to(root / "site"))
    assert after == before, "the build wrote outside its site folder"
    return root / "site"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The hostile fixture's site: each index list is short, so on one page."""
    return _build_hostile(tmp_path_factory)


@pytest.fixture(scope="module")
def hostile_split_site(tmp_path_factory) -> Path:
    """The same with every index list split into a page per row (labels made of payloads in bars and titles)."""
    return _build_hostile(tmp_path_factory, rows_per_page=1)


def test_search_index_holds_the_text_as_typed(hostile_site):
    """The index is a script: the payloads are in it as JSON strings, exactly as typed, and cannot end it."""
    assert "</" not in (hostile_site / "search" / "index.js").read_text("utf-8")
    by_url = search_documents(hostile_site)
    documents = list(by_url.values())
    fixture = entries()
    for id, e in fixture.items():
        doc = by_url[f"{e['folder']}/{id}/"]
        data = e["data"]
        assert doc[2] == (data.get("name") or data.get("title")), id
        assert doc[4] == list(data.get("aliases") or ()), id
    assert any("<script>window.__pwned" in doc[2] for doc in documents)  # as the text it is


def test_exports_carry_the_text_exactly(hostile_site):
    data = hostile_site / "data"
    archive = json.loads((data / "archive.json").read_text("utf-8"))
    fixture = entries()
    flat = json.dumps(archive, ensure_ascii=False)
    for id, e in fixture.items():
        for path, value in texts(e["data"]):
            if path[-1] in ("rank", "status", "kind", "category", "side", "language") or re.fullmatch(r"[\d~?%/-]+", value):
                continue
            assert json.dumps(value.strip(), ensure_ascii=False) in flat, (id, path)
    for line in (data / "entities.ftm.json").read_text("utf-8").splitlines():
        json.loads(line)
    csl = json.loads((data / "sources.csl.json").read_text("utf-8"))
    assert {item["title"] for item in csl} == {e["data"]["title"] for e in fixture.values() if e["folder"] == "sources"}
    bib = (data / "sources.bib").read_text("utf-8")
    for entry in re.split(r"\n(?=@)", bib.strip())[1:]:  # after the % comment line
        depth = 0
        for i, ch in enumerate(entry):
            if ch in "{}" and entry[i - 1] != "\\":
                depth += 1 if ch == "{" else -1
                assert depth >= 0, entry
        assert depth == 0, entry  # no field breaks out of its braces
        assert len(re.findall(r"^\s*title\s*=", entry, re.M)) == 1, entry


def test_csv_cells_never_start_a_formula(hostile_site):
    """Policy (OWASP CSV injection): a text cell starting with = + - @ tab or CR gets a leading apostrophe."""
    people = {}
    for name in ("people.csv", "units.csv", "events.csv", "sources.csv", "claims.csv", "positions.csv"):
        text = (hostile_site / "data" / name).read_bytes().decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert rows, name
        for row in rows:
            for column, value in row.items():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, column, value)
        if name == "people.csv":
            people = {row["id"]: row for row in rows}
    typed = entries()["hostile-person-two"]["data"]["name"]
    assert typed.startswith("=")
    assert people["hostile-person-two"]["name"] == "'" + typed
    assert people["hostile-person"]["name"] == entries()["hostile-person"]["data"]["name"]  # other text is unchanged


# --- in the browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(hostile_site):
    with static_server(hostile_site) as url:
        yield url


# Everything in the DOM that could run or load something, as found after the page has loaded.
DOM_SCAN = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.trim().toLowerCase();
      if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name) && /^(javascript|data|vbscript):/.test(v)) bad.push(el.tagName + ' ' + a.name + '=' + v.slice(0, 40));
    }
    // the header's search form, and the filters of the defectors table (no action: they submit nowhere) are the site's own
    const ours = el.closest('.md-header') || (location.pathname.endsWith('/defectors/') && el.matches('form.dfx-filter[data-for="defectors-table"]:not([action])')
                                              && [...document.querySelectorAll('form')].filter(f => !f.closest('.md-header')).length === 1 && !el.closest('.dfx-body'));
    if (['IFRAME', 'OBJECT', 'EMBED', 'IMG', 'FRAME', 'BASE', 'FORM'].includes(el.tagName) && !ours) bad.push(el.tagName);
  }
  for (const s of document.scripts) {
    // a data block (the page's linked data, the theme's settings) is never run; it may hold hostile text as data,
    // provided it sits in the head, whole: a value that broke out of it would leave it unparsable
    const data = ['application/ld+json', 'application/json'].includes(s.type);
    if (data) {
      try { JSON.parse(s.textContent); } catch (e) { bad.push('DATA BLOCK does not parse: ' + s.textContent.slice(0, 40)); }
      if (s.type === 'application/ld+json' ? !s.closest('head') : s.id !== '__config') bad.push('DATA BLOCK out of place: ' + s.type);
    } else if (/pwned|alert/.test(s.textContent)) bad.push('SCRIPT ' + s.textContent.slice(0, 40));
  }
  return bad;
}"""


def html_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site).parent).replace(".", "") + "/" if p.name == "index.html" else str(p.relative_to(site))
                  for p in site.rglob("*.html"))


@pytest.mark.parametrize("layout", ["hostile_site", "hostile_split_site"])
def test_no_page_runs_content(page, request, layout):
    site = request.getfixturevalue(layout)
    pages = html_pages(site)
    assert len(pages) > (30 if layout == "hostile_split_site" else 15), pages
    problems = []
    with static_server(site) as server:
        for url in pages:
            page.goto(server + url.lstrip("/"))
            page.wait_for_load_state("networkidle")
            page.mouse.move(200, 300)  # hover handlers, if any got through, would fire now
            pwned = page.evaluate("() => window.__pwned")
            if pwned is not None:
                problems.append(f"{url}: window.__pwned = {pwned!r}")
            problems.extend(f"{url}: {item}" for item in page.evaluate(DOM_SCAN))
    assert not problems, "\n".join(problems)
    assert page.dialogs == [], page.dialogs
    assert page.outside == [], page.outside


@pytest.mark.slow
@pytest.mark.parametrize("id", sorted(entries()))
def test_entry_page_shows_the_payloads_as_typed(page, server, id):
    e = entries()[id]
    data = e["data"]
    page.goto(f"{server}{e['folder']}/{id}/")
    page.wait_for_load_state("networkidle")
    title = (data.get("name") or data.get("title")).strip()
    h1 = page.locator("h1.dfx-title")
    assert h1.count() == 1
    assert squash(h1.text_content()).startswith(squash(title))
    assert page.title() == f"{title} - {SITE_NAME}"
    text = squash(page.locator("article").text_content())
    for value in shown_values(e["folder"], data):
        assert squash(value) in text, (id, value)
    assert page.evaluate("() => window.__pwned") is None
    assert page.dialogs == [] and page.outside == []


def test_search_results_show_payloads_as_text(page, server):
    page.goto(server)
    shown = ""
    for query in ("Manaf", "onerror", "HYPERLINK", "iframe"):
        results = type_search(page, query)
        assert results.count() > 0, query
        page.mouse.move(300, 300)
        assert page.evaluate(DOM_SCAN) == [], query
        shown += page.locator(".dfx-search__results").text_content()
    assert "<script>" in shown and "<img src=x" in shown, shown[:2000]  # shown as the text it is
    assert page.evaluate("() => window.__pwned") is None
    assert page.dialogs == [] and page.outside == []
