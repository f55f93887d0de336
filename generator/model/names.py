"""When two spellings of a name are the same name: the folding search applies to what it
indexes and to what a reader types, in both scripts.

This module is the one definition: site search indexes and looks up names with it, and the
do-no-harm check (:mod:`generator.check.privacy`) finds a private individual's name with it.
The browser runs a copy of the same steps (``generator/search/assets/names.js``) fed with the
tables below (:func:`tables`); the test suite checks that both give the same terms for every
name in the seed content and the benchmark corpus and for every query of the search query set.

A text becomes *tokens* (:func:`tokens`): compatibility forms unfolded (NFKD), lower case,
accents, Arabic vowel and hamza marks and invisible format characters removed, apostrophes
and ayn marks dropped, Arabic and Persian letter variants and digits made one.
Each token becomes *terms* (:func:`expand`): the token itself, with the article taken off and
``Abd`` compounds split, and for Latin script its consonant *skeleton*, marked ``~``, in which
transliteration variants meet (Mustafa, Mostafa and Moustafa are all ``~mstf``).
"""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = "'`´‘’ʹʻʼʽʾʿˈ"  # apostrophes, ayn and hamza marks: "Sa'id" is "said"
# The hamza forms of alef, waw and ya lose their marks with the accents; these letters are made one besides:
# alef maqsura and ta marbuta, the tatweel, Persian ya and kaf, Kurdish he, alef wasla, and both sets of Arabic digits.
ARABIC_LETTERS = {"ى": "ي", "ة": "ه", "ـ": "", "ی": "ي", "ک": "ك", "ە": "ه", "ٱ": "ا",
                  **{digit: str(i) for i, digit in enumerate("٠١٢٣٤٥٦٧٨٩")}, **{digit: str(i) for i, digit in enumerate("۰۱۲۳۴۵۶۷۸۹")}}
LATIN_ARTICLES = ("al", "el", "il", "ul", "as", "ash", "ad", "adh", "an", "ar", "at", "ath", "az", "es", "esh", "ed", "en",
                  "er", "et", "ez")  # "al-Assad", "el Assad", "ash-Shami", "ad-Din": the article alone is dropped
# Applied in order to a Latin token for its skeleton; each is (pattern, replacement), valid in Python and
# JavaScript alike, so no lookbehind (older Safari lacks it) and no backreferences in replacements.
SKELETON_RULES = (
    ("^ou(?=[aeiy])", "w"),  # French "Oualid" is "Walid"
    ("ch", "sh"),  # French "Chehade" is "Shehadeh"
    ("dj", "j"),  # French "Djamil" is "Jamil"
    ("ph", "f"),
    ("kh", "K"),  # kh and gh stay apart from k and g
    ("gh", "G"),
    ("sh", "S"),
    ("th", "t"),
    ("dh", "d"),  # "Riyadh", "Kadhafi"
    ("ck", "k"),
    ("[qgc]", "k"),  # "Qassem", "Kassem", "Gassem"
    ("x", "ks"),
)
FINAL_H_AFTER = "aeiouy"  # after the rules, a final h after a vowel goes: "Hamadeh" is "Hamada"
VOWELS = "aeiouyw"  # inside a word, vowels and the glides between them vary the most between spellings
MIN_PART = 3  # "Abdulrazzak" splits into "abd" and "razzak" only if the rest is this long; likewise an article


def tables() -> dict:
    """Everything the browser's copy needs, as JSON-ready data."""
    return {"apostrophes": APOSTROPHES, "letters": ARABIC_LETTERS, "articles": LATIN_ARTICLES,
            "rules": [list(rule) for rule in SKELETON_RULES], "finalH": FINAL_H_AFTER, "vowels": VOWELS, "minPart": MIN_PART}


_RULES = [(re.compile(pattern), replacement) for pattern, replacement in SKELETON_RULES]
_DROP = re.compile(f"[{re.escape(APOSTROPHES)}]")
_TOKEN = re.compile(r"[^\W_]+")
_ABD = re.compile(r"^abd(?:[aeiou]l|[aeiou])?(.*)$")
_LATIN = re.compile(r"[a-z]")


def tokens(text: str) -> list[str]:
    """The words of ``text``, folded: ``"Al-Atassi, Suhair"`` -> ``["al", "atassi", "suhair"]``."""
    text = unicodedata.normalize("NFKD", _DROP.sub("", text)).lower()  # before NFKD too, which splits ´ into space and accent
    text = "".join(ARABIC_LETTERS.get(ch, ch) for ch in text if unicodedata.category(ch) not in ("Mn", "Cf"))
    return _TOKEN.findall(_DROP.sub("", text))


def skeleton(word: str) -> str:
    """A Latin word's consonants after the rules: ``moustafa`` -> ``mstf``, ``oualid`` -> ``wld``."""
    for pattern, replacement in _RULES:
        word = pattern.sub(replacement, word)
    if len(word) > 1 and word[-1] == "h" and word[-2] in FINAL_H_AFTER:
        word = word[:-1]
    word = _collapse(word)
    if not word:
        return ""
    head = "a" if word[0] in VOWELS[:5] else word[0]  # a leading vowel counts, whichever it is
    return _collapse(head + "".join(ch for ch in word[1:] if ch not in VOWELS))


def _collapse(word: str) -> str:
    """Doubled letters once: ``bakkour`` -> ``bakour``."""
    return "".join(ch for i, ch in enumerate(word) if i == 0 or ch != word[i - 1])


def _words(token: str) -> list[str]:
    """A token without its article, and an ``Abd`` compound in its two parts."""
    if token in LATIN_ARTICLES:
        return []
    if token.startswith("ال") and len(token) - 2 >= MIN_PART:
        return _words(token[2:])
    if token.startswith("عبد") and len(token) - 3 >= MIN_PART:
        return ["عبد", *_words(token[3:])]
    match = _ABD.match(token)
    if match:
        rest = match.group(1)
        return ["abd", *_words(rest)] if len(rest) >= MIN_PART else ["abd"]
    if token[:2] in ("al", "el") and len(token) - 2 >= MIN_PART:  # "Alassad", "Elhamade": the token and its name
        return [token, token[2:]]
    return [token]


def expand(token: str) -> list[str]:
    """The terms one token is indexed and searched under: its words, and their skeletons."""
    out: list[str] = []
    for word in _words(token):
        for term in (word, "~" + skeleton(word) if _LATIN.search(word) else ""):
            if term and term != "~" and term not in out:
                out.append(term)
    return out


def terms(text: str) -> list[str]:
    """Every term of ``text``, in order: what search indexes a name under, or looks a query up by."""
    return [term for token in tokens(text) for term in expand(token)]
