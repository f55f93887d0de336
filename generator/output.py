"""Write a set of generated files to a folder, all or nothing."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath


def safe_relative(path: str) -> PurePosixPath:
    """``path`` as a relative path that stays inside its folder, or ValueError."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or not pure.parts or any(part in ("", ".", "..") for part in pure.parts) or "\x00" in path:
        raise ValueError(f"refusing to write outside the output folder: {path!r}")
    return pure


def check_output_folder(out: Path, keep=()) -> None:
    """Refuse (OSError) to replace a folder whose loss would hurt: the file-system root, the home
    folder, the working folder or any folder above it, a file, and any folder in ``keep`` (such as
    the content folder), inside it, or above it."""
    target = Path(out).resolve()
    if out == Path("") or not target.name:
        raise OSError(errno.EINVAL, "refusing to replace this folder (expected a new or generated output folder)", str(out))
    if target.exists() and not target.is_dir():
        raise OSError(errno.ENOTDIR, "is not a folder; refusing to replace it (expected a new or generated output folder)", str(out))
    guarded = [Path.cwd().resolve(), Path.home().resolve()]
    for place in guarded:
        if target == place or target in place.parents:
            raise OSError(errno.EINVAL, "refusing to replace the working folder, the home folder or a folder above them "
                                        "(expected a new or generated output folder)", str(out))
    for place in keep:
        place = Path(place).resolve()
        if target == place or target in place.parents or place in target.parents:
            raise OSError(errno.EINVAL, f"refusing to write over or inside {place.name or place}/, which the output would "
                                        f"replace or mix with (expected a separate output folder)", str(out))


def stage(out: Path) -> Path:
    """A new, empty folder beside ``out`` to write into; :func:`swap_in` then replaces ``out`` with it."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))


def swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` with the finished ``staging`` folder by renames on one file system."""
    out = Path(out).resolve()
    if out.exists():
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out, old)
        os.replace(staging, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, out)


def write_tree(out: Path, files: dict[str, str | bytes], keep=()) -> None:
    """Replace ``out`` with exactly ``files``; a failure leaves the old folder untouched.

    ``keep``: folders that ``out`` may not be, hold or lie inside (see :func:`check_output_folder`).
    """
    check_output_folder(Path(out), keep)
    staging = stage(out)
    try:
        for name, data in files.items():
            target = staging.joinpath(*safe_relative(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, str):
                data = data.encode("utf-8")
            target.write_bytes(data)
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
