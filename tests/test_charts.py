"""The build-time bar charts (issue 20): round ticks, geometry that stays on its axis and mirrors right
to left, what the two charts count, the timeline's chart as built, and its text readable on a phone."""

from __future__ import annotations

import random
from collections import Counter
from types import SimpleNamespace

import pytest

from conftest import REPO, Corpus, build_site, make_project, static_server
from htmltree import Node, article

from generator.model.dates import parse_date
from generator.pipeline import build_graph
from generator.render.chart_data import UNDATED, UNRECORDED, defections_by_year, defectors_by_body
from generator.render.charts import LABELS, PAD, STATUSES, WIDTH, stacked_bars, ticks
from generator.render.language import ARABIC, ENGLISH

# --- the ticks -------------------------------------------------------------------------


@pytest.mark.parametrize("largest, expected", [
    (0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (4, [0, 1, 2, 3, 4]), (5, [0, 2, 4, 6]), (8, [0, 2, 4, 6, 8]),
    (9, [0, 5, 10]), (20, [0, 5, 10, 15, 20]), (21, [0, 10, 20, 30]), (101, [0, 50, 100, 150]), (1234, [0, 500, 1000, 1500]),
])
def test_ticks(largest, expected):
    assert ticks(largest) == expected


def test_ticks_are_round_few_and_reach_the_largest():
    for largest in range(0, 20001):
        got = ticks(largest)
        step = got[1]
        assert got[0] == 0 and got[-1] >= largest and 2 <= len(got) <= 5, largest
        assert all(isinstance(t, int) for t in got) and got == [i * step for i in range(len(got))], largest
        assert str(step).rstrip("0") in ("1", "2", "5"), largest
        assert len(got) == 2 or got[-2] < largest, f"{largest}: a tick too many"


# --- the geometry ----------------------------------------------------------------------


def random_rows(rng: random.Random, n: int) -> list:
    return [(f"k{i}", "x" * rng.randint(1, 20), {s: rng.choice([0, 0, 1, 2, 7, 40, 300]) for s in rng.sample(STATUSES, rng.randint(0, 4))})
            for i in range(n)]


def test_bars_stay_on_the_axis_and_add_up():
    rng = random.Random(20)
    for _ in range(300):
        rows = random_rows(rng, rng.randint(1, 12))
        chart = stacked_bars(rows)
        start, end = chart.ticks[0].x, chart.ticks[-1].x
        assert start == chart.axis_x and 0 < chart.label_x < start < end < WIDTH == chart.width
        unit = (end - start) / chart.ticks[-1].value
        assert [r.key for r in chart.rows] == [k for k, _, _ in rows]
        for row, (_key, _label, counts) in zip(chart.rows, rows):
            assert row.total == sum(counts.values()) and row.counts == {s: counts.get(s, 0) for s in STATUSES}
            assert [s.status for s in row.segments] == [s for s in STATUSES if counts.get(s)]  # in order, from the axis out
            assert all(s.width > 0 for s in row.segments)
            before = 0
            for s in row.segments:  # each starts where the last ended, as long as its count says
                assert s.x == pytest.approx(start + before * unit, abs=0.15) and s.width == pytest.approx(s.count * unit, abs=0.15)
                before += s.count
            x = row.segments[-1].x + row.segments[-1].width if row.segments else start
            assert x <= end + 0.1, "a bar runs past the axis' last tick"
            assert x < row.total_x < WIDTH - len(str(row.total)) * 7, "the total is written after the bar, inside the chart"
            assert 0 < row.y < row.text_y < chart.bottom
        assert chart.statuses == tuple(s for s in STATUSES if any(c.get(s) for _, _, c in rows))
        assert chart.bottom < chart.tick_y < chart.height


def test_right_to_left_mirrors_everything():
    rng = random.Random(21)
    for _ in range(100):
        rows = random_rows(rng, rng.randint(1, 8))
        ltr, rtl = stacked_bars(rows), stacked_bars(rows, rtl=True)
        assert not ltr.rtl and rtl.rtl and (ltr.width, ltr.height) == (rtl.width, rtl.height)
        mirror = lambda x, w=0: WIDTH - x - w  # noqa: E731
        for a, b in zip(ltr.rows, rtl.rows):
            assert (a.y, a.text_y) == (b.y, b.text_y) and b.total_x == pytest.approx(mirror(a.total_x), abs=0.15)
            for s, t in zip(a.segments, b.segments, strict=True):
                assert (s.status, s.width) == (t.status, t.width) and t.x == pytest.approx(mirror(s.x, s.width), abs=0.15)
        assert [t.x for t in rtl.ticks] == pytest.approx([mirror(t.x) for t in ltr.ticks], abs=0.15)
        assert rtl.label_x == pytest.approx(mirror(ltr.label_x), abs=0.15) and rtl.axis_x == pytest.approx(mirror(ltr.axis_x), abs=0.15)
        assert rtl.ticks[-1].x < rtl.axis_x < rtl.label_x, "right to left, the bars grow leftwards from labels on the right"


def test_label_column_follows_the_longest_label_up_to_a_limit():
    short = stacked_bars([("a", "2012", {"confirmed": 1})])
    longer = stacked_bars([("a", "2012", {"confirmed": 1}), ("b", "Date unknown", {"denied": 1})])
    huge = stacked_bars([("a", "y" * 200, {"confirmed": 1})])
    assert short.label_x < longer.label_x < huge.label_x <= WIDTH * LABELS + PAD
    assert huge.ticks[-1].x - huge.axis_x > WIDTH / 3, "the bars keep room"


def test_no_rows_or_only_zeros():
    empty = stacked_bars([])
    assert empty.rows == () and [t.value for t in empty.ticks] == [0, 1] and empty.statuses == ()
    zero = stacked_bars([("2014", "2014", {})])
    assert zero.rows[0].segments == () and zero.rows[0].total == 0 and zero.rows[0].total_x > zero.axis_x


# --- what the charts count ---------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    return SimpleNamespace(graph=build_graph(REPO / "content"))


def _defectors(graph):
    return [p for p in graph.of_kind("person") if p.data.get("defection")]


def test_defections_by_year_on_the_seed(seed):
    rows = defections_by_year(seed, ENGLISH)
    people = _defectors(seed.graph)
    dated = [p.data["defection"]["date"].earliest.year for p in people if p.data["defection"].get("date")]
    undated = [p for p in people if not p.data["defection"].get("date")]
    assert dated and undated, "the seed has both"
    years = [key for key, _, _ in rows if key != UNDATED]
    assert years == [str(y) for y in range(min(dated), max(dated) + 1)], "every year from the first to the last, none skipped"
    assert all(label == key for key, label, _ in rows[:-1])
    assert rows[-1][:2] == (UNDATED, "Date unknown")
    assert sum(sum(c.values()) for _, _, c in rows) == len(people)
    for key, _, counts in rows:
        want = Counter(p.data["defection"]["status"] for p in people
                       if (str(p.data["defection"]["date"].earliest.year) if p.data["defection"].get("date") else UNDATED) == key)
        assert counts == {s: n for s, n in want.items() if n}, key
    assert defections_by_year(seed, ARABIC)[-1][1] == "التاريخ غير معروف"


def test_defectors_by_body_on_the_seed(seed):
    rows = defectors_by_body(seed, ENGLISH)
    people = _defectors(seed.graph)
    units_of = {p.id: [seed.graph.get(pos["unit"]) for pos in p.data.get("positions", ()) if pos.get("unit")] for p in people}
    kinds_of = {id: {u.data.get("kind") for u in units if u.data.get("side") == "government"} - {None} for id, units in units_of.items()}
    assert any(u.data.get("side") == "opposition" for units in units_of.values() for u in units)  # a post after defecting, left out
    totals = {key: sum(c.values()) for key, _, c in rows}
    for key, label, counts in rows:
        holders = [p for p in people if (key in kinds_of[p.id]) or (key == UNRECORDED and not kinds_of[p.id])]
        assert counts == dict(Counter(p.data["defection"]["status"] for p in holders)), key
        assert label == (ENGLISH.gettext("Not recorded") if key == UNRECORDED else ENGLISH.word("unit_kind", key).capitalize())
    assert sum(totals.values()) == sum(len(k) or 1 for k in kinds_of.values())
    ranked = [t for k, t in totals.items() if k != UNRECORDED]
    assert ranked == sorted(ranked, reverse=True) and len(rows) >= 3
    assert UNRECORDED not in totals or rows[-1][0] == UNRECORDED
    arabic = defectors_by_body(seed, ARABIC)
    assert [key for key, _, _ in arabic] == [key for key, _, _ in rows], "the same order in every edition"
    assert [label for _, label, _ in arabic] == [ARABIC.word("unit_kind", k) if k != UNRECORDED else ARABIC.gettext("Not recorded") for k in totals]


def fake_site(people: list[dict], units: dict[str, str]):
    """A graph of ``people`` (``{"id", "defection", "positions"}``) and units by id with their kind."""
    entries = {uid: SimpleNamespace(id=uid, data={"side": "opposition" if uid.startswith("opp") else "government", **({"kind": kind} if kind else {})})
               for uid, kind in units.items()}
    persons = [SimpleNamespace(id=p["id"], data={k: v for k, v in p.items() if k != "id"}) for p in people]
    graph = SimpleNamespace(of_kind=lambda kind: persons if kind == "person" else [], get=entries.__getitem__)
    return SimpleNamespace(graph=graph)


def defection(status: str, date: str | None = None) -> dict:
    return {"status": status, **({"date": parse_date(date)} if date else {})}


def test_each_kind_of_body_counts_a_defector_once():
    site = fake_site([
        {"id": "a", "defection": defection("confirmed"), "positions": [{"unit": "u1"}, {"unit": "u2"}, {"unit": "u3"}]},
        {"id": "b", "defection": defection("disputed"), "positions": [{"unit": "u3"}, {"title": "no unit"}]},
        {"id": "c", "defection": defection("unconfirmed"), "positions": [{"unit": "u4"}]},  # a unit of no kind
        {"id": "d", "defection": defection("denied"), "positions": [{"unit": "opp1"}]},  # only a post on the other side
        {"id": "e", "positions": [{"unit": "u1"}]},  # not a defector
    ], {"u1": "army", "u2": "army", "u3": "intelligence", "u4": None, "opp1": "armed-opposition"})
    assert defectors_by_body(site, ENGLISH) == [
        ("intelligence", "Intelligence", {"confirmed": 1, "disputed": 1}),
        ("army", "Army", {"confirmed": 1}),
        (UNRECORDED, "Not recorded", {"unconfirmed": 1, "denied": 1}),
    ]


def test_years_without_defections_are_charted_and_a_long_span_goes_by_decade():
    site = fake_site([{"id": "a", "defection": defection("confirmed", "2011-03")}, {"id": "b", "defection": defection("unconfirmed", "2014~")},
                      {"id": "c", "defection": defection("confirmed", "2012-12-20/2013-01-05")}], {})
    assert defections_by_year(site, ENGLISH) == [("2011", "2011", {"confirmed": 1}), ("2012", "2012", {"confirmed": 1}),
                                                 ("2013", "2013", {}), ("2014", "2014", {"unconfirmed": 1})]
    typo = fake_site([{"id": "a", "defection": defection("confirmed", "1900")}, {"id": "b", "defection": defection("denied", "2099-12-31")},
                      {"id": "c", "defection": defection("disputed")}], {})
    rows = defections_by_year(typo, ENGLISH)
    assert len(rows) == 21 and rows[0] == ("1900s", "1900s", {"confirmed": 1}) and rows[-2] == ("2090s", "2090s", {"denied": 1})
    assert rows[-1] == (UNDATED, "Date unknown", {"disputed": 1})
    assert defections_by_year(fake_site([], {}), ENGLISH) == []


# --- the timeline's chart, as built ------------------------------------------------------------


def svg_texts(svg: Node, cls: str) -> list[str]:
    return [t.text for t in svg.find_all("text", cls=cls)]


@pytest.mark.parametrize("lang", [ENGLISH, ARABIC])
def test_the_timeline_draws_defections_by_year(seed_site, seed, lang):
    a = article(seed_site, lang.path("timeline/"))
    rows = defections_by_year(seed, lang)
    figure = a.one("figure", cls="dfx-chart")
    svg = figure.one("svg")
    assert svg.get("role") == "img" and svg.get("direction") == lang.dir
    assert svg.get("viewbox").startswith(f"0 0 {WIDTH} ")
    title_id, desc_id = svg.get("aria-labelledby"), svg.get("aria-describedby")
    title, desc = svg.one("title", id=title_id), svg.one("desc", id=desc_id)
    assert title.parent is svg and desc.parent is svg
    assert title.text == lang.gettext("Defections per year")
    for _key, label, counts in rows:  # the description reads out every row
        assert f"{label}: {sum(counts.values())}" in desc.text
    largest = max(sum(c.values()) for _, _, c in rows)
    assert svg_texts(svg, "dfx-chart__tick") == [str(t) for t in ticks(largest)]
    assert svg_texts(svg, "dfx-chart__label") == [label for _, label, _ in rows]
    assert svg_texts(svg, "dfx-chart__total") == [str(sum(c.values())) for _, _, c in rows]
    bars = svg.find_all("rect", cls="dfx-chart__bar")
    assert len(bars) == sum(len(c) for _, _, c in rows)
    statuses = [s for s in STATUSES if any(c.get(s) for _, _, c in rows)]
    assert [li.text for li in figure.one("ul", cls="dfx-chart__legend").find_all("li")] == [lang.word("status", s) for s in statuses]
    assert figure.find("figcaption").text
    assert not figure.find("script") and not [n for n in figure.iter() if any(k.startswith("on") for k in n.attrs)]
    # the table equivalent, figure by figure
    details = figure.following("details")
    table = details.one("table", cls="dfx-table")
    head = [th.text for th in table.one("thead").find_all("th")]
    assert head == [lang.gettext("Year"), *(lang.word("status", s) for s in statuses), lang.gettext("Total")]
    body = [[c.text for c in tr.children if isinstance(c, Node)] for tr in table.one("tbody").find_all("tr")]
    assert body == [[label, *(str(c.get(s, 0)) for s in statuses), str(sum(c.values()))] for _, label, c in rows]
    ids = [n.get("id") for n in a.iter() if n.get("id")]
    assert len(ids) == len(set(ids)), "ids are unique on the page"


def test_segment_titles_and_mirrored_labels(seed_site, seed):
    english = article(seed_site, "timeline/").one("svg")
    titles = [r.one("title").text for r in english.find_all("rect", cls="dfx-chart__bar")]
    want = [f"{label}: {n} {ENGLISH.word('status', s).lower()}" for _, label, c in defections_by_year(seed, ENGLISH)
            for s in STATUSES if (n := c.get(s))]
    assert titles == want
    arabic = article(seed_site, "ar/timeline/").one("svg")
    for svg, labels_right in ((english, False), (arabic, True)):
        axis = float(svg.one("line", cls="dfx-chart__axis").get("x1"))
        label = float(svg.one("text", cls="dfx-chart__label").get("x"))
        last = float(svg.find_all("text", cls="dfx-chart__tick")[-1].get("x"))
        assert (label > axis > last) if labels_right else (label < axis < last)


def test_a_typo_in_a_year_charts_decades_on_a_small_page(tmp_path):
    c = Corpus(tmp_path / "content")
    c.add("source", "s-1", {"title": "A report", "publisher": "Wire", "date": "2012-07-06"})
    for i, date in enumerate(["1900-01", "2099-12-31", "2012-07"]):
        c.add("person", f"p-{i}", {"name": f"Defector {i}", "defection": {"status": "unconfirmed", "date": date, "sources": [{"source": "s-1"}]}})
    site = tmp_path / "site"
    result = build_site(make_project(tmp_path / "project", c.root), site)
    assert result.returncode == 0, result.stderr
    assert (site / "timeline" / "index.html").stat().st_size < 150_000
    svg = article(site, "timeline/").one("svg")
    assert svg.one("title").text == "Defections per decade"
    labels = svg_texts(svg, "dfx-chart__label")
    assert len(labels) == 20 and labels[0] == "1900s" and labels[-1] == "2090s" and "2010s" in labels


# --- readable on a phone -------------------------------------------------------------------

MEASURE = """() => {
  const svg = document.querySelector('figure.dfx-chart svg'), box = svg.getBoundingClientRect(), scale = svg.getScreenCTM().a;
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {cls: t.getAttribute('class'), text: t.textContent, px: scale * parseFloat(getComputedStyle(t).fontSize),
            inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5};
  });
  return {width: box.width, texts, scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
          rootPx: parseFloat(getComputedStyle(document.documentElement).fontSize)};
}"""


@pytest.fixture(scope="module")
def server(seed_site):
    with static_server(seed_site) as url:
        yield url


@pytest.mark.parametrize("edition", ["", "ar/"])
@pytest.mark.parametrize("width", [390, 1366])
def test_the_chart_reads_at_phone_and_desktop_widths(browser, server, edition, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=width < 500, has_touch=width < 500)
    page = context.new_page()
    page.goto(server + edition + "timeline/")
    got = page.evaluate(MEASURE)
    context.close()
    assert got["scroll"] <= got["client"], "the page scrolls sideways"
    kinds = {t["cls"] for t in got["texts"]}
    assert {"dfx-chart__tick", "dfx-chart__label", "dfx-chart__total"} <= kinds
    small = [(t["text"], round(t["px"], 1)) for t in got["texts"] if t["px"] < 9]
    assert not small, f"text under 9 CSS px at {width}px: {small}"
    clipped = [t["text"] for t in got["texts"] if not t["inside"]]
    assert not clipped, f"text outside the chart at {width}px: {clipped}"
    if width < 500:
        assert got["width"] <= width - 16
    else:
        assert got["width"] <= 36 * got["rootPx"], "the chart stops growing on a wide screen"
