"""``defections new``: write a new entry file with a commented skeleton."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from importlib import resources
from pathlib import Path

from ..load.files import ID_EXPECTED, valid_id
from ..model.kinds import FOLDERS
from . import DEFAULT_CONTENT


def slug(name: str) -> str:
    """An id made from a display name (Latin letters only; other scripts drop out)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].strip("-")


def run(args) -> int:
    entry_id = args.id or slug(args.name)
    if args.id is not None and not valid_id(args.id, FOLDERS[args.kind]):
        print(f"error: --id {args.id!r} breaks the id rule (expected {ID_EXPECTED})", file=sys.stderr)
        return 2
    if not entry_id or not valid_id(entry_id, FOLDERS[args.kind]):
        print(f"error: cannot make an id from {args.name!r}; give one with --id ({ID_EXPECTED})", file=sys.stderr)
        return 2
    folder = args.content / FOLDERS[args.kind]
    path = folder / f"{entry_id}.md"
    if path.exists():
        print(f"error: {path} already exists; edit it, or choose another id with --id", file=sys.stderr)
        return 1
    for other in FOLDERS.values():
        taken = args.content / other / f"{entry_id}.md"
        if taken.exists():
            print(f"error: the id '{entry_id}' is already used by {taken} (ids are unique across all kinds); choose another with --id", file=sys.stderr)
            return 1
    skeleton = resources.files("generator.edit").joinpath("skeletons", f"{args.kind}.md").read_text("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(skeleton.format(name=json.dumps(args.name, ensure_ascii=False)))
    print(f"created {path}")
    return 0


def register(sub) -> None:
    cmd = sub.add_parser("new", help="write a new entry file with a commented skeleton", description="Write a new entry file; never overwrites.")
    cmd.add_argument("kind", choices=list(FOLDERS), help="person, unit, event or source")
    cmd.add_argument("name", help="display name (or title) of the new entry")
    cmd.add_argument("--id", help="the id to use instead of one made from the name")
    cmd.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    cmd.set_defaults(run=run)
