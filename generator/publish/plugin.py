"""MkDocs glue: run the generator core at build time and hand MkDocs its pages.

Pages are added as generated files (nothing is written into the docs folder)
whose HTML the core renders, so MkDocs never parses it as Markdown; ``mkdocs
serve`` watches the content folder and the templates.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from html import escape, unescape
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from mkdocs.config import config_options as c
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from ..errors import ContentError
from ..export import build_time, content_version, export_files, listing
from ..load.dating import history
from ..pipeline import GraphBuilder, build_graph
from ..render.feeds import FEEDS, TYPES, Feed
from ..render.language import ENGLISH, LANGUAGES, language_of, twin
from ..render.page import page_meta
from ..render.site import TEMPLATES, Options, Site
from ..render.urls import page_url
from ..render.snippets import json_data
from ..search import SCRIPT, STYLE, assets
from ..search.documents import INDEX, entry_document, index_script, page_document
from . import editions, offline
from .output import check_output_folder, stage, swap_in


class DefectionsConfig(Config):
    content = c.Type(str, default="content")
    offline_copies = c.Type(str, default="dist")  # folder whose newest offline copy (zip) the home page links ("" for none)
    archive = c.Deprecated(moved_to="offline_copies")  # its old name
    offline = c.Type(bool, default=False)  # building the offline copy (set by `defections offline`)
    rows_per_page = c.Type(int, default=Options.rows_per_page)  # an index list longer than this gets a page per group


log = get_plugin_logger("defections")

LATER, LATER_END = "<!-- dfx:content -->", "<!-- /dfx:content -->"  # the place on_post_page puts a page's content


class DefectionsPlugin(BasePlugin[DefectionsConfig]):
    """Adds every entry page and index page of the archive to the MkDocs build."""

    _site: Site | None = None

    def content_dir(self, config) -> Path:
        return (Path(config.config_file_path).parent / self.config.content).resolve()

    provenance: dict | None = None  # set by the offline build: what its home page says it was built from
    online_url: str | None = None  # set by the offline build: the site's address online, which its copy cites (its own config has none)
    _command: str | None = None
    _staging: Path | None = None
    _site_dir: str | None = None
    _built = False
    graphs: GraphBuilder | None = None  # set by a preview: builds the graph again reading only what changed

    def on_startup(self, command, dirty):
        self._command = None if dirty else command

    def on_config(self, config):
        if self.config.rows_per_page < 1:
            raise PluginError(f"defections: rows_per_page must be a whole number of at least 1, not {self.config.rows_per_page}")
        if self._command == "build":  # build beside the site folder; swapped in only if the whole build succeeds
            try:
                check_output_folder(Path(config.site_dir), keep=(self.content_dir(config),))
            except OSError as err:
                raise PluginError(f"{config.site_dir}: {err.strerror}") from None
            self._site_dir, self._built = config.site_dir, False
            self._staging = stage(Path(config.site_dir))
            config.site_dir = str(self._staging)
        if self.config.offline:  # file URLs
            config.use_directory_urls = False
        if STYLE not in config.extra_css:
            config.extra_css.append(STYLE)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            script = ExtraScriptValue(SCRIPT)
            script.defer = True
            config.extra_javascript.append(script)
        return config

    def _offline_files(self, files, config) -> dict | None:
        """Offline: none. Online: publish the newest offline copy, if any, and return its link."""
        if self.config.offline:
            for name in offline.RESERVED:
                if files.get_file_from_path(name) is not None:
                    raise PluginError(f"the docs folder has a file {name}, which the offline copy adds itself; rename it")
            return None
        latest = offline.latest_copy(Path(config.config_file_path).parent / self.config.offline_copies) if self.config.offline_copies else None
        if latest is None:
            return None
        link = offline.download(latest)
        files.append(File.generated(config, link["file"], abs_src_path=str(latest)))
        return link

    def on_pre_build(self, config):
        # Load and check the content here, before MkDocs empties the site folder: content that
        # fails to load never costs the last good site (on_files runs after the cleaning).
        try:
            self._graph = self.graphs.build() if self.graphs else build_graph(self.content_dir(config))
        except ContentError as err:
            raise PluginError("the content has problems:\n" + "\n".join(str(p) for p in err.problems)) from None

    def on_files(self, files, config):
        graph, content = self._graph, self.content_dir(config)
        log = history(content)
        version = content_version(content, log)
        site_url = (self.online_url if self.config.offline else config.site_url) or None
        exports = export_files(graph, built=build_time(content), base_url=site_url, history=log, version=version)
        site = Site(graph, Options(directory_urls=config.use_directory_urls, site_name=config.site_name,
                                      offline_copy=self._offline_files(files, config), downloads=listing(exports), data_version=version,
                                      provenance=self.provenance if self.config.offline else None,
                                      rows_per_page=self.config.rows_per_page, history=log,
                                      commit_url=commit_url(config.edit_uri), site_url=site_url,
                                      online_directory_urls=True if self.config.offline else config.use_directory_urls))
        for name, data in exports.items():
            files.append(File.generated(config, f"data/{name}", content=data))
        self.feeds = {} if log is None else {lang.code: Feed(site, lang) for lang in LANGUAGES}
        for feed in self.feeds.values():
            for name, data in feed.files().items():
                if files.get_file_from_path(name) is not None:
                    raise PluginError(f"the docs folder has a file {name}, which the archive's feed is; remove it")
                files.append(File.generated(config, name, content=data))
        indexes = {lang.path(INDEX): b"" for lang in LANGUAGES}  # written when every page is known
        for name, data in {**assets(), **indexes}.items():
            if files.get_file_from_path(name) is not None:
                raise PluginError(f"the docs folder has a file {name}, which search needs; remove it")
            if name not in indexes:
                files.append(File.generated(config, name, content=data))
        self._site, self._files = site, files
        self._documents = {lang.code: {} for lang in LANGUAGES}  # each edition's search documents, by page address
        for entry in graph.entries.values():
            self.index_entry(entry)
        self.shown: dict[str, frozenset[str]] = {}  # what each generated page showed when it was last rendered (a preview reads it)
        missing = editions.missing_twin(files)
        if missing:
            raise PluginError(missing)
        for page in site.specs:
            if files.get_file_from_path(page) is not None:
                raise PluginError(f"the docs folder has a file {page}, which the archive generates; remove it")
            files.append(File.generated(config, page, content=""))  # the core renders it; see on_page_content
        for entry in graph.entries.values():
            self.edit_link(entry, config)
        return files

    @property
    def site(self) -> Site:
        """The site being built (a preview reads it)."""
        return self._site

    @property
    def files(self):
        """MkDocs' files of the build (a preview adds and removes entry pages)."""
        return self._files

    def use(self, site: Site) -> None:
        """Render from now on from ``site`` (a preview's, after an edit)."""
        self._site, self._graph = site, site.graph

    def index_entry(self, entry, removed: bool = False) -> None:
        """Put an entry's search documents (one an edition) in the search index, or take them out if it is no longer
        searched or ``removed``."""
        for lang in LANGUAGES:
            url = page_url(lang.path(entry.page), self._site.options.directory_urls)
            if not removed and self._site.specs[lang.path(entry.page)].search:
                self._documents[lang.code][url] = entry_document(entry, self._site.options.directory_urls, lang)
            else:
                self._documents[lang.code].pop(url, None)

    def on_nav(self, nav, config, files):
        """Each edition gets the navigation of the English one (``nav`` in mkdocs.yml), and the site's name, in its language."""
        self.nav = nav
        try:
            self._navs = {lang.code: editions.navigation(nav, lang, files) for lang in LANGUAGES}
            self._configs = {lang.code: editions.site_config(config, lang) for lang in LANGUAGES}
        except editions.Untranslated as err:
            raise PluginError(str(err)) from None
        return nav

    def on_env(self, env, config, files):
        env.globals["_"] = ENGLISH.gettext  # the theme's own pages are English; an edition's pages get theirs (on_page_context)
        env.globals["dfx_editions"] = LANGUAGES  # the one not-found page speaks every edition's language
        self.env = env
        return env

    def on_page_context(self, context, page, config, nav):
        """The page's edition: its language's words, navigation and site name, and its twins in the other editions."""
        lang = language_of(page.file.src_uri)
        context.update(_=lang.gettext, dfx_lang=lang.code, nav=self._navs[lang.code], config=self._configs[lang.code],
                       dfx_index=lang.path(INDEX), dfx_prefix=lang.prefix, dfx_home=page.file.src_uri == lang.path("index.md"))
        twins = []
        for other in LANGUAGES:
            file = self._files.get_file_from_path(twin(page.file.src_uri, other))
            twins.append({"lang": other.code, "name": other.name, "dir": other.dir, "url": file.url, "current": other is lang})
        context["dfx_twins"] = twins
        linked_data = page.meta.get("linked_data") if self._generated(page) else None  # never a hand-written page's front-matter
        context["dfx_linked_data"] = json_data(linked_data) if linked_data else None
        feed = self.feeds.get(lang.code)
        context["dfx_feeds"] = [{"type": TYPES[kind], "url": lang.path(name), "title": feed.title} for kind, name in FEEDS.items()] if feed else []
        return context

    def edit_link(self, entry, config) -> None:
        """Point the entry's pages' edit links at its content file (an Arabic page at the entry's Arabic text
        where it has one); index pages keep none.

        MkDocs appends this path to ``edit_uri`` (the repository's docs folder),
        so a path relative to the docs folder reaches ``content/``.
        """
        docs, content = Path(config.docs_dir).resolve(), self.content_dir(config)
        for lang in LANGUAGES:
            page = self._files.get_file_from_path(lang.path(entry.page))
            name = f"{entry.id}.ar.md" if not lang.source and entry.path_ar else f"{entry.id}.md"
            page.edit_uri = Path(os.path.relpath(content / entry.folder / name, docs)).as_posix()

    def on_pre_page(self, page, config, files):
        if page.edit_url and "/../" in page.edit_url:  # docs/../content/x.md -> content/x.md
            parts = urlsplit(page.edit_url)
            page.edit_url = urlunsplit(parts._replace(path=posixpath.normpath(parts.path)))
        return page

    def _generated(self, page) -> str | None:
        path = page.file.src_uri
        return path if self._site is not None and path in self._site.specs else None

    def on_page_markdown(self, markdown, page, config, files):
        path = self._generated(page)
        if path:  # front-matter values straight from the core, without a YAML round trip
            page.meta = page_meta(self._site.specs[path].meta())
        return markdown

    def on_page_content(self, html, page, config, files):
        """Generated pages skip MkDocs' Markdown: the core renders their HTML.

        A page with a table of contents is rendered now, for its headings. Every other page
        (every entry page) gets a placeholder with its heading now, and its content is rendered and put in place
        when the page is written (``on_post_page``), so that only one such page is in memory at
        a time. Every page but an entry's gets its search document here (entries: ``on_files``).
        """
        path = self._generated(page)
        spec = self._site.specs[path] if path else None
        if spec is not None and not spec.toc:
            out = f"{LATER}<h1>{escape(spec.title)}</h1>{LATER_END}"  # a heading, or the theme would add its own
        elif spec is not None:
            rendered = self._site.page(path)
            self.shown[path] = rendered.shown
            page.toc = get_toc([{"level": 2, "id": id, "name": name, "children": []} for id, name in rendered.contents])
            out = rendered.html
        else:
            out = html
        if spec is None:  # a hand-written page, unless it opts out by MkDocs' convention
            title = unescape(page.title or config.site_name)
            searched = not (isinstance(page.meta.get("search"), dict) and page.meta["search"].get("exclude"))
        else:
            title, searched = spec.title, spec.search and "e" not in spec.context
        documents = self._documents[language_of(page.file.src_uri).code]
        if searched:
            documents[page.url] = page_document(page.url, title, _headings(page.toc))
        elif spec is None or "e" not in spec.context:
            documents.pop(page.url, None)
        return out

    def on_post_page(self, output, page, config):
        lang = language_of(page.file.src_uri)
        output = output.replace(f'<html lang="{lang.code}"', f'<html lang="{lang.code}" dir="{lang.dir}"', 1)  # the theme sets dir on <body> only
        output = _unindented(output)
        start = output.find(LATER)
        if start < 0 or not self._generated(page):
            return output
        end = output.index(LATER_END, start) + len(LATER_END)
        rendered = self._site.page(page.file.src_uri)
        self.shown[rendered.path] = rendered.shown
        return output[:start] + rendered.html + output[end:]

    def on_build_error(self, error):
        self._built = False

    def on_shutdown(self):
        """Swap the finished build in; a failed one (content, templates, strict warnings) leaves the old site."""
        if self._staging is None:
            return
        staging, self._staging = self._staging, None
        if self._built:
            swap_in(staging, Path(self._site_dir))
            log.info(f"The finished build replaced {self._site_dir}")
        else:
            log.info(f"The build failed: {self._site_dir} is left as it was")
            shutil.rmtree(staging, ignore_errors=True)

    def on_post_build(self, config):
        self.write_search_index(config)
        self._built = True  # strict mode may still abort after this; on_build_error then undoes it

    def write_search_index(self, config) -> None:
        """Each edition's search index, of the documents collected so far."""
        for lang in LANGUAGES:
            index = Path(config.site_dir) / lang.path(INDEX)
            index.parent.mkdir(parents=True, exist_ok=True)
            index.write_text(index_script(list(self._documents[lang.code].values()), lang), "utf-8")

    def on_serve(self, server, config, builder):
        server.watch(str(self.content_dir(config)))
        server.watch(str(TEMPLATES))
        return server


