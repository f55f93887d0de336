"""``defections new KIND "Display name"``: a commented skeleton at the right path, never an overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import FOLDERS, run_cli


def new(root: Path, *args: str):
    result = run_cli("new", *args, "--content", str(root), cwd=root.parent)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def check(root: Path):
    result = run_cli("check", "--content", str(root), cwd=root.parent)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize("kind", list(FOLDERS))
def test_new_writes_a_commented_skeleton_with_the_right_id(corpus, kind):
    result = new(corpus.root, kind, "Manaf Ṭlass")
    path = corpus.root / FOLDERS[kind] / "manaf-tlass.md"
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"created {path}\n"
    assert sorted(p.name for p in corpus.root.rglob("*.md")) == ["manaf-tlass.md"]
    text = path.read_text(encoding="utf-8")
    title = "name" if kind in ("person", "unit") else "title"
    assert text.startswith(f'---\n{title}: "Manaf Ṭlass"\n')
    assert front_matter(path)[title] == "Manaf Ṭlass"
    commented = [line for line in text.splitlines() if line.startswith("# ")]
    assert len(commented) >= 5  # optional fields are shown, commented out
    assert "{" not in text.replace("{source:", "")  # no unfilled template braces


@pytest.mark.parametrize("kind", ["unit", "event"])
def test_new_entry_passes_check_once_its_placeholder_source_is_replaced(corpus, kind):
    corpus.minimal()
    path = corpus.root / FOLDERS[kind] / "new-entry.md"
    assert new(corpus.root, kind, "New Entry").returncode == 0
    before = check(corpus.root)
    assert before.returncode == 1
    assert "no entry has the id 'source-id'" in before.stderr
    path.write_text(path.read_text(encoding="utf-8").replace("source-id", "src-a"), encoding="utf-8")
    result = check(corpus.root)
    assert result.returncode == 0, result.stderr
    counts = {"person": 1, "unit": 1, "event": 1, "source": 1, kind: 2}
    assert result.stdout == f"OK: {counts['person']} people, {counts['unit']} units, {counts['event']} events, {counts['source']} sources\n"


def test_new_person_passes_check_once_its_placeholders_are_replaced(corpus):
    corpus.minimal()
    path = corpus.root / "people" / "new-person.md"
    assert new(corpus.root, "person", "New Person").returncode == 0
    result = check(corpus.root)
    assert result.returncode == 1
    assert "sources[1].source: no entry has the id 'source-id'" in result.stderr
    path.write_text(path.read_text(encoding="utf-8").replace("source-id", "src-a"), encoding="utf-8")
    result = check(corpus.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "OK: 2 people, 1 units, 1 events, 1 sources\n"


def test_new_source_passes_check_once_its_publisher_is_filled_in(corpus):
    corpus.minimal()
    path = corpus.root / "sources" / "a-new-report-quoted-text.md"
    assert new(corpus.root, "source", "A new report: 'quoted' \"text\"").returncode == 0
    result = check(corpus.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["content/sources/a-new-report-quoted-text.md:3: publisher: got '' (expected non-empty text)", "1 problem found."]
    path.write_text(path.read_text(encoding="utf-8").replace('publisher: ""', 'publisher: "Example Wire"'), encoding="utf-8")
    result = check(corpus.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "OK: 1 people, 1 units, 1 events, 2 sources\n"
    assert front_matter(path)["title"] == "A new report: 'quoted' \"text\""


def test_new_refuses_to_overwrite(corpus):
    path = corpus.add("person", "manaf-tlass", "name: Old\nsources: [src-a]\n", "Hand-written text.\n")
    before = path.read_bytes()
    result = new(corpus.root, "person", "Manaf Tlass")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"error: {path} already exists; edit it, or choose another id with --id\n"
    assert path.read_bytes() == before


def test_new_refuses_an_id_used_by_another_kind(corpus):
    other = corpus.add("person", "manaf-tlass", "name: Manaf Tlass\nsources: [src-a]\n")
    result = new(corpus.root, "unit", "Manaf Tlass")
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: the id 'manaf-tlass' is already used by {other}")
    assert "--id" in result.stderr
    assert not (corpus.root / "units" / "manaf-tlass.md").exists()


def test_new_with_id_override(corpus):
    result = new(corpus.root, "person", "مناف طلاس", "--id", "manaf-tlass")
    path = corpus.root / "people" / "manaf-tlass.md"
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"created {path}\n"
    assert front_matter(path)["name"] == "مناف طلاس"


def test_new_name_that_gives_no_id_asks_for_one(corpus):
    result = new(corpus.root, "person", "مناف طلاس")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: cannot make an id from 'مناف طلاس'; give one with --id (lowercase ASCII letters")
    assert list(corpus.root.rglob("*.md")) == []


def test_new_refuses_an_id_that_breaks_the_id_rule(corpus):
    result = new(corpus.root, "unit", "Some Unit", "--id", "Some_Unit")
    assert result.returncode == 2
    assert result.stderr.startswith("error: --id 'Some_Unit' breaks the id rule (expected lowercase ASCII letters, digits and single hyphens")
    assert list(corpus.root.rglob("*.md")) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Riyāḍ Ḥijāb", "riyad-hijab"),
        ("Brig. Gen. Manaf Tlass (Republican Guard)", "brig-gen-manaf-tlass-republican-guard"),
        ("  --Air Force Intelligence, Idlib--  ", "air-force-intelligence-idlib"),
        ("Branch 227", "branch-227"),
        ("Mustafa Tlass مصطفى طلاس", "mustafa-tlass"),
    ],
)
def test_new_makes_the_id_from_the_name(corpus, name, expected):
    result = new(corpus.root, "unit", name)
    assert result.returncode == 0, result.stderr
    assert (corpus.root / "units" / f"{expected}.md").exists()
    assert front_matter(corpus.root / "units" / f"{expected}.md")["name"] == name


def test_new_id_is_cut_to_80_characters_on_a_word_boundary(corpus):
    result = new(corpus.root, "event", "word " * 30)
    assert result.returncode == 0, result.stderr
    (path,) = (corpus.root / "events").iterdir()
    assert len(path.stem) <= 80
    assert not path.stem.endswith("-")


def test_new_creates_the_kind_folder_and_uses_content_by_default(tmp_path):
    result = run_cli("new", "event", "Qarfa raid", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout == "created content/events/qarfa-raid.md\n"
    assert (tmp_path / "content" / "events" / "qarfa-raid.md").is_file()


def test_new_rejects_an_unknown_kind(tmp_path):
    result = run_cli("new", "regiment", "X", "--content", str(tmp_path / "content"), cwd=tmp_path)
    assert result.returncode == 2
    assert "invalid choice: 'regiment'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "content").exists()
