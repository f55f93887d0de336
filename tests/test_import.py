"""``defections import``: the spreadsheet round trip, through the real CLI on real files."""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from generator.edit import csv_import as importer
from generator.publish import output
from generator.export import COLUMNS
from generator.edit.csv_columns import DERIVED, GROUPS, Items, Pairs, Scalar, imported_columns
from generator.model.kinds import KIND_OF_FOLDER as KINDS

from conftest import REPO, run_cli

sys.path.insert(0, str(REPO / "benchmarks"))
from make_corpus import make_corpus  # noqa: E402

GUIDE = REPO / "docs" / "contributing.md"


# --- helpers ---------------------------------------------------------------------------

def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def export(where: Path, content: Path) -> Path:
    out = where / "data"
    result = run_cli("export", "--format", "csv", "--output", str(out), "--content", str(content))
    assert result.returncode == 0, result.stderr
    return out


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict], bom: bool = True) -> Path:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8-sig" if bom else "utf-8"))
    return path


def cell_items(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(" | ")] if cell.strip(" |") else []


def do_import(cwd: Path, csv_name: str, kind: str, *extra: str):
    return run_cli("import", csv_name, "--kind", kind, "--content", "content", *extra, cwd=cwd)


@pytest.fixture
def seed(tmp_path) -> Path:
    """A copy of the seed content in ``tmp_path/content``; returns ``tmp_path``."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path


# --- the column model ------------------------------------------------------------------

def test_every_export_column_is_imported_or_derived():
    for folder, kind in KINDS.items():
        columns = list(COLUMNS[f"{folder}.csv"])
        mine = ["id", *imported_columns(kind), *DERIVED[kind]]
        assert sorted(mine) == sorted(columns), f"{folder}.csv: the importer must know every export column"
        assert len(set(mine)) == len(mine)


def _import_section() -> str:
    text = GUIDE.read_text("utf-8")
    start = text.index("### From a spreadsheet: `defections import`")
    end = text.index("\n### ", start + 10)
    return text[start:end]


def test_every_export_column_is_documented_with_its_import_status():
    section = _import_section()
    missing, wrong = [], []
    for name, columns in COLUMNS.items():
        kind = KINDS.get(name.removesuffix(".csv"))
        table = section[section.index(f"#### `{name}`"):]
        for column in columns:
            if not re.search(r"^\| `" + column + r"` \|", table, re.M):
                missing.append(f"{name}: {column}")
                continue
            row = next(m[0] for m in re.finditer(r"^\| `" + column + r"` \|.*$", table, re.M))
            derived = kind is None or column in DERIVED[kind]
            if derived != ("derived" in row or "export only" in row):
                wrong.append(f"{name}: {column}")
            multi = kind is not None and any(column in g.columns for g in GROUPS[kind] if isinstance(g, (Items, Pairs)))
            if multi and "several values" not in row:
                wrong.append(f"{name}: {column} (multi-valued: say so)")
    assert not missing, "docs/contributing.md does not document these export columns:\n  " + "\n  ".join(missing)
    assert not wrong, "docs/contributing.md gives the wrong import status for:\n  " + "\n  ".join(wrong)


# --- round trips -------------------------------------------------------------------------

def _round_trip(root: Path) -> None:
    before = snapshot(root / "content")
    data = export(root, root / "content")
    for folder in KINDS:
        shutil.copy(data / f"{folder}.csv", root / f"{folder}.csv")
        dry = do_import(root, f"{folder}.csv", folder, "--dry-run")
        assert dry.returncode == 0, dry.stderr
        assert dry.stdout == "no changes\n" and "note:" not in dry.stderr
        real = do_import(root, f"{folder}.csv", folder)
        assert real.returncode == 0, real.stderr
        assert real.stdout == "no changes\n"
    assert snapshot(root / "content") == before


def test_export_then_import_of_every_kind_changes_nothing_on_the_seed(seed):
    _round_trip(seed)


@pytest.mark.slow
def test_export_then_import_of_every_kind_changes_nothing_on_a_synthetic_corpus(tmp_path):
    make_corpus(300, tmp_path / "content", seed=11)
    _round_trip(tmp_path)


@pytest.mark.slow
def test_import_inverts_the_export_for_every_imported_column(tmp_path):
    """Edit every kind of cell on a synthetic corpus; after the import, the export says exactly what the CSV said."""
    make_corpus(240, tmp_path / "content", seed=5)
    data = export(tmp_path, tmp_path / "content")
    ids = {folder: [r["id"] for r in read_rows(data / f"{folder}.csv")[1]] for folder in KINDS}
    rng = random.Random(3)
    edited: dict[str, tuple[list[str], list[dict]]] = {}
    for folder, kind in KINDS.items():
        header, rows = read_rows(data / f"{folder}.csv")
        for row in rows:
            for group in GROUPS[kind]:
                if rng.random() < 0.5:
                    continue
                if isinstance(group, Scalar):
                    column = group.column
                    if column in ("name", "title", "origin", "base", "place", "author", "dateline", "via", "publisher", "defection_destination"):
                        if row[column]:
                            row[column] += rng.choice([" x", ": y", " # z", ' "q"', " \\ w", " \n---\nrank: General", " 'single'"])
                    elif column in ("born", "date", "accessed") or (column == "defection_date" and row["defection_status"]):
                        row[column] = rng.choice(["", "2013", "2012-07~", "2011-12-16/2012-01-06", "2012-02-29%"])
                    elif column == "count" and row[column]:
                        row[column] = rng.choice(["", "12", "~30", "40+"])
                    elif column == "defection_note" and row["defection_status"] == "confirmed":
                        row[column] = rng.choice(["", "a note\n---\nwith: lines # and a hash"])
                elif isinstance(group, Items):
                    if group.column == "defection_sources" and not row["defection_status"]:
                        continue
                    items = [i for i in row[group.column].split(" | ") if i]
                    if items and rng.random() < 0.5:
                        items.pop(0)
                    pool = ids["sources"] if group.citations else ids["units"] if group.column == "units" else None
                    items.append(rng.choice(pool) if pool else f"Alias {rng.randint(1, 99)}: #{rng.randint(1, 9)}")
                    rng.shuffle(items)
                    row[group.column] = " | ".join(dict.fromkeys(items))
                else:
                    keys = [k for k in row[group.column].split(" | ") if k]
                    pairs = list(zip(keys, row[group.other].split(" | "))) if keys else []
                    if pairs and rng.random() < 0.5:
                        pairs.pop()
                    other = rng.choice(ids["people"])
                    if other != row["id"] and other not in keys:
                        pairs.append((other, rng.choice(["cousin", "", "defector"]) if group.other == "participant_roles" else "cousin"))
                    rng.shuffle(pairs)
                    row[group.column], row[group.other] = " | ".join(k for k, _ in pairs), " | ".join(v for _, v in pairs)
        write_rows(tmp_path / f"{folder}.csv", header, rows)
        edited[folder] = (header, rows)
    for folder in KINDS:
        result = do_import(tmp_path, f"{folder}.csv", folder)
        assert result.returncode == 0, result.stderr
        assert "updated" in result.stdout
    after = export(tmp_path / "again", tmp_path / "content")
    for folder, kind in KINDS.items():
        now = {r["id"]: r for r in read_rows(after / f"{folder}.csv")[1]}
        for row in edited[folder][1]:
            for column in imported_columns(kind):
                assert cell_items(now[row["id"]][column]) == cell_items(row[column]), (folder, row["id"], column)
    assert run_cli("check", "--content", str(tmp_path / "content")).returncode == 0


# --- a real edit: the exact diff -----------------------------------------------------------

KHALOUF_HEAD = '''---
name: "Mohammed Khalouf"
rank: "Brigadier General"
'''
KHALOUF_COMMENTED = '''---
name: "Mohammed Khalouf"
# The rank as the video gives it.
rank: "Brigadier General"   # checked against the article
'''

EXPECTED_DIFF = '''--- a/content/people/manaf-tlass.md
+++ b/content/people/manaf-tlass.md
@@ -3,6 +3,7 @@
 name_ar: "مناف طلاس"
 aliases:
   - "Manaf Tlas"
+  - "Manaf Tlass al-Jadid"
 rank: "Brigadier General"
 category: "military"
 origin: "Rastan, Homs province"
--- a/content/people/mohammed-khalouf.md
+++ b/content/people/mohammed-khalouf.md
@@ -1,7 +1,9 @@
 ---
 name: "Mohammed Khalouf"
+aliases:
+  - "Mohamed Khaluf"
 # The rank as the video gives it.
-rank: "Brigadier General"   # checked against the article
+rank: "Colonel"   # checked against the article
 category: "military"
 positions:
   - unit: "syrian-army"
--- /dev/null
+++ b/content/people/yasser-example.md
@@ -0,0 +1,14 @@
+---
+name: "Yasser Example"
+name_ar: "ياسر"
+rank: "Maj."
+category: "military"
+defection:
+  status: "unconfirmed"
+  date: "2012-08"
+  destination: "Turkey"
+  sources:
+    - "asharq-al-awsat-khalouf-defects"
+sources:
+  - "asharq-al-awsat-khalouf-defects"
+---
'''


def _edit_people(root: Path) -> Path:
    khalouf = root / "content" / "people" / "mohammed-khalouf.md"
    text = khalouf.read_text("utf-8")
    assert text.startswith(KHALOUF_HEAD)
    khalouf.write_text(KHALOUF_COMMENTED + text[len(KHALOUF_HEAD):], encoding="utf-8")
    data = export(root, root / "content")
    header, rows = read_rows(data / "people.csv")
    for row in rows:
        if row["id"] == "mohammed-khalouf":
            row["rank"] = "Colonel"  # rank_ar stays as exported ('عميد'): a derived cell, ignored
            row["aliases"] = "Mohamed Khaluf"
        if row["id"] == "manaf-tlass":
            row["aliases"] += " | Manaf Tlass al-Jadid"
    rows.append({**dict.fromkeys(header, ""), "id": "yasser-example", "name": "Yasser Example", "name_ar": "ياسر", "rank": "Maj.",
                 "rank_ar": "رائد", "category": "military", "defection_status": "unconfirmed", "defection_date": "2012-08",
                 "defection_earliest": "2012-08-01", "defection_destination": "Turkey",
                 "defection_sources": "asharq-al-awsat-khalouf-defects", "sources": "asharq-al-awsat-khalouf-defects"})
    return write_rows(root / "people.csv", header, rows)


def test_adding_a_person_changing_a_rank_and_adding_aliases_gives_exactly_that_diff(seed):
    _edit_people(seed)
    before = snapshot(seed / "content")
    dry = do_import(seed, "people.csv", "people", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout == EXPECTED_DIFF
    assert dry.stderr == ""
    assert snapshot(seed / "content") == before, "--dry-run writes nothing"

    real = do_import(seed, "people.csv", "people")
    assert real.returncode == 0, real.stderr
    assert real.stdout == ("updated content/people/manaf-tlass.md\nupdated content/people/mohammed-khalouf.md\n"
                           "created content/people/yasser-example.md\n")
    assert "1 created, 2 updated, 17 unchanged" in real.stderr
    after = snapshot(seed / "content")
    changed = sorted(k for k in after if after[k] != before.get(k))
    assert changed == ["people/manaf-tlass.md", "people/mohammed-khalouf.md", "people/yasser-example.md"]
    khalouf = after["people/mohammed-khalouf.md"].decode("utf-8")
    old = before["people/mohammed-khalouf.md"].decode("utf-8")
    assert khalouf == old.replace('name: "Mohammed Khalouf"\n', 'name: "Mohammed Khalouf"\naliases:\n  - "Mohamed Khaluf"\n', 1).replace(
        'rank: "Brigadier General"   #', 'rank: "Colonel"   #', 1)
    assert khalouf.split("\n---\n", 1)[1] == old.split("\n---\n", 1)[1], "the body is kept byte for byte"
    assert after["people/yasser-example.md"].decode("utf-8") == "".join(
        line[1:] + "\n" for line in EXPECTED_DIFF.split("+++ b/content/people/yasser-example.md\n@@ -0,0 +1,14 @@\n")[1].splitlines())
    assert run_cli("check", "--content", str(seed / "content")).returncode == 0
    again = do_import(seed, "people.csv", "people", "--dry-run")  # rank_ar is now stale in the CSV: ignored, with a note
    assert again.returncode == 0 and again.stdout == "no changes\n"
    line = 2 + [r["id"] for r in read_rows(seed / "people.csv")[1]].index("mohammed-khalouf")
    assert again.stderr == (f"note: people.csv:{line}: column rank_ar: ignored 'عميد': derived from rank, not imported "
                            "(the export will write 'عقيد'; change rank instead)\n")


def test_removing_and_reordering_values_keeps_the_rest(seed):
    data = export(seed, seed / "content")
    header, rows = read_rows(data / "people.csv")
    tlass = next(r for r in rows if r["id"] == "manaf-tlass")
    tlass["origin"] = ""  # removes the field
    tlass["born"] = "1964?"  # adds a field in the model's order (after category, where origin was)
    tlass["defection_sources"] = "asharq-al-awsat-ghazali-defection-uncertainty | afp-manaf-tlass-defects"  # reordered: items kept whole
    tlass["relatives"], tlass["relations"] = "firas-tlass | mustafa-tlass", "brother | father"
    write_rows(seed / "people.csv", header, rows)
    old = (seed / "content/people/manaf-tlass.md").read_text("utf-8")
    result = do_import(seed, "people.csv", "people")
    assert result.returncode == 0, result.stderr
    new = (seed / "content/people/manaf-tlass.md").read_text("utf-8")
    afp = ('    - source: "afp-manaf-tlass-defects"\n      locator: "paras 2-5, 8-9"\n      note: "The Pentagon\'s spokesman spoke on the record '
           "of 'this defection' and welcomed it; with the SNC's leaders, who also spoke of it, independent voices treat it as fact, so it is "
           "recorded as confirmed. The date rests only on an anonymous source close to the government, "
           "who told AFP on Friday 6 July 2012 that he had defected 'three days ago'. France's foreign minister confirmed that a Republican "
           'Guard commander had defected, without naming him."\n')
    asharq = ('    - source: "asharq-al-awsat-ghazali-defection-uncertainty"\n      locator: "para 6"\n'
              '      note: "The SNC\'s Ahmed Ramadan refers to the defection as later proven true."\n')
    relatives = ('relatives:\n  - person: "mustafa-tlass"\n    relation: "father"\n  - person: "firas-tlass"\n    relation: "brother"\n'
                 '  - person: "abdel-razzak-tlass"\n    relation: "cousin"\n')
    expected = old.replace('origin: "Rastan, Homs province"\n', 'born: "1964?"\n').replace(afp + asharq, asharq + afp).replace(
        relatives, 'relatives:\n  - person: "firas-tlass"\n    relation: "brother"\n  - person: "mustafa-tlass"\n    relation: "father"\n')
    assert new == expected


# --- bad input -------------------------------------------------------------------------------

BAD_CSV = """id,name,rank,category,born,aliases,sources,nmae,defection_status
mohammed-khalouf,Mohammed Khalouf,Kernel,military,,,asharq-al-awsat-khalouf-defects,,unconfirmed
new-one,New One,,soldier,2012-13,,missing-source,,
../../etc/passwd,X,,,,,afp-manaf-tlass-defects,,
new-one,Again,,,,,afp-manaf-tlass-defects,,
riad-hijab,Riad Hijab,,,,"a |  | b",,,maybe
republican-guard,R,,,,,afp-manaf-tlass-defects,,
"""

BAD_OUTPUT = """\
people.csv:1: column nmae: unknown column 'nmae' (expected the columns of the export's people.csv: id, name, name_ar, aliases, rank, rank_ar, category, born, origin, relatives, relations, defection_status, defection_date, defection_earliest, defection_latest, defection_precision, defection_destination, defection_joined, defection_event, defection_note, defection_sources, sources, wikidata); did you mean 'name'?
people.csv:2: column rank: unknown rank 'Kernel' (expected a rank from the rank table, in English, Arabic or a common abbreviation: Field Marshal, Colonel General, General, Major General, Brigadier General, Colonel, Lieutenant Colonel, Major, Captain, First Lieutenant, Lieutenant, Chief Warrant Officer, Warrant Officer, Staff Sergeant, Sergeant, Corporal, Private); did you mean 'general'?
people.csv:3: column born: '2012-13' has no month 13 (expected a date such as 2012, 2012-07, 2012-07-03, 2012-07~ (approximate), 2012? (uncertain) or 2011-12-16/2012-01-06 (between))
people.csv:3: column category: got 'soldier' (expected one of: military, security, police, political, diplomatic, judicial, civilian); did you mean 'police'?
people.csv:3: column sources, item 1: no entry has the id 'missing-source' (expected the id of a source)
people.csv:4: column id: '../../etc/passwd' breaks the id rule (expected lowercase ASCII letters, digits and single hyphens, at most 80 characters, such as manaf-tlass)
people.csv:5: column id: 'new-one' is given twice, also on line 3 (expected each id once)
people.csv:6: column aliases, item 2: got '' (expected non-empty text)
people.csv:6: column defection_status: got 'maybe' (expected one of: confirmed, unconfirmed, disputed, denied)
people.csv:7: column id: 'republican-guard' is already the id of a unit (content/units/republican-guard.md) (expected ids unique across all kinds)
10 problems found; nothing was written.
"""


def test_a_bad_csv_reports_every_row_and_column_and_writes_nothing(seed):
    (seed / "people.csv").write_text(BAD_CSV, encoding="utf-8")
    before = snapshot(seed)
    for extra in ((), ("--dry-run",)):
        result = do_import(seed, "people.csv", "people", *extra)
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr == BAD_OUTPUT
        assert snapshot(seed) == before


def test_a_bad_url_and_a_missing_reference_in_other_kinds(seed):
    (seed / "sources.csv").write_text("id,title,publisher,url\nnew-src,T,P,javascript:alert(1)\n", encoding="utf-8")
    result = do_import(seed, "sources.csv", "sources")
    assert result.returncode == 1
    assert "sources.csv:2: column url: got 'javascript:alert(1)' (expected a web address starting with http:// or https://)" in result.stderr
    (seed / "units.csv").write_text("id,name,parent,sources\nnew-unit,U,no-such-unit,afp-manaf-tlass-defects\n", encoding="utf-8")
    result = do_import(seed, "units.csv", "units")
    assert result.returncode == 1
    assert "units.csv:2: column parent: no entry has the id 'no-such-unit' (expected the id of a unit)" in result.stderr
    assert not (seed / "content/units/new-unit.md").exists() and not (seed / "content/sources/new-src.md").exists()


@pytest.mark.parametrize("data, message", [
    (b"", "people.csv:1: the file is empty (expected a header line with the columns of the export's people.csv, starting with id)"),
    (b"\xef\xbb\xbf\r\n", "people.csv:1: the file is empty"),
    (b"name,rank\nX,Colonel\n", "people.csv:1: no id column (expected the columns of the export's people.csv, with id to match rows to entries)"),
    (b"id,name\nx-y,Caf\xe9\n", "people.csv:2: not valid UTF-8 (byte 0xe9; expected the CSV saved as UTF-8"),
    (b"id,name\nx-y,A\nx-y,B\n", "people.csv:3: column id: 'x-y' is given twice, also on line 2 (expected each id once)"),
    (b"id,name,name\nx-y,A,B\n", "people.csv:1: column name: column 'name' is given twice (expected each column once)"),
    (b"id,name\nx-y,A,extra\n", "people.csv:2: has 3 cells, but the header has 2 columns (expected one cell per column)"),
    (b"id,name,sources\nx-y,\"A\x01\",afp-manaf-tlass-defects\n", "people.csv:2: column name: contains the invisible control character U+0001"),
    (b"id,name,sources\nx-y,\"A\xe2\x80\xaeB\",afp-manaf-tlass-defects\n", "people.csv:2: column name: contains the invisible control character U+202E"),
    (b"id,relatives,relations\nmanaf-tlass,mustafa-tlass,father | son\n",
     "people.csv:2: column relations: has 2 items but relatives has 1 (expected one item per item of relatives"),
])
def test_unreadable_csvs_are_refused_with_a_clear_message(seed, data, message):
    (seed / "people.csv").write_bytes(data)
    before = snapshot(seed / "content")
    result = do_import(seed, "people.csv", "people")
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(seed / "content") == before


def test_plain_utf8_and_bom_csvs_are_the_same_and_partial_columns_are_fine(seed):
    for bom in (True, False):
        write_rows(seed / "p.csv", ["id", "origin"], [{"id": "mohammed-khalouf", "origin": "Homs"}], bom=bom)
        result = do_import(seed, "p.csv", "people", "--dry-run")
        assert result.returncode == 0, result.stderr
        added = [line for line in result.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
        assert added == ['+origin: "Homs"']


def test_an_edited_derived_cell_is_ignored_with_a_note(seed):
    data = export(seed, seed / "content")
    header, rows = read_rows(data / "events.csv")
    row = next(r for r in rows if r["id"] == "manaf-tlass-defection")
    row["date_earliest"] = "2012-01-01"
    row["count_value"] = ""  # emptied: ignored silently
    write_rows(seed / "events.csv", header, rows)
    result = do_import(seed, "events.csv", "events")
    line = 2 + [r["id"] for r in rows].index("manaf-tlass-defection")
    assert result.returncode == 0 and result.stdout == "no changes\n"
    assert result.stderr == (f"note: events.csv:{line}: column date_earliest: ignored '2012-01-01': derived from date, not imported "
                             f"(the export will write '2012-07-03'; change date instead)\n")


# --- hostile cells -----------------------------------------------------------------------------

HOSTILE = {
    "name": "Evil\n---\nrank: General\n---\n# not a comment",
    "origin": "key: value # and a hash",
    "aliases": "* star | &anchor | !tag | [flow] | {a: b} | '\"both quotes\"' | back\\slash | yes",
    "defection_note": "line\u2028separator, tab\there, \ufeff bom, 🙂 emoji, \\x41 not an escape, \u00e9\u0301",
    "defection_destination": "%percent @at `tick`",
}


def test_hostile_cells_are_written_as_data_not_structure(seed):
    header = ["id", "name", "origin", "aliases", "defection_status", "defection_note", "defection_destination", "sources"]
    row = {"id": "hostile-person", "defection_status": "unconfirmed", "sources": "afp-manaf-tlass-defects", **HOSTILE}
    write_rows(seed / "people.csv", header, [row])
    result = do_import(seed, "people.csv", "people")
    assert result.returncode == 0, result.stderr
    text = (seed / "content/people/hostile-person.md").read_text("utf-8")
    assert text.count("\n") == 19 and text.startswith("---\n") and text.endswith("\n---\n")
    assert text.count("---\n") == 2, "no cell adds a front-matter fence"
    fields = yaml.safe_load(text.split("---\n")[1])
    assert fields == {"name": HOSTILE["name"], "origin": HOSTILE["origin"], "aliases": HOSTILE["aliases"].split(" | "),
                      "defection": {"status": "unconfirmed", "destination": HOSTILE["defection_destination"],
                                    "note": HOSTILE["defection_note"]},
                      "sources": ["afp-manaf-tlass-defects"]}
    data = export(seed, seed / "content")
    back = next(r for r in read_rows(data / "people.csv")[1] if r["id"] == "hostile-person")
    for column, value in HOSTILE.items():
        assert back[column] == value.strip(), column
    # and editing them again in place, in an existing file
    row.update(name="Plain", origin="other: value")
    write_rows(seed / "people.csv", header, [row])
    assert do_import(seed, "people.csv", "people").returncode == 0
    again = (seed / "content/people/hostile-person.md").read_text("utf-8")
    assert again == text.replace(text.split("\n")[1], 'name: "Plain"').replace('origin: "key: value # and a hash"', 'origin: "other: value"')


def test_no_path_escapes_and_no_overwrite_of_other_kinds(seed):
    header = ["id", "name", "sources"]
    for bad in ("../units/republican-guard", "/etc/passwd", "a/b", "UPPER", "x" * 81, ".hidden", "con.md"):
        write_rows(seed / "people.csv", header, [{"id": bad, "name": "X", "sources": "afp-manaf-tlass-defects"}])
        before = snapshot(seed)
        result = do_import(seed, "people.csv", "people")
        assert result.returncode == 1 and "column id:" in result.stderr and "breaks the id rule" in result.stderr
        assert snapshot(seed) == before


# --- file styles and writing ----------------------------------------------------------------

def test_crlf_files_keep_their_line_endings(corpus, tmp_path):
    corpus.minimal()
    path = corpus.root / "people" / "person-a.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    write_rows(tmp_path / "p.csv", ["id", "name", "aliases"], [{"id": "person-a", "name": "Person Ä", "aliases": "One | Two"}])
    result = run_cli("import", "p.csv", "--kind", "people", "--content", str(corpus.root), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = path.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert data.startswith(b'---\r\nname: "Person \xc3\x84"\r\naliases:\r\n- "One"\r\n- "Two"\r\n'), data  # the file's own list indent


def test_writing_is_all_or_nothing(tmp_path, monkeypatch):
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_bytes(b"old a")
    second.write_bytes(b"old b")
    changes = [importer.Change(first, "a.md", b"old a", b"new a"), importer.Change(second, "b.md", b"old b", b"new b"),
               importer.Change(tmp_path / "c.md", "c.md", None, b"new c")]
    calls = []
    real = output.os.replace

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(output.os, "replace", flaky)
    with pytest.raises(OSError):
        importer.write(changes)
    assert first.read_bytes() == b"old a" and second.read_bytes() == b"old b" and not (tmp_path / "c.md").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"], "no temporary file is left behind"
    monkeypatch.setattr(output.os, "replace", real)
    second.write_bytes(b"edited meanwhile")
    with pytest.raises(RuntimeError, match="changed while importing"):
        importer.write(changes)
    assert first.read_bytes() == b"old a" and sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_import_is_documented_in_the_help():
    result = run_cli("import", "--help")
    assert result.returncode == 0 and "--dry-run" in result.stdout and "--kind" in result.stdout


def test_cells_the_export_defused_as_formulas_import_as_their_text(seed):
    write_rows(seed / "people.csv", ["id", "name", "aliases", "origin", "sources"],
               [{"id": "formula-person", "name": "=HYPERLINK(\"x\")", "aliases": "-dash | +plus", "origin": "''quoted",
                 "sources": "afp-manaf-tlass-defects"}])
    assert do_import(seed, "people.csv", "people").returncode == 0
    fields = yaml.safe_load((seed / "content/people/formula-person.md").read_text("utf-8").split("---\n")[1])
    assert (fields["name"], fields["aliases"], fields["origin"]) == ('=HYPERLINK("x")', ["-dash", "+plus"], "'quoted")
    data = export(seed, seed / "content")
    row = next(r for r in read_rows(data / "people.csv")[1] if r["id"] == "formula-person")
    # the export defuses formulas, and doubles a leading apostrophe, so that the import can drop exactly one
    assert (row["name"], row["aliases"], row["origin"]) == ("'=HYPERLINK(\"x\")", "'-dash | +plus", "''quoted")
    shutil.copy(data / "people.csv", seed / "again.csv")
    before = snapshot(seed / "content")
    result = do_import(seed, "again.csv", "people")
    assert result.returncode == 0 and result.stdout == "no changes\n", result.stderr
    assert snapshot(seed / "content") == before
    row["name"] = "'=SUM(1)"
    write_rows(seed / "p.csv", ["id", "name"], [{"id": "formula-person", "name": row["name"]}])
    assert do_import(seed, "p.csv", "people").returncode == 0
    assert 'name: "=SUM(1)"' in (seed / "content/people/formula-person.md").read_text("utf-8")


def test_the_import_leaves_arabic_texts_alone_and_checks_them_with_the_rest(corpus, tmp_path):
    corpus.minimal()
    arabic = corpus.root / "people" / "person-a.ar.md"
    arabic.write_text("خدم في [[unit-a]].\n", encoding="utf-8")
    write_rows(tmp_path / "people.csv", ["id", "origin"], [{"id": "person-a", "origin": "Homs"}, {"id": "person-a.ar", "origin": "x"}])
    result = do_import(tmp_path, "people.csv", "people")
    assert result.returncode == 1 and "people.csv:3: column id: 'person-a.ar' breaks the id rule" in result.stderr
    write_rows(tmp_path / "people.csv", ["id", "origin"], [{"id": "person-a", "origin": "Homs"}])
    before = snapshot(corpus.root)
    result = do_import(tmp_path, "people.csv", "people")
    assert result.returncode == 0, result.stderr
    after = snapshot(corpus.root)
    assert sorted(k for k in after if after[k] != before.get(k)) == ["people/person-a.md"]
    graph, found = importer._check(corpus.root, [])  # what the import checks: the whole folder, Arabic texts too
    assert found == [] and graph.get("person-a").body_ar == "خدم في [[unit-a]].\n"


def test_content_with_problems_is_not_imported_into(seed):
    broken = seed / "content/people/riad-hijab.md"
    broken.write_text(broken.read_text("utf-8").replace('name: "Riad Hijab"', 'name: "Riad Hijab"\nnmae: "typo"', 1), encoding="utf-8")
    write_rows(seed / "people.csv", ["id", "origin"], [{"id": "mohammed-khalouf", "origin": "Homs"}])
    before = snapshot(seed / "content")
    result = do_import(seed, "people.csv", "people")
    assert result.returncode == 1
    assert "people.csv:1: cannot import into content: it has 1 problem(s)" in result.stderr
    assert "content/people/riad-hijab.md:3: nmae: unknown field" in result.stderr
    assert snapshot(seed / "content") == before


ODD = {
    "flow-root": '{name: "Flow Root", sources: [src-a]}\n',
    "odd-person": '''# a comment before everything
"name": Odd Person   # a plain name with a comment
born:
aliases: [One, "Two"]
defection: {status: confirmed, asserted_by: [{source: src-a, by: a ministry, basis: official}], sources: [src-a]}
sources: src-a
origin: >
  folded
  text
''',
}


def test_unusual_layouts_are_edited_or_rewritten_and_always_valid(corpus, tmp_path):
    corpus.minimal()
    for entry_id, front in ODD.items():
        corpus.add("person", entry_id, front, "Body [@src-a].\n")
    header = ["id", "name", "aliases", "born", "origin", "defection_status", "defection_note", "sources"]
    rows = [{"id": "flow-root", "name": "Flow: Root", "aliases": "A", "born": "1970", "origin": "", "defection_status": "",
             "defection_note": "", "sources": "src-a"},
            {"id": "odd-person", "name": "Odd # Person", "aliases": "Two | Three", "born": "1960~", "origin": "plain",
             "defection_status": "unconfirmed", "defection_note": "why", "sources": "src-a"}]
    write_rows(tmp_path / "p.csv", header, rows)
    result = run_cli("import", "p.csv", "--kind", "people", "--content", str(corpus.root), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    odd = (corpus.root / "people/odd-person.md").read_text("utf-8")
    assert odd.startswith('---\n# a comment before everything\n"name": "Odd # Person"   # a plain name with a comment\nborn: "1960~"\n')
    assert odd.endswith("---\nBody [@src-a].\n")
    data = export(tmp_path, corpus.root)
    back = {r["id"]: r for r in read_rows(data / "people.csv")[1]}
    for row in rows:
        for column in header:
            assert back[row["id"]][column] == row[column], (row["id"], column)


# --- the importer reads YAML as the checker does, and writes only inside the content folder (issue 15, class 6) ---

def test_what_the_checker_accepts_the_importer_edits(corpus, tmp_path):
    """A tab after a value is fine for the checker's parser (libyaml), and must be for the importer's too."""
    corpus.minimal()
    path = corpus.root / "people" / "person-a.md"
    path.write_text(path.read_text("utf-8").replace("name: Person A\n", 'name: Person A\ncategory: "military"\t\n'), encoding="utf-8")
    assert run_cli("check", "--content", str(corpus.root)).returncode == 0
    write_rows(tmp_path / "p.csv", ["id", "name"], [{"id": "person-a", "name": "Person B"}])
    result = run_cli("import", "p.csv", "--kind", "people", "--content", str(corpus.root), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_text("utf-8").startswith('---\nname: "Person B"\ncategory: "military"\t\n')
    assert run_cli("check", "--content", str(corpus.root)).returncode == 0


def test_the_import_never_writes_through_a_link_out_of_the_content_folder(corpus, tmp_path):
    corpus.add("source", "src-a", {"title": "A report", "publisher": "Example Wire"})
    outside = tmp_path / "outside"
    outside.mkdir()
    (corpus.root / "units").rmdir()
    (corpus.root / "units").symlink_to(outside)
    assert run_cli("check", "--content", str(corpus.root)).returncode == 0  # an empty folder: nothing to refuse yet
    write_rows(tmp_path / "units.csv", ["id", "name", "kind", "side", "sources"],
               [{"id": "unit-x", "name": "Unit X", "kind": "army", "side": "government", "sources": "src-a"}])
    before = snapshot(tmp_path)
    result = run_cli("import", "units.csv", "--kind", "units", "--content", str(corpus.root), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (f"units.csv:1: cannot write into content/units: it is a link to {outside}, outside the "
                                             "content folder (expected units/ to be a folder inside content/)")
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before and not any(outside.iterdir())


# --- values that held the separator, comments after flow values (issue 15, class 10) ---------

def test_a_value_holding_the_separator_survives_the_round_trip(corpus, tmp_path):
    corpus.minimal()
    corpus.add("person", "person-b", {"name": "Person B", "aliases": ["Abu Ali | the Butcher", "|edge|", "Plain"], "sources": ["src-a"]})
    data = export(tmp_path, corpus.root)
    header, rows = read_rows(data / "people.csv")
    row = next(r for r in rows if r["id"] == "person-b")
    assert row["aliases"] == "Abu Ali || the Butcher | ||edge|| | Plain"
    row["aliases"] += " | New || one"
    write_rows(tmp_path / "p.csv", header, [row])
    result = run_cli("import", "p.csv", "--kind", "people", "--content", str(corpus.root), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    fields = yaml.safe_load((corpus.root / "people" / "person-b.md").read_text("utf-8").split("---\n")[1])
    assert fields["aliases"] == ["Abu Ali | the Butcher", "|edge|", "Plain", "New | one"]


def test_a_comment_after_a_flow_value_survives_the_import(corpus, tmp_path):
    corpus.minimal()
    corpus.add("person", "person-b", 'name: "Person B"\naliases: [One, "Two"]  # as in the 2012 report\n'
                                     'defection: {status: confirmed, asserted_by: [{source: src-a, by: a ministry, basis: official}], sources: [src-a]}'
                                     '  # one source so far\nsources: [src-a]\n')
    write_rows(tmp_path / "p.csv", ["id", "aliases", "defection_status"],
               [{"id": "person-b", "aliases": "One | Two | Three", "defection_status": "unconfirmed"}])
    result = run_cli("import", "p.csv", "--kind", "people", "--content", str(corpus.root), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (corpus.root / "people" / "person-b.md").read_text("utf-8")
    assert "aliases:  # as in the 2012 report\n" in text and "defection:  # one source so far\n" in text, text
    assert yaml.safe_load(text.split("---\n")[1])["aliases"] == ["One", "Two", "Three"]
    assert run_cli("check", "--content", str(corpus.root)).returncode == 0
