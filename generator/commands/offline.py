"""``defections archive``: build the offline variant of the site and pack it as one zip.

The offline build is the project's own ``mkdocs.yml`` with file URLs, a
temporary site folder and the defections plugin's ``offline`` switch (which
ships the vendored iframe-worker shim and the search index as a script, so
search works from file://). Nothing is written into the project except the zip.
The packing itself lives in :mod:`generator.archive`.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..publish import offline as core
from ..publish.output import check_output_file


@contextmanager
def _source_date(epoch: int):
    """Pin MkDocs' build date (sitemap lastmod, gzip header) to the content date."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def _plugin(cfg):
    from ..publish.plugin import DefectionsPlugin

    for plugin in cfg.plugins.values():
        if isinstance(plugin, DefectionsPlugin):
            return plugin
    raise SystemExit(f"error: {cfg.config_file_path} does not use the defections plugin")


def content_folder(config_file: Path) -> Path:
    """The content folder a MkDocs config's defections plugin reads."""
    from mkdocs.config import load_config

    cfg = load_config(str(config_file))
    return (Path(cfg.config_file_path).parent / _plugin(cfg).config.content).resolve()


def build_offline(config_file: Path, site_dir: Path, epoch: int) -> str:
    """Build the file-URL, search-from-file:// site into ``site_dir``; return the site name."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with _source_date(epoch):
        cfg = load_config(str(config_file), site_dir=str(site_dir), use_directory_urls=False)
        plugin = _plugin(cfg)
        plugin.config.offline = True
        plugin.config.archive = ""  # the archive does not contain (a link to) itself
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    return cfg.site_name


def run(args) -> int:
    from mkdocs.exceptions import MkDocsException

    config_file = args.config.resolve()
    if not config_file.is_file():
        print(f"error: no MkDocs config at {args.config}", file=sys.stderr)
        return 1
    project = config_file.parent
    if not args.verbose:
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.basicConfig(format="%(levelname)s - %(message)s")
    try:
        epoch = core.content_epoch(content_folder(config_file))
        out = (args.output or core.default_output(project, epoch)).resolve()
        check_output_file(out, core.is_archive)
        with tempfile.TemporaryDirectory(prefix="defections-offline-") as tmp:
            site_name = build_offline(config_file, Path(tmp) / "site", epoch)
            packed = core.pack(Path(tmp) / "site", out, epoch=epoch, commit=core.source_commit(project), site_name=site_name)
    except MkDocsException as err:
        print(f"error: the offline build failed: {err}", file=sys.stderr)
        return 1
    print(f"wrote {packed.path} ({core.human_size(packed.size)}, {packed.files} files, folder {packed.top}/)", file=sys.stderr)
    return 0


def register(sub) -> None:
    cmd = sub.add_parser("archive", help="build the offline HTML archive as one zip",
                         description="Build the site with file URLs and offline search, and pack it as one reproducible zip "
                                     "(top folder, index.html, README.txt, SHA256SUMS).")
    cmd.add_argument("--output", "-o", type=Path, default=None,
                     help="zip to write (default: dist/syrian-defections-archive-<content date>.zip next to mkdocs.yml)")
    cmd.add_argument("--config", "-f", type=Path, default=Path("mkdocs.yml"), help="MkDocs config (default: mkdocs.yml)")
    cmd.add_argument("--verbose", "-v", action="store_true", help="show MkDocs' build log")
    cmd.set_defaults(run=run)
