"""The archive's editorial rules, held by the kinds' fields: when a status may be confirmed, what a claim needs, what is never recorded for a private individual."""

from __future__ import annotations

from .types import article

STATUSES = ("confirmed", "unconfirmed", "disputed", "denied")
BASES = ("official", "named", "anonymous", "self", "outlet")
# Never recorded for a private individual (see 'Do no harm' in docs/about.md): they make a person
# findable, and their family reachable, beyond what the source itself says
PRIVATE_REFUSED = ("name_ar", "aliases", "born", "origin", "wikidata", "relatives")

CONFIRMED_WAYS = ("an official attribution on the record, a self-announcement that its outlet vouches for "
                  "(basis self and basis outlet in the same source), or two independent attributions "
                  "(different by; the unnamed sources and the own voice of one outlet count as one, "
                  "and a self-announcement not at all)")


def independent_voices(attributions, publisher_of=None) -> set[tuple]:
    """The independent voices among ``attributions`` that have a basis.

    In one outlet, the unnamed sources and the outlet's own voice count as one voice together: a
    reader cannot tell them apart, nor whether the outlet's statement rests on them. (Checking one
    entry, the outlet is its source; checking the archive, ``publisher_of`` maps each source to its
    publisher, so that two articles of one paper are one voice.) A named or official voice is one
    voice wherever it is quoted. The subject's own announcement is no corroboration of itself and
    counts for nothing here (see :func:`confirmed_problem`).
    """
    voices = set()
    for a in attributions:
        basis = a.get("basis")
        if basis in ("anonymous", "outlet"):
            voices.add(("unnamed", (publisher_of or {}).get(a["source"], a["source"])))
        elif basis in ("named", "official"):
            voices.add(("by", " ".join(a["by"].casefold().split())))
    return voices


def confirmed_problem(asserted_by, publisher_of=None) -> str | None:
    """Why ``asserted_by`` does not hold a confirmed status, or None if it does (the confirmed rule)."""
    asserted_by = asserted_by or ()
    if not asserted_by:
        return f"the confirmed rule: a confirmed status needs asserted_by (expected {CONFIRMED_WAYS})"
    counted = [a for a in asserted_by if a.get("basis")]
    if any(a["basis"] == "official" for a in counted):
        return None
    if any(a["basis"] == "outlet" and a["source"] == s["source"] for s in counted if s["basis"] == "self" for a in counted):
        return None
    voices = independent_voices(counted, publisher_of)
    if len(voices) >= 2:
        return None
    unmarked = len(asserted_by) - len(counted)
    found = f"{len(voices)} independent attribution{'' if len(voices) == 1 else 's'}"
    if any(a["basis"] == "self" for a in counted):
        found += ", and a self-announcement that no outlet vouches for"
    if unmarked:
        found += f", and {unmarked} without a basis, which count for nothing"
    return f"the confirmed rule: found {found} (expected {CONFIRMED_WAYS})"


def status_problem(status: str | None, asserted_by, denied_by) -> tuple | None:
    """The one rule for every status, wherever one is set (a claim, a defection, an event).

    Returns ``(field path, message)`` naming the rule broken, or None.
    """
    if status == "confirmed":
        message = confirmed_problem(asserted_by)
        return (("status",), message) if message else None
    if status == "disputed" and not (asserted_by and denied_by):
        return ("status",), "the disputed rule: a disputed status needs both asserted_by and denied_by (expected who asserts it and who denies it, each with a source)"
    if status == "denied" and not denied_by:
        return ("status",), "the denied rule: a denied status needs a denied_by (expected who denies it, with a source)"
    return None


def claim_rule(claim: dict):
    if not claim.get("asserted_by"):
        return "the claim rule: a claim needs at least one asserted_by attribution (expected who says so and in which source)"
    if claim["status"] != "confirmed" and not (claim.get("note") or claim.get("denied_by")):
        return f"the claim rule: {article(claim['status'])} claim needs a note or a denied_by (expected why it is not confirmed, or who denies it)"
    return status_problem(claim["status"], claim.get("asserted_by"), claim.get("denied_by"))


def status_rule(struct: dict):
    """The status rules for a defection or an event (its status is held by its own asserted_by and denied_by)."""
    return status_problem(struct.get("status"), struct.get("asserted_by"), struct.get("denied_by"))


def position_rule(position: dict) -> str | None:
    if "unit" not in position and "title" not in position:
        return "position: needs a unit or a title (expected at least one of them)"
    return None


def person_rule(person: dict):
    if person.get("standing") == "private":
        for name in PRIVATE_REFUSED:
            if name in person:
                return (name,), (f"the do-no-harm rule: {name} is not recorded for a private individual "
                                 "(expected it left out; see 'Do no harm' in the methodology)")
    return None
