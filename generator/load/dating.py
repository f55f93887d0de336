"""When the content last changed, and from which commit: the date every output of a build records.

``SOURCE_DATE_EPOCH`` wins, then git, then the files' modification times; so a build of one
commit is dated the same wherever it runs.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path


def _git(repo: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else None


def content_epoch(content: Path, env: dict | None = None) -> int:
    """The date of the newest content change, as a Unix time.

    ``SOURCE_DATE_EPOCH`` if set; else the last commit touching the content
    folder; else the newest modification time of a file in it.
    """
    env = os.environ if env is None else env
    if env.get("SOURCE_DATE_EPOCH", "").strip():
        return int(env["SOURCE_DATE_EPOCH"])
    content = Path(content).resolve()
    stamp = _git(content.parent, "log", "-1", "--format=%ct", "--", content.name)
    if stamp and stamp.isdigit():
        return int(stamp)
    times = [p.stat().st_mtime for p in content.rglob("*") if p.is_file()]
    return int(max(times)) if times else int(time.time())


def source_commit(repo: Path) -> str:
    """The commit a build is made from, or ``unknown``."""
    return _git(Path(repo), "rev-parse", "HEAD") or "unknown"


def uncommitted(repo: Path, paths: list[Path]) -> list[Path] | None:
    """The files under ``paths`` that differ from the last commit (changed, added, deleted or not yet
    tracked); ``None`` when that cannot be known (no git, not a repository)."""
    top = _git(Path(repo), "rev-parse", "--show-toplevel")
    if top is None:
        return None
    try:
        out = subprocess.run(["git", "-C", top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--",
                              *(str(Path(p).resolve()) for p in paths)], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    files, skip = [], False
    for record in out.stdout.decode("utf-8", "replace").split("\0"):
        if skip:  # the old name of a rename or copy
            skip = False
        elif len(record) > 3:
            files.append(Path(top) / record[3:])
            skip = record[0] in "RC"
    return sorted(files)
