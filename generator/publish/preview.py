"""A contributor's live preview: the whole site built once, then after each edit only the pages the edit changed.

The first build is MkDocs' own, in this process, so that its state (files, navigation, theme) stays at hand. After
an edit to the content, :class:`Preview` checks the content again reading only the changed files, links the new graph,
and re-renders, through the same MkDocs steps, first the edited entry's pages, then every page whose content the
linked graph says may have changed (:mod:`.affected`). The data files are made again in a separate process, which
a newer edit stops. A change to the templates, the hand-written pages or mkdocs.yml rebuilds the whole site.

What the folder holds once :meth:`Preview.settle` returns is what a full build of the same files writes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import signal
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page, build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..errors import ContentError, Problem
from ..export import content_version, listing
from ..load.dating import source_commit
from ..model.kinds import KIND_OF_FOLDER
from ..pipeline import GraphBuilder
from ..render.feeds import Feed
from ..render.language import LANGUAGES
from ..render.site import TEMPLATES, Site
from ..render.urls import page_url
from .output import MARKER
from .affected import Edit, affected_pages
from .plugin import DefectionsPlugin

KEPT = 1000  # versions whose changed pages are remembered: a page read before those reloads on the next change


class Preview:
    """The site of one project, kept built in a folder of ``folder`` (:attr:`site_dir`) while its files change."""

    def __init__(self, config_file: Path, folder: Path):
        self.config_file, self.folder = Path(config_file).resolve(), Path(folder)
        self.site_dir = self.folder / "0"  # the folder served: each whole build goes into a new one, swapped in when it is done
        self.problems: list[Problem] = []  # what the last check of the content found; [] when the site is up to date
        self.version = 0  # counts the changes to the folder (and to the problems) readers may need to reload for
        self.changed: dict[int, set[str] | None] = {}  # per version: the page addresses it changed; None: every page
        self.ready = threading.Condition()
        self._exports: subprocess.Popen | None = None
        self._exports_dir: Path | None = None
        self._collect = False  # whether an edit left garbage to collect
        self.last: dict = {}  # what the last edit took: seconds to its entry's pages ("first") and to all ("rest"), pages rendered
        self.config, self.plugin = None, None  # MkDocs' config and our plugin, as the last whole build that worked left them
        self.content: Path | None = None  # the content folder, once the config is read
        self._graphs: GraphBuilder | None = None  # its graph, built again after each edit
        self._whole = True  # whether the next edit needs a whole build (none yet, or the last one failed)
        self._head: str | None = None  # the commit the site's history was read at
        self._pages: list[File] | None = None  # MkDocs' pages, as a page's template gets them

    # --- what the watcher sees -------------------------------------------------------------------------------

    def watched(self) -> list[Path]:
        """The folders and files whose changes the preview shows (the repository's own folder, for commits)."""
        root = self.config_file.parent
        if self.config is None:
            return [self.config_file]
        theme = self.config.theme.custom_dir
        return [p for p in (self.content, Path(self.config.docs_dir), TEMPLATES, Path(theme) if theme else None, self.config_file,
                            root / ".git") if p is not None]

    def update(self, paths: set[Path]) -> bool:
        """Show the edit of ``paths`` (files that were written, added, moved or deleted); ``False`` if there was none to show."""
        paths = {Path(p).resolve() for p in paths}
        git = self.config_file.parent / ".git"
        if paths and all(p.is_relative_to(git) for p in paths) and source_commit(self.config_file.parent) == self._head:
            return False  # git at work, but no new commit
        # The collector would walk the whole graph again and again (a second at 10,000 entries); it runs in between edits.
        gc.disable()
        try:
            content = self.content is not None and all(p.is_relative_to(self.content) for p in paths)
            if content and not self._whole and source_commit(self.config_file.parent) == self._head:
                self._update_content(paths)
            else:  # the theme, the hand-written pages, the configuration or the history changed: everything may have
                self.build(paths)
        except Exception as err:  # noqa: BLE001 - whatever went wrong, the next edit starts from a whole build
            self._whole = True
            self._failed([Problem(self.config_file.name, 0, "", f"the preview could not show the edit: {type(err).__name__}: {err}")])
        finally:
            gc.enable()
            self._collect = True
        return True

    # --- building ----------------------------------------------------------------------------------------------

    def build(self, changed: set[Path] = frozenset()) -> None:
        """Build the whole site (at the start, and after a change outside the content) into a new folder, and serve it
        once it is done; if it fails, the last good site stays, with the problems on its pages."""
        self._stop_exports()
        self.last = {}
        self._whole = True
        try:
            config = load_config(str(self.config_file), site_dir=str(self.folder / str(self.version + 1)), strict=False)
        except MkDocsException as err:
            return self._failed([Problem(self.config_file.name, 0, "", str(err))])
        plugin = next((p for p in config.plugins.values() if isinstance(p, DefectionsPlugin)), None)
        if plugin is None:
            return self._failed([Problem(self.config_file.name, 0, "plugins", "no defections plugin (expected it in plugins:)")])
        if self.content != plugin.content_dir(config):  # else the files read last time are not read again
            self.content, self._graphs = plugin.content_dir(config), GraphBuilder(plugin.content_dir(config))
        plugin.graphs = self._graphs
        try:
            plugin.graphs.build(changed)  # the problems, one by one; MkDocs would only give them as one message
        except ContentError as err:
            return self._failed(err.problems)
        head, site_dir = source_commit(self.config_file.parent), Path(config.site_dir)
        try:
            build(config)
        except Exception as err:  # noqa: BLE001 - a template or a hand-written page that does not build: said on the pages
            shutil.rmtree(site_dir, ignore_errors=True)
            return self._failed([Problem(self.config_file.name, 0, "", f"the site does not build: {type(err).__name__}: {err}")])
        old, self.site_dir = self.site_dir, site_dir
        self.config, self.plugin, self._head, self._whole, self._pages = config, plugin, head, False, None
        self.problems = []
        self._changed(None)
        shutil.rmtree(old, ignore_errors=True)

    def _update_content(self, paths: set[Path]) -> None:
        plugin, config = self.plugin, self.config
        started = time.monotonic()
        self._stop_exports()
        try:
            graph = plugin.graphs.build(paths)
        except ContentError as err:
            return self._failed(err.problems)
        was_failing, old = bool(self.problems), plugin.site
        edit = Edit(old.graph, graph)
        options = dataclasses.replace(old.options, data_version=content_version(self.content, old.options.history))
        if not edit.changed and options == old.options:  # saved as it was
            self.problems, self.last = [], {"first": time.monotonic() - started, "pages": 0, "rest": time.monotonic() - started}
            return self._changed(None) if was_failing else None
        site = Site(graph, options)
        plugin.use(site)
        for id in edit.removed:
            self._remove([lang.path(old.graph.entries[id].page) for lang in LANGUAGES])
        for id in edit.added:
            self._add([lang.path(graph.entries[id].page) for lang in LANGUAGES])
        first = [lang.path(graph.entries[id].page) for id in edit.changed if id in graph.entries for lang in LANGUAGES]
        for id in edit.changed & graph.entries.keys():  # an Arabic text added or removed moves an Arabic page's edit link
            plugin.edit_link(graph.entries[id], config)
        self._render(first)  # the edited entry's pages first, shown as soon as they are written
        self.problems = []  # error pages give way to the pages now written
        self._changed(None if was_failing else self._addresses(first))
        self.last = {"first": time.monotonic() - started, "pages": len(first)}
        rest = affected_pages(edit, old, site, plugin.shown) - set(first)
        if rest:  # a list that grew or shrank past a page's length has more or fewer pages
            gone = old.index_specs.keys() - site.index_specs.keys()
            self._remove(sorted(gone))
            self._add(sorted(site.index_specs.keys() - old.index_specs.keys()))
        self._render(sorted(rest))
        for id in edit.removed:
            plugin.index_entry(old.graph.entries[id], removed=True)
        for id in edit.changed & graph.entries.keys():
            plugin.index_entry(graph.entries[id])
        plugin.write_search_index(config)
        written = self._write_feeds(site)
        if rest:
            for template in config.theme.static_templates:  # the sitemap lists every page search engines may index
                _build_theme_template(template, plugin.env, Files(self._documentation_pages()), config, plugin.nav)
        self._changed(self._addresses(rest) | written)
        self.last.update(rest=time.monotonic() - started, pages=len(first) + len(rest))
        self._start_exports()

    def _failed(self, problems: list[Problem]) -> None:
        """Keep the last good pages; show the problems on the pages of the files that have them, and in the terminal."""
        self.problems = problems
        for problem in problems:
            print(f"problem: {problem}", file=sys.stderr, flush=True)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found: the preview shows the last good version "
              "of every other page", file=sys.stderr, flush=True)
        self._changed(None)

    def _render(self, paths) -> None:
        """Render generated pages through MkDocs, as a full build does, into the site folder."""
        config, plugin = self.config, self.plugin
        files, entries = plugin.files, plugin.site.specs
        if self._pages is None:
            self._pages = files.documentation_pages()
        for path in paths:
            file = files.get_file_from_path(path)
            # an entry page is in no navigation: made anew, it takes up its edit link as it is now
            page = Page(None, file, config) if file.page is None or path in entries and "e" in entries[path].context else file.page
            _populate_page(page, config, files)
            _build_page(page, config, self._pages, plugin.nav, plugin.env)

    def _documentation_pages(self) -> list[File]:
        """The pages, in a full build's order (which the sitemap keeps): the hand-written ones, then the generated ones
        (which makes every index page's spec: called once the edit needed them)."""
        files, specs = self.plugin.files, self.plugin.site.specs
        return [f for f in files.documentation_pages() if f.src_uri not in specs] + [files.get_file_from_path(path) for path in specs]

    def _add(self, paths) -> None:
        """New generated pages, for MkDocs; rendered later."""
        for path in paths:
            self.plugin.files.append(File.generated(self.config, path, content=""))
            self._pages = None

    def _remove(self, paths) -> None:
        """Generated pages that are gone, and their files."""
        for path in paths:
            file = self.plugin.files.get_file_from_path(path)
            self.plugin.files.remove(file)
            self._pages = None
            self.plugin.shown.pop(file.src_uri, None)
            dest = Path(file.abs_dest_path)
            dest.unlink(missing_ok=True)
            if dest.parent != self.site_dir and not any(dest.parent.iterdir()):
                dest.parent.rmdir()

    def _write_feeds(self, site: Site) -> set[str]:
        """Each edition's feeds again (an entry's name may have changed); the addresses of those that did."""
        if site.options.history is None:
            return set()
        written = set()
        self.plugin.feeds = {lang.code: Feed(site, lang) for lang in LANGUAGES}
        for feed in self.plugin.feeds.values():
            for name, data in feed.files().items():
                if _write_if_changed(self.site_dir / name, data.encode("utf-8") if isinstance(data, str) else data):
                    written.add(name)
        return written

    # --- the data files, made in another process ------------------------------------------------------------

    def _start_exports(self) -> None:
        self._exports_dir = self.folder / f"data-{self.version}"  # in the preview's own folder, as everything it writes
        self._exports_dir.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "generator", "export", "--content", str(self.content), "--output", str(self._exports_dir / "data")]
        if self.plugin.site.options.site_url:
            command += ["--base-url", self.plugin.site.options.site_url]
        with open(self._exports_dir / "log", "wb") as said:  # a session of its own: stopping it stops the workers it forks too
            self._exports = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=said, cwd=self.config_file.parent, start_new_session=True)

    def _stop_exports(self) -> None:
        if self._exports is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._exports.pid, signal.SIGKILL)
            self._exports.wait()
            self._exports = None
        if self._exports_dir is not None:
            shutil.rmtree(self._exports_dir, ignore_errors=True)
            self._exports_dir = None

    def poll(self, wait: bool = False) -> None:
        """Put the data files in place once their process is done (``wait``: wait for it), and the download page with them;
        then collect the last edit's garbage."""
        if self._exports is None or (not wait and self._exports.poll() is None):
            if self._exports is None and self._collect:
                self._collect = False
                gc.collect()
            return
        process, folder = self._exports, self._exports_dir / "data"
        process.wait()
        self._exports = None
        if process.returncode != 0:
            said = (self._exports_dir / "log").read_text("utf-8", "replace")[-2000:]
            print(f"the data files were not made again: {said}", file=sys.stderr, flush=True)
            return self._stop_exports()
        try:
            made = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MARKER}
            written = {f"data/{name}" for name, data in made.items() if _write_if_changed(self.site_dir / "data" / name, data)}
            site = self.plugin.site
            downloads = listing(made)
            if downloads != site.options.downloads:
                site = Site(site.graph, dataclasses.replace(site.options, downloads=downloads))
                self.plugin.use(site)
                pages = [lang.path("data/index.md") for lang in LANGUAGES]
                self._render(pages)
                written |= self._addresses(pages)
        except Exception as err:  # noqa: BLE001 - as in update(): said, and the next edit starts from a whole build
            self._whole = True
            return self._failed([Problem(self.config_file.name, 0, "", f"the data files could not be put in place: {type(err).__name__}: {err}")])
        finally:
            self._stop_exports()
        if written:
            self._changed(written)

    def close(self) -> None:
        """Stop making the data files (the preview is stopping)."""
        self._stop_exports()

    def settle(self) -> None:
        """Wait until the folder holds everything the last edit changes (the data files too)."""
        self.poll(wait=True)

    # --- telling readers --------------------------------------------------------------------------------------

    def _addresses(self, paths) -> set[str]:
        return {page_url(path, self.config.use_directory_urls) for path in paths}

    def _changed(self, addresses: set[str] | None) -> None:
        """A new version: ``addresses`` (site-relative) changed, or every page (``None``)."""
        with self.ready:
            self.version += 1
            self.changed[self.version] = addresses
            self.changed.pop(self.version - KEPT, None)
            self.ready.notify_all()

    def changed_since(self, version: int, address: str) -> bool:
        """Whether a page read at ``version`` has changed since (its address is site-relative; a version too old to
        know, or from before the server started, has)."""
        with self.ready:
            if version < self.version - KEPT + 1 or version > self.version:
                return True
            return any(changed is None or address in changed for v, changed in self.changed.items() if v > version)

    def errors_for(self, address: str) -> list[Problem]:
        """The problems to show instead of the page at ``address``: those of its entry's files, those in no entry's file on
        the home page, all of them while no site has been built."""
        if not self.problems:
            return []
        if self.plugin is None:
            return self.problems
        return [p for p in self.problems if address in _pages_of(p.path, self.config.use_directory_urls)]


def _pages_of(shown_path: str, directory_urls: bool) -> set[str]:
    """The addresses of the pages of the entry whose file a problem names (``content/people/x.md``); the home pages
    for a problem in no entry's file."""
    parts = shown_path.replace("\\", "/").split("/")
    if len(parts) >= 2 and parts[-2] in KIND_OF_FOLDER and parts[-1].endswith(".md"):
        id = parts[-1][:-3].removesuffix(".ar")
        return {page_url(lang.path(f"{parts[-2]}/{id}.md"), directory_urls) for lang in LANGUAGES}
    return {page_url(lang.path("index.md"), directory_urls) for lang in LANGUAGES}


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True
