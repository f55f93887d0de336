"""What MkDocs needs to publish the site in several languages: each edition's navigation and site name, and its twins.

MkDocs builds one site with one navigation and one theme language; the archive's editions
(:data:`~generator.render.language.LANGUAGES`) share that build. The English navigation of
``mkdocs.yml`` is copied for each other edition with its titles translated and each page
replaced by its twin; hand-written pages must have their twins too.
"""

from __future__ import annotations

import copy

from mkdocs.structure.nav import Link, Navigation, Section

from ..render.language import LANGUAGES, Language, twin


class Untranslated(ValueError):
    """A word of ``mkdocs.yml`` that the edition's catalogue does not translate."""


def missing_twin(files) -> str | None:
    """What is wrong when a hand-written page lacks its twin in an edition (docs/about.md, docs/ar/about.md), else None."""
    pages = {f.src_uri for f in files.documentation_pages()}
    for path in sorted(pages):
        for lang in LANGUAGES:
            if twin(path, lang) not in pages:
                return (f"the docs folder has {path} but not {twin(path, lang)}: every page needs its twin in the "
                        f"{lang.name} edition (a short page that says it is not translated yet will do)")
    return None


def navigation(nav: Navigation, lang: Language, files) -> Navigation:
    """The edition's navigation: ``nav`` itself in English, else a copy with translated titles and each page's twin."""
    if lang.source:
        return nav
    items = _translated(nav.items, lang, files)
    pages = [item for item in _walk(items) if not isinstance(item, (Section, Link))]
    for before, page, after in zip([None, *pages], pages, [*pages[1:], None]):
        page.previous_page, page.next_page = before, after
    out = Navigation(items, pages)
    out.homepage = files.get_file_from_path(twin(nav.homepage.file.src_uri, lang)).page  # MkDocs marks one home page
    return out


def site_config(config, lang: Language):
    """What the theme reads of the site (its name and description), in the edition's language."""
    if lang.source:
        return config
    localized = copy.copy(config)
    localized["site_name"] = _translation(config.site_name, lang, "site_name")
    if config.site_description:
        localized["site_description"] = _translation(config.site_description, lang, "site_description")
    return localized


def _translation(text: str, lang: Language, where: str) -> str:
    translated = lang.gettext(text)
    if translated == text:
        raise Untranslated(f"mkdocs.yml: the {where} '{text}' has no {lang.name} translation in generator/render/locale/"
                           f"{lang.code}/LC_MESSAGES/messages.po (run `defections catalogue`, then translate it)")
    return translated


def _translated(items, lang: Language, files) -> list:
    out = []
    for item in items:
        if isinstance(item, Section):
            section = Section(_translation(item.title, lang, "nav title"), _translated(item.children, lang, files))
            for child in section.children:
                child.parent = section
            out.append(section)
        elif isinstance(item, Link):
            out.append(Link(_translation(item.title, lang, "nav title"), item.url))
        else:
            page = files.get_file_from_path(twin(item.file.src_uri, lang)).page
            page.title = _translation(item.title, lang, "nav title")
            out.append(page)
    return out


def _walk(items):
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _walk(item.children)
