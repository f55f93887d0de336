"""``defections offline``: build the offline copy of the site and pack it as one zip.

The build (:mod:`generator.publish.offline_build`) is the project's own ``mkdocs.yml`` with
file URLs, a temporary site folder and the defections plugin's ``offline`` switch; search needs
nothing more, as its index is a script either way. :mod:`generator.publish.offline` packs it. Nothing is written into the project except the zip.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

from ..load.dating import content_epoch, source_commit, uncommitted
from ..publish import offline as core
from ..publish.output import check_output_file
from ..render.sizes import human_size


def run(args) -> int:
    from ..publish.offline_build import (  # imports MkDocs: only when it runs
        GENERATOR,
        OfflineBuildError,
        build_inputs,
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
        content = content_folder(config_file)
        epoch = content_epoch(content)
        commit = source_commit(project)
        changed = uncommitted(project, build_inputs(config_file), optional=(GENERATOR,))
        if changed is None and commit != "unknown":  # in git, but some input lies outside the repository
            names = ["(files outside the repository, which git cannot compare with the commit)"]
            changed = []
        else:
            changed = changed or []
            names = [os.path.relpath(path, project) for path in changed]
        if names and not args.allow_uncommitted:
            listed = "".join(f"\n  {name}" for name in names[:20]) + (f"\n  and {len(names) - 20} more" if len(names) > 20 else "")
            print(f"error: {len(names)} file(s) the site is built from differ from the last commit:{listed}\n"
                  "The copy's README would name a commit that does not hold them. Commit them first, or pass "
                  "--allow-uncommitted to build anyway (the README then lists them and does not call the copy reproducible).",
                  file=sys.stderr)
            return 1
        if changed and not os.environ.get("SOURCE_DATE_EPOCH", "").strip():  # dated by the newest change, not the last commit
            epoch = max([epoch, *(int(path.stat().st_mtime) for path in changed if path.exists())])
        out = (args.output or core.default_output(project, epoch)).resolve()
        check_output_file(out, core.is_offline_copy)
        provenance = {"commit": commit, "date": core.day(epoch), "uncommitted": len(names)}
        with tempfile.TemporaryDirectory(prefix="defections-offline-") as tmp:
            site_name = build_offline(config_file, Path(tmp) / "site", epoch, provenance)
            packed = core.pack(Path(tmp) / "site", out, epoch=epoch, commit=commit, site_name=site_name, uncommitted=tuple(names))
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
    cmd.add_argument("--allow-uncommitted", action="store_true",
                     help="build even though content, docs, overrides or the config differ from the last commit "
                          "(the README then lists the files and does not call the copy reproducible)")
    cmd.set_defaults(run=run)
