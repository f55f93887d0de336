"""The ``defections`` command: a thin layer over the generator core."""

from __future__ import annotations

import argparse
import sys

from .commands import catalogue, check, generate, new, offline, serve
from .commands import export as export_command
from .commands import import_ as import_command

COMMANDS = [check, new, generate]
COMMANDS.append(offline)
COMMANDS.append(export_command)
COMMANDS.append(import_command)
COMMANDS.append(catalogue)
COMMANDS.append(serve)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="defections", description="Check, build and export the Syrian Defections Archive.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except OSError as err:
        print(f"error: {err.filename or ''}: {err.strerror}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
