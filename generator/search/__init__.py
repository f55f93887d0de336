"""Search: name folding shared with the browser (:mod:`generator.model.names`), the documents of the index
(:mod:`.documents`), and the files a site needs to search them (:func:`assets`).

Nothing here depends on the site's theme or publisher: a theme shows the box
(``data-dfx-search``, see ``overrides/partials/dfx-search.html``) and loads ``search.js``.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model import names

ASSETS = Path(__file__).parent / "assets"
FOLDER = "assets/dfx"  # where a site serves them
SCRIPT, STYLE = f"{FOLDER}/search.js", f"{FOLDER}/search.css"


def names_script() -> str:
    """``names.js`` with the tables of :mod:`generator.model.names` in place."""
    return (ASSETS / "names.js").read_text("utf-8").replace("/* tables */ null", json.dumps(names.tables(), ensure_ascii=False), 1)


def assets() -> dict[str, bytes]:
    """Every file search needs, by its path in the site."""
    files = {f"{FOLDER}/{name}": (ASSETS / name).read_bytes()
             for name in ("search.js", "search.css", "minisearch.js", "minisearch.LICENSE.txt")}
    files[f"{FOLDER}/names.js"] = names_script().encode("utf-8")
    return files
