"""The content model's building blocks: dates (cross-checked with the ``edtf`` library), ranks, and the seed content."""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path

import pytest
from conftest import run_cli
from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

from generator.model.dates import DateError, parse_date
from generator.model.ranks import _QUALIFIERS, accepted_names, by_name, find_rank, table

REPO = Path(__file__).resolve().parent.parent
D = datetime.date


# --- dates -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "earliest", "latest", "described", "precision"),
    [
        ("2012", D(2012, 1, 1), D(2012, 12, 31), "2012", "year"),
        ("2012-07", D(2012, 7, 1), D(2012, 7, 31), "July 2012", "month"),
        ("2012-02", D(2012, 2, 1), D(2012, 2, 29), "February 2012", "month"),  # leap year
        ("2011-02", D(2011, 2, 1), D(2011, 2, 28), "February 2011", "month"),
        ("2012-07-03", D(2012, 7, 3), D(2012, 7, 3), "3 July 2012", "day"),
        ("2012~", D(2012, 1, 1), D(2012, 12, 31), "about 2012", "year"),
        ("2012-07~", D(2012, 7, 1), D(2012, 7, 31), "about July 2012", "month"),
        ("2012-07-03~", D(2012, 7, 3), D(2012, 7, 3), "about 3 July 2012", "day"),
        ("2012?", D(2012, 1, 1), D(2012, 12, 31), "2012 (uncertain)", "year"),
        ("2012-07?", D(2012, 7, 1), D(2012, 7, 31), "July 2012 (uncertain)", "month"),
        ("2012-07-03?", D(2012, 7, 3), D(2012, 7, 3), "3 July 2012 (uncertain)", "day"),
        ("2012%", D(2012, 1, 1), D(2012, 12, 31), "about 2012 (uncertain)", "year"),
        ("2012-07-03%", D(2012, 7, 3), D(2012, 7, 3), "about 3 July 2012 (uncertain)", "day"),
        ("2011-12-16/2012-01-06", D(2011, 12, 16), D(2012, 1, 6), "between 16 Dec 2011 and 6 Jan 2012", "interval"),
        ("2012-06/2012-07", D(2012, 6, 1), D(2012, 7, 31), "between Jun 2012 and Jul 2012", "interval"),
        ("2011/2012", D(2011, 1, 1), D(2012, 12, 31), "between 2011 and 2012", "interval"),
        ("2012-07~/2012-08?", D(2012, 7, 1), D(2012, 8, 31), "between about Jul 2012 and Aug 2012 (uncertain)", "interval"),
        ("2012-07-03/2012-07-03", D(2012, 7, 3), D(2012, 7, 3), "between 3 Jul 2012 and 3 Jul 2012", "interval"),
        (" 2012-07 ", D(2012, 7, 1), D(2012, 7, 31), "July 2012", "month"),
    ],
)
def test_every_accepted_date_form(text, earliest, latest, described, precision):
    date = parse_date(text)
    assert (date.earliest, date.latest) == (earliest, latest)
    assert date.describe() == described
    assert date.precision == precision
    assert date.is_interval == ("/" in text)
    assert date.sort_key == (earliest, latest)
    assert str(date) == text.strip()


@pytest.mark.parametrize(
    ("text", "approximate", "uncertain"),
    [("2012", False, False), ("2012~", True, False), ("2012?", False, True), ("2012%", True, True), ("2012~/2013?", True, True), ("2012/2013~", True, False)],
)
def test_date_qualifiers(text, approximate, uncertain):
    date = parse_date(text)
    assert (date.approximate, date.uncertain) == (approximate, uncertain)


@pytest.mark.parametrize(
    ("value", "text", "earliest", "latest"),
    [
        (2012, "2012", D(2012, 1, 1), D(2012, 12, 31)),  # an unquoted year is a YAML int
        (D(2012, 7, 3), "2012-07-03", D(2012, 7, 3), D(2012, 7, 3)),  # an unquoted date is a YAML date
        (datetime.datetime(2012, 7, 3, 10, 30), "2012-07-03", D(2012, 7, 3), D(2012, 7, 3)),
    ],
)
def test_dates_from_yaml_values(value, text, earliest, latest):
    date = parse_date(value)
    assert (str(date), date.earliest, date.latest) == (text, earliest, latest)


def test_month_key():
    assert parse_date("2012-07-03").month_key == "2012-07"
    assert parse_date("2012-07").month_key == "2012-07"
    assert parse_date("2012-07-01/2012-07-20").month_key == "2012-07"
    assert parse_date("2012").month_key is None
    assert parse_date("2012-06/2012-07").month_key is None


