"""The offline build: the project's own MkDocs configuration with file URLs, search that works
from file://, and the build date pinned to the content date (:mod:`generator.load.dating`).

:mod:`.offline` packs what this builds.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .plugin import DefectionsPlugin


class OfflineBuildError(Exception):
    """The configuration is not one the offline build can use, or MkDocs failed."""


@contextmanager
def _source_date(epoch: int):
    """Pin MkDocs' build date (sitemap lastmod, gzip header) to the content date."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def _plugin(cfg) -> DefectionsPlugin:
    for plugin in cfg.plugins.values():
        if isinstance(plugin, DefectionsPlugin):
            return plugin
    raise OfflineBuildError(f"{cfg.config_file_path} does not use the defections plugin")


def content_folder(config_file: Path) -> Path:
    """The content folder a MkDocs config's defections plugin reads."""
    with _failures():
        cfg = load_config(str(config_file))
    return (Path(cfg.config_file_path).parent / _plugin(cfg).config.content).resolve()


def build_inputs(config_file: Path) -> list[Path]:
    """What a build reads besides Python packages: the content folder, the docs folder, the theme's custom folder
    and the config itself (the generator's own code is :data:`GENERATOR`)."""
    with _failures():
        cfg = load_config(str(config_file))
    custom = cfg.theme.custom_dir
    return [content_folder(config_file), Path(cfg.docs_dir), *([Path(custom)] if custom else []), Path(config_file)]


GENERATOR = Path(__file__).resolve().parent.parent  # checked for changes too when it is in the project's repository


def build_offline(config_file: Path, site_dir: Path, epoch: int, provenance: dict | None = None) -> str:
    """Build the file-URL site into ``site_dir``, its home page saying what it was built from
    (``provenance``: ``{"commit", "date", "uncommitted"}``); return the site name."""
    with _source_date(epoch), _failures():
        cfg = load_config(str(config_file), site_dir=str(site_dir), use_directory_urls=False)
        plugin = _plugin(cfg)
        plugin.config.offline = True
        plugin.provenance = provenance
        # Pages, citations and feeds name the online site's addresses (directory URLs); the copy's own links stay
        # relative, and MkDocs gives it no canonical links or sitemap addresses in the file-URL form, which exist nowhere.
        plugin.online_url, cfg["site_url"] = cfg["site_url"], None
        plugin.config.offline_copies = ""  # the copy does not contain (a link to) itself
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    return cfg.site_name


@contextmanager
def _failures():
    try:
        yield
    except MkDocsException as err:
        raise OfflineBuildError(f"the offline build failed: {err}") from None
