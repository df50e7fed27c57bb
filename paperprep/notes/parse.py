"""Reading a note back: front matter, the user's text per field, and every ``##`` section."""

from __future__ import annotations

from collections.abc import Sequence

from paperprep.models import NOTE_FIELDS, ParsedNote
from paperprep.notes.format import END_RE, START_RE, Fence, field_for_heading, front_end, scan
from paperprep.notes.format import split_lines as _split
from paperprep.notes.frontmatter import load_front_matter, normalize_tags


def user_text(body: Sequence[str]) -> str:
    """The body without draft blocks (markers outside code fences), stripped."""
    return split_body(body)[0]


def split_body(body: Sequence[str]) -> tuple[str, list[str]]:
    """A section body as (the user's text, stripped; the draft blocks in it, each as lines
    from its start marker to its end marker)."""
    drafts: list[str] = []
    kept: list[str] = []
    fence = Fence()
    i = 0
    n = len(body)
    while i < n:
        line = body[i]
        if fence.open is None:
            stripped = line.strip()
            removed_to: int | None = None
            if START_RE.fullmatch(stripped):
                # A block runs to the next end marker, unless another start marker comes first:
                # then this one is an orphan (its end was deleted, or it was pasted twice) and
                # only its own line goes. Ambiguity resolves in favour of the user's text.
                removed_to = i
                inner = Fence()
                for j in range(i + 1, n):
                    if inner.open is None:
                        mark = body[j].strip()
                        if END_RE.fullmatch(mark):
                            removed_to = j
                            break
                        if START_RE.fullmatch(mark):
                            break
                    inner.feed(body[j])
            elif END_RE.fullmatch(stripped):
                removed_to = i
            if removed_to is not None:
                if removed_to > i:
                    drafts.append("\n".join(body[i : removed_to + 1]))
                i = removed_to + 1
                # Close the gap the block leaves: "A, blank, [block], blank, B" -> "A, blank, B".
                if kept and not kept[-1].strip() and i < n and not body[i].strip():
                    i += 1
                continue
        fence.feed(line)
        kept.append(line)
        i += 1
    return "\n".join(kept).strip(), drafts


def parse_note(text: str) -> ParsedNote:
    """Read a note back: front matter, the user's text per field, and every ``##`` section.

    ``fields`` has a key for each field whose heading is in the note (the value may be "");
    a field whose heading the user deleted is absent. ``front["tags"]``, when present, is
    normalised to a list of strings (Obsidian forms: block or flow list, or a comma/space
    separated string; a leading ``#`` is dropped).

    :param text: the note file's text.
    :raises NoteParseError: the front matter is malformed ("<what> (line N)").
    """
    lines = _lines(text)
    body_start = front_end(lines)
    front = load_front_matter("\n".join(lines[1 : body_start - 1]), 2) if body_start else {}
    if "tags" in front:
        front["tags"] = normalize_tags(front["tags"])
    fields, sections = _fields(lines, body_start)
    return ParsedNote(front=front, fields=fields, sections=sections)


def _lines(text: str) -> list[str]:
    lines = _split(text)
    if lines and lines[-1] == "":
        lines.pop()  # the file's final line break ends the last line; it is not an empty line
    return lines


def body_fields(text: str) -> dict[str, str]:
    """The user's text per field, as :func:`parse_note` reads it, without reading the front
    matter (what an insert must never change).

    :raises NoteParseError: the front matter has no closing ``---``.
    """
    lines = _lines(text)
    return _fields(lines, front_end(lines))[0]


def _fields(lines: list[str], body_start: int) -> tuple[dict[str, str], list[tuple[str, str]]]:
    sections: list[tuple[str, str]] = []
    fields: dict[str, str] = {}
    for sec in scan(lines, body_start):
        body = lines[sec.line + 1 : sec.end]
        sections.append((sec.heading, "\n".join(body)))
        f = field_for_heading(sec.heading)
        if f is not None:
            user = user_text(body)
            if fields.get(f):
                fields[f] = f"{fields[f]}\n\n{user}" if user else fields[f]
            else:
                fields[f] = user
    return fields, sections


def filled_fields(parsed: ParsedNote) -> list[str]:
    """The note fields (in note order) that hold text of the user's own."""
    return [f for f in NOTE_FIELDS if parsed.fields.get(f)]
