"""The layout holds: each stage imports only the stages before it, MkDocs only under publish/,
the kinds are defined once, and no module outgrows one concern.

Imports are read from the source (every ``import`` and ``from ... import``, also those inside
functions), and once more at run time by importing every module outside publish/.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from conftest import REPO

GENERATOR = REPO / "generator"
MAX_LINES = 400

# What each part of generator/ may import, besides itself and generator.errors (the problems every stage reports).
# The flow is load -> check -> link -> render / export / search -> publish; edit and the commands use the stages.
ALLOWED = {
    "model": set(),
    "load": {"model"},
    "check": {"load", "model"},
    "link": {"model"},
    "pipeline": {"check", "link"},
    "render": {"link", "model"},
    "export": {"link", "model", "load"},
    "search": {"render", "link", "model"},
    "publish": {"render", "export", "search", "link", "model", "load", "pipeline"},
    "edit": {"load", "model", "export", "link", "pipeline", "publish"},
    "commands": {"load", "check", "model", "link", "pipeline", "render", "export", "search", "publish", "edit"},
    "cli": {"commands"},
    "__main__": {"cli"},
    "__init__": set(),
    "errors": set(),
}
PUBLISHERS = ("mkdocs", "material")


def modules() -> dict[str, object]:
    """Every module of generator/ by dotted name."""
    out = {}
    for path in sorted(GENERATOR.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def part_of(module: str) -> str:
    """``generator.render.site`` -> ``render``; ``generator`` -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(module: str, path) -> list[tuple[int, str]]:
    """``(line, imported module)`` for every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text("utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            found.append((node.lineno, target))
            if not node.module:  # 'from . import x': x is a module
                found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


ALL = modules()


def test_every_part_is_in_the_table():
    assert {part_of(m) for m in ALL} == set(ALLOWED)


@pytest.mark.parametrize("module", sorted(ALL))
def test_a_module_imports_only_the_stages_before_it(module):
    part = part_of(module)
    wrong = []
    for line, target in imports(module, ALL[module]):
        if target.split(".")[0] in PUBLISHERS and part != "publish":
            wrong.append(f"line {line}: {target} (only generator/publish/ knows the publisher)")
        if target.split(".")[0] != "generator" or target in ("generator", "generator.__version__"):
            continue
        other = part_of(target)
        if other not in ALLOWED[part] | {part, "errors"}:
            wrong.append(f"line {line}: {target} ({part} may import {', '.join(sorted(ALLOWED[part])) or 'no other stage'})")
    assert not wrong, f"{module}:\n" + "\n".join(wrong)


def test_export_reads_only_the_dating_of_load():
    """The exports date archive.json by the content's last change; they read no entry files themselves."""
    for module, path in ALL.items():
        if part_of(module) == "export":
            assert {t for _, t in imports(module, path) if t.startswith("generator.load")} <= {"generator.load.dating"}, module


def test_no_module_outside_publish_loads_mkdocs_when_imported():
    core = [m for m in ALL if part_of(m) not in ("publish", "__main__")]
    code = ("import importlib, sys\n"
            f"for name in {core!r}:\n    importlib.import_module(name)\n"
            f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {PUBLISHERS!r})\n"
            "print(loaded); sys.exit(bool(loaded))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("module", sorted(ALL))
def test_no_module_is_over_400_lines(module):
    lines = ALL[module].read_text("utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines (split it by concern)"


def test_the_kinds_are_defined_once():
    """Only model/kinds.py maps the kinds to their folders or labels, or lists the four kinds."""
    written = ('"person": "people"', '"people": "person"', '"person": "People"', '"person": "Person"', '("person", "unit", "event", "source")')
    for module, path in ALL.items():
        if module == "generator.model.kinds":
            continue
        text = path.read_text("utf-8")
        assert not [w for w in written if w in text], module
