"""Contributor Markdown to safe HTML: ``[[id]]`` links, ``[@id]`` citations, sanitized.

The body is converted here, not by MkDocs, so that contributor text is never
read as the site's own Markdown, never run through Jinja, and always passes
through the sanitizer before it reaches a page.

Each body is converted once, when it is checked, into a :class:`~generator.model.body.BodyHTML`:
sanitized HTML whose page-dependent parts (link hrefs and names, citation hrefs and numbers)
are tokens that each page fills in.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import INLINE_PLACEHOLDER_RE, AtomicString

from ..model.body import ADMONITION_TYPES, TOKEN, BodyHTML, sanitize, token_for
from .syntax import CITE, WIKILINK

EXTENSIONS = ["tables", "footnotes", "admonition", "sane_lists", "def_list", "abbr", "fenced_code"]

# A backslash-escaped character as Python-Markdown holds it until its last step ('\\*' -> STX 42 ETX).
_ESCAPED = re.compile("\x02([0-9]+)\x03")


class BodyProblem(ValueError):
    """Something in a body that the converter will not put on a page; :meth:`line` finds where it stands."""

    def __init__(self, message: str, *patterns: re.Pattern):
        super().__init__(message)
        self.patterns = patterns  # what the line looks like, most telling first

    def line(self, body: str) -> int:
        """The offset of the body line that the first pattern matches (0 when none does)."""
        lines = body.split("\n")
        for pattern in self.patterns:
            for offset, line in enumerate(lines):
                if pattern.search(line):
                    return offset
        return 0


class MisplacedReference(BodyProblem):
    """A ``[[id]]`` or ``[@id]`` that the converter put somewhere other than running text."""

    def __init__(self, id: str, is_cite: bool):
        self.id = id
        written = re.escape(("[@" if is_cite else "[[") + id)
        super().__init__(
            f"[[{id}]] or [@{id}] stands inside a link's address or title, an autolink, another link or a citation's "
            "locator (expected links and citations in running text; give a link its own words with [[id|words]])",
            re.compile(rf'(?:\]\(|<[a-zA-Z]+:|\]:|"|\[@[^\]]*|\]\]\().*{written}'), re.compile(written), re.compile(re.escape(id)))


class UnknownAdmonition(BodyProblem):
    def __init__(self, classes: str):
        super().__init__(f"'!!! {classes}' is not an admonition type (expected one of: {', '.join(ADMONITION_TYPES)}, "
                         "then an optional \"Title\")", re.compile(rf"!!! ?{re.escape(classes)}\b", re.I))


class ForgedToken(BodyProblem):
    def __init__(self):
        super().__init__("writes an invisible control character as a character reference, such as &#14; (expected visible text)",
                         re.compile(r"&#"))


class _Placement(Treeprocessor):
    """Refuse a reference anywhere but in running text: in an attribute, or inside another link.

    A token in an attribute would carry an entry's name into it (and a name such as
    ``x" onfocus="…`` or ``javascript:…`` with it); a link inside a link is not HTML.
    """

    def __init__(self, md, converter: "BodyConverter"):
        super().__init__(md)
        self.converter = converter

    def run(self, root):
        self._walk(root, None)

    def _walk(self, el, link) -> None:
        """Check ``el`` and its children; ``link`` is the ``a`` element around them, if any."""
        for name, value in el.attrib.items():
            token = TOKEN.search(value)
            if token and not (name == "href" and "data-dfx" in el.attrib and TOKEN.fullmatch(value)):
                raise self.converter.misplaced(token)
            for pattern, is_cite in ((WIKILINK, False), (CITE, True)):  # as in a reference definition: '[r]: [[id]]'
                written = pattern.search(value)
                if written:
                    raise MisplacedReference(written[1], is_cite)
        if el.tag == "div" and "admonition" in el.get("class", "").split():
            classes = " ".join(c for c in el.get("class").split() if c != "admonition")
            if classes not in ADMONITION_TYPES:
                raise UnknownAdmonition(classes)
        if el.tag == "a":
            ours = [a for a in (link, el) if a is not None and "data-dfx" in a.attrib]
            if link is not None and ours:
                raise self.converter.misplaced(TOKEN.search(ours[0].get("href")))
            link = el
        for child in el:
            self._walk(child, link)
        el.attrib.pop("data-dfx", None)


class _WikiLink(InlineProcessor):
    def __init__(self, converter: "BodyConverter"):
        super().__init__(WIKILINK.pattern, converter.md)
        self.converter = converter

    def handleMatch(self, m, data):
        href, name = self.converter.reference(m.group(1), False, None)
        el = etree.Element("a", {"href": href, "class": "dfx-link", "data-dfx": ""})
        label = (m.group(2) or "").strip()
        el.text = label or AtomicString(name)  # a contributor's label may hold Markdown; the name's token cannot
        if label:
            self.converter.unused.add(name)
        return el, m.start(0), m.end(0)


class _Citation(InlineProcessor):
    def __init__(self, converter: "BodyConverter"):
        super().__init__(CITE.pattern, converter.md)
        self.converter = converter

    def handleMatch(self, m, data):
        # What inline patterns met first in the locator stands in it as a placeholder: a link or citation
        # of ours is refused; anything else goes back to its text. Escapes stay until Python-Markdown's
        # last step in the title (as in a link's title), and are read as their characters in the locator.
        raw = (m.group(2) or "").strip()
        stash = self.md.treeprocessors["inline"].stashed_nodes
        for placeholder in INLINE_PLACEHOLDER_RE.finditer(raw):
            node = stash.get(placeholder[1])
            for el in node.iter() if isinstance(node, etree.Element) else ():
                if "data-dfx" in el.attrib:
                    raise self.converter.misplaced(TOKEN.search(el.get("href")))
        title = self.unescape(raw) or None
        locator = _ESCAPED.sub(lambda e: chr(int(e[1])), title) if title else None
        href, number = self.converter.reference(m.group(1), True, locator)
        sup = etree.Element("sup", {"class": "dfx-cite"})
        a = etree.SubElement(sup, "a", {"href": href, "data-dfx": ""})
        a.text = AtomicString(f"[{number}]")
        if title:
            a.set("title", title)
        return sup, m.start(0), m.end(0)


class _Headings(Treeprocessor):
    """The page owns the h1: shift the body's headings down one level."""

    def run(self, root):
        for el in root.iter():
            if el.tag in ("h1", "h2", "h3", "h4", "h5"):
                el.tag = "h" + str(int(el.tag[1]) + 1)


