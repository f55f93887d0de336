"""The two places that reach into a library for speed still do what the library does.

Each pays its way in the benchmark (on 1,000 entries: rendering 5 % faster with the Jinja
shortcut, body conversion 7 % faster with the prefilter), and each would silently go wrong if
the locked library changed underneath it; these tests fail first. (The prefilter's own
equivalence test is in test_fuzz.py: every body converts exactly as plain Python-Markdown.)
"""

from __future__ import annotations

import jinja2
import markdown

from generator.check.markdown import _NEEDS, BodyConverter
from generator.render.site import _Environment

DATA = {"name": "Manaf Tlass", "aliases": ["Tlass"], "nested": {"status": "confirmed"}}
TEMPLATES = ["{{ d.name }}", "{{ d.missing }}", "{{ d.missing.deeper }}", "{{ d.nested.status }}", "{{ d.aliases|join(',') }}",
             "{{ d.get('name') }}", "{{ d.items is defined }}", "{% if d.missing %}x{% else %}y{% endif %}", "{{ d.keys()|list }}"]


def test_the_jinja_shortcut_renders_what_jinja_renders():
    ours, plain = _Environment(undefined=jinja2.ChainableUndefined), jinja2.Environment(undefined=jinja2.ChainableUndefined)
    for text in TEMPLATES:
        assert ours.from_string(text).render(d=DATA) == plain.from_string(text).render(d=DATA), text


def test_the_jinja_shortcut_is_what_templates_call(monkeypatch):
    calls = []
    original = _Environment.getattr

    def counting(self, obj, attribute):
        calls.append(attribute)
        return original(self, obj, attribute)

    monkeypatch.setattr(_Environment, "getattr", counting)
    assert _Environment().from_string("{{ d.name }}").render(d=DATA) == "Manaf Tlass"
    assert calls == ["name"]


def test_the_prefiltered_patterns_are_python_markdowns_own():
    converter, plain = BodyConverter(), markdown.Markdown(extensions=["tables", "footnotes"])
    for name, needs in _NEEDS.items():
        ours = converter.md.inlinePatterns[name]
        assert type(ours) is type(plain.inlinePatterns[name]), name
        assert ours.compiled_re.regex.pattern == plain.inlinePatterns[name].compiled_re.pattern, name
        assert needs in ours.compiled_re.regex.pattern or "\\" + needs in ours.compiled_re.regex.pattern, name
