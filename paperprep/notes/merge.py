"""Adding new evidence to a note the user has touched: pure inserts, never a changed character."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from paperprep.models import EVIDENCE_FIELDS, Evidence, PaperRecord
from paperprep.notes.format import (
    DRAFT_QUOTES,
    LINE_SPLIT_RE,
    Section,
    draft_block,
    field_for_heading,
    front_end,
    norm,
    quote_lines,
    quote_text,
    scan,
    split_lines,
    top_evidence,
)
from paperprep.notes.parse import body_fields


def _note_haystack(lines: Sequence[str]) -> str:
    # Quotes may have been rewrapped by the user: drop blockquote markers and collapse spaces.
    return norm(" ".join(re.sub(r"^\s*(?:>\s*)+", "", line) for line in lines))


def add_new_evidence(text: str, record: PaperRecord, *, offered: Iterable[str] = ()) -> str | None:
    """Add evidence quotes that are new to a note the user has touched, as pure inserts.

    The rule: for each evidence field (Data format, Features, Architecture, Findings) whose
    ``##`` section is in the note, take the field's top :data:`DRAFT_QUOTES` quotes of
    ``record.evidence``; drop those whose text (case and spacing ignored, ``>`` prefixes
    ignored) already appears anywhere in the note or in ``offered``; if any are left, insert one
    new draft block after the last non-blank line of the section (after the heading when the
    section is empty). Nothing else changes: every character of ``text`` stays in place, in order,
    and the file's line ending style is kept. Sections whose heading the user deleted, and
    sections that end inside an unclosed code fence, get nothing.

    :param text: the note file's current text.
    :param record: the paper with its (re-extracted) evidence.
    :param offered: quote texts offered before (e.g. the evidence of the previous extraction), so
        quotes the user deleted are not offered again.
    :returns: the new text, or None when there is nothing new to add.
    :raises NoteParseError: the front matter has no closing ``---``.
    """
    nl = "\r\n" if "\r\n" in text else "\n"
    parts = LINE_SPLIT_RE.split(text)
    # Offsets: where each line's content ends and where the next line begins.
    ends: list[int] = []
    nexts: list[int] = []
    pos = 0
    for k in range(0, len(parts), 2):
        pos += len(parts[k])
        ends.append(pos)
        if k + 1 < len(parts):
            pos += len(parts[k + 1])
        nexts.append(pos)
    lines = split_lines(text)
    if not lines:
        return None
    if len(lines) != len(ends):  # "".split gives [""], _split gives []
        raise AssertionError("line bookkeeping out of sync")
    known = _note_haystack(lines)
    seen = {norm(quote_text(t)) for t in offered}
    by_field: dict[str, Section] = {}
    for scanned in scan(lines, front_end(lines)):
        name = field_for_heading(scanned.heading)
        if name in EVIDENCE_FIELDS and name not in by_field:
            by_field[name] = scanned
    inserts: list[tuple[int, str]] = []
    for f in EVIDENCE_FIELDS:
        sec = by_field.get(f)
        if sec is None or sec.open_fence:
            continue
        new: list[Evidence] = []
        for ev in top_evidence(record.evidence.get(f, []))[:DRAFT_QUOTES]:
            quote = norm(quote_text(ev.text))
            if quote and quote not in seen and quote not in known:
                seen.add(quote)
                new.append(ev)
        if not new:
            continue
        anchor = sec.line
        for i in range(sec.end - 1, sec.line, -1):
            if lines[i].strip():
                anchor = i
                break
        block = draft_block(quote_lines(new), nl)
        if nexts[anchor] == ends[anchor]:  # last line of the file, no line break after it
            inserts.append((ends[anchor], nl + nl + block + nl))
        else:
            inserts.append((nexts[anchor], nl + block + nl))
    if not inserts:
        return None
    # Inserted drafts never capture user text: an insert that would change what the note's
    # fields read (markers the user left unbalanced) is not made.
    before = body_fields(text)
    kept = [i for i in inserts if body_fields(_apply(text, [i])) == before]
    if not kept:
        return None
    out = _apply(text, kept)
    if body_fields(out) != before:  # pragma: no cover - each insert alone was checked
        return None
    return out


def _apply(text: str, inserts: list[tuple[int, str]]) -> str:
    out = text
    for offset, insert in sorted(inserts, reverse=True):
        out = out[:offset] + insert + out[offset:]
    return out