class _Prefiltered:
    """A pattern's regex, run only on text that holds the character it needs.

    Python-Markdown tries every inline pattern on every run of text, and a regex that begins
    with a look-behind is tried at every character; checking for the character costs far less.
    """

    def __init__(self, regex: re.Pattern, needs: str):  # needs: one character
        self.regex, self.needs = regex, needs

    def finditer(self, data: str, pos: int = 0):
        if self.needs in data:
            return self.regex.finditer(data, pos)
        return iter(())


# Inline patterns whose regexes begin with a look-behind, so that the regex engine tries them at
# every character, and the character each needs: code spans need a backtick (the escaped-
# backslash branch looks ahead for one too), reference and inline links a '['.
_NEEDS = {"backtick": "`", "reference": "[", "link": "[", "short_reference": "["}


class BodyConverter:
    """Converts bodies one after another into :class:`~generator.model.body.BodyHTML` s, reusing one Markdown instance."""

    def __init__(self):
        self.refs: list[tuple[str, bool, str | None]] = []
        self.unused: set[str] = set()  # text tokens of links that show a label instead
        self.md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
        # Priorities above 'link' (160) so that [[..]] and [@..] are not read as links.
        self.md.inlinePatterns.register(_WikiLink(self), "dfx_wikilink", 175)
        self.md.inlinePatterns.register(_Citation(self), "dfx_citation", 174)
        self.md.treeprocessors.register(_Headings(self.md), "dfx_headings", 5)
        self.md.treeprocessors.register(_Placement(self.md, self), "dfx_placement", 4)  # after inline patterns (20)
        # Raw HTML is refused by the checker; drop any that slips through rather than pass it on.
        self.md.preprocessors.deregister("html_block")
        self.md.inlinePatterns.deregister("html")
        for name, needs in _NEEDS.items():
            pattern = self.md.inlinePatterns[name]
            pattern.compiled_re = _Prefiltered(pattern.compiled_re, needs)

    def tokens(self) -> list[int]:
        """The tokens the converter put in the body it converted last, sorted."""
        unused = {int(TOKEN.fullmatch(token)[1]) for token in self.unused}
        return [i for i in range(2 * len(self.refs)) if i not in unused]

    def reference(self, id: str, is_cite: bool, locator: str | None) -> tuple[str, str]:
        """Record a reference; the tokens for its href and text."""
        index = 2 * len(self.refs)
        self.refs.append((id, is_cite, locator))
        return token_for(index), token_for(index + 1)

    def misplaced(self, token: re.Match) -> MisplacedReference:
        """The problem of the reference a token stands for, found out of place."""
        id, is_cite, _ = self.refs[int(token[1]) // 2]
        return MisplacedReference(id, is_cite)

    def compile(self, text: str) -> BodyHTML:
        """``text`` converted and sanitized, with tokens for its references (recorded in :attr:`refs`).

        Raises a :class:`BodyProblem` for what the converter will not put on a page.
        """
        self.refs, self.unused = [], set()
        self.md.reset()
        html = sanitize(self.md.convert(text))
        # Each token once, where the converter put it: the sanitizer turns a reference such as &#14;
        # into the character itself, which must not pass for a token.
        found, placed = sorted(int(m[1]) for m in TOKEN.finditer(html)), self.tokens()
        if found != placed:
            if len(set(found)) == len(found) and set(found) < set(placed):
                # only tokens went missing: a link around the reference took its text for an address ('[x]([[id|words]])')
                id, is_cite, _ = self.refs[min(set(placed) - set(found)) // 2]
                raise MisplacedReference(id, is_cite)
            raise ForgedToken()
        return BodyHTML(html, tuple(self.refs))

