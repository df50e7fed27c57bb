"""Reading notes: draft them from a template, read them back, add new evidence without clobbering.

Pure functions over strings and models: nothing here opens a file or the database.

The note format (``templates/note.md.j2``)::

    ---
    id: 3
    key: cheng2016wide
    title: "Wide & Deep Learning for Recommender Systems"
    ...
    status: unread
    tags: []
    ---

    # Wide & Deep Learning for Recommender Systems

    ## Summary

    <!-- paperprep:draft (drafted by paperprep, not your notes: move what you keep out ...) -->
    > "We present Wide & Deep learning …" — abstract
    <!-- /paperprep:draft -->

    ## Data format
    ...

Rules the parser follows (what the user may write):

- A section starts at a line beginning with ``## `` (or a bare ``##``) in column 0, outside a fenced
  code block. Anything else is body text: ``###`` subheadings, lists, ``---`` lines, HTML comments,
  code fences (which must be closed, as in any Markdown editor) and ``## `` lines *inside* them.
- Headings map to fields case-insensitively, ignoring trailing spaces, colons and closing ``#``\\ s
  (``## data FORMAT:`` is the Data format field). Unknown headings are returned in
  :attr:`ParsedNote.sections` and never dropped. Lines before the first ``##`` (a ``# Title``)
  belong to no field.
- A draft block is a line ``<!-- paperprep:draft … -->`` through the next line
  ``<!-- /paperprep:draft -->`` (both outside code fences, surrounding spaces ignored). Its lines
  are never the user's text. A start marker without an end marker removes only that line (the
  user probably deleted the end to keep the quotes); a stray end marker line is removed too.
  Marker text elsewhere in a line, or inside a code fence, is ordinary text.
- The user's text of a field is its section body with draft blocks removed, stripped. Line endings
  are normalised to ``\\n`` and a leading BOM is ignored. Two sections with the same field heading
  are joined with a blank line.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperprep.errors import NoteParseError
from paperprep.models import (
    EVIDENCE_FIELDS,
    FIELD_HEADINGS,
    NOTE_FIELDS,
    Evidence,
    PaperRecord,
    ParsedNote,
)

__all__ = [
    "DRAFT_END",
    "DRAFT_START",
    "NOTE_TEMPLATE",
    "add_new_evidence",
    "content_hash",
    "field_for_heading",
    "filled_fields",
    "note_context",
    "parse_note",
    "render_note",
    "safe_filename",
]

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

_START_RE = re.compile(r"<!--\s*paperprep:draft\b.*-->")
_END_RE = re.compile(r"<!--\s*/paperprep:draft\s*-->")
_HEADING_RE = re.compile(r"##(?:[ \t](?P<title>.*))?")
_FENCE_RE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)")
_LINE_SPLIT_RE = re.compile(r"(\r\n|\r|\n)")

#: Prompts drafted where there is nothing to quote.
_PROMPTS: dict[str, tuple[str, ...]] = {
    "summary": ("- What problem, what approach, what result — in two sentences.",),
    "data_format": (
        "- What is one training example? Where do the labels come from? How much data?",
    ),
    "features": (
        "- Which features matter most, and how are they encoded (ids, embeddings, crosses)?",
    ),
    "architecture": ("- What is the model, what is the loss, how is it trained and served?",),
    "findings": (
        "- Which metrics moved, by how much, against which baseline (offline and online)?",
    ),
    "talking_points": (
        "- The one-sentence pitch of this paper for an interviewer.",
        "- Which data, features, model and metric choices would you reuse in a design question?",
        "- Trade-offs it raises: latency, cost, cold start, freshness, bias.",
    ),
    "questions": (
        "- What is unclear or not reported (data size, baselines, online results)?",
        "- What would you ask the authors, or check before relying on this?",
    ),
}

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


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------

_PLAIN_SAFE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_YAML_RESERVED = {
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf",
}  # fmt: skip


def _yaml_printable(ch: str) -> bool:
    o = ord(ch)
    return (
        0x20 <= o <= 0x7E
        or 0xA0 <= o <= 0xD7FF
        or (0xE000 <= o <= 0xFFFD and o != 0xFEFF)
        or 0x10000 <= o <= 0x10FFFF
    )


_DQ_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _yaml_str(value: str) -> str:
    """A YAML scalar for ``value``: plain when unambiguous, else double-quoted with escapes."""
    if _PLAIN_SAFE_RE.fullmatch(value) and value.lower() not in _YAML_RESERVED:
        return value
    out = []
    for ch in value:
        if ch in _DQ_ESCAPES:
            out.append(_DQ_ESCAPES[ch])
        elif _yaml_printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def _yaml_scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return _yaml_str(str(value))


def _yaml_line(key: str, value: object) -> str:
    """``key: value`` — lists become block lists (what Obsidian writes), ``[]`` when empty."""
    if isinstance(value, list | tuple):
        if not value:
            return f"{key}: []"
        return f"{key}:" + "".join(f"\n  - {_yaml_scalar(v)}" for v in value)
    return f"{key}: {_yaml_scalar(value)}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _quote_text(text: str) -> str:
    """Evidence text safe for one Markdown blockquote line inside a draft block."""
    # "<!--" would open an HTML comment that hides the rest of the note in Obsidian.
    return _one_line(text).replace("<!--", "<\\!--").replace("-->", "--\\>")


def _quote_line(ev: Evidence) -> str:
    where = f"p. {ev.page}"
    if ev.section:
        where += f", {_one_line(ev.section)}"
    return f'> "{_quote_text(ev.text)}" — {where}'


def _top_evidence(evidence: Sequence[Evidence]) -> list[Evidence]:
    ranked = sorted((e for e in evidence if e.text.strip()), key=lambda e: -e.score)
    out: list[Evidence] = []
    seen: set[str] = set()
    for ev in ranked:
        norm = _norm(_quote_text(ev.text))
        if norm not in seen:
            seen.add(norm)
            out.append(ev)
    return out


def _first_sentences(text: str, n: int) -> str:
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", _one_line(text))
    return " ".join(sentences[:n])


def _draft_block(lines: Sequence[str], nl: str = "\n") -> str:
    return nl.join([DRAFT_START, *lines, DRAFT_END])


def _quote_lines(evidence: Sequence[Evidence]) -> list[str]:
    lines: list[str] = []
    for i, ev in enumerate(evidence):
        if i:
            lines.append("")
        lines.append(_quote_line(ev))
    return lines


def _draft_for(record: PaperRecord, field: str) -> tuple[str, list[Evidence]]:
    if field in EVIDENCE_FIELDS:
        quotes = _top_evidence(record.evidence.get(field, []))[:DRAFT_QUOTES]
        if quotes:
            return _draft_block(_quote_lines(quotes)), quotes
    elif field == "summary" and record.abstract and record.abstract.strip():
        first = _quote_text(_first_sentences(record.abstract, SUMMARY_SENTENCES))
        return _draft_block([f'> "{first}" — abstract']), []
    return _draft_block(_PROMPTS[field]), []


def note_context(
    record: PaperRecord, domain: str, *, fields: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The template context of a paper's note in ``domain``.

    Keys: ``paper`` (the ``show --json`` shape), ``domain``, ``rank``, ``title`` (one line),
    ``front`` (front-matter values), ``yaml`` (one rendered ``key: value`` line per front-matter
    key), ``front_matter`` (all of them), ``sections`` (per field, in order: ``field``,
    ``heading``, ``text`` = user text, ``draft`` = draft block or "", ``quotes`` = the evidence in
    the draft, ``body`` = text or else draft), ``draft_start``, ``draft_end``.

    :param record: the paper.
    :param domain: the domain the note is for (one note per paper and domain).
    :param fields: the user's text per field; a field with text gets no draft block. Keys that
        are not note fields, and None values, are ignored.
    """
    given = {f: v for f, v in (fields or {}).items() if f in NOTE_FIELDS and v}
    link = next((d for d in record.domains if d.name == domain), None)
    title = _one_line(record.title) or record.key
    front: dict[str, Any] = {
        "id": record.id,
        "key": record.key,
        "title": title,
        "authors": [_one_line(a) for a in record.authors],
        "year": record.year,
        "venue": record.venue,
        "doi": record.doi,
        "arxiv": record.arxiv_id,
        "domain": domain,
        "rank": link.rank if link else None,
        "citations": record.citations,
        "status": record.status,
        "tags": list(record.tags),
    }
    yaml = {k: _yaml_line(k, v) for k, v in front.items()}
    sections = []
    for f in NOTE_FIELDS:
        text = given.get(f, "").strip()
        draft, quotes = ("", []) if text else _draft_for(record, f)
        sections.append(
            {
                "field": f,
                "heading": FIELD_HEADINGS[f],
                "text": text,
                "draft": draft,
                "quotes": [
                    {"text": _one_line(q.text), "page": q.page, "section": q.section}
                    for q in quotes
                ],
                "body": text or draft,
            }
        )
    return {
        "paper": record.to_json(domain),
        "domain": domain,
        "rank": front["rank"],
        "title": title,
        "front": front,
        "yaml": yaml,
        "front_matter": "\n".join(yaml.values()),
        "sections": sections,
        "draft_start": DRAFT_START,
        "draft_end": DRAFT_END,
    }