def _accepted_forms():
    """Every shape we accept: each precision with each qualifier, and intervals between them."""
    bases = [f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")
             for y, m, d in [(2012, None, None), (2012, 2, None), (2012, 2, 29), (2011, 12, 31), (2000, 2, 29), (1900, 1, 1), (2099, 12, 31)]]
    points = [b + q for b in bases for q in ("", "~", "?", "%")]
    pairs = [("", ""), ("~", "?"), ("%", ""), ("?", "%"), ("", "~")]
    intervals = [f"{a}{qa}/{b}{qb}" for a, b in itertools.product(bases, bases) for qa, qb in pairs
                 if parse_date(a).earliest <= parse_date(b).latest]
    return points + intervals


def _edtf_bounds(text):
    parsed = parse_edtf(text)
    return D(*parsed.lower_strict()[:3]), D(*parsed.upper_strict()[:3])


def test_every_accepted_date_form_is_valid_edtf_with_the_same_bounds():
    forms = _accepted_forms()
    assert len(forms) > 100
    for text in forms:
        date = parse_date(text)  # accepted by us
        assert _edtf_bounds(text) == (date.earliest, date.latest), text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("July 2012", "'July 2012' is not a date"),
        ("3 July 2012", "'3 July 2012' is not a date"),
        ("12-07-2012", "'12-07-2012' is not a date"),
        ("2012/07/03", "'2012/07/03' is not an interval of two dates: '07/03' is not a date ('/' separates the start and the end; write a day as year-month-day, 2012-07-03)"),
        ("03/07/2012", "'03/07/2012' is not an interval of two dates: '03' is not a date ('/' separates the start and the end; write a day as year-month-day, 2012-07-03)"),
        ("2012-7-3", "'2012-7-3' is not a date"),
        ("2012-13", "'2012-13' has no month 13"),
        ("2012-00", "'2012-00' has no month 00"),
        ("2011-02-29", "'2011-02-29' has no day 29 in February 2011"),
        ("2012-04-31", "'2012-04-31' has no day 31 in April 2012"),
        ("0000", "'0000' is outside the years the archive records, 1900 to 2099 (a typo in the year?)"),
        ("0000-01-01", "'0000-01-01' is outside the years the archive records, 1900 to 2099 (a typo in the year?)"),
        ("1899-12-31", "'1899-12-31' is outside the years the archive records, 1900 to 2099 (a typo in the year?)"),
        ("2100", "'2100' is outside the years the archive records, 1900 to 2099 (a typo in the year?)"),
        ("2012-08/2012-07", "'2012-08/2012-07' ends before it starts"),
        ("2012/", "'2012/' is not an interval of two dates: '' is not a date ('/' separates the start and the end; write a day as year-month-day, 2012-07-03)"),
        ("../2012", "'../2012' is not an interval of two dates: '..' is not a date ('/' separates the start and the end; write a day as year-month-day, 2012-07-03)"),
        ("2012~~", "'2012~~' is not a date"),
        ("~2012", "'~2012' is not a date"),
        ("2012-XX", "'2012-XX' is not a date"),
        ("2012-21", "'2012-21' has no month 21"),  # an EDTF season, not accepted
        ("", "'' is not a date"),
        (12345, "'12345' is not a date"),
        (-44, "'-44' is not a date"),
        (True, "expected a date, got bool"),
        (None, "expected a date, got NoneType"),
        (2012.5, "expected a date, got float"),
    ],
)
def test_bad_dates(value, message):
    with pytest.raises(DateError) as err:
        parse_date(value)
    assert str(err.value) == message


@pytest.mark.parametrize("text", ["July 2012", "3 July 2012", "2012-13", "2012-04-31", "12-07-2012", "2012~~", "2012-7-3"])
def test_forms_we_refuse_are_not_valid_edtf_either(text):
    with pytest.raises(EDTFParseException):
        parse_edtf(text)


