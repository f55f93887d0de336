"""The CLI's subcommands, one module each; every module has ``register(subparsers)``."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import ContentError

DEFAULT_CONTENT = Path("content")


def report(err: ContentError) -> int:
    """Print every problem to stderr; return the exit status for bad content."""
    for problem in err.problems:
        print(problem, file=sys.stderr)
    count = len(err.problems)
    print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
    return 1