def render_note(
    record: PaperRecord,
    domain: str,
    *,
    fields: Mapping[str, str] | None = None,
    user_templates: Path | None = None,
) -> str:
    """The Markdown note of ``record`` in ``domain``, drafted from ``note.md.j2``.

    :param record: the paper; its evidence and abstract fill the draft blocks.
    :param domain: the domain the note is for.
    :param fields: the user's text per field (e.g. to re-create a deleted note from the DB);
        drafts are only included for fields whose text is empty.
    :param user_templates: ``$PAPERPREP_HOME/templates``; a ``note.md.j2`` there wins.
    :raises TemplateError: the template failed to render.
    """
    from paperprep.render import render  # Jinja2 loads only when a note is drafted

    text = render(
        NOTE_TEMPLATE, note_context(record, domain, fields=fields), user_dir=user_templates
    )
    return text.rstrip("\n") + "\n"


# --------------------------------------------------------------------------------------------
# Scanning the Markdown body
# --------------------------------------------------------------------------------------------


@dataclass
class _Section:
    heading: str
    #: Index of the heading line; the body is lines[line + 1 : end].
    line: int
    end: int
    #: A code fence opened in this section is still open where it ends (at the end of the file).
    open_fence: bool


def _split(text: str) -> list[str]:
    """Lines without their separators (``\\r\\n``, ``\\r`` or ``\\n``); a BOM is dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return _LINE_SPLIT_RE.split(text)[::2] if text else []


def _front_end(lines: Sequence[str]) -> int:
    """Index of the first body line: after the closing ``---`` of the front matter, or 0."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return i + 1
    raise NoteParseError("front matter starts with '---' but has no closing '---' line (line 1)")


