"""``defections offline``: build the offline copy of the site and pack it as one zip.

The build (:mod:`generator.publish.offline_build`) is the project's own ``mkdocs.yml`` with
file URLs, a temporary site folder and the defections plugin's ``offline`` switch; search needs
nothing more, as its index is a script either way. :mod:`generator.publish.offline` packs it. Nothing is written into the project except the zip.
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

from ..load.dating import content_epoch, source_commit
from ..publish import offline as core
from ..publish.output import check_output_file
from ..render.sizes import human_size


def run(args) -> int:
    from ..publish.offline_build import (  # imports MkDocs: only when it runs
        OfflineBuildError,
        build_offline,
        content_folder,
    )

    config_file = args.config.resolve()
    if not config_file.is_file():
        print(f"error: no MkDocs config at {args.config}", file=sys.stderr)
        return 1
    project = config_file.parent
    if not args.verbose:
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.basicConfig(format="%(levelname)s - %(message)s")
    try:
        epoch = content_epoch(content_folder(config_file))
        out = (args.output or core.default_output(project, epoch)).resolve()
        check_output_file(out, core.is_offline_copy)
        with tempfile.TemporaryDirectory(prefix="defections-offline-") as tmp:
            site_name = build_offline(config_file, Path(tmp) / "site", epoch)
            packed = core.pack(Path(tmp) / "site", out, epoch=epoch, commit=source_commit(project), site_name=site_name)
    except OfflineBuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"wrote {packed.path} ({human_size(packed.size)}, {packed.files} files, folder {packed.top}/)", file=sys.stderr)
    return 0


def register(sub) -> None:
    cmd = sub.add_parser("offline", aliases=["archive"], help="build the offline copy of the site as one zip",
                         description="Build the site with file URLs and offline search, and pack it as one reproducible zip "
                                     "(top folder, index.html, README.txt, SHA256SUMS).")
    cmd.add_argument("--output", "-o", type=Path, default=None,
                     help="zip to write (default: dist/syrian-defections-archive-<content date>.zip next to mkdocs.yml)")
    cmd.add_argument("--config", "-f", type=Path, default=Path("mkdocs.yml"), help="MkDocs config (default: mkdocs.yml)")
    cmd.add_argument("--verbose", "-v", action="store_true", help="show MkDocs' build log")
    cmd.set_defaults(run=run)
