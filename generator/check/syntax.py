"""The body's own syntax: ``[[id]]``/``[[id|label]]`` links and ``[@id, locator]`` citations."""

from __future__ import annotations

import bisect
import re

# Ids and labels never contain '[': that keeps these patterns linear on runs of brackets.
WIKILINK = re.compile(r"\[\[\s*([^\[\]|\s]+)\s*(?:\|([^\[\]]*))?\]\]")
CITE = re.compile(r"\[@\s*([^\[\],\u060c\s]+)\s*(?:[,\u060c]\s*([^\[\]]*))?\]")  # a Latin or an Arabic comma before the locator
RAW_HTML = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9-]*(?:[\s/>]|$)|/[a-zA-Z]|!--|\?|!\[CDATA)")
# A fenced code block as Python-Markdown's fenced_code reads it: the fence at the start of a
# line, nothing after it but a language or {attributes}, closed by the same fence.
FENCE_OPEN = re.compile(r"(~{3,}|`{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*)$")
INLINE_CODE = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)")


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
    """The body's lines with fenced code blocks blanked out (only fences that are closed)."""
    lines = body.split("\n")
    closers: dict[str, list[int]] = {}
    for j, line in enumerate(lines):
        closers.setdefault(line.rstrip(" "), []).append(j)
    out = list(lines)
    i = 0
    while i < len(lines):
        match = FENCE_OPEN.match(lines[i])
        if match:
            after = closers.get(match[1], [])
            k = bisect.bisect_right(after, i)
            if k < len(after):
                close = after[k]
                out[i : close + 1] = [""] * (close + 1 - i)
                i = close + 1
                continue
        i += 1
    return out