class _Fence:
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


def _scan(lines: Sequence[str], start: int) -> list[_Section]:
    sections: list[_Section] = []
    fence = _Fence()
    for i in range(start, len(lines)):
        line = lines[i]
        if fence.open is None:
            m = _HEADING_RE.fullmatch(line)
            if m:
                if sections:
                    sections[-1].end = i
                sections.append(_Section((m["title"] or "").strip(), i, len(lines), False))
                continue
        fence.feed(line)
    if sections and fence.open is not None:
        sections[-1].open_fence = True
    return sections


def _user_text(body: Sequence[str]) -> str:
    """The body without draft blocks (markers outside code fences), stripped."""
    kept: list[str] = []
    fence = _Fence()
    i = 0
    n = len(body)
    while i < n:
        line = body[i]
        if fence.open is None:
            stripped = line.strip()
            removed_to: int | None = None
            if _START_RE.fullmatch(stripped):
                removed_to = i
                inner = _Fence()
                for j in range(i + 1, n):
                    if inner.open is None and _END_RE.fullmatch(body[j].strip()):
                        removed_to = j
                        break
                    inner.feed(body[j])
            elif _END_RE.fullmatch(stripped):
                removed_to = i
            if removed_to is not None:
                i = removed_to + 1
                # Close the gap the block leaves: "A, blank, [block], blank, B" -> "A, blank, B".
                if kept and not kept[-1].strip() and i < n and not body[i].strip():
                    i += 1
                continue
        fence.feed(line)
        kept.append(line)
        i += 1
    return "\n".join(kept).strip()


