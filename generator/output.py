"""Write a set of generated files to a folder, all or nothing."""

from __future__ import annotations

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


def write_tree(out: Path, files: dict[str, str | bytes]) -> None:
    """Replace ``out`` with exactly ``files``; a failure leaves the old folder untouched."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, data in files.items():
            target = staging.joinpath(*safe_relative(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, str):
                data = data.encode("utf-8")
            target.write_bytes(data)
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out, old)
            os.replace(staging, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
