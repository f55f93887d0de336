"""``defections export``: write the data exports (JSON, CSV, FtM, CSL-JSON, BibTeX, JSON Schema)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import ContentError
from ..export import FORMATS, build_time, content_version, export_files
from ..load.dating import history
from ..pipeline import build_graph
from ..publish.output import write_tree
from . import DEFAULT_CONTENT, report


def formats(text: str) -> tuple[str, ...]:
    import argparse

    chosen = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(unknown) or '(none)'} (expected a comma-separated list of: {', '.join(FORMATS)})")
    return chosen


def run(args) -> int:
    try:
        graph = build_graph(args.content)
    except ContentError as err:
        return report(err)
    log = history(args.content)
    version = content_version(args.content, log)
    files = export_files(graph, args.format, built=build_time(args.content), base_url=args.base_url, history=log, version=version)
    write_tree(args.output, files, keep=(args.content,))
    print(f"wrote {len(files)} files to {args.output}", file=sys.stderr)
    if "changes" in args.format and log is None:
        print(f"not written: changes.json, since {args.content} has no git history to read", file=sys.stderr)
    return 0


def register(sub) -> None:
    cmd = sub.add_parser("export", help="write the data exports (JSON, CSV, FollowTheMoney, CSL-JSON, BibTeX, JSON Schema)",
                         description="Write the data files the site publishes under data/, with the same names and sub-folders. "
                                     "archive.json records SOURCE_DATE_EPOCH, else the last git commit time of the content, as its build time.")
    cmd.add_argument("--output", type=Path, default=Path("dist/data"), help="output folder: new, empty or written by defections before; replaced as a whole (default: dist/data)")
    cmd.add_argument("--format", type=formats, default=FORMATS, metavar="LIST",
                     help=f"comma-separated formats to write (default: all): {','.join(FORMATS)}")
    cmd.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    cmd.add_argument("--base-url", help="the site's address, for the JSON Schemas' $id (default: none, $id is the file name)")
    cmd.set_defaults(run=run)
