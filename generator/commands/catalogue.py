"""``defections catalogue``: bring each language's message catalogue up to date with every word the site writes.

:func:`messages` gathers them from the templates and the theme's overrides (``_``, ``ngettext``),
the Python code (``_``, ``N_``, ``gettext``, ``ngettext``), the words of the enumerated values
and data files, and the site's name, description, navigation titles and palette toggles in ``mkdocs.yml``.
:func:`update` brings a language's ``.po`` file up to date with them: new messages are added
untranslated, messages no longer used are marked obsolete, and a translator fills in the rest.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from ..export import FILES
from ..render.language import CATALOGUES, LANGUAGES, WORDS

GENERATOR = Path(__file__).parents[1]
OVERRIDES = GENERATOR.parent / "overrides"  # the theme's templates (the MkDocs publisher's)
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
CONFIG = GENERATOR.parent / "mkdocs.yml"


def _extracted() -> list[tuple[str, str | None, str]]:
    """``(msgid, plural or None, where)`` of every message written in code and templates."""
    found = []
    sources = [(p, "python") for p in sorted(GENERATOR.rglob("*.py"))]
    sources += [(p, "jinja2") for p in sorted((GENERATOR / "render" / "templates").glob("*.j2"))]
    sources += [(p, "jinja2") for p in sorted(OVERRIDES.rglob("*.html"))] if OVERRIDES.is_dir() else []
    for path, method in sources:
        options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"} if method == "jinja2" else {}
        method = "jinja2.ext:babel_extract" if method == "jinja2" else method
        for line, message, _comments, _context in extract_from_file(method, path, keywords=KEYWORDS, options=options):
            where = f"{path.relative_to(GENERATOR.parent)}:{line}"
            found.append((message[0], message[1], where) if isinstance(message, tuple) else (message, None, where))
    return found


def messages() -> dict[str, tuple[str | None, list[str]]]:
    """Every message: ``{msgid: (plural or None, [where it is used])}``, in a stable order."""
    out: dict[str, tuple[str | None, list[str]]] = {}
    dynamic = [(word, None, f"WORDS[{field!r}]") for field, words in WORDS.items() for word in words.values()]
    dynamic += [(description, None, f"export.FILES[{name!r}]") for name, (_format, description) in FILES.items()]
    dynamic += [(text, None, "mkdocs.yml") for text in config_words(CONFIG)]
    for msgid, plural, where in [*_extracted(), *dynamic]:
        if msgid:
            out.setdefault(msgid, (plural, []))[1].append(where)
    return out


def config_words(path: Path) -> list[str]:
    """The site's name and description, every navigation title and the palette toggles' names in an MkDocs configuration file."""
    if not path.is_file():
        return []
    config = yaml.load(path.read_text("utf-8"), Loader=_Loader) or {}
    words = [config[key] for key in ("site_name", "site_description") if config.get(key)]

    def titles(items) -> None:
        for item in items or ():
            if isinstance(item, dict):
                for title, value in item.items():
                    words.append(title)
                    titles(value if isinstance(value, list) else ())
    titles(config.get("nav"))
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    words += [o["toggle"]["name"] for o in theme.get("palette") or () if isinstance(o, dict) and (o.get("toggle") or {}).get("name")]
    return words


class _Loader(yaml.SafeLoader):
    """Reads an MkDocs configuration, whose tags (``!ENV``, ``!!python/name``) do not matter here."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def update(code: str) -> Path:
    """Bring a language's ``.po`` file up to date with :func:`messages`."""
    path = CATALOGUES / code / "LC_MESSAGES" / "messages.po"
    template = Catalog(project="Syrian Defections Archive", fuzzy=False)
    for msgid, (plural, where) in messages().items():
        template.add((msgid, plural) if plural else msgid, locations=[(w.rsplit(":", 1)[0], 0) for w in where[:3]])
    if path.exists():
        with open(path, "rb") as handle:
            catalog = read_po(handle, locale=code)
    else:
        catalog = Catalog(locale=code, project="Syrian Defections Archive", fuzzy=False)
    template.creation_date = catalog.creation_date  # the header changes only when the messages do
    catalog.update(template, no_fuzzy_matching=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=False, include_lineno=False)
    return path


def run(args) -> int:
    for lang in LANGUAGES[1:]:
        print(f"updated {update(lang.code).relative_to(GENERATOR.parent)}: translate its empty msgstr lines")
    return 0


def register(sub) -> None:
    cmd = sub.add_parser("catalogue", help="add every new interface message to the translation catalogues",
                         description="Gather every word the templates and the generator write and bring each language's catalogue "
                                     f"({CATALOGUES.relative_to(GENERATOR.parent)}/<language>/LC_MESSAGES/messages.po) up to date.")
    cmd.set_defaults(run=run)
