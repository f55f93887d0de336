"""Render the linked graph into pages: front-matter values plus finished HTML.

Every value from front-matter reaches a page through an autoescaping Jinja
template (or a snippet that escapes as the templates do); bodies arrive already
converted and sanitized by the checker (:mod:`generator.model.body`) and only their
links and citations are filled in here. :mod:`.lists` registers the index pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import jinja2

from ..link.graph import Graph
from ..model.dates import parse_date
from ..model.kinds import KINDS
from .context import PageContext
from .language import LANGUAGES, Language
from .lists import index_pages
from .metadata import EntryMetadata, wikidata_url
from .page import Page, PageSpec, describe_entry, entry_title
from .snippets import Snippets
from .sizes import human_size
from .urls import page_url

TEMPLATES = Path(__file__).parent / "templates"  # the Jinja templates (a preview server watches them)


@dataclass
class Options:
    """How pages are built: URL style and what the site links to."""

    directory_urls: bool = True
    site_name: str = "Syrian Defections Archive"
    offline_copy: dict | None = None  # {"file", "name", "size"} of the newest offline copy, to link from the home page
    provenance: dict | None = None  # in an offline copy: {"commit", "date", "uncommitted"} it was built from, on its home page
    rows_per_page: int = 100  # the most rows an index page lists before the list is split
    downloads: list = field(default_factory=list)  # the data files the download page lists (generator.export.listing)
    data_version: dict | None = None  # the commit and date the data files are made from (generator.export.data_version)
    history: dict | None = None  # each content file's commits, newest first (generator.load.dating.history); None: no history
    commit_url: str | None = None  # where a commit can be read, with {commit} for its hash
    site_url: str | None = None  # the site's address online, for permanent links ("https://example.org/archive/"); None: unknown
    online_directory_urls: bool = True  # whether the site online has page/ addresses rather than page.html (an offline copy has the latter)


class _Compiled(jinja2.BytecodeCache):
    """The compiled templates, kept while the process runs: a preview makes a new :class:`Site` after every edit, and
    compiling them again took a quarter of a second. A template whose source changed is compiled again (Jinja
    compares checksums)."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED = _Compiled()


class _Environment(jinja2.Environment):
    """Templates read front-matter values as ``d.name``: look such a key up first.

    Jinja tries an attribute before a key, so every ``d.name`` on a plain dict raised and
    caught an AttributeError, and an absent field a KeyError too (1.8 million lookups at
    10,000 entries). Keys never shadow dict methods: no field is called ``get``, ``items``...
    """

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            if attribute in obj:
                return obj[attribute]
            if not hasattr(dict, attribute):  # an absent field
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


class Specs(Mapping):
    """Every page of a site by source path, in a stable order: each edition has the same paths under its prefix.

    An entry page's spec is made when it is first asked for and the index pages' when one of them is, so that a
    preview can render one edited page without making the site's twenty thousand others.
    """

    def __init__(self, site: Site):
        self._site = site
        self._entries = {lang.path(e.page): (e, lang) for lang in LANGUAGES for e in site.graph.entries.values()}
        self._made: dict[str, PageSpec] = {}
        self._paths: list[str] | None = None

    def __getitem__(self, path: str) -> PageSpec:
        spec = self._made.get(path)
        if spec is None:
            if path in self._entries:
                spec = self._made[path] = self._site.entry_spec(*self._entries[path])
            else:
                spec = self._site.index_specs[path]
        return spec

    def __contains__(self, path) -> bool:
        return path in self._entries or path in self._site.index_specs

    def __iter__(self):
        if self._paths is None:
            self._paths = sorted({*self._entries, *self._site.index_specs})
            _distinct_addresses(self._paths)
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._entries) + len(self._site.index_specs)


def _distinct_addresses(pages: list[str]) -> None:
    """The checker's reserved ids keep entries off generated addresses: make sure."""
    for directory_urls in (True, False):
        urls: dict[str, str] = {}
        for page in pages:
            url = page_url(page, directory_urls)
            if urls.setdefault(url, page) is not page:
                raise ValueError(f"the pages {urls[url]} and {page} have the same address {url!r}")


