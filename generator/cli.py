"""The ``defections`` command: a thin layer over the generator core."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
import re
from importlib import resources
from pathlib import Path

from .errors import ContentError
from .loader import ID_EXPECTED, valid_id
from .schema import FOLDERS
from .validate import load

DEFAULT_CONTENT = Path("content")


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].strip("-")


def _report(err: ContentError) -> int:
    for problem in err.problems:
        print(problem, file=sys.stderr)
    count = len(err.problems)
    print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
    return 1


def cmd_check(args) -> int:
    try:
        archive = load(args.content)
    except ContentError as err:
        return _report(err)
    counts = {kind: len(archive.of_kind(kind)) for kind in FOLDERS}
    print(f"OK: {counts['person']} people, {counts['unit']} units, {counts['event']} events, {counts['source']} sources")
    return 0


def cmd_new(args) -> int:
    entry_id = args.id or _slug(args.name)
    if not entry_id or not valid_id(entry_id):
        print(f"error: cannot make an id from {args.name!r}; give one with --id ({ID_EXPECTED})", file=sys.stderr)
        return 2
    folder = args.content / FOLDERS[args.kind]
    path = folder / f"{entry_id}.md"
    if path.exists():
        print(f"error: {path} already exists; edit it, or choose another id with --id", file=sys.stderr)
        return 1
    skeleton = resources.files(__package__).joinpath("skeletons", f"{args.kind}.md").read_text("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(skeleton.format(name=json.dumps(args.name, ensure_ascii=False)))
    print(f"created {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="defections", description="Check, build and export the Syrian Defections Archive.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="validate every entry; print OK or every problem")
    check.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    check.set_defaults(run=cmd_check)

    new = sub.add_parser("new", help="write a new entry file with a commented skeleton")
    new.add_argument("kind", choices=list(FOLDERS), help="person, unit, event or source")
    new.add_argument("name", help="display name (or title) of the new entry")
    new.add_argument("--id", help="the id to use instead of one made from the name")
    new.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    new.set_defaults(run=cmd_new)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except OSError as err:
        print(f"error: {err.filename or ''}: {err.strerror}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
