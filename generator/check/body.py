"""Check an entry's body (or its Arabic text): its size, characters and raw HTML, and what the converter makes of it and links."""

from __future__ import annotations

import re
import sys

from ..errors import Problem
from ..load.files import RawEntry, RawText
from ..model.body import BodyHTML
from ..model.types import CONTROL_CHARS, control_char_name
from .markdown import BodyConverter, BodyProblem
from .syntax import raw_html_lines, references

CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")

MAX_BODY_CHARS = 20_000
MAX_BODY_BRACKETS = 500
RECURSION_HEADROOM = 250  # stack frames kept free while converting a body: a build calls the checker from deeper down


def body_problems(raw: RawEntry | RawText, converter: BodyConverter) -> tuple[list[Problem], list[tuple[int, str, bool]], BodyHTML | None]:
    """Problems with the body as text, every ``(line offset, id, is_citation)`` it refers to, and the converted body.

    The body is converted here, once, for the site to fill in on its page; whatever the
    converter links is checked (and a body it cannot convert is refused now, not at build).
    """
    body, problems, converted = raw.body, [], None

    def problem(offset: int, message: str) -> None:
        problems.append(Problem(raw.path, raw.body_line + offset, "body", message))

    if len(body) > MAX_BODY_CHARS:
        problem(0, f"the body is {len(body):,} characters long (expected at most {MAX_BODY_CHARS:,}: split long text into several entries)")
        return problems, [], None
    if body.count("[") > MAX_BODY_BRACKETS:
        problem(0, f"the body has {body.count('['):,} '[' characters (expected at most {MAX_BODY_BRACKETS:,} links, citations and footnotes)")
        return problems, [], None
    bad = CONTROL_CHARS.search(body)
    if bad:
        problem(body.count("\n", 0, bad.start()), f"contains the invisible control character {control_char_name(bad[0])} (expected visible text)")
        return problems, [], None
    for offset in raw_html_lines(body):
        problem(offset, "raw HTML is not allowed (expected Markdown: see 'Writing the body' in the contributor guide)")
    for match in CHARACTER_REFERENCE.finditer(body):
        code = int(match[1], 16) if match[1] else int(match[2])
        if code > 0x10FFFF or CONTROL_CHARS.match(chr(code)):
            problem(body.count("\n", 0, match.start()), f"writes the invisible control character U+{code:04X} as the character reference "
                                                         f"'{match[0]}' (expected visible text)")
            return problems, [], None
    refs = []
    if body.strip():
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit - RECURSION_HEADROOM, 100))
        try:
            converted = converter.compile(body)
        except BodyProblem as err:
            problem(err.line(body), str(err))
        except RecursionError:
            problem(0, "the Markdown is nested too deeply to convert (expected fewer levels of lists, quotations or definitions)")
        except Exception as err:  # a converter bug must become a problem report, not a traceback
            problem(0, f"the Markdown could not be converted ({type(err).__name__}) (expected ordinary Markdown)")
        finally:
            sys.setrecursionlimit(limit)
        # What the converter linked, and nothing else (a '[@id]' in code or a link definition is text):
        # each once, at the line where it is written.
        written, lines = {}, body.split("\n")
        for offset, target, is_cite in references(body):
            written.setdefault((target, is_cite), offset)
        for target, is_cite in dict.fromkeys((target, is_cite) for target, is_cite, _ in converter.refs):
            offset = written.get((target, is_cite))
            if offset is None:  # written over two lines, say: the first line that names it
                offset = next((i for i, line in enumerate(lines) if target in line), 0)
            refs.append((offset, target, is_cite))
    return problems, refs, converted