class Site:
    """Builds every page of the site, in every language, from a :class:`Graph`."""

    def __init__(self, graph: Graph, options: Options | None = None):
        self.graph = graph
        self.options = options or Options()
        self.relations = graph.relations
        self.snippets = {lang.code: Snippets(lang) for lang in LANGUAGES}
        self.envs = {lang.code: self._environment(lang) for lang in LANGUAGES}

    def _environment(self, lang: Language) -> jinja2.Environment:
        """The templates' environment for one language: its catalogue, its snippets, its dates."""
        env = _Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.ChainableUndefined,
            auto_reload=False,  # a Site lives for one build, or for one edit in a preview
            bytecode_cache=COMPILED,
            extensions=["jinja2.ext.i18n"],
        )
        env.install_gettext_callables(lang.gettext, lang.ngettext, newstyle=True)
        env.globals.update(site=self, graph=self.graph, rel=self.relations, kinds=KINDS, lang=lang, **self.snippets[lang.code].globals)
        env.filters["when"] = lang.date
        env.globals["wikidata_url"] = wikidata_url
        env.globals["day"] = lambda iso: lang.date(parse_date(iso))  # a day written YYYY-MM-DD, as readers of the language write it
        env.filters["size"] = lambda size: human_size(size, lang.gettext("bytes"))
        return env

    @cached_property
    def specs(self) -> Specs:
        """Every page of the site, not yet rendered, by source path (see :class:`Specs`)."""
        return Specs(self)

    def entry_spec(self, entry, lang: Language) -> PageSpec:
        """An entry's page in an edition, not yet rendered."""
        # do no harm: a private individual is not found by name, on the site or by search engines
        return PageSpec(f"{entry.kind}.html.j2", entry_title(entry, lang), {"e": entry, "d": entry.data},
                        description=describe_entry(entry, lang), search=not entry.private,
                        robots="noindex" if entry.private else None, lang=lang.code, metadata=self.metadata(entry, lang))

    @cached_property
    def index_specs(self) -> dict[str, PageSpec]:
        """Every page that is not an entry's, in every edition, by source path."""
        return {lang.path(path): spec for lang in LANGUAGES for path, spec in index_pages(self, lang).items()}

    def absolute(self, path: str) -> str | None:
        """The site's address of ``path`` (a URL path in the site, "ar/feed.xml"); ``None`` when the site's address is unknown."""
        return self.options.site_url.rstrip("/") + "/" + path if self.options.site_url else None

    def address(self, entry, lang: Language) -> str | None:
        """An entry page's permanent address in an edition; ``None`` when the site's address is unknown."""
        return self.absolute(page_url(lang.path(entry.page), self.options.online_directory_urls))

    def metadata(self, entry, lang: Language) -> EntryMetadata:
        """What reference managers, search engines and feed readers read of an entry's page in an edition."""
        return EntryMetadata(entry, lang, lang.gettext(self.options.site_name), self.address, self.graph.get,
                             self.changes(entry), at_address=self.options.directory_urls == self.options.online_directory_urls)

    def changes(self, entry) -> tuple | None:
        """The commits that touched the entry's files (its text in every language), newest first, each with its
        ``date``; ``None`` when the build has no history to read."""
        if self.options.history is None:
            return None
        names = (f"{entry.folder}/{entry.id}.md", f"{entry.folder}/{entry.id}.ar.md")
        seen = {c.commit: c for name in names for c in self.options.history.get(name, ())}
        return tuple(sorted(seen.values(), key=lambda c: c.time, reverse=True))

    def page(self, path: str) -> Page:
        """One page, rendered."""
        spec = self.specs[path]
        context = PageContext(self.graph, path, self.options.directory_urls, self.snippets[spec.lang])
        html = self.envs[spec.lang].get_template(spec.template).render(p=context, **spec.context)
        return Page(path, spec, html, context.headings, frozenset(context.shown))

    def pages(self) -> dict[str, str]:
        """Every page of the site as Markdown (front-matter and HTML): ``{source path: text}``, in a stable order."""
        return {path: self.page(path).text for path in self.specs}
