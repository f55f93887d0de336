"""Check one entry: its front-matter against its kind's fields, its body and Arabic text, and that it cites a source."""

from __future__ import annotations

from ..errors import Problem, did_you_mean, field_name
from ..load.files import RawEntry, RawText
from ..model.body import BodyHTML
from ..model.entry import Entry
from ..model.kinds import KINDS
from ..model.types import INVALID, article
from .body import body_problems
from .markdown import BodyConverter


class _Context:
    """What a type needs while checking one entry."""

    def __init__(self, raw: RawEntry, kinds: dict[str, str], problems: list[Problem]):
        self.raw, self.kinds, self.problems = raw, kinds, problems
        self.entry: Entry | None = None
        self.pending: list[tuple[str, tuple]] = []

    def problem(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.raw.path, self.raw.line(path), field_name(path), message))

    def reference(self, path: tuple, target: str, kinds: tuple[str, ...]):
        kind = self.kinds.get(target)
        wanted = " or ".join(article(k) for k in kinds)
        if kind is None:
            hint = did_you_mean(target, [i for i, k in self.kinds.items() if k in kinds])
            self.problem(path, f"no entry has the id '{target}' (expected the id of {wanted}){hint}")
            return INVALID
        if kind not in kinds:
            self.problem(path, f"'{target}' is {article(kind)}, not {wanted} (expected the id of {wanted})")
            return INVALID
        self.pending.append((target, path))
        return target


def check_entry(raw: RawEntry, kinds: dict[str, str], problems: list[Problem], converter: BodyConverter,
                arabic: RawText | None = None) -> tuple[Entry | None, list[tuple[str, tuple]]]:
    """The checked entry (None if invalid) and the ``(target, field path)`` of its links; ``arabic`` is its Arabic text, if any."""
    ctx = _Context(raw, kinds, problems)
    data = KINDS[raw.kind].fields.check(raw.data, ctx, ())
    body_refs, converted = _body(raw, kinds, problems, converter)
    arabic_refs, converted_ar = _body(arabic, kinds, problems, converter) if arabic else ([], None)
    if arabic:  # it says what the body says: it links and cites nothing the entry does not (the pages' lists of sources count them)
        known = {raw.id} | {target for target, _ in body_refs} | {target for target, _ in ctx.pending}
        for target, offset in arabic_refs:
            if target not in known:
                problems.append(Problem(arabic.path, arabic.body_line + offset, "body", f"'{target}' is linked or cited in the Arabic text "
                                        f"but nowhere in {raw.path} (expected the Arabic text to say what the English body says, "
                                        "with the same links and citations)"))
                known.add(target)
    if data is INVALID:
        return None, []
    in_arabic = {"body_ar": arabic.body, "body_ar_line": arabic.body_line, "body_ar_html": converted_ar, "path_ar": arabic.path} if arabic else {}
    entry = Entry(raw.kind, raw.id, raw.path, data, raw.body, raw.body_line, raw.lines, converted, **in_arabic)
    targets = ctx.pending + [(target, ("body",)) for target, _ in body_refs] + [(target, ("body_ar",)) for target, _ in arabic_refs]
    # an Arabic text's citations do not count: it says what the body says, and the English page must cite a source too
    if raw.kind != "source" and not any(kinds[t] == "source" for t, _ in ctx.pending) and not any(kinds[t] == "source" for t, _ in body_refs):
        problems.append(Problem(raw.path, 1, "sources", "no citation anywhere in the entry (expected at least one source in sources, a claim, a position or the defection)"))
    return entry, targets


def _body(text: RawEntry | RawText, kinds: dict[str, str], problems: list[Problem], converter: BodyConverter) -> tuple[list[tuple[str, int]], BodyHTML | None]:
    """Check a body (the entry's, or its Arabic text): the ids it links and cites (each with the line offset it is written at), and the converted body."""
    found, refs, converted = body_problems(text, converter)
    problems.extend(found)
    targets = []
    for offset, target, is_cite in refs:
        wanted = ("source",) if is_cite else tuple(KINDS)
        kind = kinds.get(target)
        if kind is None or kind not in wanted:
            what = "a source" if is_cite else "an entry"
            hint = did_you_mean(target, [i for i, k in kinds.items() if k in wanted])
            problems.append(Problem(text.path, text.body_line + offset, "body", f"'{target}' is not the id of {what} (expected [[id]] or [@source-id] with an existing id){hint}"))
        else:
            targets.append((target, offset))
    return targets, converted
