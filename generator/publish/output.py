"""The writes that replace something, all or nothing: a folder of generated files, one file, a set of entry files.

Whatever is written goes to a new temporary file or folder beside its target first and is
renamed into place only when it is complete, so a failure never leaves half an output behind.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

MARKER = ".defections-output"  # in every folder we write; only an empty folder or one holding it is replaced
MARKER_TEXT = "Written by defections (Syrian Defections Archive). Its next run replaces this whole folder.\n"
_EXPECTED = "(expected a new or empty folder, or one that defections wrote before)"


def safe_relative(path: str) -> PurePosixPath:
    """``path`` as a relative path that stays inside its folder, or ValueError."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or not pure.parts or any(part in ("", ".", "..") for part in pure.parts) or "\x00" in path:
        raise ValueError(f"refusing to write outside the output folder: {path!r}")
    return pure


def _project(folder: Path) -> bool:
    """Whether ``folder`` is a project or repository root (it holds mkdocs.yml or .git)."""
    return (folder / "mkdocs.yml").exists() or (folder / ".git").exists()


def check_output_folder(out: Path, keep=()) -> None:
    """Refuse (OSError) to replace a folder whose loss would hurt: the file-system root, the home
    folder, the working folder or any folder above it, a file, any folder in ``keep`` (such as
    the content folder), inside it, or above it, a ``.git`` folder or anything in one, a project
    root (holding mkdocs.yml or .git) and its ``docs/``, and any folder that holds files but not
    our :data:`MARKER`."""
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
    if ".git" in target.parts:
        raise OSError(errno.EINVAL, f"is a .git folder or inside one; refusing to replace it {_EXPECTED}", str(out))
    if _project(target) or (target.name == "docs" and _project(target.parent)):
        raise OSError(errno.EINVAL, f"is a project folder (it holds mkdocs.yml or .git) or its docs/; refusing to replace it "
                                    f"{_EXPECTED}", str(out))
    if target.is_dir() and not (target / MARKER).is_file() and any(target.iterdir()):
        raise OSError(errno.ENOTEMPTY, f"holds files that defections did not write (it has no {MARKER} file); refusing to "
                                       f"replace it {_EXPECTED}", str(out))


def check_output_file(out: Path, ours) -> None:
    """Refuse (OSError) to write the file ``out`` inside a ``.git`` folder, or over anything that
    ``ours(path)`` does not recognise as an earlier output of ours."""
    target = Path(out).resolve()
    if ".git" in target.parts:
        raise OSError(errno.EINVAL, "is inside a .git folder; refusing to write there (expected a path outside .git)", str(out))
    if os.path.lexists(target) and not (target.is_file() and ours(target)):
        raise OSError(errno.EEXIST, "exists and is not an earlier output of defections; refusing to replace it "
                                    "(expected a new file name, or a file that defections wrote before)", str(out))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's process, or not a process id we can ask about: leave its folder alone
    return True


def _clean_stale(out: Path) -> None:
    """Remove staging folders that killed runs left beside ``out``: only our own names
    (``.<out>.<pid>-XXXXXXXX``), holding our marker, of a process that no longer runs."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(\d+)-[a-z0-9_]{{8}}")
    for path in out.parent.iterdir():
        found = pattern.fullmatch(path.name)
        if found and not path.is_symlink() and path.is_dir() and (path / MARKER).is_file() and not _alive(int(found[1])):
            shutil.rmtree(path, ignore_errors=True)


def stage(out: Path) -> Path:
    """A new folder beside ``out`` (only our marker in it, modes as the umask says) to write into;
    :func:`swap_in` then replaces ``out`` with it."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.{os.getpid()}-", dir=out.parent))
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it 0700: a web server running as another user could not read it
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return staging


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
    """Replace ``out`` with exactly ``files`` and our :data:`MARKER`; a failure leaves the old folder untouched.

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


def _temporary_beside(path: Path, mode: int) -> tuple[int, Path]:
    """A new file (opened for writing) beside ``path``, named ``.<name>.<pid>-<n>.tmp``."""
    for attempt in range(100):
        temp = path.with_name(f".{path.name}.{os.getpid()}-{attempt}.tmp")
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), temp
        except FileExistsError:
            continue
    raise OSError(errno.EEXIST, "cannot create a temporary file next to it", str(path))


@contextmanager
def replacing(path: Path, mode: int = 0o644):
    """A binary handle on a new file that replaces ``path`` (with ``mode``) when the block ends without error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = _temporary_beside(path, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.chmod(temp, mode)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def replace_files(changes: list[tuple[Path, bytes | None, bytes]]) -> None:
    """Write each ``(path, old content or None for a new file, new content)``, all or nothing.

    Every file is staged beside its target and synced first; if any target no longer holds its
    old content (someone changed it meanwhile), nothing is written. Files keep their mode.
    """
    staged: list[tuple[Path, bytes | None, Path]] = []
    try:
        for path, old, new in changes:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = _temporary_beside(path, _mode(path))
            staged.append((path, old, temp))
            with os.fdopen(fd, "wb") as handle:
                handle.write(new)
                handle.flush()
                os.fsync(handle.fileno())
        for path, old, _ in staged:
            now = path.read_bytes() if path.exists() else None
            if now != old:
                raise RuntimeError(f"{path} changed while importing; nothing was written, run the import again")
    except BaseException:
        for _, _, temp in staged:
            temp.unlink(missing_ok=True)
        raise
    done: list[tuple[Path, bytes | None]] = []
    try:
        for path, old, temp in staged:
            os.replace(temp, path)
            done.append((path, old))
    except BaseException:
        for path, old in done:  # put back what was already replaced
            if old is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(old)
        for _, _, temp in staged:
            temp.unlink(missing_ok=True)
        raise


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666  # a new file: the umask applies
