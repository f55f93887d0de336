"""JSON Schema for each kind's front-matter, generated from :mod:`generator.model.kinds`.

YAML language servers can validate an entry with a modeline in its front-matter:
``# yaml-language-server: $schema=<site>/data/schema/person.schema.json``.
"""

from __future__ import annotations

import json

from ..model.kinds import KINDS

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_path(kind: str) -> str:
    return f"schema/{kind}.schema.json"


def kind_schema(kind: str, base_url: str | None = None) -> dict:
    """The JSON Schema of one kind; ``$id`` is absolute when the site's URL is known."""
    name = schema_path(kind).split("/")[-1]
    ident = f"{base_url.rstrip('/')}/data/{schema_path(kind)}" if base_url else name
    return {
        "$schema": DIALECT,
        "$id": ident,
        "title": f"{KINDS[kind].title} entry (Syrian Defections Archive)",
        "description": f"The YAML front-matter of a {kind} file in content/. Generated from generator/model/kinds.py.",
        **KINDS[kind].fields.schema(),
    }


def schema_files(base_url: str | None = None) -> dict[str, str]:
    return {schema_path(kind): json.dumps(kind_schema(kind, base_url), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            for kind in KINDS}