# --- ranks -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("written", "rank"),
    [
        # canonical English names, any case and spacing
        ("Colonel", "Colonel"), ("colonel", "Colonel"), ("  BRIGADIER   GENERAL ", "Brigadier General"), ("Field Marshal", "Field Marshal"),
        ("Staff Sergeant", "Staff Sergeant"), ("Private", "Private"), ("Lieutenant-Colonel", "Lieutenant Colonel"),
        # Arabic
        ("عقيد", "Colonel"), ("عميد", "Brigadier General"), ("لواء", "Major General"), ("عماد أول", "Colonel General"), ("عماد", "General"),
        ("ملازم أول", "First Lieutenant"), ("ملازم", "Lieutenant"), ("مساعد أول", "Chief Warrant Officer"), ("جندي", "Private"),
        ("ملازم اول", "First Lieutenant"), ("العقيد", "Colonel"),  # alef without hamza; with the article
        # abbreviations and other renderings
        ("Col.", "Colonel"), ("Col", "Colonel"), ("Brig. Gen.", "Brigadier General"), ("brig gen", "Brigadier General"), ("BG", "Brigadier General"),
        ("Lt. Col.", "Lieutenant Colonel"), ("LTC", "Lieutenant Colonel"), ("Maj. Gen.", "Major General"), ("Lt. Gen.", "General"),
        ("Lieutenant General", "General"), ("Capt.", "Captain"), ("1st Lt.", "First Lieutenant"), ("2nd Lt.", "Lieutenant"),
        ("S/Sgt", "Staff Sergeant"), ("Sgt.", "Sergeant"), ("Pvt.", "Private"), ("Soldier", "Private"), ("FM", "Field Marshal"),
        ("Gen. (1st class)", "Colonel General"),
        # qualifiers do not change the rank
        ("عقيد ركن", "Colonel"), ("عميد ركن", "Brigadier General"), ("العميد الركن", "Brigadier General"), ("لواء ركن", "Major General"),
        ("Staff Colonel", "Colonel"), ("Colonel (staff)", "Colonel"), ("Brig. Gen. (staff)", "Brigadier General"),
    ],
)
def test_rank_forms(written, rank):
    found = find_rank(written)
    assert found is not None, written
    assert found.name == rank


@pytest.mark.parametrize("written", ["Colnel", "Admiral", "staff", "ركن", "", "General Major Colonel", "العقيد الأول"])
def test_unknown_ranks(written):
    assert find_rank(written) is None


def test_every_form_in_the_table_finds_its_own_rank():
    for rank in table():
        for form in (rank.name, rank.ar, *rank.also):
            assert find_rank(form) == rank, form


def test_ranks_are_ordered_highest_first():
    names = [r.name for r in table()]
    assert names == accepted_names()
    assert names[0] == "Field Marshal"
    assert names[-1] == "Private"
    assert [r.order for r in table()] == list(range(len(names)))
    chain = ["Field Marshal", "Colonel General", "General", "Major General", "Brigadier General", "Colonel", "Lieutenant Colonel",
             "Major", "Captain", "First Lieutenant", "Lieutenant", "Warrant Officer", "Sergeant", "Corporal", "Private"]
    orders = [by_name(n).order for n in chain]
    assert orders == sorted(orders)
    assert by_name("Brigadier General").order < by_name("Colonel").order
    assert sorted(["Colonel", "Major General", "Captain"], key=lambda n: by_name(n).order) == ["Major General", "Colonel", "Captain"]


def test_every_rank_has_an_arabic_name_and_no_form_is_shared():
    seen = {}
    for rank in table():
        assert rank.ar and all("\u0600" <= ch <= "\u06ff" or ch == " " for ch in rank.ar), rank
        for form in (rank.name, rank.ar, *rank.also):
            key = form.casefold().replace(".", "").strip()
            assert seen.setdefault(key, rank.name) == rank.name, f"{form!r} is both {seen[key]} and {rank.name}"
    assert "staff" in _QUALIFIERS and "ركن" in _QUALIFIERS


# --- the seed content ----------------------------------------------------------

SEED_COUNTS = {"people": 19, "units": 14, "events": 11, "sources": 5}


def test_seed_content_passes_check_with_its_exact_counts():
    content = REPO / "content"
    on_disk = {folder: len([p for p in (content / folder).glob("*.md") if not p.name.endswith(".ar.md")]) for folder in SEED_COUNTS}
    result = run_cli("check", "--content", str(content))
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == f"OK: {on_disk['people']} people, {on_disk['units']} units, {on_disk['events']} events, {on_disk['sources']} sources\n"
    # the five seed articles and what was drawn from them (update when content is added)
    assert on_disk == SEED_COUNTS, "the seed content changed: update SEED_COUNTS"


def test_check_writes_nothing_into_the_seed_content():
    content = REPO / "content"

    def snapshot():
        return {str(p.relative_to(content)): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(content.rglob("*")) if p.is_file()}

    before = snapshot()
    assert run_cli("check", "--content", str(content)).returncode == 0
    assert snapshot() == before


# --- field names -------------------------------------------------------------

def test_no_field_is_named_like_a_dict_method():
    """Templates read fields as ``d.name`` and render.site._Environment looks the key up first:
    a field called ``items`` or ``get`` would hide the method that templates call."""
    from test_fuzz import NAMES  # every field name of every kind

    assert len(NAMES) > 40
    assert not {n for n in NAMES if hasattr(dict, n)}