def parse_note(text: str) -> ParsedNote:
    """Read a note back: front matter, the user's text per field, and every ``##`` section.

    ``fields`` has a key for each field whose heading is in the note (the value may be "");
    a field whose heading the user deleted is absent. ``front["tags"]``, when present, is
    normalised to a list of strings (Obsidian forms: block or flow list, or a comma/space
    separated string; a leading ``#`` is dropped).

    :param text: the note file's text.
    :raises NoteParseError: the front matter is malformed ("<what> (line N)").
    """
    lines = _split(text)
    if lines and lines[-1] == "":
        lines.pop()  # the file's final line break ends the last line; it is not an empty line
    body_start = _front_end(lines)
    front = _parse_front_matter(lines[1 : body_start - 1], 2) if body_start else {}
    if "tags" in front:
        front["tags"] = _normalize_tags(front["tags"])
    sections: list[tuple[str, str]] = []
    fields: dict[str, str] = {}
    for sec in _scan(lines, body_start):
        body = lines[sec.line + 1 : sec.end]
        sections.append((sec.heading, "\n".join(body)))
        f = field_for_heading(sec.heading)
        if f is not None:
            user = _user_text(body)
            if fields.get(f):
                fields[f] = f"{fields[f]}\n\n{user}" if user else fields[f]
            else:
                fields[f] = user
    return ParsedNote(front=front, fields=fields, sections=sections)


def filled_fields(parsed: ParsedNote) -> list[str]:
    """The note fields (in note order) that hold text of the user's own."""
    return [f for f in NOTE_FIELDS if parsed.fields.get(f)]