PREFORMATTED = re.compile(r"(<(pre|textarea)[\s>].*?</\2>)", re.S | re.I)


def _unindented(html: str) -> str:
    """The theme's page without the indentation and the blank lines of its template (a fifth of a page), but in
    ``<pre>`` and ``<textarea>``: a line break then spaces and line breaks renders as the line break alone."""
    parts = PREFORMATTED.split(html)
    # split() gives text, then each match's two groups (the element, its tag name): leave those as they are
    return "".join(part if i % 3 else re.sub(r"\n\s+", "\n", part) for i, part in enumerate(parts) if i % 3 != 2)


def _headings(toc) -> list[str]:
    """Every heading of a table of contents, in order, as text (MkDocs gives them HTML-escaped)."""
    return [unescape(text) for item in toc for text in (item.title, *_headings(item.children))]


def commit_url(edit_uri: str | None) -> str | None:
    """Where a commit of the repository can be read ({commit} for its hash), from a GitHub or GitLab ``edit_uri``
    (https://github.com/owner/name/edit/main/docs/); ``None`` for any other."""
    match = re.match(r"(https://(?:github\.com|gitlab\.com)/[^/]+/[^/]+?)(?:/-)?/edit/", edit_uri or "")
    return f"{match[1]}/commit/{{commit}}" if match else None

