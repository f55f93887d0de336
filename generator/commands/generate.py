"""``defections generate``: write the site's Markdown pages to a folder."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import ContentError
from ..export import export_files, listing
from ..pipeline import build_graph
from ..publish.output import write_tree
from ..render.language import LANGUAGES
from ..render.site import Options, Site
from ..search import assets
from ..search.documents import INDEX, index_script, site_documents
from . import DEFAULT_CONTENT, report


def run(args) -> int:
    try:
        graph = build_graph(args.content)
    except ContentError as err:
        return report(err)
    downloads = listing(export_files(graph))  # the download page lists what `defections export` writes, with sizes
    site = Site(graph, Options(directory_urls=not args.file_urls, downloads=downloads))
    pages = site.pages()
    indexes = {lang.path(INDEX): index_script(site_documents(site, lang), lang) for lang in LANGUAGES}  # each edition's
    write_tree(args.out, {**pages, **assets(), **indexes}, keep=(args.content,))
    print(f"wrote {len(pages)} pages in {len(LANGUAGES)} languages, and their search indexes, to {args.out}", file=sys.stderr)
    return 0


def register(sub) -> None:
    cmd = sub.add_parser("generate", help="write the generated Markdown pages to a folder (for other publishers)",
                         description="Write every generated page as Markdown, for MkDocs-like publishers and golden tests.")
    cmd.add_argument("out", type=Path, help="output folder: new, empty or written by defections before; replaced as a whole")
    cmd.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    cmd.add_argument("--file-urls", action="store_true", help="link pages as page.html instead of page/ (for file:// use)")
    cmd.set_defaults(run=run)
