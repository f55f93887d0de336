"""``defections check``: validate every entry and print OK or every problem."""

from __future__ import annotations

from pathlib import Path

from ..errors import ContentError
from ..model.kinds import FOLDERS
from ..pipeline import build_graph
from . import DEFAULT_CONTENT, report


def run(args) -> int:
    try:
        graph = build_graph(args.content)
    except ContentError as err:
        return report(err)
    counts = {kind: len(graph.of_kind(kind)) for kind in FOLDERS}
    print(f"OK: {counts['person']} people, {counts['unit']} units, {counts['event']} events, {counts['source']} sources")
    return 0


def register(sub) -> None:
    cmd = sub.add_parser("check", help="validate every entry; print OK or every problem", description="Load and validate every entry. Writes nothing.")
    cmd.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    cmd.set_defaults(run=run)
