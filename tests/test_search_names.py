"""Name folding (generator/model/names.py): spellings of one name meet, different names stay apart.

"Meet" means what search needs: every word of one spelling shares a term with the other spelling.
The browser's copy is checked against this module in tests/test_search.py.
"""

from __future__ import annotations

import json

import pytest

from generator.search import names_script
from generator.model.names import SKELETON_RULES, skeleton, tables, terms, tokens


def meet(a: str, b: str) -> bool:
    theirs = set(terms(b))
    words = [w for w in tokens(a) if terms(w)]
    return bool(words) and all(set(terms(w)) & theirs for w in words)


@pytest.mark.parametrize("a, b", [
    # vowels
    ("Mustafa", "Mostafa"), ("Mustafa", "Moustafa"), ("Riad", "Riyad"), ("Riad", "Riyadh"), ("Suhair", "Suheir"),
    ("Rustom", "Rostom"), ("Mohammed", "Muhammad"),
    # doubled or single consonants
    ("Bakkour", "Bakour"), ("Khalouf", "Khallouf"), ("Hassan", "Hasan"), ("Ojjeh", "Ojeh"),
    # French and English renderings
    ("Shabiha", "Chabiha"), ("Jamil", "Djamil"), ("Walid", "Oualid"), ("Shehadeh", "Chehadé"), ("Mustafa", "Moustapha"),
    # q, k, g
    ("Qassem", "Kassem"), ("Qarfa", "Garfa"), ("Gaddafi", "Qadhafi"),
    # final -a, -ah, -eh, -e
    ("Hamada", "Hamadeh"), ("Hamade", "Hamadah"), ("Ghazala", "Ghazaleh"),
    # ee/i, ay/ai/ei, oo/u
    ("Samir", "Sameer"), ("Sayda", "Saida"), ("Seif", "Sayf"), ("Khalouf", "Khaloof"),
    # apostrophes, ayn and hamza marks, diacritics
    ("Said", "Sa'id"), ("Said", "Saʿīd"), ("Said", "Sa´id"), ("Merei", "Mer'i"), ("Riad Hijab", "Riyāḍ Ḥijāb"), ("Daraa", "Darʿa"),
    # articles, assimilated or joined
    ("al-Assad", "Assad"), ("el-Assad", "al Assad"), ("Alassad", "Assad"), ("ash-Sheikh", "Sheikh"), ("ad-Din", "al-Din"),
    # hyphens, spacing and Abd compounds
    ("Abdel Razzak", "Abdulrazzak"), ("Abdel Razzak", "Abd al-Razzaq"), ("Abdel-Basset", "Abdulbaset"),
    # Arabic: hamza forms of alef, ى/ي, ة/ه, ؤ/و, ئ/ي, tatweel, vowel marks and shadda, the article, digits
    ("الأتاسي", "الاتاسي"), ("إبراهيم", "ابراهيم"), ("آمنة", "امنه"), ("مصطفى", "مصطفي"), ("حمادة", "حماده"),
    ("مؤمن", "مومن"), ("هيئة", "هييه"), ("طلاس", "طـلاس"), ("رُسْتُم", "رستم"), ("محمّد", "محمد"), ("الشبيحة", "شبيحة"),
    ("عبد الرزاق", "عبدالرزاق"), ("٢٢٧", "227"), ("۲۲۷", "227"),
    # Persian and Kurdish letters, alef wasla; invisible format characters; compatibility forms
    ("علی", "علي"), ("کمال", "كمال"), ("حمادە", "حمادة"), ("ٱلأتاسي", "الأتاسي"), ("Mo\u00adhammed", "Mohammed"),
    ("محم\u200cد", "محمد"), ("Ｓａ＇ｉｄ", "Said"), ("𝐌𝐚𝐧𝐚𝐟", "Manaf"), ("ℌassan", "Hassan"),
])
def test_spellings_meet(a, b):
    assert meet(a, b) and meet(b, a), (terms(a), terms(b))


@pytest.mark.parametrize("a, b", [
    ("Tlass", "Atassi"), ("Riad", "Ziad"), ("Khalouf", "Haddad"), ("Bakkour", "Nashar"), ("Ghazali", "Hijab"),
    ("Manaf", "Firas"), ("طلاس", "الأتاسي"), ("Khaled", "Haled"),
])
def test_different_names_stay_apart(a, b):
    assert not meet(a, b), (terms(a), terms(b))


def test_terms_and_skeletons():
    assert terms("Mustafa Tlass") == ["mustafa", "~mstf", "tlass", "~tls"]
    assert terms("Abd al-Razzaq") == ["abd", "~abd", "razzaq", "~rzk"]
    assert terms("عبد الله") == ["عبد", "الله"]  # an article is kept when too little would be left
    assert terms("Al-Atassi, Suhair!") == ["atassi", "~ats", "suhair", "~shr"]
    assert skeleton("oualid") == skeleton("walid") == "wld"
    assert skeleton("omar") == skeleton("umar") == "amr"  # a leading vowel counts, whichever it is
    assert terms("") == terms(" - , ; ") == terms("al el") == []
    assert terms("Brigade 227") == ["brigade", "~brkd", "227"]


def test_the_rules_work_in_every_browser():
    """No lookbehind (Safari before 16.4 refuses the whole script) and no backreferences."""
    for pattern, replacement in SKELETON_RULES:
        assert "(?<" not in pattern and "\\" not in replacement and "$" not in replacement, pattern


def test_the_browser_copy_carries_the_tables():
    script = names_script()
    assert "/* tables */" not in script
    assert json.dumps(tables(), ensure_ascii=False) in script
