"""Fuzzing the checker and the renderer with Hypothesis (issue 8).

Random front-matter (YAML-ish text, and structured mappings of the kinds' own field names
with values of random types) and random Markdown bodies built from hostile fragments:
``pipeline.build_graph`` and ``defections check`` only ever report problems (ContentError; exit 0 or 1,
never a traceback), and whatever passes renders into pages without an error and without a raw
``<script`` or ``on...=`` attribute from the content. Deterministic (``derandomize``) and bounded.
"""

from __future__ import annotations

import contextlib
import datetime
import importlib
import io
import pkgutil
import re
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

import yaml
from conftest import Corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generator
from generator.check import markdown as body_module
from generator.model import body as body_html
from generator import cli
from generator.model import kinds, types
from generator.check.markdown import BodyConverter, MisplacedReference
from generator.errors import ContentError
from generator.render.site import Site
from generator.pipeline import build_graph

# Hypothesis mixes literal constants from every local module loaded in the process into what it
# draws (hypothesis.internal.conjecture.providers), so which modules other tests happened to load
# first would change the examples. Load every generator module and the benchmark's now: the
# examples are then the same whichever tests ran before in this worker.
for _module in pkgutil.walk_packages(generator.__path__, "generator."):
    if _module.name != "generator.__main__":
        importlib.import_module(_module.name)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
importlib.import_module("make_corpus")
importlib.import_module("run")

SETTINGS = settings(max_examples=200, derandomize=True, deadline=datetime.timedelta(seconds=10), database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])



def _fields(t, out: set):
    if isinstance(t, types.ListOf):
        _fields(t.item, out)
    elif isinstance(t, types.Struct):
        for name, f in t.fields.items():
            out.add(name)
            _fields(f.type, out)
    return out


NAMES = sorted(set().union(*(_fields(s, set()) for s in (k.fields for k in kinds.KINDS.values()))))
IDS = ["src-a", "unit-a", "person-a", "event-a", "nobody", "../etc/passwd", "Src-A"]
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "</title>", "{: onclick=alert(1) }",
           "javascript:alert(1)", "data:text/html,x", "&lt;script&gt;", "&#60;b&#62;", "[x](javascript:alert(1))", "{{ 7*7 }}", "{% raw %}",
           "=cmd", "@x", "\u202e", "\x00", "\x1b[2J", "\u200d", "مناف", "'", '"', "\\", "\n", "\n\n", "    ", "\t", "*", "_", "`", "#", "|",
           "[[src-a]]", "[[nobody]]", "[@src-a, para 1]", "[@unit-a]", "[^1]", "[^1]: note", "!!! note", ":   def", "> ", "- ", "1. ", "```", "~~~",
           "<", ">", "&", "<!--", "-->", "<![CDATA[", "<?", "</p>", "[", "]", "(", ")", "!["]
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**20), st.floats(allow_nan=True), st.dates(),
              st.sampled_from(IDS + ["confirmed", "denied", "Colonel", "2012-07", "2012-13", "~20", "https://example.org/", "army"]),
              st.lists(st.sampled_from(HOSTILE + ["a", " ", "x"]), max_size=8).map("".join),
              st.text(max_size=30)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.sampled_from(NAMES + ["x"]), children, max_size=5)),
    max_leaves=20,
)
STRUCTURED = st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=8)
YAMLISH = st.lists(st.one_of(st.sampled_from([f"{n}: " for n in NAMES] + ["\n", "  - ", "- ", ": ", "[", "]", "{", "}", "&a ", "*a", "!!str ",
                                              "!!python/object:os.system ", "? ", "|\n", ">\n", "'", '"', "#", "---\n", "...\n", "%YAML 1.1\n",
                                              "<<: ", "\t", "\\u202e", "\\0"]),
                             st.sampled_from(HOSTILE), st.text(max_size=10)), max_size=30).map("".join)
BODY = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=40).map("".join)
KIND = st.sampled_from(sorted(kinds.FOLDERS))
ON_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def _corpus(root: Path, kind: str, front: str, body: str) -> Corpus:
    corpus = Corpus(root / "content").minimal()
    path = root / "content" / kinds.FOLDERS[kind] / "fuzzed.md"
    path.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8", errors="surrogatepass")
    return corpus


def _render_clean(archive) -> None:
    pages = Site(archive).pages()
    for name, text in pages.items():
        assert "<script" not in text.lower(), name
        assert not ON_ATTRIBUTE.search(text), (name, ON_ATTRIBUTE.search(text)[0])


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _fuzz(strategies: dict, front_matter) -> dict[str, int]:
    """Run one fuzz property: every example is refused with problems or renders cleanly.

    Returns how many examples did what, so that a test can show its examples reach the stage it
    is about: ``"fields"`` (problems found at a field, past the YAML reading) and ``"rendered"``
    (the fuzzed entry itself passed the checker and its page rendered).
    """
    seen = {"examples": 0, "fields": 0, "rendered": 0}

    @SETTINGS
    @given(**strategies)
    def run(kind, body, **front):
        seen["examples"] += 1
        with tempfile.TemporaryDirectory() as tmp:
            _corpus(Path(tmp), kind, front_matter(kind, **front), body)
            try:
                graph = build_graph(Path(tmp) / "content")
            except ContentError as err:
                assert err.problems and all(str(p) for p in err.problems)
                for p in err.problems:  # one line per problem, always
                    assert "\n" not in str(p), str(p)
                seen["fields"] += any(p.field and "fuzzed" in p.path for p in err.problems)
                return
            _render_clean(graph)
            seen["rendered"] += "fuzzed" in graph.entries

    run()
    return seen


