"""A tiny HTML tree for tests, built with the standard library's html.parser.

``parse(text)`` returns the root :class:`Node`; ``select``-like lookups are plain
methods (``find_all(tag, cls=..., **attrs)``) so no extra dependency is needed.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

BLOCK = {"p", "div", "li", "td", "th", "tr", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table",
         "thead", "tbody", "section", "aside", "figure", "figcaption", "blockquote", "pre", "hr"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None" = None, line: int = 0):
        self.tag, self.attrs, self.parent, self.line = tag, attrs, parent, line
        self.children: list[Node | str] = []

    # --- lookups -------------------------------------------------------------
    def get(self, name: str, default=None):
        return self.attrs.get(name, default)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def _match(self, tag, cls, attrs) -> bool:
        if tag and self.tag != tag:
            return False
        if cls and cls not in self.classes:
            return False
        return all(self.attrs.get(k.rstrip("_")) == v if v is not True else k.rstrip("_") in self.attrs for k, v in attrs.items())

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["Node"]:
        return [n for n in self.iter() if n._match(tag, cls, attrs)]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs) -> "Node | None":
        return next((n for n in self.iter() if n._match(tag, cls, attrs)), None)

    def one(self, tag: str | None = None, cls: str | None = None, **attrs) -> "Node":
        found = self.find(tag, cls, **attrs)
        assert found is not None, f"no <{tag or '*'} class={cls!r} {attrs}> inside <{self.tag}>"
        return found

    def following(self, tag: str | None = None, cls: str | None = None) -> "Node | None":
        """The next sibling element (optionally of a tag/class)."""
        siblings = [c for c in self.parent.children if isinstance(c, Node)]
        for sib in siblings[siblings.index(self) + 1:]:
            if sib._match(tag, cls, {}):
                return sib
        return None

    # --- text ----------------------------------------------------------------
    def raw_text(self) -> str:
        inner = "".join(c if isinstance(c, str) else c.raw_text() for c in self.children)
        return f" {inner} " if self.tag in BLOCK else inner

    @property
    def text(self) -> str:
        """Text content with whitespace collapsed (headerlink ¶ removed)."""
        return " ".join(self.raw_text().replace("\u00b6", " ").split())

    def links(self) -> list[tuple[str, str]]:
        return [(a.get("href"), a.text) for a in self.find_all("a")]

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.stack[-1], self.getpos()[0])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.stack[-1], self.getpos()[0])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(text: str) -> Node:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root


_CACHE: dict[Path, Node] = {}


def page(site: Path, url: str) -> Node:
    """The parsed page at a site-relative directory URL such as ``people/manaf-tlass/``."""
    path = Path(site) / url
    if url.endswith("/") or not url:
        path = path / "index.html"
    if path not in _CACHE:
        _CACHE[path] = parse(path.read_text(encoding="utf-8"))
    return _CACHE[path]


def article(site: Path, url: str) -> Node:
    """The page's main content (Material's ``<article>``)."""
    return page(site, url).one("article")


def section(root: Node, heading_id: str) -> list[Node]:
    """Elements after the h2 with ``heading_id`` up to the next h2."""
    h2 = root.one("h2", id=heading_id)
    out, started = [], False
    for child in h2.parent.children:
        if child is h2:
            started = True
            continue
        if started and isinstance(child, Node):
            if child.tag == "h2":
                break
            out.append(child)
    return out
