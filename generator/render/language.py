"""The site's languages, defined once: English at the root, Arabic under ``ar/``, with the same paths.

Every word the generator writes is English in the code and templates and goes through a
language's catalogue (gettext, :data:`CATALOGUES`), which a translator reviews as a ``.po``
file (``defections catalogue`` adds new messages to it). Dates use the month names CLDR gives the language's region (Levantine months for
``ar_SY``); the words an enumerated field's values are shown as are listed in :data:`WORDS`.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cached_property
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from ..model.dates import ENGLISH as ENGLISH_DATES
from ..model.dates import Date, DateWords
from ..model.kinds import CATEGORIES, EVENT_KINDS, SIDES, SOURCE_KINDS, STANDINGS, UNIT_KINDS
from ..model.ranks import by_name
from ..model.rules import BASES, STATUSES

CATALOGUES = Path(__file__).parent / "locale"  # <code>/LC_MESSAGES/messages.po


def N_(message: str) -> str:
    """Marks a message for the catalogue without translating it here (it is translated where it is shown)."""
    return message


# How each value of an enumerated field reads in a sentence or a table cell.
WORDS = {
    "status": {
        "confirmed": N_("Confirmed"), "unconfirmed": N_("Unconfirmed"), "disputed": N_("Disputed"), "denied": N_("Denied"),
    },
    "basis": {
        "official": N_("official, on the record"), "named": N_("named source"), "anonymous": N_("unnamed source"),
        "self": N_("own announcement"), "outlet": N_("the outlet itself"),
    },
    "category": {
        "military": N_("military"), "security": N_("security"), "police": N_("police"), "political": N_("political"),
        "diplomatic": N_("diplomatic"), "judicial": N_("judicial"), "civilian": N_("civilian"),
    },
    "unit_kind": {
        "army": N_("army"), "air-force": N_("air force"), "navy": N_("navy"), "air-defence": N_("air defence"),
        "republican-guard": N_("republican guard"), "special-forces": N_("special forces"), "intelligence": N_("intelligence"),
        "security": N_("security"), "police": N_("police"), "militia": N_("militia"), "armed-opposition": N_("armed opposition"),
        "political": N_("political body"), "ministry": N_("ministry"), "government": N_("government body"), "judiciary": N_("judiciary"),
        "media": N_("media"), "other": N_("other"),
    },
    "side": {"government": N_("government"), "opposition": N_("opposition"), "other": N_("other")},
    "event_kind": {
        "defection": N_("defection"), "mass-defection": N_("mass defection"), "defection-claim": N_("defection claim"),
        "denial": N_("denial"), "attack": N_("attack"), "announcement": N_("announcement"), "other": N_("other"),
    },
    "source_kind": {
        "article": N_("article"), "report": N_("report"), "video": N_("video"), "statement": N_("statement"),
        "interview": N_("interview"), "social-media": N_("social media"), "other": N_("other"),
    },
    "standing": {"official": N_("official"), "public-figure": N_("public figure"), "private": N_("private individual")},
    "kind": {"person": N_("Person"), "unit": N_("Unit"), "event": N_("Event"), "source": N_("Source"), "page": N_("Page")},
    "kinds": {"person": N_("People"), "unit": N_("Units"), "event": N_("Events"), "source": N_("Sources")},
    "item": {"defection": N_("defection"), "event": N_("event"), "claim": N_("claim")},  # what a list row is
}
ENUMS = {"status": STATUSES, "basis": BASES, "category": CATEGORIES, "unit_kind": UNIT_KINDS, "side": SIDES,
         "event_kind": EVENT_KINDS, "source_kind": SOURCE_KINDS, "standing": STANDINGS}  # what WORDS must cover


@dataclass(frozen=True)
class Language:
    """One edition of the site: its code, direction, place and catalogue."""

    code: str  # BCP 47, as in lang=""
    name: str  # its own name, as the language switch shows it
    dir: str  # "ltr" or "rtl"
    prefix: str  # where its pages live: "" or "ar/"
    region: str | None  # the CLDR locale its month names come from (None: the model's English ones)
    catalogue: bool = False  # whether it has a catalogue (English is the catalogues' source language)

    @cached_property
    def _translations(self) -> gettext.NullTranslations:
        return translations(self.code) if self.catalogue else gettext.NullTranslations()

    @property
    def source(self) -> bool:
        """Whether this is the language the content and the code are written in (the other editions translate from it)."""
        return not self.catalogue

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._translations.ngettext(singular, plural, n)

    def word(self, field: str, value: str) -> str:
        """How a value of an enumerated field reads (``word("side", "government")``)."""
        return self.gettext(WORDS[field][value])

    def rank(self, name: str) -> str:
        """A rank's name in this language (the rank table holds both)."""
        return by_name(name).ar if self.code == "ar" else name

    def language_name(self, code: str) -> str:
        """The name, in this language, of the language a source is written in (its code, such as "en" or "ar-SY")."""
        try:
            return Locale.parse(code.replace("-", "_")).get_display_name(self.region or self.code) or code
        except (ValueError, UnknownLocaleError):
            return code

    def date(self, date: Date | None) -> str:
        """A date as readers of this language write it, keeping its precision."""
        return date.describe(self.date_words) if date else self.gettext("unknown")

    @cached_property
    def date_words(self) -> DateWords:
        if self.region is None:
            return ENGLISH_DATES
        months = get_month_names("wide", locale=self.region)
        short = get_month_names("abbreviated", locale=self.region)
        return DateWords([""] + [months[m] for m in range(1, 13)], [""] + [short[m] for m in range(1, 13)], about=self.gettext("about {date}"),
                         uncertain=self.gettext("{date} (uncertain)"), between=self.gettext("between {start} and {end}"))

    def path(self, page: str) -> str:
        """Where this edition's twin of ``page`` (a path of the English edition) lives."""
        return self.prefix + page


def translations(code: str) -> gettext.NullTranslations:
    """A language's catalogue, compiled in memory from its ``.po`` file (fuzzy entries left out)."""
    with open(CATALOGUES / code / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle, locale=code)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


ENGLISH = Language("en", "English", "ltr", "", None)
ARABIC = Language("ar", "العربية", "rtl", "ar/", "ar_SY", catalogue=True)
LANGUAGES = (ENGLISH, ARABIC)  # the first is the site's root


def language_of(path: str) -> Language:
    """The edition a page (by its source path) belongs to."""
    return next((lang for lang in LANGUAGES[1:] if path.startswith(lang.prefix)), ENGLISH)


def twin(path: str, lang: Language) -> str:
    """The path of ``path``'s page in edition ``lang``."""
    return lang.path(path[len(language_of(path).prefix):])
