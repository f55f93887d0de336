"""The contributor guide documents the whole content model, every command and every rank.

The lists come from the code itself (``generator.model``, ``generator.cli``,
``generator.ranks``), so a new field, enum value, subcommand or rank fails
here until docs/contributing.md describes it.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from conftest import REPO

from generator import cli
from generator.model import kinds, ranks, types

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "contributing.md"


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def code_spans(text: str) -> set[str]:
    """Everything written between single backticks (fenced blocks excluded)."""
    prose = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return {m.strip() for m in re.findall(r"`([^`\n]+)`", prose)}


def walk(t: types.Type, where: str):
    """Yield ``(where, type)`` for ``t`` and every type nested in it."""
    yield where, t
    if isinstance(t, types.ListOf):
        yield from walk(t.item, where + "[]")
    elif isinstance(t, types.Struct):
        for name, field in t.fields.items():
            yield from walk(field.type, f"{where}.{name}")


def fields():
    """``(path, struct name, field name)`` for every field of every struct of every kind."""
    for kind, struct in ((k, v.fields) for k, v in kinds.KINDS.items()):
        for where, t in walk(struct, kind):
            if isinstance(t, types.Struct):
                for name in t.fields:
                    yield f"{where}.{name}", t.name, name
                if t.shorthand:
                    yield f"{where} (shorthand)", t.name, t.shorthand


def enum_values():
    seen = set()
    for kind, struct in ((k, v.fields) for k, v in kinds.KINDS.items()):
        for where, t in walk(struct, kind):
            if isinstance(t, types.Enum):
                for value in t.values:
                    if value not in seen:
                        seen.add(value)
                        yield where, value
    for name in ("CATEGORIES", "UNIT_KINDS", "SIDES", "EVENT_KINDS", "SOURCE_KINDS", "STATUSES"):
        for value in getattr(kinds, name):
            if value not in seen:
                seen.add(value)
                yield name, value


def subcommands() -> list[str]:
    top = cli.parser()
    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            return sorted(action.choices)
    return []


def test_the_walk_finds_the_whole_model():
    paths = {path for path, _, _ in fields()}
    for expected in ("person.positions[].sources[].locator", "person.claims[].asserted_by[].by",
                     "event.participants[].role", "person.relatives[].relation", "source.archive_url"):
        assert expected in paths
    assert {"check", "new", "generate"} <= set(subcommands())


def test_every_field_is_documented(guide):
    spans = code_spans(guide)
    missing = [f"{path} (field '{name}' of {struct})" for path, struct, name in fields() if name not in spans]
    assert not missing, "docs/contributing.md does not document, in backticks, these fields:\n  " + "\n  ".join(missing)


def test_every_kind_and_struct_has_a_section(guide):
    headings = {h.strip().lower() for h in re.findall(r"^#{2,6}\s+(.+)$", guide, re.M)}
    structs = {t.name for kind, s in ((k, v.fields) for k, v in kinds.KINDS.items()) for _, t in walk(s, kind) if isinstance(t, types.Struct)}
    missing = sorted(name for name in structs if name not in headings)
    assert not missing, f"docs/contributing.md has no heading for these parts of the content model: {', '.join(missing)}"


def test_every_enum_value_is_documented(guide):
    spans = code_spans(guide)
    missing = [f"{value} (allowed in {where})" for where, value in enum_values() if value not in spans]
    assert not missing, "docs/contributing.md does not list, in backticks, these allowed values:\n  " + "\n  ".join(missing)


def test_every_subcommand_is_documented(guide):
    missing = [name for name in subcommands() if not re.search(r"`defections " + re.escape(name) + r"[`\s]", guide)]
    assert not missing, "docs/contributing.md does not describe these commands (expected `defections NAME` in backticks): " + \
        ", ".join(f"defections {name}" for name in missing)


def test_every_rank_is_documented(guide):
    table_rows = [line for line in guide.splitlines() if line.startswith("|")]
    missing = []
    for rank in ranks.table():
        row = next((line for line in table_rows if line.split("|")[1].strip() == rank.name), None)
        if row is None:
            missing.append(f"{rank.name} (no row in the rank table)")
            continue
        for form in (rank.ar, *rank.also):
            if form not in row:
                missing.append(f"{rank.name}: the form '{form}' is not in its row")
    assert not missing, "docs/contributing.md's rank table is incomplete:\n  " + "\n  ".join(missing)


def test_the_error_format_is_shown(guide):
    assert "path:line: field: what is wrong (what was expected)" in guide
    examples = re.findall(r"^content/\w+/[a-z0-9-]+\.md:\d+: [\w.\[\]]+: .+\(expected .+$", guide, re.M)
    assert len(examples) >= 2, "docs/contributing.md should show real `defections check` output"


def test_every_site_option_is_documented():
    from generator.publish.plugin import DefectionsConfig

    readme = (REPO / "README.md").read_text("utf-8")
    table = readme.split("## Site options", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(\w+)` \| `([^`]*)` \|", table, re.M)
    from mkdocs.config.config_options import Deprecated

    options = {name: option.default for name, option in DefectionsConfig._schema if not isinstance(option, Deprecated)}
    assert [name for name, _ in documented] == list(options)
    for name, default in documented:
        assert default == (str(options[name]).lower() if isinstance(options[name], bool) else str(options[name])), name



def test_the_old_option_name_archive_still_sets_offline_copies(tmp_path, caplog):
    """`archive:` was the option's name before the word came to mean the project only: it still works, with a warning."""
    from mkdocs.config import load_config

    from conftest import make_project

    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("      content: content\n", "      content: content\n      archive: old-zips\n"), "utf-8")
    cfg = load_config(str(config), strict=False)  # strict (as mkdocs.yml sets it) stops at the warning
    assert cfg.plugins["defections"].config.offline_copies == "old-zips"
    assert "offline_copies" in caplog.text
