"""``defections serve``: a live preview that shows each saved edit within seconds, whatever the archive's size."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path


def address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, such as 127.0.0.1:8000, not {text!r}")
    return host, int(port)


def run(args) -> int:
    from ..publish.server import serve  # MkDocs, only when it is needed

    if not args.config_file.is_file():
        print(f"error: {args.config_file}: no such file (expected the project's mkdocs.yml)", file=sys.stderr)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="defections-preview-"))  # the preview's own: never a folder that holds work
    try:
        return serve(args.config_file, *args.dev_addr, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def register(sub) -> None:
    cmd = sub.add_parser("serve", help="preview the site while you edit: each saved edit shows within seconds",
                         description="Build the site into a temporary folder and serve it; after each saved edit to the content, "
                                     "re-render only the pages the edit changes, and reload them in the browser. A file with "
                                     "problems is shown as an error page (file, line, field, problem) in place of its pages. "
                                     "A change to the templates, docs/ or mkdocs.yml rebuilds the whole site.")
    cmd.add_argument("-a", "--dev-addr", type=address, default=("127.0.0.1", 8000), metavar="HOST:PORT",
                     help="where to serve (default: 127.0.0.1:8000)")
    cmd.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="the project's MkDocs configuration (default: mkdocs.yml)")
    cmd.set_defaults(run=run)
