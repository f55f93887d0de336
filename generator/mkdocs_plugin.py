"""MkDocs glue: run the generator core at build time and hand MkDocs its pages.

Pages are added as generated files (nothing is written into the docs folder),
and ``mkdocs serve`` watches the content folder and the templates.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from .errors import ContentError
from .render import Options, Site
from .validate import load


class DefectionsConfig(Config):
    content = c.Type(str, default="content")
    edit_root = c.Type(str, default="content")


class DefectionsPlugin(BasePlugin[DefectionsConfig]):
    """Adds every entry page and index page of the archive to the MkDocs build."""

    def _content_dir(self, config) -> Path:
        return (Path(config.config_file_path).parent / self.config.content).resolve()

    def on_files(self, files, config):
        try:
            archive = load(self._content_dir(config))
        except ContentError as err:
            raise PluginError("the content has problems:\n" + "\n".join(str(p) for p in err.problems)) from None
        site = Site(archive, Options(directory_urls=config.use_directory_urls, site_name=config.site_name))
        for page, text in site.pages().items():
            if files.get_file_from_path(page) is not None:
                raise PluginError(f"the docs folder has a file {page}, which the archive generates; remove it")
            files.append(File.generated(config, page, content=text))
        return files

    def on_serve(self, server, config, builder):
        server.watch(str(self._content_dir(config)))
        server.watch(str(Path(__file__).parent / "templates"))
        return server