def test_random_yamlish_front_matter():
    seen = _fuzz({"kind": KIND, "front": YAMLISH, "body": BODY}, lambda kind, front: front)
    assert seen["fields"] >= seen["examples"] // 10, seen  # the YAML is read, and the fields are checked


def _structured(kind: str, data: dict) -> str:
    required = {"person": {"name": "P"}, "unit": {"name": "U"}, "event": {"title": "E"}, "source": {"title": "T", "publisher": "P"}}[kind]
    return _dump({**required, "sources": ["src-a"], **data}) if kind != "source" else _dump({**required, **data})


@pytest.mark.slow
def test_random_structured_front_matter():
    seen = _fuzz({"kind": KIND, "data": STRUCTURED, "body": BODY}, _structured)
    assert seen["rendered"] >= 5 and seen["fields"] >= seen["examples"] // 10, seen  # some pass and render; most reach the fields


@pytest.mark.slow
def test_random_markdown_body_that_passes_renders_safely():
    seen = _fuzz({"kind": st.just("person"), "body": BODY}, lambda kind: 'name: "P"\nsources: [src-a]')
    assert seen["rendered"] >= seen["examples"] // 10, seen  # many bodies pass, and their pages render


@settings(SETTINGS, max_examples=60)
@given(kind=KIND, front=st.one_of(YAMLISH, STRUCTURED.map(_dump)), body=BODY)
def test_the_check_command_exits_0_or_1_and_never_raises(kind, front, body):
    with tempfile.TemporaryDirectory() as tmp:
        _corpus(Path(tmp), kind, front, body)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["check", "--content", str(Path(tmp) / "content")])
        assert code in (0, 1)
        if code == 0:
            assert out.getvalue().startswith("OK: ") and err.getvalue() == ""
        else:
            lines = err.getvalue().splitlines()
            assert lines[-1].endswith(("problem found.", "problems found.")), lines
            assert all(re.match(r"content/\S+:\d+: ", line) for line in lines[:-1]), lines


@SETTINGS
@given(body=BODY)
def test_prefiltered_inline_patterns_convert_exactly_as_python_markdown_does(body):
    """body._Prefiltered is a shortcut only: the same Markdown gives the same HTML without it."""
    fast, plain = BodyConverter(), BodyConverter()
    for name in body_module._NEEDS:
        pattern = plain.md.inlinePatterns[name]
        pattern.compiled_re = pattern.compiled_re.regex
    try:
        expected = plain.compile(body)
    except RecursionError:
        return
    except MisplacedReference as err:
        with pytest.raises(MisplacedReference, match=re.escape(str(err))):
            fast.compile(body)
        return
    assert fast.compile(body) == expected


# Bodies that put links, titles, autolinks, reference definitions, citations and [[id]] tokens inside each other.
LINKISH = st.lists(st.sampled_from([
    "[[person-a]]", "[[unit-a|label]]", "[@src-a]", "[@src-a, para 2]", "[@src-a, ", "[x](", "[x](https://a.org/", ' "', '"', ")", "<https://a.org/",
    "<", ">", "[", "]", "](", "[r]", "\n\n[r]: ", "https://a.org/", "javascript:x", "*", "`", "\\", " ", "x", "![", "[^1]", "\n\n[^1]: ",
    "*[X]: ", "\n",
]), max_size=25).map("".join)
# What the page fills in: names and hrefs that would break out of an attribute or run as a link.
EVIL_NAME = "x\" autofocus onfocus=\"window.__pwned=1"
EVIL_HREF = "javascript:window.__pwned=1"


class _EvilPage:
    def link(self, id):
        return EVIL_HREF, EVIL_NAME

    def cite(self, source_id, locator):
        return EVIL_HREF, EVIL_NAME


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, name, value or "") for name, value in attrs]


@SETTINGS
@given(body=LINKISH)
def test_no_value_the_page_fills_in_reaches_an_attribute(body):
    """Whatever the body, a filled-in name never becomes an attribute or part of one, and an href never runs."""
    try:
        template = BodyConverter().compile(body)
    except MisplacedReference as err:
        assert err.id in body
        return
    html = template.fill(_EvilPage())
    assert not re.search("[\x02\x03\x0e\x0f]", html), html
    parser = _Attributes()
    parser.feed(html)
    for tag, name, value in parser.found:
        if name == "class":
            assert set(value.split()) <= body_html.ALLOWED_CLASSES[tag], (tag, value, html)
        else:
            assert name in body_html.ALLOWED_ATTRIBUTES.get(tag, ()), (tag, name, html)
        assert "__pwned" not in value, (tag, name, value, html)
