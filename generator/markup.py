"""The body's own syntax: ``[[id]]``/``[[id|label]]`` links and ``[@id, locator]`` citations."""

from __future__ import annotations

import re

WIKILINK = re.compile(r"\[\[\s*([^\]|\s]+)\s*(?:\|([^\]]*))?\]\]")
CITE = re.compile(r"\[@\s*([^\],\s]+)\s*(?:,\s*([^\]]*))?\]")
RAW_HTML = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9-]*[\s/>]|/[a-zA-Z]|!--|\?|!\[CDATA)")
FENCE = re.compile(r"^(```|~~~)")
INLINE_CODE = re.compile(r"`[^`]*`")


def references(body: str):
    """Yield ``(line_offset, id, is_citation)`` for every link and citation."""
    for offset, line in enumerate(_prose_lines(body)):
        line = INLINE_CODE.sub("", line)
        for match in WIKILINK.finditer(line):
            yield offset, match[1], False
        for match in CITE.finditer(line):
            yield offset, match[1], True


def raw_html_lines(body: str) -> list[int]:
    """Offsets of lines that hold raw HTML outside code (refused by policy)."""
    return [i for i, line in enumerate(_prose_lines(body)) if RAW_HTML.search(INLINE_CODE.sub("", line))]


def _prose_lines(body: str) -> list[str]:
    """The body's lines with fenced code blocks blanked out."""
    out, fenced = [], False
    for line in body.split("\n"):
        if FENCE.match(line.lstrip()):
            fenced = not fenced
            out.append("")
        else:
            out.append("" if fenced else line)
    return out
