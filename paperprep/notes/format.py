"""The note format: draft markers, field headings, and scanning a note's lines into sections.

Shared by :mod:`~paperprep.notes.render` (writes notes), :mod:`~paperprep.notes.parse` (reads
them back) and :mod:`~paperprep.notes.merge` (adds new quotes to a note the user touched).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from paperprep.errors import NoteParseError
from paperprep.models import FIELD_HEADINGS, NOTE_FIELDS, Evidence

NOTE_TEMPLATE = "note.md.j2"

#: The line that opens a draft block (the parser accepts any ``<!-- paperprep:draft … -->`` line).
DRAFT_START = (
    "<!-- paperprep:draft (drafted by paperprep, not your notes: move what you keep out of this"
    " block, then delete the block) -->"
)
#: The line that closes a draft block.
DRAFT_END = "<!-- /paperprep:draft -->"

#: How many evidence quotes a field's draft shows.
DRAFT_QUOTES = 3
#: How many sentences of the abstract the Summary draft quotes.
SUMMARY_SENTENCES = 2

START_RE = re.compile(r"<!--\s*paperprep:draft\b.*-->")
END_RE = re.compile(r"<!--\s*/paperprep:draft\s*-->")
_HEADING_RE = re.compile(r"##(?:[ \t](?P<title>.*))?")
_FENCE_RE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)")
LINE_SPLIT_RE = re.compile(r"(\r\n|\r|\n)")

# Headings that also name a field (beyond FIELD_HEADINGS and the field names themselves).
_HEADING_ALIASES: dict[str, str] = {
    "talking points": "talking_points",
    "questions": "questions",
    "data": "data_format",
    "results": "findings",
    "model": "architecture",
}


def _heading_key(heading: str) -> str:
    text = heading.strip()
    text = re.sub(r"(?:^|\s)#+\s*$", "", text)  # closing sequence: "## Findings ##"
    text = text.rstrip(" \t:：")
    return " ".join(text.replace("_", " ").split()).casefold()


_FIELD_BY_HEADING: dict[str, str] = {
    **{_heading_key(k): v for k, v in _HEADING_ALIASES.items()},
    **{_heading_key(f): f for f in NOTE_FIELDS},
    **{_heading_key(h): f for f, h in FIELD_HEADINGS.items()},
}


def field_for_heading(heading: str) -> str | None:
    """The note field a ``##`` heading names, or None for a heading of the user's own.

    :param heading: the heading text without ``## `` (``"Data format:"`` -> ``"data_format"``).
    """
    return _FIELD_BY_HEADING.get(_heading_key(heading))


# -- text helpers ----------------------------------------------------------------------------


def one_line(text: str) -> str:
    return " ".join(text.split())


def norm(text: str) -> str:
    """Text compared case- and spacing-blind (is this quote already in the note?)."""
    return " ".join(text.casefold().split())


def quote_text(text: str) -> str:
    """Evidence text safe for one Markdown blockquote line inside a draft block."""
    # "<!--" would open an HTML comment that hides the rest of the note in Obsidian.
    return one_line(text).replace("<!--", "<\\!--").replace("-->", "--\\>")


def quote_line(ev: Evidence) -> str:
    where = f"p. {ev.page}"
    if ev.section:
        where += f", {one_line(ev.section)}"
    return f'> "{quote_text(ev.text)}" — {where}'


def quote_lines(evidence: Sequence[Evidence]) -> list[str]:
    lines: list[str] = []
    for i, ev in enumerate(evidence):
        if i:
            lines.append("")
        lines.append(quote_line(ev))
    return lines


def top_evidence(evidence: Sequence[Evidence]) -> list[Evidence]:
    """Evidence best first, without empty texts or repeats of the same quote."""
    ranked = sorted((e for e in evidence if e.text.strip()), key=lambda e: -e.score)
    out: list[Evidence] = []
    seen: set[str] = set()
    for ev in ranked:
        key = norm(quote_text(ev.text))
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out


def draft_block(lines: Sequence[str], nl: str = "\n") -> str:
    return nl.join([DRAFT_START, *lines, DRAFT_END])


# -- scanning --------------------------------------------------------------------------------


@dataclass
class Section:
    """A ``##`` section of a note's lines."""

    heading: str
    #: Index of the heading line; the body is lines[line + 1 : end].
    line: int
    end: int
    #: A code fence opened in this section is still open where it ends (at the end of the file).
    open_fence: bool


def split_lines(text: str) -> list[str]:
    """Lines without their separators (``\\r\\n``, ``\\r`` or ``\\n``); a BOM is dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return LINE_SPLIT_RE.split(text)[::2] if text else []


def front_end(lines: Sequence[str]) -> int:
    """Index of the first body line: after the closing ``---`` of the front matter, or 0."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return i + 1
    raise NoteParseError("front matter starts with '---' but has no closing '---' line (line 1)")


class Fence:
    """Tracks fenced code blocks (CommonMark: same character, at least as long to close)."""

    def __init__(self) -> None:
        self.open: str | None = None

    def feed(self, line: str) -> bool:
        """Advance past ``line``; True when the line is inside or delimits a code block."""
        m = _FENCE_RE.fullmatch(line)
        if self.open is None:
            if m and not (m["fence"][0] == "`" and "`" in m["info"]):
                self.open = m["fence"]
                return True
            return False
        closes = m and m["fence"][0] == self.open[0] and len(m["fence"]) >= len(self.open)
        if closes and m and not m["info"].strip():
            self.open = None
        return True


def scan(lines: Sequence[str], start: int) -> list[Section]:
    """The ``##`` sections of ``lines`` from ``start`` on (headings inside code fences are text)."""
    sections: list[Section] = []
    fence = Fence()
    for i in range(start, len(lines)):
        line = lines[i]
        if fence.open is None:
            m = _HEADING_RE.fullmatch(line)
            if m:
                if sections:
                    sections[-1].end = i
                sections.append(Section((m["title"] or "").strip(), i, len(lines), False))
                continue
        fence.feed(line)
    if sections and fence.open is not None:
        sections[-1].open_fence = True
    return sections
