"""The sources as a bibliography: CSL-JSON (``sources.csl.json``) and BibTeX (``sources.bib``)."""

from __future__ import annotations

import json
import re

from ..link.graph import Graph
from ..model.dates import Date, Point
from ..model.entry import Entry
from .normalize import entries

CSL_TYPES = {"article": "article-newspaper", "report": "report", "video": "broadcast", "statement": "document",
             "interview": "interview", "social-media": "post", "other": "document"}
BIBTEX_TYPES = {"article": "article"}  # everything else is @misc


def _parts(p: Point) -> list[int]:
    return [x for x in (p.year, p.month, p.day) if x]


def csl_date(date: Date) -> dict:
    out: dict = {"date-parts": [_parts(p) for p in date.points]}
    if date.approximate or date.uncertain:
        out["circa"] = True
    return out


def _notes(d: dict) -> list[str]:
    return [x for x in (f"Dateline: {d['dateline']}" if d.get("dateline") else None, f"Via: {d['via']}" if d.get("via") else None,
                        f"Archived copy: {d['archive_url']}" if d.get("archive_url") else None) if x]


def csl_item(e: Entry) -> dict:
    d = e.data
    kind = d.get("kind") or "other"
    item: dict = {"id": e.id, "type": CSL_TYPES[kind], "title": d["title"], "publisher": d["publisher"], "language": d.get("language") or "en"}
    if kind == "article":
        item["container-title"] = d["publisher"]
    if d.get("author"):
        item["author"] = [{"literal": d["author"]}]
    if d.get("date"):
        item["issued"] = csl_date(d["date"])
    if d.get("url"):
        item["URL"] = d["url"]
    if d.get("accessed"):
        item["accessed"] = csl_date(d["accessed"])
    notes = _notes(d)
    if notes:
        item["note"] = "; ".join(notes)
    return item


def csl_json(graph: Graph) -> str:
    return json.dumps([csl_item(e) for e in entries(graph, "source")], ensure_ascii=False, indent=1, sort_keys=True) + "\n"


_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
          "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX))


def tex_escape(text: str) -> str:
    """Text safe inside a BibTeX field: LaTeX specials escaped, line breaks folded. Non-ASCII stays UTF-8."""
    return _LATEX_RE.sub(lambda m: _LATEX[m[0]], " ".join(text.split()))


def url_escape(url: str) -> str:
    """URLs are verbatim in BibTeX (url package): only braces and % need care."""
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


MONTHS = ["", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def bibtex_entry(e: Entry) -> str:
    d = e.data
    kind = d.get("kind") or "other"
    fields: list[tuple[str, str]] = [("title", "{" + tex_escape(d["title"]) + "}")]
    if d.get("author"):
        fields.append(("author", "{" + tex_escape(d["author"]) + "}"))  # one literal name, kept whole
    if kind == "article":
        fields.append(("journal", tex_escape(d["publisher"])))
    else:
        fields.append(("howpublished", tex_escape(d["publisher"])))
    fields.append(("publisher", tex_escape(d["publisher"])))
    date = d.get("date")
    if date:
        fields.append(("year", str(date.start.year)))
        if date.start.month and not date.is_interval:
            fields.append(("month", MONTHS[date.start.month]))
        fields.append(("date", tex_escape(date.text)))  # biblatex reads EDTF dates
    if d.get("url"):
        fields.append(("url", url_escape(d["url"])))
    if d.get("accessed"):
        fields.append(("urldate", tex_escape(d["accessed"].text)))
    fields.append(("language", tex_escape(d.get("language") or "en")))
    fields.append(("type", tex_escape(kind)))
    notes = _notes(d)
    if notes:
        fields.append(("note", tex_escape("; ".join(notes))))
    body = ",\n".join(f"  {name} = {value if name in ('year', 'month') else '{' + value + '}'}" for name, value in fields)
    return f"@{BIBTEX_TYPES.get(kind, 'misc')}{{{e.id},\n{body}\n}}\n"


def bibtex(graph: Graph) -> str:
    header = "% Sources of the Syrian Defections Archive. UTF-8; generated, do not edit.\n\n"
    return header + "\n".join(bibtex_entry(e) for e in entries(graph, "source"))
