"""The offline copy: one reproducible zip of a file-URL build of the site.

This module knows nothing about MkDocs. It packs a built site folder into a zip
(a top-level folder, ``README.txt``, ``SHA256SUMS``), checks one, and answers the
online site's questions about the newest copy (which file, how big). The MkDocs
build it packs is made by :mod:`.offline_build`.

Reproducible means: the same commit gives byte-identical zips. Every file gets
the same timestamp (the content date, :mod:`generator.load.dating`), fixed
permissions and a sorted place; nothing in the zip records when or where it was built.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..render.sizes import human_size
from .output import MARKER, replacing

NAME = "syrian-defections-archive"
PATTERN = re.compile(rf"^{NAME}-(\d{{4}}-\d{{2}}-\d{{2}})\.zip$")
DOWNLOADS = "downloads"  # where the online site serves the newest copy

ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest time a zip entry can hold
RESERVED = ("README.txt", "SHA256SUMS")  # the files pack adds beside the site's own
SKIP_SUFFIXES = (".map",)  # source maps: large, and only for developer tools
# The theme's own search (lunr and its worker), which it ships whether or not its search plugin runs: 1.2 MB the archive's search does not use
SKIP_FOLDERS = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
SKIP_FILES = {"404.html", MARKER}  # a server's error page, with root-absolute links that mean nothing on disk; our output marker


def day(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d")


def copy_name(epoch: int) -> str:
    """``syrian-defections-archive-YYYY-MM-DD`` (the zip's stem and its top folder)."""
    return f"{NAME}-{day(epoch)}"


def readme(epoch: int, commit: str, site_name: str = "Syrian Defections Archive", uncommitted: tuple[str, ...] = ()) -> str:
    when = datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    if uncommitted:
        shown = "".join(f"  {name}\n" for name in uncommitted[:20]) + (f"  and {len(uncommitted) - 20} more\n" if len(uncommitted) > 20 else "")
        provenance = (f"Source commit: {commit}, PLUS uncommitted changes to {len(uncommitted)} file(s):\n{shown}"
                      "This copy cannot be rebuilt from the commit: it holds content the\nrepository has not recorded.")
    elif commit == "unknown":
        provenance = "Source commit: unknown (not built from a git repository), so the copy\ncannot be traced to a commit."
    else:
        provenance = (f"Source commit: {commit}\nThe copy is reproducible: building the same commit again gives a\n"
                      "byte-identical zip.")
    return f"""{site_name} - offline copy
{'=' * (len(site_name) + 15)}

This folder is a complete copy of the {site_name} website: every
person, unit, event and source page, the indexes, and the search.
It works without a network connection: nothing is loaded from the
internet (links to original news articles still lead to the web).

How to open it
--------------
1. Unzip the whole file (do not open pages from inside the zip).
2. Open index.html in this folder with a web browser (double-click it,
   or drag it onto a browser window).
3. Browse with the links, or type a name into the search box; names
   can be searched in Latin or Arabic script.

Built
-----
Content as of: {when}
{provenance}

Checking the files
------------------
SHA256SUMS lists a SHA-256 checksum for every other file in this folder.
On Linux or macOS, from inside this folder:

    sha256sum -c SHA256SUMS        (or: shasum -a 256 -c SHA256SUMS)

Licences
--------
Archive content: CC BY-SA 4.0. Site generator: MIT.
Search runs on MiniSearch (MIT, assets/dfx/minisearch.LICENSE.txt);
its index is a script (search/index.js), so it works from a file on disk.
"""


def site_files(site_dir: Path) -> dict[str, Path]:
    """Every file of a built site by its ``/``-separated relative path (sorted)."""
    site_dir = Path(site_dir)
    found = {}
    for path in site_dir.rglob("*"):
        name = path.relative_to(site_dir).as_posix()
        if path.is_file() and not path.name.endswith(SKIP_SUFFIXES) and name not in SKIP_FILES and not name.startswith(SKIP_FOLDERS):
            found[name] = path
    return dict(sorted(found.items()))


def sha256sums(files: dict[str, bytes]) -> str:
    """``sha256sum``-format lines for every file, sorted by path."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items()))


@dataclass
class Packed:
    path: Path
    top: str
    files: int
    size: int


def _entry(name: str, epoch: int) -> zipfile.ZipInfo:
    stamp = datetime.fromtimestamp(max(epoch, ZIP_EPOCH_MIN), timezone.utc)
    info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
    info.create_system = 3  # Unix, so that the permissions below are read
    info.external_attr = (0o100644 << 16)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def pack(site_dir: Path, out: Path, *, epoch: int, commit: str, site_name: str = "Syrian Defections Archive",
         top: str | None = None, uncommitted: tuple[str, ...] = ()) -> Packed:
    """Zip a built site into ``out`` under one top-level folder, with README.txt and SHA256SUMS.

    The folder is ``top``, by default the dated copy name (whatever ``out`` is called).

    The zip is written next to ``out`` and moved into place, so a failure
    never leaves a half-written zip behind.
    """
    out = Path(out)
    top = top or copy_name(epoch)
    files = {name: path.read_bytes() for name, path in site_files(site_dir).items()}
    if "index.html" not in files:
        raise ValueError(f"{site_dir} has no index.html: not a built site")
    for reserved in RESERVED:
        if reserved in files:
            raise ValueError(f"the built site already has a {reserved}")
    files["README.txt"] = readme(epoch, commit, site_name, uncommitted).encode("utf-8")
    files["SHA256SUMS"] = sha256sums(files).encode("utf-8")
    with replacing(out, 0o644) as handle, zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(files):
            zf.writestr(_entry(f"{top}/{name}", epoch), files[name], compresslevel=9)
    return Packed(out, top, len(files), out.stat().st_size)


def verify(zip_path: Path) -> list[str]:
    """Problems with an offline copy's layout or checksums (empty when it is sound)."""
    problems = []
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        tops = {n.split("/", 1)[0] for n in names}
        if len(tops) != 1:
            return [f"expected one top-level folder, found {sorted(tops)}"]
        top = tops.pop()
        data = {n[len(top) + 1:]: zf.read(n) for n in names if not n.endswith("/")}
    for needed in ("index.html", "README.txt", "SHA256SUMS"):
        if needed not in data:
            problems.append(f"missing {top}/{needed}")
    listed = {}
    for line in data.get("SHA256SUMS", b"").decode("utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    for name, blob in data.items():
        if name == "SHA256SUMS":
            continue
        if name not in listed:
            problems.append(f"{name} is not in SHA256SUMS")
        elif hashlib.sha256(blob).hexdigest() != listed[name]:
            problems.append(f"{name} does not match its checksum")
    problems += [f"SHA256SUMS lists {name}, which is not in the zip" for name in listed if name not in data]
    return problems


def is_offline_copy(path: Path) -> bool:
    """Whether ``path`` is a zip :func:`pack` wrote (one top folder, sound checksums)."""
    try:
        return zipfile.is_zipfile(path) and not verify(path)
    except (zipfile.BadZipFile, ValueError, NotImplementedError, RuntimeError, OSError, EOFError):
        return False


def default_output(project: Path, epoch: int) -> Path:
    return Path(project) / "dist" / f"{copy_name(epoch)}.zip"


# The online site: link the newest copy from the home page.

def latest_copy(folder: Path) -> Path | None:
    """The newest ``syrian-defections-archive-YYYY-MM-DD.zip`` in ``folder`` (by its date, then mtime)."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    found = [p for p in folder.iterdir() if p.is_file() and PATTERN.match(p.name)]
    if not found:
        return None
    return max(found, key=lambda p: (PATTERN.match(p.name).group(1), p.stat().st_mtime, p.name))


def download(zip_path: Path) -> dict:
    """What :class:`generator.render.site.Options` needs to link the copy: ``{"file", "name", "size"}``.

    ``file`` is the site path where the zip is published.
    """
    zip_path = Path(zip_path)
    return {"file": f"{DOWNLOADS}/{zip_path.name}", "name": zip_path.name, "size": human_size(zip_path.stat().st_size)}

