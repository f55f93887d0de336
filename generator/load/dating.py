"""When the content changed, and from which commit: the date every output of a build records, and
each content file's history of commits.

``SOURCE_DATE_EPOCH`` wins, then git, then the files' modification times; so a build of one
commit is dated the same wherever it runs.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime, timezone
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


def uncommitted(repo: Path, paths: list[Path], optional: tuple[Path, ...] = ()) -> list[Path] | None:
    """The files under ``paths`` that differ from the last commit (changed, added, deleted, not yet tracked, or
    ignored by git yet read by the build); ``None`` when that cannot be known (no git, not a repository, a path
    outside it). ``optional`` paths are looked at only when they lie inside the repository."""
    top = _git(Path(repo), "rev-parse", "--show-toplevel")
    if top is None:
        return None
    paths = [*paths, *(p for p in optional if Path(p).resolve().is_relative_to(Path(top).resolve()))]
    try:
        out = subprocess.run(["git", "-C", top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=matching",
                              "--", *(str(Path(p).resolve()) for p in paths)], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    files, skip = [], False
    for record in out.stdout.decode("utf-8", "replace").split("\0"):
        if skip:  # the old name of a rename or copy
            skip = False
        elif len(record) > 3:
            name = record[3:]
            if not ("__pycache__/" in name or name.endswith(".pyc")):  # Python's own caches change nothing
                files.append(Path(top) / name)
            skip = "R" in record[:2] or "C" in record[:2]
    return sorted(files)


def utc_timestamp(epoch: int) -> str:
    """A Unix time as an ISO 8601 timestamp in UTC, as the data files and feeds write it (2026-04-05T12:00:00Z)."""
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


ACTIONS = {"A": "added", "D": "removed"}  # git's letters; any other (M, T) is "changed"
COMMIT = re.compile(r"[0-9a-f]{40}")


@dataclass(frozen=True)
class Change:
    """One commit that touched a content file, and what it did to it."""

    commit: str
    time: int  # when it was committed, as a Unix time
    subject: str  # the first paragraph of its message, as one line
    action: str = "changed"  # "added", "changed" or "removed": what the commit did to the file

    @property
    def day(self) -> str:
        """The commit's day, YYYY-MM-DD in UTC."""
        return self.when[:10]

    @property
    def when(self) -> str:
        """When it was committed, as a timestamp in UTC."""
        return utc_timestamp(self.time)


def history(content: Path) -> dict[str, tuple[Change, ...]] | None:
    """The commits that touched each file under ``content``, newest first, by path relative to it
    ("people/manaf-tlass.md"), read in one pass of ``git log``; ``None`` when there is no history to read
    (no git, not a repository: a copy unpacked from a tarball; or a shallow clone, whose oldest commit would
    seem to add every file). Files never committed are absent."""
    content = Path(content).resolve()
    top = _git(content, "rev-parse", "--show-toplevel")
    if top is None or _git(content, "rev-parse", "--is-shallow-repository") != "false":
        return None
    try:  # NUL between every field: the one byte a commit message cannot hold
        out = subprocess.run(["git", "-c", "core.quotepath=off", "-C", top, "log", "-z", "--format=%H%x00%ct%x00%s", "--name-status",
                              "--no-renames", "--", str(content)], capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    prefix = content.relative_to(Path(top).resolve()).as_posix() + "/"
    files: dict[str, list[Change]] = {}
    fields = [f.strip("\n") for f in out.stdout.decode("utf-8", "replace").split("\0")]
    i = 0
    while i < len(fields):
        if not fields[i]:  # between commits, after one that lists no file (a merge), and at the end
            i += 1
            continue
        if not COMMIT.fullmatch(fields[i]) or i + 2 >= len(fields) or not fields[i + 1].isdigit():
            return None  # not git's output as asked for: no history rather than a wrong one
        commit, stamp, subject = fields[i], int(fields[i + 1]), fields[i + 2]  # the subject may be empty
        i += 3
        while i + 1 < len(fields) and fields[i] and not COMMIT.fullmatch(fields[i]):  # a letter ("M"), then its file
            letter, name = fields[i], fields[i + 1]
            if name.startswith(prefix):
                files.setdefault(name[len(prefix):], []).append(Change(commit, stamp, subject, ACTIONS.get(letter, "changed")))
            i += 2
    return {name: tuple(changes) for name, changes in files.items()}
