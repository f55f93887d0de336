"""``defections import``: create and update entries from a CSV in the export's columns."""

from __future__ import annotations

import sys
from pathlib import Path

from ..edit.csv_import import diff, plan, write
from ..model.kinds import KIND_OF_FOLDER
from . import DEFAULT_CONTENT


def run(args) -> int:
    kind = KIND_OF_FOLDER[args.kind]
    if not args.file.is_file():
        print(f"error: {args.file}: no such file (expected a CSV such as the export's {args.kind}.csv)", file=sys.stderr)
        return 2
    result = plan(args.file, kind, args.content)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if result.problems:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        count = len(result.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", file=sys.stderr)
        return 1
    changes = sorted(result.changes, key=lambda c: c.shown)
    if args.dry_run:
        if changes:
            sys.stdout.write("".join(diff(c) for c in changes))
        else:
            print("no changes")
        return 0
    if not changes:
        print("no changes")
        return 0
    write(changes)
    for change in changes:
        print(f"{'created' if change.old is None else 'updated'} {change.shown}")
    created = sum(c.old is None for c in changes)
    print(f"{created} created, {len(changes) - created} updated, {result.unchanged} unchanged", file=sys.stderr)
    return 0


def register(sub) -> None:
    cmd = sub.add_parser("import", help="create and update entries from a CSV in the export's columns",
                         description="Create or update entries from a CSV with the columns of the export's people.csv, units.csv, "
                                     "events.csv or sources.csv, matched by id. Every row is checked like defections check; "
                                     "nothing is written unless all of them pass.")
    cmd.add_argument("file", type=Path, metavar="FILE.csv", help="the CSV to import (UTF-8, with or without a byte-order mark)")
    cmd.add_argument("--kind", required=True, choices=list(KIND_OF_FOLDER), help="what the rows are: people, units, events or sources")
    cmd.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    cmd.add_argument("--dry-run", action="store_true", help="print a diff of every file that would change; write nothing")
    cmd.set_defaults(run=run)
