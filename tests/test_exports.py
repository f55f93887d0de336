"""Data exports: each format read back by an independent library, plus the site's download page."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.export import COLUMNS, FILES, FORMATS, build_time, export_files
from generator.export.bibliography import tex_escape
from generator.export.ftm import NAMESPACE
from generator.publish.output import MARKER
from generator.pipeline import build_graph

from conftest import REPO, run_cli

SEED = REPO / "content"
CSV_NAMES = ["people.csv", "units.csv", "events.csv", "sources.csv", "claims.csv", "positions.csv"]


@pytest.fixture(scope="module")
def archive():
    return build_graph(SEED)


@pytest.fixture(scope="module")
def files(archive):
    return export_files(archive, built="2024-01-01T00:00:00Z")


def counts(archive) -> dict:
    entries = archive.entries.values()
    return {
        "person": sum(e.kind == "person" for e in entries),
        "unit": sum(e.kind == "unit" for e in entries),
        "event": sum(e.kind == "event" for e in entries),
        "source": sum(e.kind == "source" for e in entries),
        "claims": sum(len(e.data.get("claims", ())) for e in entries),
        "positions": sum(len(e.data.get("positions", ())) for e in entries),
        "memberships": sum(sum(1 for p in e.data.get("positions", ()) if p.get("unit")) + bool((e.data.get("defection") or {}).get("joined"))
                           for e in entries if e.kind == "person"),
        "relatives": sum(len(e.data.get("relatives", ())) for e in entries),
    }


def test_seed_counts_are_what_the_tests_assume(archive):
    c = counts(archive)
    assert (c["person"], c["unit"], c["event"], c["source"]) == (19, 14, 11, 5)


HISTORY_FILES = {"changes.json"}  # written only from a repository's history (tests/test_citing.py)


def test_every_format_and_file_name(files):
    assert set(files) == set(FILES) - HISTORY_FILES
    assert list(files) == sorted(files)


# --- archive.json ------------------------------------------------------------

def test_archive_json_is_normalized_and_deterministic(archive, files):
    assert export_files(archive, built="2024-01-01T00:00:00Z") == files
    doc = json.loads(files["archive.json"])
    assert doc["version"]["schema"] and doc["version"]["generator"]
    assert doc["built"] == "2024-01-01T00:00:00Z"
    assert [p["id"] for p in doc["people"]] == sorted(p["id"] for p in doc["people"])
    tlass = next(p for p in doc["people"] if p["id"] == "manaf-tlass")
    assert tlass["name_ar"] == "مناف طلاس"
    assert tlass["rank"] == {"name": "Brigadier General", "ar": "عميد", "order": tlass["rank"]["order"]}
    assert tlass["defection"]["date"] == {"text": "2012-07-03~", "earliest": "2012-07-03", "latest": "2012-07-03", "precision": "day",
                                          "approximate": True, "uncertain": False}
    assert tlass["positions"][0]["unit"] == {"id": "republican-guard", "kind": "unit", "name": "Republican Guard"}
    claim = tlass["claims"][0]
    assert claim["asserted_by"][0]["source"]["id"] == "afp-manaf-tlass-defects" and claim["asserted_by"][0]["by"]


def test_built_time_comes_from_source_date_epoch_else_git_else_newest_file(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1341532800")
    assert build_time(tmp_path) == "2012-07-06T00:00:00Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    entry = tmp_path / "people" / "x.md"
    entry.parent.mkdir()
    entry.write_text("x")
    os.utime(entry, (1341792000, 1341792000))
    assert build_time(tmp_path) == "2012-07-09T00:00:00Z"  # not a git repository: the newest file
    git = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "."], cwd=SEED, capture_output=True, text=True)
    if git.returncode == 0 and git.stdout.strip():
        stamp = datetime.datetime.fromtimestamp(int(git.stdout), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert build_time(SEED) == stamp


def test_archive_json_carries_the_arabic_text_of_the_body(corpus):
    corpus.minimal()
    (corpus.root / "people" / "person-a.ar.md").write_text("خدم في [[unit-a]] [@src-a].\n", encoding="utf-8")
    doc = json.loads(export_files(build_graph(corpus.root), ["json"])["archive.json"])
    person, unit = doc["people"][0], doc["units"][0]
    assert (person["body"], person["body_ar"]) == ("Served in [[unit-a]] [@src-a, para 2].\n", "خدم في [[unit-a]] [@src-a].\n")
    assert unit["body_ar"] == ""


def test_archive_json_omits_built_when_unknown(archive):
    assert "built" not in json.loads(export_files(archive, ["json"])["archive.json"])


# --- CSV -----------------------------------------------------------------------

def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV files start with a UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_round_trips_with_stable_columns_and_arabic(archive, files):
    c = counts(archive)
    expected_rows = {"people.csv": c["person"], "units.csv": c["unit"], "events.csv": c["event"], "sources.csv": c["source"],
                     "claims.csv": c["claims"], "positions.csv": c["positions"]}
    assert set(COLUMNS) == set(CSV_NAMES)
    for name in CSV_NAMES:
        data = files[name]
        header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert header == list(COLUMNS[name])
        rows = read_csv(data)
        assert len(rows) == expected_rows[name], name
        ids = [r["id"] for r in rows]
        assert len(set(ids)) == len(ids), f"{name} ids are unique keys"
        assert all(meaning for meaning in COLUMNS[name].values())
    people = {r["id"]: r for r in read_csv(files["people.csv"])}
    tlass = people["manaf-tlass"]
    assert (tlass["name_ar"], tlass["rank"], tlass["rank_ar"]) == ("مناف طلاس", "Brigadier General", "عميد")
    assert tlass["defection_date"] == "2012-07-03~" and tlass["defection_earliest"] == "2012-07-03"
    assert tlass["relatives"].split(" | ")[0] == "mustafa-tlass" and tlass["relations"].split(" | ")[0] == "father"
    units = {r["id"]: r for r in read_csv(files["units.csv"])}
    assert units["republican-guard"]["name_ar"] == "الحرس الجمهوري"


def test_csv_lists_and_quoting_survive(corpus):
    corpus.minimal()
    corpus.add("person", "person-b", {"name": 'Odd, "Quoted" Name', "name_ar": "اسم", "aliases": ["One", "Two, three"],
                                      "sources": ["src-a"]})
    rows = {r["id"]: r for r in read_csv(export_files(build_graph(corpus.root), ["csv"])["people.csv"])}
    assert rows["person-b"]["name"] == 'Odd, "Quoted" Name'
    assert rows["person-b"]["aliases"].split(" | ") == ["One", "Two, three"]


# --- FollowTheMoney ----------------------------------------------------------

def test_ftm_entities_load_validate_and_count(archive, files):
    from followthemoney import model
    from followthemoney.util import make_entity_id

    lines = files["entities.ftm.json"].splitlines()
    proxies = []
    for line in lines:
        data = json.loads(line)
        proxy = model.get_proxy(data)
        proxy.schema.validate(data)  # raises InvalidData on any invalid value
        for prop in proxy.schema.required:
            assert proxy.get(prop), f"{proxy.schema.name} {proxy.id} lacks required {prop}"
        assert proxy.to_dict()["properties"] == data["properties"], "no value is lost when FtM cleans the entity"
        proxies.append(proxy)
    ids = [p.id for p in proxies]
    assert len(set(ids)) == len(ids)
    for proxy in proxies:  # every entity reference points at an entity in the file
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in ids, f"{proxy.schema.name}.{prop.name} -> {value}"
    c = counts(archive)
    kinds = Counter(p.schema.name for p in proxies)
    assert kinds["Person"] == c["person"]
    assert kinds["PublicBody"] + kinds["Organization"] == c["unit"]
    assert kinds["Event"] == c["event"]
    assert kinds["Article"] == c["source"]
    assert kinds["Membership"] == c["memberships"]
    assert kinds["Family"] == c["relatives"]
    assert kinds["Documentation"] > 0
    by_id = {p.id: p for p in proxies}
    tlass = by_id[make_entity_id(NAMESPACE, "person", "manaf-tlass")]
    assert tlass.get("name") == ["Manaf Tlass"]
    assert "مناف طلاس" in tlass.get("alias") and "Manaf Tlas" in tlass.get("alias")
    assert "عميد" in tlass.get("title")
    event = by_id[make_entity_id(NAMESPACE, "event", "manaf-tlass-defection")]
    assert event.get("date") == ["2012-07-03"]
    assert tlass.id in event.get("involved")
    assert by_id[make_entity_id(NAMESPACE, "unit", "republican-guard")].schema.name == "PublicBody"
    assert by_id[make_entity_id(NAMESPACE, "unit", "free-syrian-army")].schema.name == "Organization"
    documented = {p.get("entity")[0] for p in proxies if p.schema.name == "Documentation"}
    assert tlass.id in documented


def test_ftm_interval_dates_become_start_and_end(corpus):
    from followthemoney import model

    corpus.minimal()
    corpus.add("event", "event-b", {"title": "Between", "date": "2011-12-16/2012-01-06", "sources": ["src-a"]})
    lines = [json.loads(line) for line in export_files(build_graph(corpus.root), ["ftm"])["entities.ftm.json"].splitlines()]
    event = next(model.get_proxy(d) for d in lines if d["schema"] == "Event" and d["properties"]["name"] == ["Between"])
    assert event.get("startDate") == ["2011-12-16"] and event.get("endDate") == ["2012-01-06"]


def test_ftm_without_the_library_names_the_extra(corpus, monkeypatch):
    monkeypatch.setitem(sys.modules, "followthemoney", None)  # as when the exports extra is not installed
    corpus.minimal()
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'syrian-defections-archive\[exports\]'"):
        export_files(build_graph(corpus.root), ["ftm"])


# --- CSL-JSON and BibTeX -----------------------------------------------------

def _csl_schema_names(file: str) -> set[str]:
    import citeproc

    rnc = Path(citeproc.__file__).parent / "data" / "schema" / "schemas" / "styles" / file
    return set(re.findall(r'"([A-Za-z][A-Za-z_-]*)"', rnc.read_text("utf-8")))


def test_csl_json_is_valid_and_renders(archive, files):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(files["sources.csl.json"])
    assert isinstance(items, list) and len(items) == counts(archive)["source"]
    types, variables = _csl_schema_names("csl-types.rnc"), _csl_schema_names("csl-variables.rnc")
    dates = {"accessed", "available-date", "event-date", "issued", "original-date", "submitted"}
    for item in items:
        assert isinstance(item["id"], str) and item["type"] in types and isinstance(item["title"], str)
        assert set(item) - {"id", "type"} <= variables, set(item) - variables
        for key in dates & set(item):
            parts = item[key]["date-parts"]
            assert 1 <= len(parts) <= 2 and all(1 <= len(p) <= 3 and all(isinstance(x, int) for x in p) for p in parts)
        for name in item.get("author", ()):
            assert set(name) <= {"family", "given", "literal"}
    assert len({i["id"] for i in items}) == len(items)
    afp = next(i for i in items if i["id"] == "afp-manaf-tlass-defects")
    assert afp["issued"] == {"date-parts": [[2012, 7, 6]]} and afp["type"] == "article-newspaper"
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    rendered = "\n".join(str(entry) for entry in bib.bibliography())
    for item in items:
        assert item["title"] in rendered


def test_bibtex_parses(archive, files):
    import bibtexparser

    library = bibtexparser.parse_string(files["sources.bib"])
    assert not library.failed_blocks
    keys = [e.key for e in library.entries]
    assert keys == sorted(e.id for e in archive.entries.values() if e.kind == "source")
    afp = library.entries_dict["afp-manaf-tlass-defects"]
    assert afp.entry_type == "article"
    assert afp.fields_dict["title"].value.strip("{}") == "Top general in Assad's inner circle defects"
    assert afp.fields_dict["year"].value == "2012"


def test_bibtex_escapes_special_characters(corpus):
    import bibtexparser
    from pylatexenc.latex2text import LatexNodes2Text

    title = r"R&D: 100% of $5 for #1, a_b {x} ~ ^ \ done"
    corpus.minimal()
    corpus.add("source", "src-odd", {"title": title, "publisher": "Al-Jazeera & Co", "author": "Smith, J. & Doe {K}",
                                     "url": "https://example.org/a?b=1&c=%20{x}", "date": "2012-07~", "kind": "video"})
    library = bibtexparser.parse_string(export_files(build_graph(corpus.root), ["bibtex"])["sources.bib"])
    assert not library.failed_blocks
    entry = library.entries_dict["src-odd"]
    assert entry.entry_type == "misc"
    raw = entry.fields_dict["title"].value
    assert raw == "{" + tex_escape(title) + "}"
    decoded = LatexNodes2Text().latex_to_text(raw[1:-1]).strip().replace("\u02c6", "^")  # pylatexenc prints \\textasciicircum as U+02C6
    assert decoded == title
    assert "{" not in entry.fields_dict["url"].value


# --- JSON Schema -------------------------------------------------------------

def front_matter(path: Path) -> dict:
    text = path.read_text("utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


def test_every_seed_file_validates_against_its_json_schema(files):
    from jsonschema import Draft202012Validator

    validators = {}
    for kind, folder in (("person", "people"), ("unit", "units"), ("event", "events"), ("source", "sources")):
        schema = json.loads(files[f"schema/{kind}.schema.json"])
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"].startswith("https://json-schema.org/") and schema["$id"] and schema["title"]
        validators[kind] = Draft202012Validator(schema)
        paths = sorted(p for p in (SEED / folder).glob("*.md") if not p.name.endswith(".ar.md"))  # an Arabic text has no front-matter
        assert paths
        for path in paths:
            errors = list(validators[kind].iter_errors(front_matter(path)))
            assert not errors, f"{path.name}: {[e.message for e in errors]}"
    tlass = front_matter(SEED / "people" / "manaf-tlass.md")
    for broken in ({**tlass, "defection": {**tlass["defection"], "status": "maybe"}},  # not a status
                   {**tlass, "nmae": "typo"},  # unknown field
                   {k: v for k, v in tlass.items() if k != "name"},  # required field missing
                   {**tlass, "born": "July 2012"}):  # not a date
        assert list(validators["person"].iter_errors(broken))


def test_schema_id_uses_the_site_address(archive):
    schema = json.loads(export_files(archive, ["schema"], base_url="https://example.org/archive/")["schema/person.schema.json"])
    assert schema["$id"] == "https://example.org/archive/data/schema/person.schema.json"


# --- CLI -------------------------------------------------------------------------

def test_export_command_writes_chosen_formats(tmp_path):
    out = tmp_path / "data"
    result = run_cli("export", "--output", str(out), "--format", "csv,schema")
    assert result.returncode == 0, result.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == sorted([MARKER, *(n for n, (fmt, _) in FILES.items() if fmt in ("csv", "schema"))])


def test_export_command_default_writes_everything_deterministically(tmp_path):
    env_epoch = {"SOURCE_DATE_EPOCH": "1341532800"}
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = subprocess.run([sys.executable, "-m", "generator", "export", "--output", str(out)], cwd=REPO, capture_output=True,
                                text=True, timeout=300, env={**__import__("os").environ, **env_epoch})
        assert result.returncode == 0, result.stderr
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    assert names == sorted([MARKER, *FILES])
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert json.loads((first / "archive.json").read_text("utf-8"))["built"] == "2012-07-06T00:00:00Z"


def test_export_command_rejects_unknown_format(tmp_path):
    result = run_cli("export", "--output", str(tmp_path / "x"), "--format", "json,xml")
    assert result.returncode == 2 and "xml" in result.stderr
    assert set(FORMATS) == {"json", "csv", "ftm", "csl", "bibtex", "schema", "changes"}


# --- the site ------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.downloads: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "download" in attrs:
            self.downloads.append(attrs["href"])


def test_site_publishes_the_data_and_a_download_page(seed_site):
    for name in set(FILES) - HISTORY_FILES:
        assert (seed_site / "data" / name).is_file(), name
    assert not (seed_site / "data" / "changes.json").exists()  # the seed site is built outside a repository
    json.loads((seed_site / "data" / "archive.json").read_text("utf-8"))
    page = seed_site / "data" / "index.html"
    html = page.read_text("utf-8")
    assert "Download the data" in html
    parser = _Links()
    parser.feed(html)
    targets = {(page.parent / href).resolve() for href in parser.downloads}
    assert targets == {(seed_site / "data" / name).resolve() for name in set(FILES) - HISTORY_FILES}
    for column in COLUMNS["people.csv"]:
        assert f"<code>{column}</code>" in html
    home = (seed_site / "index.html").read_text("utf-8")
    assert "data/" in home  # the nav links the download page