# --------------------------------------------------------------------------------------------
# Adding new evidence to a note the user has touched
# --------------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _note_haystack(lines: Sequence[str]) -> str:
    # Quotes may have been rewrapped by the user: drop blockquote markers and collapse spaces.
    return _norm(" ".join(re.sub(r"^\s*(?:>\s*)+", "", line) for line in lines))


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
    parts = _LINE_SPLIT_RE.split(text)
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
    lines = _split(text)
    if not lines:
        return None
    if len(lines) != len(ends):  # "".split gives [""], _split gives []
        raise AssertionError("line bookkeeping out of sync")
    known = _note_haystack(lines)
    seen = {_norm(_quote_text(t)) for t in offered}
    by_field: dict[str, _Section] = {}
    for scanned in _scan(lines, _front_end(lines)):
        name = field_for_heading(scanned.heading)
        if name in EVIDENCE_FIELDS and name not in by_field:
            by_field[name] = scanned
    inserts: list[tuple[int, str]] = []
    for f in EVIDENCE_FIELDS:
        sec = by_field.get(f)
        if sec is None or sec.open_fence:
            continue
        new: list[Evidence] = []
        for ev in _top_evidence(record.evidence.get(f, []))[:DRAFT_QUOTES]:
            norm = _norm(_quote_text(ev.text))
            if norm and norm not in seen and norm not in known:
                seen.add(norm)
                new.append(ev)
        if not new:
            continue
        anchor = sec.line
        for i in range(sec.end - 1, sec.line, -1):
            if lines[i].strip():
                anchor = i
                break
        block = _draft_block(_quote_lines(new), nl)
        if nexts[anchor] == ends[anchor]:  # last line of the file, no line break after it
            inserts.append((ends[anchor], nl + nl + block + nl))
        else:
            inserts.append((nexts[anchor], nl + block + nl))
    if not inserts:
        return None
    out = text
    for offset, insert in sorted(inserts, reverse=True):
        out = out[:offset] + insert + out[offset:]
    return out


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def content_hash(text: str) -> str:
    """The sha256 hex digest of ``text`` (UTF-8): "file hash != stored hash" means "touched"."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_UNSAFE_FILENAME_RE = re.compile(r'[/\\:*?"<>|#^\[\]]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)
}
MAX_FILENAME_BYTES = 120


def _truncate_utf8(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def safe_filename(key: str) -> str:
    """A file stem for a citation key, safe on every platform and in Obsidian links.

    A key that is already safe is returned unchanged. Otherwise path separators, control and
    format characters, ``: * ? " < > | # ^ [ ]`` become ``_``, runs of dots collapse, leading and
    trailing dots/spaces go, and an 8-hex-digit hash of the key is appended so that different keys
    never share a file. The result is never empty, has no ``..``, is at most 120 bytes of UTF-8,
    and ``safe_filename(safe_filename(k)) == safe_filename(k)``.
    """
    stem = unicodedata.normalize("NFC", key)
    stem = "".join(
        "_" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") else ch
        for ch in stem
    )
    stem = _UNSAFE_FILENAME_RE.sub("_", stem)
    stem = re.sub(r"\.{2,}", ".", stem).strip(" .")
    stem = re.sub(r"^-", "_", stem)
    if stem.split(".")[0].strip().upper() in _WINDOWS_RESERVED:
        stem += "_"
    if stem == key and stem and len(stem.encode("utf-8")) <= MAX_FILENAME_BYTES:
        return stem
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    stem = _truncate_utf8(stem, MAX_FILENAME_BYTES - 9).rstrip(" .") or "paper"
    return f"{stem}-{digest}"


# --------------------------------------------------------------------------------------------
# Front matter: the YAML subset notes use (and Obsidian writes), without a YAML dependency
# --------------------------------------------------------------------------------------------


def _normalize_tags(value: Any) -> list[str]:
    if value is None:
        return []
    items: list[Any]
    if isinstance(value, str):
        items = re.split(r"[,\s]+", value)
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    tags: list[str] = []
    for item in items:
        if item is None or isinstance(item, dict | list):
            continue
        tag = str(item).strip().lstrip("#").strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


SPACE = " \t"  # YAML white space (str.strip() would also eat U+00A0 and friends)
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}
_INT_RE = re.compile(r"[-+]?[0-9]+")
# YAML 1.1 floats (what PyYAML reads): a dot is required, an exponent needs its sign.
_FLOAT_RE = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?")
_SPECIAL_FLOATS = {
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}  # fmt: skip


def _resolve_plain(text: str) -> Any:
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT_RE.fullmatch(text):
        return int(text)
    if _FLOAT_RE.fullmatch(text):
        return float(text)
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    return text


_SIMPLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


class _Flow:
    """Inline values: quoted scalars (may span lines) and flow collections ``[…]`` / ``{…}``."""

    def __init__(self, text: str, lineno: int) -> None:
        self.s = text
        self.lineno = lineno

    def error(self, message: str, pos: int) -> NoteParseError:
        line = self.lineno + self.s.count("\n", 0, min(pos, len(self.s)))
        return NoteParseError(f"front matter: {message} (line {line})")

    def skip_space(self, pos: int) -> int:
        s = self.s
        while pos < len(s):
            if s[pos] in " \t\n":
                pos += 1
            elif s[pos] == "#" and (pos == 0 or s[pos - 1] in " \t\n"):
                nl = s.find("\n", pos)
                pos = len(s) if nl < 0 else nl
            else:
                break
        return pos

    def value(self, pos: int, in_flow: bool) -> tuple[Any, int]:
        s = self.s
        pos = self.skip_space(pos) if in_flow else pos
        if pos >= len(s):
            raise self.error("a value is missing", pos)
        c = s[pos]
        if c == '"':
            return self.double(pos)
        if c == "'":
            return self.single(pos)
        if c == "[":
            return self.sequence(pos)
        if c == "{":
            return self.mapping(pos)
        if not in_flow:  # pragma: no cover - the block parser only sends the cases above
            raise self.error("unexpected value", pos)
        return self.plain(pos)

    def fold(self, pos: int, out: list[str]) -> int:
        """At a line break inside a quoted scalar: trim, and fold (one break -> space)."""
        while out and out[-1] in (" ", "\t"):
            out.pop()
        breaks = 0
        while pos < len(self.s) and self.s[pos] == "\n":
            breaks += 1
            pos += 1
            while pos < len(self.s) and self.s[pos] in " \t":
                pos += 1
        out.append(" " if breaks == 1 else "\n" * (breaks - 1))
        return pos

    def double(self, start: int) -> tuple[str, int]:
        s = self.s
        out: list[str] = []
        pos = start + 1
        while pos < len(s):
            c = s[pos]
            if c == '"':
                return "".join(out), pos + 1
            if c == "\n":
                pos = self.fold(pos, out)
            elif c == "\\":
                if pos + 1 >= len(s):
                    break
                e = s[pos + 1]
                if e == "\n":  # escaped line break: join the lines without a space
                    pos += 2
                    while pos < len(s) and s[pos] in " \t":
                        pos += 1
                elif e in _SIMPLE_ESCAPES:
                    out.append(_SIMPLE_ESCAPES[e])
                    pos += 2
                elif e in _HEX_ESCAPES:
                    width = _HEX_ESCAPES[e]
                    digits = s[pos + 2 : pos + 2 + width]
                    if len(digits) != width or not re.fullmatch(r"[0-9A-Fa-f]+", digits):
                        raise self.error(f"invalid escape '\\{e}{digits}'", pos)
                    code = int(digits, 16)
                    if code > 0x10FFFF:
                        raise self.error(f"invalid escape '\\{e}{digits}'", pos)
                    out.append(chr(code))
                    pos += 2 + width
                else:
                    raise self.error(f"invalid escape '\\{e}' in a double-quoted string", pos)
            else:
                out.append(c)
                pos += 1
        raise self.error("unterminated double-quoted string", start)

    def single(self, start: int) -> tuple[str, int]:
        s = self.s
        out: list[str] = []
        pos = start + 1
        while pos < len(s):
            c = s[pos]
            if c == "'":
                if s.startswith("''", pos):
                    out.append("'")
                    pos += 2
                    continue
                return "".join(out), pos + 1
            if c == "\n":
                pos = self.fold(pos, out)
            else:
                out.append(c)
                pos += 1
        raise self.error("unterminated single-quoted string", start)

    def sequence(self, start: int) -> tuple[list[Any], int]:
        items: list[Any] = []
        pos = self.skip_space(start + 1)
        while True:
            if pos >= len(self.s):
                raise self.error("unterminated list: missing ']'", start)
            if self.s[pos] == "]":
                return items, pos + 1
            item, pos = self.value(pos, True)
            items.append(item)
            pos = self.skip_space(pos)
            if pos < len(self.s) and self.s[pos] == ",":
                pos = self.skip_space(pos + 1)
            elif pos < len(self.s) and self.s[pos] != "]":
                if "\n" in self.s[start:pos]:
                    raise self.error("unterminated list: missing ']'", start)
                raise self.error(f"expected ',' or ']' in a list, found {self.s[pos]!r}", pos)

    def mapping(self, start: int) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        pos = self.skip_space(start + 1)
        while True:
            if pos >= len(self.s):
                raise self.error("unterminated mapping: missing '}'", start)
            if self.s[pos] == "}":
                return out, pos + 1
            key, pos = self.value(pos, True)
            pos = self.skip_space(pos)
            value: Any = None
            if pos < len(self.s) and self.s[pos] == ":":
                pos = self.skip_space(pos + 1)
                if pos < len(self.s) and self.s[pos] not in ",}":
                    value, pos = self.value(pos, True)
                    pos = self.skip_space(pos)
            out[str(key)] = value
            if pos < len(self.s) and self.s[pos] == ",":
                pos = self.skip_space(pos + 1)
            elif pos < len(self.s) and self.s[pos] != "}":
                if "\n" in self.s[start:pos]:
                    raise self.error("unterminated mapping: missing '}'", start)
                raise self.error(f"expected ',' or '}}' in a mapping, found {self.s[pos]!r}", pos)

    def plain(self, start: int) -> tuple[Any, int]:
        s = self.s
        pos = start
        if s[pos] in "]},:?-&*!|>%@`" and not (
            s[pos] in "-?:" and pos + 1 < len(s) and s[pos + 1] not in " \t\n,[]{}"
        ):
            raise self.error(f"unexpected {s[pos]!r}", pos)
        while pos < len(s):
            c = s[pos]
            if c in ",[]{}":
                break
            if c == ":" and (pos + 1 >= len(s) or s[pos + 1] in " \t\n,[]{}"):
                break
            if c == "#" and s[pos - 1] in " \t\n":
                break
            pos += 1
        text = " ".join(re.split(r"[ \t]*\n[ \t]*", s[start:pos].strip(" \t\n")))
        return _resolve_plain(text), pos


_BLOCK_SCALAR_RE = re.compile(r"([|>])([+-]?)([1-9]?)([+-]?)\s*(?:#.*)?")


class _FrontMatter:
    """Block-style YAML: mappings, ``- `` lists, plain/quoted scalars, ``|``/``>`` scalars."""

    def __init__(self, lines: Sequence[str], first_lineno: int) -> None:
        self.lines = list(lines)
        self.first = first_lineno
        self.i = 0

    def error(self, message: str, index: int | None = None) -> NoteParseError:
        line = self.first + (self.i if index is None else index)
        return NoteParseError(f"front matter: {message} (line {line})")

    def indent(self, index: int) -> int:
        line = self.lines[index]
        width = len(line) - len(line.lstrip(" "))
        if line[width : width + 1] == "\t" and line.strip(SPACE):
            raise self.error("tab used for indentation", index)
        return width

    def skip(self) -> None:
        while self.i < len(self.lines):
            stripped = self.lines[self.i].strip(SPACE)
            if stripped and not stripped.startswith("#"):
                return
            self.i += 1

    def document(self) -> dict[str, Any]:
        self.skip()
        if self.i >= len(self.lines):
            return {}
        if self.indent(self.i):
            raise self.error("unexpected indentation")
        if _is_item(self.lines[self.i]):
            raise self.error("expected 'key: value' lines, not a list")
        if self.lines[self.i].startswith("{"):  # a flow mapping: {key: value, ...}
            start = self.i
            self.i += 1
            flow = self.value(self.lines[start], -1, start, list_at_same_indent=False)
            if not isinstance(flow, dict):  # pragma: no cover - "{" always gives a mapping
                raise self.error("expected 'key: value' lines", start)
            result = flow
        else:
            result = self.mapping(0)
        self.skip()
        if self.i < len(self.lines):
            raise self.error("unexpected indentation")
        return result

    def split_key(self, text: str) -> tuple[str, str]:
        if text[:1] in "\"'":
            flow = _Flow(text, self.first + self.i)
            key, end = flow.double(0) if text[0] == '"' else flow.single(0)
            rest = text[end:].lstrip(SPACE)
            if not rest.startswith(":") or rest[1:2] not in ("", " ", "\t"):
                raise self.error("expected ':' after a quoted key")
            return key, rest[1:]
        m = re.search(r":(?=[ \t]|$)", text)
        comment = re.search(r"(?:^|[ \t])#", text)
        if not m or (comment and comment.start() < m.start()):
            raise self.error(f"expected 'key: value', found {text.strip(SPACE)[:40]!r}")
        key = text[: m.start()].strip(SPACE)
        if not key or key[0] in "[]{},&*!|>%@`" or key[:2] in ("- ", "? "):
            raise self.error(f"invalid key {key!r}")
        return key, text[m.end() :]

    def mapping(self, indent: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while True:
            self.skip()
            if self.i >= len(self.lines):
                return result
            cur = self.indent(self.i)
            if cur < indent:
                return result
            if cur > indent:
                raise self.error("unexpected indentation")
            if _is_item(self.lines[self.i]):
                return result
            start = self.i
            key, rest = self.split_key(self.lines[self.i][cur:])
            if key in result:
                raise self.error(f"duplicate key {key!r}", start)
            self.i += 1
            result[key] = self.value(rest, indent, start, list_at_same_indent=True)

    def sequence(self, indent: int) -> list[Any]:
        items: list[Any] = []
        while True:
            self.skip()
            if self.i >= len(self.lines):
                return items
            cur = self.indent(self.i)
            if cur < indent:
                return items
            line = self.lines[self.i]
            if cur > indent or not _is_item(line[cur:]):
                if cur > indent:
                    raise self.error("unexpected indentation")
                return items
            start = self.i
            after = line[cur + 1 :]
            inner = after.lstrip(" ")
            if not inner or inner.startswith("#"):
                self.i += 1
                items.append(self.value("", cur, start, list_at_same_indent=False))
                continue
            child = cur + 1 + (len(after) - len(inner))
            if _is_item(inner) or _looks_like_key(inner):
                # "- key: value" / "- - x": the rest of the line is a nested block at its column.
                self.lines[self.i] = " " * child + inner
                items.append(self.sequence(child) if _is_item(inner) else self.mapping(child))
                continue
            self.i += 1
            items.append(self.value(after, cur, start, list_at_same_indent=False))

    def value(self, rest: str, indent: int, start: int, *, list_at_same_indent: bool) -> Any:
        text = rest.strip(SPACE)
        if not text or text.startswith("#"):
            self.skip()
            if self.i >= len(self.lines):
                return None
            cur = self.indent(self.i)
            line = self.lines[self.i]
            if _is_item(line[cur:]) and (cur > indent or (list_at_same_indent and cur == indent)):
                return self.sequence(cur)
            if cur > indent:
                if _looks_like_key(line[cur:]):
                    return self.mapping(cur)
                return self.plain("", indent, start)  # a scalar that starts on the next line
            return None
        c = text[0]
        if c in "|>":
            return self.block_scalar(text, indent, start)
        if c in "&*!":
            raise self.error("anchors, aliases and tags are not supported", start)
        if c in "@`%":
            raise self.error(f"a value cannot start with {c!r}; quote it", start)
        if c in "\"'[{":
            tail = "\n".join([text, *self.lines[self.i :]])
            flow = _Flow(tail, self.first + start)
            value, end = flow.value(0, False)
            consumed = tail.count("\n", 0, end)
            self.i += consumed
            after_nl = tail.find("\n", end)
            after = tail[end : len(tail) if after_nl < 0 else after_nl].strip(SPACE)
            if after and not after.startswith("#"):
                if after.startswith(":"):
                    raise self.error("a nested mapping must go on its own lines", start + consumed)
                raise self.error(f"unexpected text after a value: {after[:40]!r}", start + consumed)
            return value
        if c in "]}":
            raise self.error(f"unexpected {c!r}", start)
        if text.startswith(("- ", "? ")) or text in ("-", "?"):
            raise self.error(f"a value cannot start with {text[:2]!r}; quote it", start)
        return self.plain(text, indent, start)

    def plain(self, first: str, indent: int, start: int) -> Any:
        """A plain scalar, possibly continued on more-indented lines (folded with spaces)."""
        parts: list[str] = []
        multi = False
        text = first
        lineno = start
        while True:
            cut = re.search(r"(?:^|[ \t])#", text)
            ended = cut is not None
            if cut is not None:
                text = text[: cut.start()]
            text = text.strip(SPACE)
            if re.search(r":(?:[ \t]|$)", text):
                raise self.error("a value containing ': ' must be quoted", lineno)
            if text:
                parts.append(text)
            if ended:
                break
            # Continuation lines: more indented than the key, not a comment.
            blanks = 0
            j = self.i
            while j < len(self.lines) and not self.lines[j].strip(SPACE):
                blanks += 1
                j += 1
            if j >= len(self.lines):
                break
            stripped = self.lines[j].strip(SPACE)
            if self.indent(j) <= indent or stripped.startswith("#"):
                break
            if blanks and parts:
                parts.append("\n" * blanks)
            multi = True
            self.i = j + 1
            lineno = j
            text = self.lines[j]
        out = ""
        for p in parts:
            if p.startswith("\n"):
                out += p
            elif out and not out.endswith("\n"):
                out += " " + p
            else:
                out += p
        return out if multi else _resolve_plain(out)

    def block_scalar(self, header: str, indent: int, start: int) -> str:
        m = _BLOCK_SCALAR_RE.fullmatch(header)
        if not m or (m[2] and m[4]):
            raise self.error(f"invalid block scalar header {header!r}", start)
        style, chomp, width = m[1], m[2] or m[4], m[3]
        body: list[str] = []
        content_indent = indent + int(width) if width else None
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.strip(SPACE):
                cur = len(line) - len(line.lstrip(" "))
                if content_indent is None:
                    if cur <= indent:
                        break
                    content_indent = cur
                if cur < content_indent:
                    if cur > indent:
                        raise self.error("block scalar lines must be indented alike")
                    break
                body.append(line[content_indent:])
            else:
                body.append("")
            self.i += 1
        trailing = len(body) - len([*_rstrip_empty(body)])
        lines = _rstrip_empty(body)
        if style == "|":
            text = "\n".join(lines)
        else:
            text = ""
            for k, line in enumerate(lines):
                if k == 0:
                    text = line
                elif not line or line.startswith(" ") or lines[k - 1].startswith(" "):
                    text += "\n" + line
                elif not lines[k - 1]:
                    text += line
                else:
                    text += " " + line
        if chomp == "-" or not lines:
            return text
        if chomp == "+":
            return text + "\n" * (1 + trailing)
        return text + "\n"


def _rstrip_empty(lines: Sequence[str]) -> list[str]:
    out = list(lines)
    while out and not out[-1].strip(SPACE):
        out.pop()
    return out


def _is_item(text: str) -> bool:
    stripped = text.lstrip(" ")
    return stripped == "-" or stripped.startswith(("- ", "-\t"))


def _looks_like_key(text: str) -> bool:
    if text[:1] in "\"'":
        return bool(re.match(r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*')[ \t]*:(?:[ \t]|$)", text))
    m = re.search(r":(?=[ \t]|$)", text)
    if not m:
        return False
    head = text[: m.start()]
    return bool(head.strip(SPACE)) and not re.search(r"(?:^|[ \t])#", head) and head[0] not in "[{"


def _parse_front_matter(lines: Sequence[str], first_lineno: int) -> dict[str, Any]:
    return _FrontMatter(lines, first_lineno).document()
