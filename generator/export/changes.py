"""The data's version and what changed, commit by commit (``changes.json``), from the repository's history."""

from __future__ import annotations

import json
from pathlib import Path

from ..load.dating import Change, uncommitted
from ..model.kinds import KIND_OF_FOLDER


def data_version(history: dict[str, tuple[Change, ...]] | None, uncommitted: bool = False) -> dict | None:
    """The commit the data is made from (the newest that touched the content) and its date, and whether the content
    folder held changes no commit has yet; ``None`` without history, or with no commit."""
    changes = [c for log in (history or {}).values() for c in log]
    if not changes:
        return None
    newest = max(changes, key=lambda c: (c.time, c.commit))
    version = {"commit": newest.commit, "date": newest.when}
    if uncommitted:
        version["uncommitted"] = True
    return version


def content_version(content: Path, history: dict[str, tuple[Change, ...]] | None) -> dict | None:
    """:func:`data_version` of the content folder as it is now (whether it holds changes no commit has yet)."""
    return data_version(history, uncommitted=history is not None and bool(uncommitted(content, [content])))


def _file(path: str, change: Change) -> dict | None:
    folder, _, name = path.partition("/")
    if folder not in KIND_OF_FOLDER or "/" in name or not name.endswith(".md"):
        return None
    id, language = (name[:-6], "ar") if name.endswith(".ar.md") else (name[:-3], "en")
    return {"file": path, "kind": KIND_OF_FOLDER[folder], "id": id, "language": language, "action": change.action}


def changes_json(history: dict[str, tuple[Change, ...]], version: dict | None) -> str:
    """Every commit that changed an entry, newest first (the first is the one the data is made from), with the
    entries' files it added, changed or removed."""
    commits: dict[str, tuple[Change, list[dict]]] = {}
    for path, log in history.items():
        for change in log:
            item = _file(path, change)
            if item:
                commits.setdefault(change.commit, (change, []))[1].append(item)
    doc = {
        "version": version,
        "commits": [{"commit": c.commit, "date": c.when, "subject": c.subject, "files": sorted(files, key=lambda f: f["file"])}
                    for c, files in sorted(commits.values(), key=lambda cf: (-cf[0].time, cf[0].commit))],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
